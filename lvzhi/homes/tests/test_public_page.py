"""The public home page (issue 16 point 10) stays cheap: its board counts each kind of
unit once (women's groups and 微家 under the home's federation, however many); the counted
figures are kept in the shared cache by data version (decision 0021), so a repeated page
costs four queries whatever the home holds; a new group shows at once, the figures the
federation types show at once, a ledger or committee change within the fragment's life;
the cadre's board page always counts afresh."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from lvzhi.homes import selectors, services
from lvzhi.homes.models import Home
from lvzhi.orgs import services as orgs
from lvzhi.orgs.models import Kind, Level, Organization, Person, Position

pytestmark = pytest.mark.django_db


def unit(parent, name, kind):
    parent = Organization.objects.get(pk=parent.pk)  # numchild as it is now
    org = Organization(name=name, code=f"U-{name}", system="fl", kind=kind, level=Level.VILLAGE)
    return Organization.objects.add_child(parent, instance=org)


def test_board_counts_every_group_and_micro_home(homes, org_tree):
    before = {f.code: f.value for f in selectors.board_figures(homes["xinhe_1"])}
    unit(org_tree.xinhe_1, "第二妇女小组", Kind.WOMEN_GROUP)
    unit(org_tree.xinhe_1, "第三妇女小组", Kind.WOMEN_GROUP)
    unit(org_tree.xinhe_1, "巾帼微家甲", Kind.MICRO_HOME)
    unit(org_tree.xinhe_1, "巾帼微家乙", Kind.MICRO_HOME)
    home = Home.objects.get(pk=homes["xinhe_1"].pk)
    figures = {f.code: f.value for f in selectors.board_figures(home)}
    assert figures["women_groups"] == before["women_groups"] + 2
    assert figures["micro_homes"] == (before["micro_homes"] or 0) + 2


@pytest.mark.parametrize("groups", [0, 4])
def test_public_page_queries(client, homes, org_tree, groups, django_assert_max_num_queries):
    for index in range(groups):
        unit(org_tree.xinhe_1, f"妇女小组{index}", Kind.WOMEN_GROUP)
    url = reverse("homes:public-detail", args=[homes["xinhe_1"].pk])
    cache.clear()
    # counted afresh (+1 since the board's delegates come from the grassroots elections)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(4):  # the home, its plan, exceptions, the calendar
        assert client.get(url).status_code == 200


def board(client, home) -> dict[str, str]:
    body = client.get(reverse("homes:public-detail", args=[home.pk])).content.decode()
    table = body.split('id="public-board"')[1].split("</table>")[0]
    cells = [c.split(">")[-1] for c in table.split("</td>")[:-1]]
    return dict(zip(cells[::2], cells[1::2], strict=True))


def test_public_board_cached_by_data_version(client, homes, org_tree, make_user, cadre, settings):
    home = homes["xinhe_1"]
    assert board(client, home)["妇女小组"] == "1"
    # a new group through the organizations' service: shown at once
    admin = make_user("admin", is_superuser=True, is_staff=True)
    orgs.organization_create(
        actor=admin,
        parent=Organization.objects.get(pk=org_tree.xinhe_1.pk),
        name="新河一社区第二妇女小组",
        code="BH-XH-01-G2",
        kind=Kind.WOMEN_GROUP,
    )
    assert board(client, home)["妇女小组"] == "2"
    # typed by the federation: shown at once
    services.board_figures_update(actor=cadre, home=home, values={"volunteers": 31})
    assert board(client, home)["巾帼志愿者"] == "31"
    # a committee seat (no data version of its own): the cadre's page at once, the public
    # page once the fragment is retired (at most LVZHI_FRAGMENT_SECONDS)
    person = Person.objects.create(
        organization=org_tree.xinhe_1, org_path=org_tree.xinhe_1.path, name="甲", gender="F"
    )
    Position.objects.create(
        person=person,
        organization=org_tree.xinhe_1,
        org_path=org_tree.xinhe_1.path,
        title="chair",
        start_date=dt.date(2024, 1, 1),
    )
    fresh = {f.code: f.value for f in selectors.board_figures(Home.objects.get(pk=home.pk))}
    assert fresh["chair"] == 1
    assert board(client, home).get("主席", "0") == "0"
    cache.clear()  # the fragment expired
    assert board(client, home)["主席"] == "1"
