"""Ledger fixtures: the org tree's two communities, a cadre of each street, a grid worker."""

import datetime as dt

import pytest
from stdnum.cn import ric

from lvzhi.ledger import services, services_grids
from lvzhi.ledger.models import Category
from lvzhi.orgs.models import Person

TODAY = dt.date(2026, 11, 29)


def id_number(birth="19850312", serial="002"):
    """A valid 18-digit ID number (120116 滨海新区); an even serial's last digit: a woman."""
    body = f"120116{birth}{serial}"
    return body + ric.calc_check_digit(body + "0")


@pytest.fixture
def today():
    return TODAY


@pytest.fixture
def ledger(org_tree, make_user):
    """Cadres of 新河街道 and 大沽街道 (with their communities), and a grid worker of
    新河一社区 (a member there) with her person record and one grid."""

    class Ledger:
        pass

    world = Ledger()
    world.tree = org_tree
    world.community = org_tree.xinhe_1
    world.other = org_tree.dagu_1
    world.cadre = make_user("xinhe_cadre", "cadre", org_tree.xinhe)
    world.other_cadre = make_user("dagu_cadre", "cadre", org_tree.dagu)
    world.staff = make_user("xinhe_staff", "department_staff", org_tree.xinhe)
    world.worker = make_user("grid_worker", "member", world.community, include_descendants=False)
    world.worker_person = Person.objects.create(
        organization=world.community,
        org_path=world.community.path,
        name="王网格",
        user=world.worker,
    )
    world.grid = services_grids.grid_create(
        actor=world.cadre,
        organization=world.community,
        name="第一网格",
        workers=[world.worker_person],
    )
    world.grid2 = services_grids.grid_create(
        actor=world.cadre, organization=world.community, name="第二网格"
    )
    world.category = Category.objects.get(code="left_behind_women")
    return world


@pytest.fixture
def make_entry(ledger, today):
    def make(name="李桂芳", organization=None, grid=None, **fields):
        organization = organization or ledger.community
        actor = (
            ledger.cadre
            if organization.path.startswith(ledger.tree.xinhe.path)
            else ledger.other_cadre
        )
        return services.entry_create(
            actor=actor,
            organization=organization,
            name=name,
            grid=grid,
            today=today,
            **fields,
        )

    return make
