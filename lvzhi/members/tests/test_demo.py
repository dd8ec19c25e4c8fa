"""The members demo: activities, meetings and compliance rows, once."""

import datetime as dt

import pytest

from lvzhi.members.demo import _meeting_window, load_members_demo
from lvzhi.members.models import Activity, MemberCompliance, OrgCompliance

pytestmark = pytest.mark.django_db


def test_members_demo_loads_once(committees):
    today = dt.date(2026, 11, 29)
    first = load_members_demo(today=today)
    assert first["activities"] > 200 and first["meetings"] >= 1
    assert MemberCompliance.objects.filter(period_code="2026Q4").count() == 2 * 37
    assert OrgCompliance.objects.filter(organization=committees.tree.xinhe).exists()
    count = Activity.objects.count()
    assert load_members_demo(today=today) == {"activities": 0}
    assert Activity.objects.count() == count


@pytest.mark.parametrize(
    "today",
    [
        dt.date(2027, 1, 3),
        dt.date(2027, 1, 20),
        dt.date(2027, 3, 10),
        dt.date(2027, 5, 24),
        dt.date(2027, 5, 25),
        dt.date(2028, 12, 31),
    ],
)
def test_demo_meetings_are_in_the_past_whatever_the_date(today):
    first, last = _meeting_window(today)
    assert first <= last < today
    assert (today - first).days < 366
