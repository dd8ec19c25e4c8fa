"""`lvzhi run_daily`: overdue at period end, rows for a new period, reminders once."""

import datetime as dt
import json

import pytest
from django.core.management import call_command

from lvzhi.core.reminders.models import Reminder
from lvzhi.members.activities import services as activities
from lvzhi.members.models import MemberCompliance, OrgCompliance

pytestmark = pytest.mark.django_db


def run(day, capsys):
    call_command("run_daily", "--date", day.isoformat(), "--json")
    return json.loads(capsys.readouterr().out)["jobs"][
        "lvzhi.members.compliance.services.reminders.daily"
    ]


def test_daily_job(committees, capsys):
    member = committees.township[1]
    # 2026-12-24 is seven days before Q4 ends: rows are computed, reminders sent.
    first = run(dt.date(2026, 12, 24), capsys)
    assert first["computed"] > 0
    current = ["2026Q4", "2026H2", "2026"]
    assert OrgCompliance.objects.filter(period_code__in=current).count() == 14  # 2 orgs × 7
    texts = list(Reminder.objects.filter(user=member.user).values_list("text", flat=True))
    assert any("宣讲" in t and "R-EX-02" in t for t in texts)
    chair_texts = Reminder.objects.filter(user=committees.township[0].user, key__contains="org")
    assert chair_texts.filter(text__contains="25名执委").exists()
    sent = Reminder.objects.count()
    again = run(dt.date(2026, 12, 24), capsys)
    assert again == {"overdue": 0, "computed": 0, "reminders": 0}
    assert Reminder.objects.count() == sent
    activities.activity_record(
        actor=member.user,
        person=member,
        kind="lecture",
        date=dt.date(2026, 12, 26),
        today=dt.date(2026, 12, 26),
    )
    # After the quarter: the lecture is met for her, overdue for the others.
    run(dt.date(2027, 1, 1), capsys)
    statuses = dict(
        MemberCompliance.objects.filter(
            rule_id="R-EX-02", period_code="2026Q4", organization=committees.tree.xinhe
        ).values_list("person_id", "status")
    )
    assert statuses[member.pk] == "met"
    assert list(statuses.values()).count("overdue") == 24
    counts = OrgCompliance.objects.get(
        organization=committees.tree.xinhe, rule_id="R-EX-02", period_code="2026Q4"
    )
    assert (counts.met, counts.overdue, counts.due) == (1, 24, 0)


def test_bad_date(capsys):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("run_daily", "--date", "2026-13-01")
