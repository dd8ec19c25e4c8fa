"""R-OR-08 reminders from the daily job: six and three months before a term ends, the
chair and the cadres of the federation above get one reminder each, once per window."""

import datetime as dt

import pytest
from django.core.management import call_command

from lvzhi.core.reminders.models import Reminder
from lvzhi.grassroots import reminders
from lvzhi.orgs.models import Person, Position, Term, Title


def _term(org, end, number=2):
    return Term.objects.create(
        organization=org,
        org_path=org.path,
        number=number,
        start_date=dt.date(2022, 1, 1),
        end_date=end,
    )


@pytest.fixture
def people(org_tree, make_user, django_user_model):
    """The chair of 新河一社区妇联 (with an account) and the cadre of 新河街道妇联 above it."""
    chair_user = django_user_model.objects.create_user(username="xh1_chair", password="x")
    person = Person.objects.create(
        organization=org_tree.xinhe_1, org_path=org_tree.xinhe_1.path, name="王芳", user=chair_user
    )
    term = _term(org_tree.xinhe_1, dt.date(2027, 6, 30))
    Position.objects.create(
        person=person,
        organization=org_tree.xinhe_1,
        org_path=org_tree.xinhe_1.path,
        term=term,
        title=Title.CHAIR,
        start_date=dt.date(2022, 1, 1),
    )
    return {
        "chair": chair_user,
        "upper": make_user("xinhe_cadre", "cadre", org_tree.xinhe),
        "elsewhere": make_user("dagu_cadre", "cadre", org_tree.dagu),
        "term": term,
    }


def keys(user):
    return sorted(Reminder.objects.filter(user=user).values_list("key", flat=True))


def test_six_and_three_months_before_the_end(people):
    term = people["term"]
    assert reminders.send_renewal_reminders(today=dt.date(2026, 12, 29)) == 0  # 6 months + 1 day
    sent = reminders.send_renewal_reminders(today=dt.date(2026, 12, 30))  # the window opens
    assert keys(people["chair"]) == keys(people["upper"]) == [f"R-OR-08:term{term.pk}:6"]
    assert sent >= 2
    text = Reminder.objects.get(user=people["chair"]).text
    assert "新河一社区" in text and "2027年06月30日" in text and "R-OR-08" in text
    assert keys(people["elsewhere"]) == []
    assert reminders.send_renewal_reminders(today=dt.date(2027, 1, 15)) == 0  # once per window
    reminders.send_renewal_reminders(today=dt.date(2027, 3, 30))  # 3 months before
    assert keys(people["chair"]) == [f"R-OR-08:term{term.pk}:3", f"R-OR-08:term{term.pk}:6"]
    Reminder.objects.all().delete()
    assert reminders.send_renewal_reminders(today=dt.date(2027, 7, 1)) == 0  # past: overdue


def test_a_new_term_is_not_reminded_and_the_chair_without_an_account_is_skipped(people, org_tree):
    _term(org_tree.xinhe_1, dt.date(2032, 6, 30), number=3)  # renewed: the latest term counts
    assert reminders.send_renewal_reminders(today=dt.date(2027, 3, 30)) == 0
    Term.objects.filter(number=3).delete()
    Person.objects.filter(user=people["chair"]).update(user=None)
    reminders.send_renewal_reminders(today=dt.date(2027, 3, 30))
    assert keys(people["chair"]) == [] and len(keys(people["upper"])) == 1


def test_run_daily_sends_them(people, clock):
    clock.set(dt.date(2027, 1, 2))
    call_command("run_daily", "--date", "2027-01-02", verbosity=0)
    assert keys(people["upper"]) == [f"R-OR-08:term{people['term'].pk}:6"]
