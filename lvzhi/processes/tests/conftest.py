"""Fixtures of the processes tests: the seed catalogs published on the test tree (which
derives every item's template), and the people who act on cases."""

import pytest

from lvzhi.catalog.demo import load_seed_catalogs
from lvzhi.catalog.models import DutyItem
from lvzhi.processes import services
from lvzhi.processes.models import ProcessTemplate


@pytest.fixture
def seeded(org_tree, admin_user):
    load_seed_catalogs(admin_user, publish=services.catalog_version_publish)
    return org_tree


def item_of(org, number) -> DutyItem:
    return DutyItem.objects.get(
        version__catalog__organization=org, version__status="published", number=number
    )


def template_of(org, number) -> ProcessTemplate:
    return ProcessTemplate.objects.get(organization=org, item_number=number)


@pytest.fixture
def people(seeded, make_user):
    tree = seeded

    class People:
        cadre = make_user("district_cadre", "cadre", tree.district)
        propaganda = make_user(
            "propaganda_staff", "department_staff", tree.district, department=tree.propaganda
        )
        rights = make_user(
            "rights_staff", "department_staff", tree.district, department=tree.rights
        )
        city_cadre = make_user("city_cadre", "cadre", tree.city, include_descendants=False)
        xinhe_cadre = make_user("xinhe_cadre", "cadre", tree.xinhe)
        village_cadre = make_user("village_cadre", "cadre", tree.xinhe_1)

    return People
