"""The top bar of the two outside roles: an organization user sees her portal (its batches
and its applications), an evaluator her evaluations, each with account, logout and
language, and none of the federation's entries (workbench, catalogs, members, the
organization switcher, reminders), which would open empty or 404 for them. A federation
cadre's top bar is unchanged. Every link of an outside user's top bar answers 200."""

import re

import pytest
from django.urls import reverse

from lvzhi.socialorgs.evaluations import services as evaluation_services

from .project_helpers import (  # noqa: F401
    PASSWORD,
    district_cadre,
    org_user,
    project_orgs,
)

FEDERATION_LINKS = (
    "dashboards:workbench",
    "orgs:tree",
    "orgs:people",
    "ledger:list",
    "homes:list",
    "socialorgs:list",
    "catalog:home",
    "catalog:message-inbox",
    "processes:inbox",
    "members:my",
    "members:activities",
    "members:reminders",
    "jobs:list",
    "api-docs",
)


def navbar(html: str) -> str:
    return html.split('<nav class="navbar', 1)[1].split("</nav>", 1)[0]


def links(html: str) -> set[str]:
    return {href.replace("&amp;", "&") for href in re.findall(r'href="([^"#][^"]*)"', html)}


@pytest.fixture
def evaluator(org_tree, district_cadre):  # noqa: F811
    return evaluation_services.evaluator_create(
        actor=district_cadre,
        federation=org_tree.district,
        username="pg_eval",
        password=PASSWORD,
        display_name="评估员甲",
    )


def _top_bar(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return navbar(response.content.decode())


def test_organization_user_sees_her_portal_only(client, org_user):  # noqa: F811
    bar = _top_bar(client, org_user, reverse("socialorg_projects:my"))
    portal = reverse("socialorg_projects:my")
    found = links(bar)
    assert portal in found
    assert f"{portal}#open-batches" in found and f"{portal}#my-applications" in found
    assert 'id="outside-nav"' in bar
    # account, logout, language
    assert reverse("account-password") in found and reverse("logout") in bar
    assert 'id="language-form"' in bar
    for name in FEDERATION_LINKS:
        assert reverse(name) not in found, name
    assert 'id="org-switcher"' not in bar and 'id="reminder-badge"' not in bar
    assert reverse("socialorgs_evaluations:mine") not in found


def test_evaluator_sees_her_evaluations_only(client, evaluator):
    bar = _top_bar(client, evaluator, reverse("socialorgs_evaluations:mine"))
    found = links(bar)
    assert reverse("socialorgs_evaluations:mine") in found
    assert reverse("account-password") in found and reverse("logout") in bar
    assert 'id="language-form"' in bar
    for name in FEDERATION_LINKS:
        assert reverse(name) not in found, name
    assert 'id="org-switcher"' not in bar and 'id="reminder-badge"' not in bar
    assert reverse("socialorg_projects:my") not in found


@pytest.mark.parametrize("who", ["org_user", "evaluator"])
def test_every_link_of_an_outside_top_bar_answers_200(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    landing = client.get(reverse("home"), follow=True)
    assert landing.status_code == 200
    found = links(navbar(landing.content.decode()))
    assert len(found) >= 3
    for link in found:
        response = client.get(link.split("#", 1)[0], follow=True)
        assert response.status_code == 200, f"{who}: {link} → {response.status_code}"


def test_federation_cadre_top_bar_unchanged(client, district_cadre):  # noqa: F811
    bar = _top_bar(client, district_cadre, reverse("dashboards:workbench"))
    found = links(bar)
    for name in ("dashboards:workbench", "socialorgs:list", "catalog:home", "processes:inbox"):
        assert reverse(name) in found, name
    assert 'id="org-switcher"' in bar and 'id="reminder-badge"' in bar
    assert 'id="outside-nav"' not in bar
    assert reverse("socialorg_projects:my") not in found
