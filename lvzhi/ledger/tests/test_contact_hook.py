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
