"""The workbench's rendered items and 七个一 section in the shared cache (issue 13 point 8,
decision 0021): kept beside the counts they were drawn from, rendered again when the
counts are counted again or the unread reminders change, and never served to another
user (the key names the user, her roles, the organization, the day and the language)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from lvzhi.core.reminders.models import Reminder
from lvzhi.dashboards import selectors

pytestmark = pytest.mark.django_db

BODY = "dashboards/_workbench_body.html"


def _get(client):
    response = client.get(reverse("dashboards:workbench"))
    assert response.status_code == 200
    rendered = BODY in [t.name for t in response.templates]
    return response, rendered


def _count(response, key) -> int:
    found = re.search(rf'data-key="{key}" data-count="(\d+)"', response.content.decode())
    return int(found.group(1))


def test_the_body_is_rendered_once_per_count(client, populate):
    world = populate(2)
    cadre = world.district_cadre
    client.force_login(cadre)
    first, rendered = _get(client)
    assert rendered
    second, rendered = _get(client)
    assert not rendered  # from the shared cache
    assert 'id="workbench-items"' in second.content.decode()
    assert _count(second, "reminders") == _count(first, "reminders")
    # a new reminder: the live count shows at once (a new body)
    Reminder.objects.create(user=cadre, org_path=world.tree.xinhe.path, key="new", text="提醒")
    third, rendered = _get(client)
    assert rendered and _count(third, "reminders") == _count(first, "reminders") + 1
    # the counts counted again (their 30 s are over): a new body, never the old one
    bench = third.context["bench"]
    cache.delete(selectors.cache_key(cadre, bench.kind, bench.organization, third.context["today"]))
    _response, rendered = _get(client)
    assert rendered


def test_another_user_never_gets_her_body(client, populate, make_user):
    world = populate(2)
    client.force_login(world.district_cadre)
    district, _rendered = _get(client)
    _get(client)
    client.force_login(world.village_cadre)
    village, rendered = _get(client)
    assert rendered  # her own, not the district cadre's
    assert village.context["bench"].organization != district.context["bench"].organization
    assert village.content.decode().count('class="col-12 col-sm-6') == len(
        village.context["bench"].items
    )
    # a colleague at the same organization with the same role: still her own body
    colleague = make_user("district_colleague", "cadre", world.tree.district)
    client.force_login(colleague)
    _response, rendered = _get(client)
    assert rendered
