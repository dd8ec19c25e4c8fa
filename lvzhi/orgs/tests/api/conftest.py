"""Fixtures of the /api/v1/orgs/ tests: the tree, three users and one person."""

import pytest

from lvzhi.orgs import services

from .support import PHONE, make_id


@pytest.fixture
def tree(org_tree):
    return org_tree


@pytest.fixture
def xinhe_cadre(tree, make_user):
    return make_user("xinhe_cadre", "cadre", tree.xinhe)


@pytest.fixture
def district_cadre(tree, make_user):
    return make_user("district_cadre", "cadre", tree.district)


@pytest.fixture
def staff(tree, make_user):
    return make_user("staff", "department_staff", tree.district, department=tree.propaganda)


@pytest.fixture
def person(tree, admin_user):
    return services.person_create(
        actor=admin_user,
        organization=tree.xinhe_1,
        name="李新芳",
        workplace="新河一社区居委会",
        id_number=make_id(1),
        phone=PHONE,
    )
