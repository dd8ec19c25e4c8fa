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
def village(committees, make_user, clock):
    clock.set(TODAY)
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


# Year-end and mid-year boundaries (issue 12, 13): exact rows of the quarter (R-EX-02),
# half-year (R-EX-03) and year (R-EX-05) rules, with 2025 and 2026 both tracked.


@pytest.fixture
def two_years(committees, make_user, clock):
    clock.set(TODAY)
    org = committees.tree.xinhe_1
    for year in (2025, 2026):
        compliance.rebuild(organizations=[org], year=year, today=TODAY)
    cadre = make_user("xinhe_cadre", "cadre", committees.tree.xinhe)
    return org, committees.village, cadre


def _by_rule(org, person):
    """{rule: {period: status}} of the quarter, half-year and year rules."""
    rows = MemberCompliance.objects.filter(
        organization=org, person=person, rule_id__in=("R-EX-02", "R-EX-03", "R-EX-05")
    ).values_list("rule_id", "period_code", "status")
    found = {"R-EX-02": {}, "R-EX-03": {}, "R-EX-05": {}}
    for rule_id, code, status in rows:
        found[rule_id][code] = status
    return found


def _equals_rebuild_years(org, years=(2025, 2026)):
    rows, counts = _rows(org), _counts(org)
    for year in years:
        compliance.rebuild(organizations=[org], year=year, today=TODAY)
    assert _rows(org) == rows
    assert _counts(org) == counts


OV, PA, NR, DUE = "overdue", "partial", "not_required", "due"
FULL_2025_Q = {"2025Q1": OV, "2025Q2": OV, "2025Q3": OV}
NONE_2025 = {
    "R-EX-02": {"2025Q1": NR, "2025Q2": NR, "2025Q3": NR, "2025Q4": NR},
    "R-EX-03": {"2025H1": NR, "2025H2": NR},
    "R-EX-05": {"2025": NR},
}
NONE_2026 = {
    "R-EX-02": {"2026Q1": NR, "2026Q2": NR, "2026Q3": NR, "2026Q4": NR},
    "R-EX-03": {"2026H1": NR, "2026H2": NR},
    "R-EX-05": {"2026": NR},
}


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        (  # the day before the year's last day: Q4, H2 and the year are partial
            D(2025, 12, 30),
            {
                "R-EX-02": {**FULL_2025_Q, "2025Q4": PA, **NONE_2026["R-EX-02"]},
                "R-EX-03": {"2025H1": OV, "2025H2": PA, **NONE_2026["R-EX-03"]},
                "R-EX-05": {"2025": PA, **NONE_2026["R-EX-05"]},
            },
        ),
        (  # the year's last day: 2025 served in full (overdue without 宣讲), 2026 not required
            D(2025, 12, 31),
            {
                "R-EX-02": {**FULL_2025_Q, "2025Q4": OV, **NONE_2026["R-EX-02"]},
                "R-EX-03": {"2025H1": OV, "2025H2": OV, **NONE_2026["R-EX-03"]},
                "R-EX-05": {"2025": OV, **NONE_2026["R-EX-05"]},
            },
        ),
        (  # one day into 2026: Q1, H1 and the year 2026 partial, the rest not required
            D(2026, 1, 1),
            {
                "R-EX-02": {
                    **FULL_2025_Q,
                    "2025Q4": OV,
                    "2026Q1": PA,
                    "2026Q2": NR,
                    "2026Q3": NR,
                    "2026Q4": NR,
                },
                "R-EX-03": {"2025H1": OV, "2025H2": OV, "2026H1": PA, "2026H2": NR},
                "R-EX-05": {"2025": OV, "2026": PA},
            },
        ),
    ],
    ids=["12-30", "12-31", "01-01"],
)
def test_seat_ending_at_the_year_boundary(two_years, end, expected):
    org, members, cadre = two_years
    member = members[6]
    seat = Position.objects.get(person=member, organization=org)
    org_services.position_update(actor=cadre, position=seat, end_date=end)
    assert _by_rule(org, member) == expected
    assert "partial" not in {
        s for s in _statuses(org, members[5], "R-EX-05").values()
    }  # the others are untouched
    _equals_rebuild_years(org)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (  # seated on 2025's last day: 2025's Q4, H2 and year partial, 2026 in full
            D(2025, 12, 31),
            {
                "R-EX-02": {
                    "2025Q1": NR,
                    "2025Q2": NR,
                    "2025Q3": NR,
                    "2025Q4": PA,
                    "2026Q1": OV,
                    "2026Q2": OV,
                    "2026Q3": OV,
                    "2026Q4": DUE,
                },
                "R-EX-03": {"2025H1": NR, "2025H2": PA, "2026H1": OV, "2026H2": DUE},
                "R-EX-05": {"2025": PA, "2026": DUE},
            },
        ),
        (  # seated on 01-01: 2025 not required (rows, as a rebuild writes), 2026 in full
            D(2026, 1, 1),
            {
                "R-EX-02": {
                    **NONE_2025["R-EX-02"],
                    "2026Q1": OV,
                    "2026Q2": OV,
                    "2026Q3": OV,
                    "2026Q4": DUE,
                },
                "R-EX-03": {**NONE_2025["R-EX-03"], "2026H1": OV, "2026H2": DUE},
                "R-EX-05": {**NONE_2025["R-EX-05"], "2026": DUE},
            },
        ),
        (  # seated on H1's last day: Q2, H1 and the year partial
            D(2026, 6, 30),
            {
                "R-EX-02": {
                    **NONE_2025["R-EX-02"],
                    "2026Q1": NR,
                    "2026Q2": PA,
                    "2026Q3": OV,
                    "2026Q4": DUE,
                },
                "R-EX-03": {**NONE_2025["R-EX-03"], "2026H1": PA, "2026H2": DUE},
                "R-EX-05": {**NONE_2025["R-EX-05"], "2026": PA},
            },
        ),
        (  # seated on H2's first day: H1 not required, H2 in full, the year partial
            D(2026, 7, 1),
            {
                "R-EX-02": {
                    **NONE_2025["R-EX-02"],
                    "2026Q1": NR,
                    "2026Q2": NR,
                    "2026Q3": OV,
                    "2026Q4": DUE,
                },
                "R-EX-03": {**NONE_2025["R-EX-03"], "2026H1": NR, "2026H2": DUE},
                "R-EX-05": {**NONE_2025["R-EX-05"], "2026": PA},
            },
        ),
    ],
    ids=["12-31", "01-01", "06-30", "07-01"],
)
def test_seat_starting_at_year_and_half_year_boundaries(two_years, start, expected):
    org, members, cadre = two_years
    person = Person.objects.create(organization=org, org_path=org.path, name="边界执委")
    org_services.position_create(
        actor=cadre, person=person, organization=org, title=Title.MEMBER, start_date=start
    )
    assert _by_rule(org, person) == expected
    counts = OrgCompliance.objects.get(organization=org, rule_id="R-EX-05", period_code="2026")
    assert counts.members == len(members) + 1
    _equals_rebuild_years(org)
