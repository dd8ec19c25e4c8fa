"""七个一 compliance follows every change of a seat (issue: compliance follows seats): a seat
started, ended or moved through the services (forms, API, roster import, exits and
by-elections all use them) recomputes the member's rows and the organization's counts in
the same transaction, so they always equal a rebuild from scratch."""

import datetime as dt

import pytest

from lvzhi.core import periods
from lvzhi.members.compliance import services as compliance
from lvzhi.members.models import MemberCompliance, OrgCompliance
from lvzhi.orgs import services as org_services
from lvzhi.orgs.models import Person, Position, Title

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)
D = dt.date


@pytest.fixture
def village(committees, make_user, monkeypatch):
    monkeypatch.setattr(periods, "today_local", lambda now=None: TODAY)
    org = committees.tree.xinhe_1
    compliance.rebuild(organizations=[org], year=2026, today=TODAY)
    cadre = make_user("xinhe_cadre", "cadre", committees.tree.xinhe)
    return org, committees.village, cadre


def _rows(org, person=None):
    queryset = MemberCompliance.objects.filter(organization=org)
    if person is not None:
        queryset = queryset.filter(person=person)
    return {
        (r.person_id, r.rule_id, r.period_code): (r.status, r.done, r.required) for r in queryset
    }


def _counts(org):
    fields = ("members", "met", "due", "overdue", "partial", "not_required")
    return {
        (c.rule_id, c.period_code): tuple(getattr(c, f) for f in fields)
        for c in OrgCompliance.objects.filter(organization=org)
    }


def _equals_rebuild(org):
    """The incremental rows and counts equal a rebuild from scratch."""
    rows, counts = _rows(org), _counts(org)
    compliance.rebuild(organizations=[org], year=2026, today=TODAY)
    assert _rows(org) == rows
    assert _counts(org) == counts


def _statuses(org, person, rule_id="R-EX-02"):
    return dict(
        MemberCompliance.objects.filter(
            organization=org, person=person, rule_id=rule_id
        ).values_list("period_code", "status")
    )


def test_leaving_mid_quarter_makes_the_periods_partial_never_overdue(village):
    org, members, cadre = village
    member = members[5]
    assert _statuses(org, member)["2026Q3"] == "overdue"  # no 宣讲 in Q3 yet
    seat = Position.objects.get(person=member, organization=org)
    org_services.position_update(actor=cadre, position=seat, end_date=D(2026, 8, 15))
    statuses = _statuses(org, member)
    assert statuses["2026Q3"] == "partial"
    assert statuses["2026Q4"] == "not_required"
    assert _statuses(org, member, "R-EX-03")["2026H2"] == "partial"
    assert _statuses(org, member, "R-EX-05")["2026"] == "partial"
    # the daily job turning due into overdue never touches a partial period
    assert compliance.close_ended_periods(today=D(2027, 1, 2)) >= 0
    assert _statuses(org, member)["2026Q3"] == "partial"
    counts = OrgCompliance.objects.get(organization=org, rule_id="R-EX-02", period_code="2026Q3")
    assert counts.partial == 1 and counts.overdue == len(members) - 1


def test_a_member_seated_mid_quarter_counts_at_once(village, committees):
    org, members, cadre = village
    before = OrgCompliance.objects.get(organization=org, rule_id="R-EX-02", period_code="2026Q4")
    person = Person.objects.create(organization=org, org_path=org.path, name="新执委")
    org_services.position_create(
        actor=cadre, person=person, organization=org, title=Title.MEMBER, start_date=D(2026, 11, 5)
    )
    after = OrgCompliance.objects.get(organization=org, rule_id="R-EX-02", period_code="2026Q4")
    assert after.members == before.members + 1
    statuses = _statuses(org, person)
    assert statuses["2026Q4"] == "partial" and statuses["2026Q3"] == "not_required"
    _equals_rebuild(org)


def test_seated_in_the_last_quarter_gets_the_year(village):
    org, members, cadre = village
    person = Person.objects.create(organization=org, org_path=org.path, name="年末执委")
    org_services.position_create(
        actor=cadre, person=person, organization=org, title=Title.MEMBER, start_date=D(2026, 10, 1)
    )
    codes = set(
        MemberCompliance.objects.filter(organization=org, person=person).values_list(
            "period_code", flat=True
        )
    )
    assert {"2026Q4", "2026H2", "2026"} <= codes


@pytest.mark.parametrize(
    "end",
    [
        D(2026, 3, 30), D(2026, 3, 31), D(2026, 4, 1),
        D(2026, 6, 29), D(2026, 6, 30), D(2026, 7, 1),
        D(2026, 9, 29), D(2026, 9, 30), D(2026, 10, 1),
    ],
)  # fmt: skip
def test_ends_on_every_quarter_boundary_equal_a_rebuild(village, end):
    org, members, cadre = village
    seat = Position.objects.get(person=members[7], organization=org)
    org_services.position_update(actor=cadre, position=seat, end_date=end)
    statuses = _statuses(org, members[7])
    ended_in = f"2026Q{(end.month - 1) // 3 + 1}"
    last_day = end == periods.period_of("quarter", end).end
    assert statuses[ended_in] == ("overdue" if last_day else "partial")
    _equals_rebuild(org)


@pytest.mark.parametrize(
    "start", [D(2026, 3, 31), D(2026, 4, 1), D(2026, 4, 2), D(2026, 9, 30), D(2026, 10, 1)]
)
def test_starts_on_quarter_boundaries_equal_a_rebuild(village, start):
    org, members, cadre = village
    seat = Position.objects.get(person=members[8], organization=org)
    org_services.position_update(actor=cadre, position=seat, start_date=start)
    first = f"2026Q{(start.month - 1) // 3 + 1}"
    full = start == periods.period_of("quarter", start).start
    status = _statuses(org, members[8])[first]
    assert status in (("overdue", "due", "met") if full else ("partial", "met"))
    _equals_rebuild(org)


def test_other_seats_and_unchanged_dates_write_nothing(village):
    org, members, cadre = village
    seat = Position.objects.get(person=members[2], organization=org)
    assert (
        compliance.seat_changed(
            position=seat,
            before={"title": seat.title, "start_date": seat.start_date, "end_date": None},
        )
        == 0
    )
    leader = Position(person=members[2], organization=org, title=Title.LEADER, start_date=TODAY)
    assert compliance.seat_changed(position=leader) == 0
