"""R-EX-08 from the ledger: hook ``women_contacted`` answers, for each executive member,
how many distinct women of the ledger she visited in the year up to the day asked, the
figure her grid page shows; one query, counts only."""

import datetime as dt

import pytest

from lvzhi.core import hooks
from lvzhi.ledger import selectors, services_grids
from lvzhi.ledger.models import Visit

pytestmark = pytest.mark.django_db


def test_women_visited_this_year_per_member(ledger, make_entry, today, django_assert_num_queries):
    women = [make_entry(f"妇女{i}", grid=ledger.grid) for i in range(3)]
    for woman in women[:2]:
        services_grids.visit_create(
            actor=ledger.worker, entry=woman, date=today, findings="在家", today=today
        )
    # a second visit to the same woman counts her once; last year's visit not at all
    services_grids.visit_create(
        actor=ledger.worker,
        entry=women[0],
        date=today - dt.timedelta(days=3),
        findings="复访",
        today=today,
    )
    Visit.objects.create(
        entry=women[2],
        org_path=women[2].org_path,
        visitor=ledger.worker_person,
        date=dt.date(today.year - 1, 12, 30),
        findings="去年",
    )
    person = ledger.worker_person
    with django_assert_num_queries(1):
        answers = hooks.collect("women_contacted", person_ids={person.pk, 999999}, on=today)
    assert answers == [{person.pk: 2}]
    assert selectors.my_work(ledger.worker, today)["contacted"] == 2
    # on a day before the visits, none
    assert hooks.collect(
        "women_contacted", person_ids=[person.pk], on=dt.date(today.year, 1, 2)
    ) == [{}]
    assert hooks.collect("women_contacted", person_ids=[], on=today) == [{}]


def test_committee_contact_counts_take_her_ledger_visits(ledger, make_entry, today):
    """R-EX-08 on the committee page: the women she visited from the ledger count towards
    her 10 women (the larger of assigned and visited: the same woman is never added twice)."""
    from lvzhi.members.profiles.selectors.contacts import contact_counts

    person = ledger.worker_person
    before = contact_counts([person.pk], today)[person.pk]
    assert before.women_visited == 0
    assert any("10" in gap for gap in before.check().gaps)
    for i in range(10):
        woman = make_entry(f"走访妇女{i}", grid=ledger.grid)
        services_grids.visit_create(
            actor=ledger.worker, entry=woman, date=today, findings="在家", today=today
        )
    after = contact_counts([person.pk], today)[person.pk]
    assert after.women_visited == 10
    assert not any("10" in gap for gap in after.check().gaps)
