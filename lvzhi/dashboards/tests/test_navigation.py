"""Navigation: every role of the demo, signed in, opens every link of the navbar on the
page it lands on, and each answers 200 (after the redirects some entries make); entries a
role may not open are not shown to it."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = (
    "admin",
    "district_cadre",
    "township_cadre",
    "village_cadre",
    "staff",
    "party_approver",
    "member",
)


def navbar_links(html: str) -> list[str]:
    navbar = html.split('<nav class="navbar', 1)[1].split("</nav>", 1)[0]
    return sorted({href for href in re.findall(r'href="([^"#][^"]*)"', navbar)})


@pytest.mark.parametrize("who", ROLES)
def test_every_navbar_link_answers_200(client, populate, who):
    world = populate(1)
    client.force_login(getattr(world, who))
    landing = client.get(reverse("home"), follow=True)
    assert landing.status_code == 200
    links = navbar_links(landing.content.decode())
    assert len(links) >= 5
    for link in links:
        response = client.get(link.replace("&amp;", "&"), follow=True)
        assert response.status_code == 200, f"{who}: {link} → {response.status_code}"


def test_each_role_sees_only_its_entries(client, populate):
    world = populate(1)
    rollup, suggestions = reverse("members:rollup"), reverse("members:suggestions")
    committee = reverse("members:committee", args=[world.tree.xinhe.pk])

    client.force_login(world.township_cadre)
    cadre = navbar_links(client.get(reverse("dashboards:workbench")).content.decode())
    assert {rollup, suggestions, committee, reverse("dashboards:workbench")} <= set(cadre)

    client.force_login(world.staff)
    staff = navbar_links(client.get(reverse("dashboards:workbench")).content.decode())
    assert rollup not in staff and suggestions not in staff
    assert reverse("processes:inbox") in staff

    client.force_login(world.member)
    member_page = client.get(reverse("members:my")).content.decode()
    member = navbar_links(member_page)
    assert rollup not in member and suggestions not in member
    assert reverse("processes:inbox") not in member and reverse("api-docs") not in member
    assert reverse("dashboards:workbench") not in member
    # her own pages first
    assert member.index(reverse("members:my")) >= 0
    navbar = member_page.split('id="mainnav"', 1)[1]
    assert navbar.index(reverse("members:my")) < navbar.index(reverse("orgs:tree"))
