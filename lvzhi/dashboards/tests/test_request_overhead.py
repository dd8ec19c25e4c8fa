"""What every signed-in page costs before its own work (issue 13 point 8): the user comes
with her person and account security rows in one query, the switcher's organizations come
from her role assignments (already read for her scope), and the page shows the same
navbar as when each was a query of its own."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core.models import Role, RoleAssignment
from lvzhi.orgs.models import Organization, Person

pytestmark = pytest.mark.django_db


def _queries(client, url) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert page.status_code == 200
    return page.content.decode(), [q["sql"] for q in ctx.captured_queries]


def test_a_page_reads_the_user_and_her_switcher_once(client, org_tree, make_user):
    cadre = make_user("two_places", "cadre", org_tree.xinhe)
    RoleAssignment.objects.create(
        user=cadre, role=Role.objects.get(code="cadre"), organization=org_tree.dagu
    )
    RoleAssignment.objects.create(
        user=cadre, role=Role.objects.get(code="member"), organization=org_tree.xinhe
    )
    Person.objects.create(
        organization=org_tree.xinhe, org_path=org_tree.xinhe.path, name="两地执委", user=cadre
    )
    client.force_login(cadre)
    url = reverse("dashboards:workbench")
    client.get(url)  # the counts are kept in the cache after the first
    html, sqls = _queries(client, url)
    assert not [sql for sql in sqls if sql.startswith('SELECT "orgs_person"')]
    assert not [sql for sql in sqls if 'FROM "core_accountsecurity"' in sql]
    assert not [sql for sql in sqls if sql.startswith("SELECT DISTINCT")]
    # her user (joined), her assignments, the unread reminders (and the session, in the
    # database without Redis)
    assert len([sql for sql in sqls if "django_session" not in sql]) <= 3
    # the switcher offers what the query gave: her organizations once each, in tree order
    expected = list(Organization.objects.filter(role_assignments__user=cadre).distinct())
    assert [org.pk for org in expected] == sorted(
        {org_tree.xinhe.pk, org_tree.dagu.pk}, key=lambda pk: Organization.objects.get(pk=pk).path
    )
    switcher = html.split('id="switch-org-select"', 1)[1].split("</select>", 1)[0]
    offered = [int(v) for v in re.findall(r'<option value="(\d+)"', switcher)]
    assert offered == [org.pk for org in expected]
    # her own pages are offered (she has a person record), read without a query of its own
    assert reverse("members:my") in html.split('id="members-menu"', 1)[1].split("</ul>", 1)[0]


def test_without_a_person_the_own_pages_stay_hidden(client, org_tree, make_user):
    client.force_login(make_user("plain_cadre", "cadre", org_tree.xinhe))
    url = reverse("dashboards:workbench")
    client.get(url)
    html, sqls = _queries(client, url)
    menu = html.split('id="members-menu"', 1)[1].split("</ul>", 1)[0]
    assert f'href="{reverse("members:my")}">' not in menu
    assert not [sql for sql in sqls if sql.startswith('SELECT "orgs_person"')]
