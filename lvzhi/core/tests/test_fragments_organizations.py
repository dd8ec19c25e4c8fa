"""Cached fragments follow the organizations they show (decision 0021, issue 13): a rename,
a closing or a new child retires the roll-up's tables of every subtree holding the
organization, so the next render shows it; other subtrees keep theirs."""

import datetime as dt

import pytest
from django.urls import reverse

from lvzhi.core import fragments
from lvzhi.core.periods import quarter
from lvzhi.members.compliance import selectors
from lvzhi.members.compliance import services as compliance
from lvzhi.members.tests.conftest import seat_committee
from lvzhi.orgs import services as orgs

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)
Q4 = quarter(2026, 4)


@pytest.fixture(autouse=True)
def _today(clock):
    clock.set(TODAY)


@pytest.fixture
def counted(org_tree, django_user_model):
    """The township and one village with a small committee each, counted for 2026."""
    seat_committee(org_tree.xinhe, 2, django_user_model, "xinhe_member")
    seat_committee(org_tree.xinhe_1, 2, django_user_model, "village_member")
    compliance.rebuild(organizations=[org_tree.xinhe, org_tree.xinhe_1], year=2026, today=TODAY)
    return org_tree


def _rollup(client, org) -> str:
    page = client.get(reverse("members:rollup") + f"?org={org.pk}&period=2026Q4")
    assert page.status_code == 200
    return page.content.decode()


def test_a_renamed_child_shows_on_the_next_roll_up(
    client, counted, make_user, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(make_user("xh_cadre", "cadre", counted.xinhe))
    assert "新河一社区妇女联合会" in _rollup(client, counted.xinhe)  # drawn and cached
    with django_capture_on_commit_callbacks(execute=True):
        orgs.organization_update(
            actor=admin_user, organization=counted.xinhe_1, name="新河第一社区妇女联合会"
        )
    page = _rollup(client, counted.xinhe)
    assert "新河第一社区妇女联合会" in page and "新河一社区妇女联合会" not in page


def test_renaming_closing_or_adding_retires_the_subtrees_holding_it(counted, make_user, admin_user):
    cadre = make_user("xh_cadre", "cadre", counted.xinhe)
    district = make_user("bh_cadre", "cadre", counted.district)

    def keys():
        return {
            org: selectors.rollup_fragment_key(user, org, Q4, TODAY)
            for user, org in (
                (cadre, counted.xinhe),
                (cadre, counted.xinhe_1),
                (district, counted.district),
                (district, counted.dagu),
            )
        }

    before = keys()
    assert keys() == before  # nothing changed, the same keys
    orgs.organization_update(actor=admin_user, organization=counted.xinhe_1, is_active=False)
    closed = keys()
    for org in (counted.xinhe, counted.xinhe_1, counted.district):
        assert closed[org] != before[org]
    assert closed[counted.dagu] == before[counted.dagu]  # another subtree keeps its tables
    # saving without a change retires nothing
    orgs.organization_update(actor=admin_user, organization=counted.xinhe_1, is_active=False)
    assert keys() == closed
    orgs.organization_create(
        actor=admin_user,
        parent=counted.xinhe,
        name="新河三社区妇女联合会",
        code="LVZHI-TEST-XH3",
        kind=counted.xinhe_1.kind,
    )
    added = keys()
    assert added[counted.xinhe] != closed[counted.xinhe]
    assert added[counted.xinhe_1] == closed[counted.xinhe_1]


def test_organization_versions_are_part_of_every_namespace_key():
    key = fragments.fragment_key("test", "a", version_paths=["00010002"])
    fragments.bump("other", ["00010002"])
    assert fragments.fragment_key("test", "a", version_paths=["00010002"]) == key
    fragments.organizations_changed(["000100020003"])  # a child of the subtree
    assert fragments.fragment_key("test", "a", version_paths=["00010002"]) != key
