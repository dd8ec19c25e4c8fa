"""A member's history (``own_activities``: her ``me`` list and phone page), the hot read of
issue 13 point 7: a page is a fixed number of queries whatever the years behind it, and
its rows carry her own record without a join to it or a query per row."""

import datetime as dt

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core.scopes import forget_scopes
from lvzhi.members.activities import selectors, services

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _today(clock, settings, tmp_path):
    clock.set(TODAY)
    settings.MEDIA_ROOT = tmp_path


def _record(person, n, start):
    for i in range(n):
        services.activity_record(
            actor=person.user,
            person=person,
            kind="contact",
            date=start - dt.timedelta(days=i * 30),
            place="妇女之家",
            today=TODAY,
        )


def _first_page(user, person):
    """Her first page as the pages read it; (queries, rows)."""
    forget_scopes(user)
    with CaptureQueriesContext(connection) as ctx:
        page = Paginator(selectors.own_activities(user, person), 30).get_page(1)
        rows = list(page.object_list)
        shown = [
            (r.person.name, r.organization.name, list(r.photos.all()), list(r.units.all()))
            for r in rows
        ]
    return ctx.captured_queries, rows, shown


def test_her_history_is_a_fixed_number_of_queries_over_the_years(committees):
    member = committees.township[1]
    user = member.user
    _record(member, 3, TODAY)
    few, rows, _shown = _first_page(user, member)
    assert len(rows) == 3
    _record(member, 27, TODAY - dt.timedelta(days=130))  # back to 2024: three years
    many, rows, _shown = _first_page(user, member)
    assert len(rows) == 30
    # her role assignments, the count, the page, its photos and its units
    assert len(few) == len(many) == 5


def test_each_row_carries_her_own_record_without_a_join(committees):
    member = committees.township[1]
    _record(member, 4, TODAY)
    queries, rows, shown = _first_page(member.user, member)
    page_sql = next(q["sql"] for q in queries if "ORDER BY" in q["sql"] and "LIMIT" in q["sql"])
    assert '"orgs_person"' not in page_sql  # no join to her record
    assert all(row.person is member for row in rows)  # the very instance, not 4 copies
    assert {name for name, *_rest in shown} == {member.name}
