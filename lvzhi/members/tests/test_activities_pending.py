"""Confirmation that means something: an activity waiting for confirmation (待确认) is
counted apart (已完成 N，其中待确认 M) on the member's phone page and the cadre's
compliance pages; a returned activity tells the member why on her phone page."""

import re

import pytest
from django.urls import reverse

from lvzhi.core.periods import today_local
from lvzhi.members.activities import services
from lvzhi.members.tests.test_activities_pages import people  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _record(person, **fields):
    fields.setdefault("kind", "lecture")
    fields.setdefault("date", today_local())
    return services.activity_record(actor=person.user, person=person, **fields)


def _row(html, kind):
    match = re.search(rf'data-kind="{kind}".*?</li>', html, re.S)
    assert match, kind
    return match.group(0)


def _pending(html):
    return re.findall(r'class="[^"]*pending-count[^"]*" data-pending="(\d+)"', html)


def test_pending_counted_apart_then_confirmed(client, people):  # noqa: F811
    first = _record(people.member, note="一")
    _record(people.member, note="二")
    client.force_login(people.member.user)
    row = _row(client.get(reverse("members:my")).content.decode(), "lecture")
    assert "已完成 2，其中待确认 2" in row
    client.force_login(people.xinhe_cadre)
    org = client.get(reverse("members:compliance-org", args=[people.tree.xinhe.pk]))
    assert "已完成 2，其中待确认 2" in org.content.decode()
    page = client.get(reverse("members:compliance-person", args=[people.member.pk]))
    assert "2" in _pending(page.content.decode())
    services.activity_verify(actor=people.xinhe_cadre, activity=first, confirm=True)
    org = client.get(reverse("members:compliance-org", args=[people.tree.xinhe.pk]))
    assert "已完成 2，其中待确认 1" in org.content.decode()
    client.force_login(people.member.user)
    row = _row(client.get(reverse("members:my")).content.decode(), "lecture")
    assert "已完成 2，其中待确认 1" in row
    people.xinhe_cadre.first_name, people.xinhe_cadre.last_name = "芳", "王"
    people.xinhe_cadre.save()
    detail = client.get(reverse("members:activity", args=[first.pk])).content.decode()
    confirmer = re.search(r'id="verified-by">(.*?)</dd>', detail).group(1)
    assert confirmer == "王芳" and "xinhe_cadre" not in detail


def test_returned_activity_tells_her_why(client, people):  # noqa: F811
    activity = _record(people.member)
    client.force_login(people.member.user)
    assert "my-returned" not in client.get(reverse("members:my")).content.decode()
    services.activity_verify(
        actor=people.xinhe_cadre, activity=activity, confirm=False, reason="照片看不清，请补充"
    )
    html = client.get(reverse("members:my")).content.decode()
    section = re.search(r'id="my-returned".*?</section>', html, re.S).group(0)
    assert "照片看不清，请补充" in section
    assert reverse("members:activity", args=[activity.pk]) in section
    assert "其中待确认" not in _row(html, "lecture")
