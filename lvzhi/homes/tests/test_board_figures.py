"""R-HM-08: the board 妇女工作情况介绍 — committee and groups counted from the org tree
with their source, the rest entered by the federation; a figure with a source cannot be
entered by hand; the public page shows the figures."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lvzhi.homes import rules, selectors, services
from lvzhi.homes.models import Home
from lvzhi.orgs.models import Person, Position

pytestmark = pytest.mark.django_db


def seat(org, name, title, end=None):
    person = Person.objects.create(organization=org, org_path=org.path, name=name, gender="F")
    return Position.objects.create(
        person=person,
        organization=org,
        org_path=org.path,
        title=title,
        start_date=dt.date(2024, 1, 1),
        end_date=end,
    )


def test_figures_from_the_tree_and_entered(cadre, homes, org_tree, clock):
    home = homes["xinhe_1"]
    seat(org_tree.xinhe_1, "甲", "chair")
    seat(org_tree.xinhe_1, "乙", "vice_chair")
    seat(org_tree.xinhe_1, "丙", "member")
    seat(org_tree.xinhe_1, "丁", "member", end=dt.date(2025, 1, 1))  # left: not counted
    figures = {f.code: f for f in selectors.board_figures(Home.objects.get(pk=home.pk))}
    assert (figures["chair"].value, figures["members"].value) == (1, 1)
    assert figures["women_groups"].value == 1 and "组织体系" in figures["women_groups"].source
    assert figures["women_left_behind"].value is None and figures["women_left_behind"].editable
    with pytest.raises(ValidationError) as exc:
        services.board_figures_update(actor=cadre, home=home, values={"chair": 3})
    assert "chair" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.board_figures_update(actor=cadre, home=home, values={"volunteers": -1})
    assert Home.objects.get(pk=home.pk).board_figures == {}
    services.board_figures_update(actor=cadre, home=home, values={"volunteers": 25})
    figures = {f.code: f for f in selectors.board_figures(Home.objects.get(pk=home.pk))}
    assert figures["volunteers"].value == 25 and figures["volunteers"].source == "手工填写"
    assert rules.board_figures_verdict(list(figures.values())).outcome == "incomplete"


def test_pages(client, cadre, homes, org_tree, make_user):
    home = homes["xinhe_1"]
    client.force_login(cadre)
    url = reverse("homes:board-figures", args=[home.pk])
    assert "R-HM-08" in client.get(url).content.decode()
    response = client.post(url, {"volunteers": "12", "women_left_behind": "abc"})
    assert response.status_code == 400
    response = client.post(url, {"volunteers": "12", "women_left_behind": "8"})
    assert response.status_code == 302
    assert Home.objects.get(pk=home.pk).board_figures == {"volunteers": 12, "women_left_behind": 8}
    client.logout()
    body = client.get(reverse("homes:public-detail", args=[home.pk])).content.decode()
    assert "巾帼志愿者" in body and "12" in body
    client.force_login(make_user("dg", "cadre", org_tree.dagu))
    assert client.get(url).status_code == 404


def test_figures_from_the_ledger_through_the_hook(cadre, homes, org_tree, clock, client):
    """The women's ledger (an app homes may not import) provides the counts of women and
    children through the ``home_board_figures`` hook, each with its source; a closed entry
    or an ended category is not counted, and a figure with a source cannot be entered.
    The ledger is written through its services, which keep the counts the board reads."""
    from lvzhi.ledger import services as ledger
    from lvzhi.ledger import services_privacy, services_volunteers
    from lvzhi.ledger.models import Category

    org = org_tree.xinhe_1
    home = Home.objects.get(pk=homes["xinhe_1"].pk)
    since = dt.date(2024, 1, 1)

    def entry(name, *codes, gender="F", closed=None, ended=None):
        row = ledger.entry_create(
            actor=cadre,
            organization=org,
            name=name,
            gender=gender,
            categories=[Category.objects.get(code=code) for code in codes],
            category_since=since,
        )
        if ended:
            for record in row.categories.all():
                ledger.category_end(actor=cadre, record=record, end_date=ended)
        if closed:
            services_privacy.entry_close(actor=cadre, entry=row, reason="moved_away", date=closed)
        return row

    entry("甲", "left_behind_women", "party_members")
    entry("乙", "women_in_difficulty")
    entry("丙")
    entry("丁", "left_behind_women", ended=dt.date(2025, 1, 1))  # category ended: a woman
    entry("戊", "left_behind_women", closed=dt.date(2025, 1, 1))  # moved away: not counted
    entry("小明", "left_behind_children", gender="M")
    entry("小红", "children_in_difficulty")
    team = services_volunteers.team_create(
        actor=cadre, organization=org, name="巾帼志愿队", founded_on=since
    )
    services_volunteers.member_add(actor=cadre, team=team, name="己", joined_on=since)
    left = services_volunteers.member_add(actor=cadre, team=team, name="庚", joined_on=since)
    services_volunteers.member_leave(actor=cadre, member=left, date=dt.date(2025, 1, 1))
    figures = {f.code: f for f in selectors.board_figures(home)}
    values = {code: f.value for code, f in figures.items()}
    assert values["women_total"] == 4 and values["children_total"] == 2
    assert (values["women_left_behind"], values["women_in_difficulty"]) == (1, 1)
    assert (values["children_left_behind"], values["children_in_difficulty"]) == (1, 1)
    assert values["party_members"] == 1
    assert (values["volunteers"], values["volunteer_teams"]) == (1, 1)
    assert "妇女信息台账" in figures["women_total"].source and not figures["women_total"].editable
    assert "巾帼志愿服务队" in figures["volunteers"].source
    with pytest.raises(ValidationError) as exc:
        services.board_figures_update(actor=cadre, home=home, values={"women_total": 9})
    assert "women_total" in exc.value.message_dict
    client.force_login(cadre)
    body = client.get(reverse("homes:board-figures", args=[home.pk])).content.decode()
    assert "妇女信息台账" in body
    # another community's ledger is not this home's
    other = Home.objects.get(pk=homes["dagu_1"].pk)
    assert {f.code: f.value for f in selectors.board_figures(other)}["women_total"] is None
