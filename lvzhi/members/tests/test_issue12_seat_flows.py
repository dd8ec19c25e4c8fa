"""Issue 12 (13): compliance follows a seat whichever way it changes — an exit, a by-election
(a vote result), the roster import, the API and the form. Each path recomputes the member's
七个一 rows in the same transaction as the seat: a receiver placed after compliance on the
``seat_changed`` hook sees the new rows, and when it fails the rows roll back with the
seat. A refused transition leaves the rows as they were, and ``lvzhi run_daily`` turns
due into overdue for an ended period without touching a partial one.

Over 400 lines: every seat-changing path is checked against the same fixtures and
assertions, which is the point of the file.
"""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from lvzhi.members.changes import services as changes
from lvzhi.members.compliance import services as compliance
from lvzhi.members.models import MemberCompliance, OrgCompliance
from lvzhi.members.tests.test_changes_exits import _failed_case
from lvzhi.members.tests.test_changes_support import TODAY, attend, meeting, people  # noqa: F401
from lvzhi.members.tests.test_changes_votes import VOTE_DAY, fifteen, record  # noqa: F401
from lvzhi.orgs import roster
from lvzhi.orgs.models import Person, Position
from lvzhi.orgs.tests.test_roster import ID_A, ID_B, person, position, workbook

pytestmark = pytest.mark.django_db
D = dt.date
LEFT_ON = D(2026, 11, 10)  # mid-quarter: Q4, H2 and the year become partial
RECEIVER = "lvzhi.members.tests.test_issue12_seat_flows.receiver_after_compliance"
SEEN: list = []


class ReceiverFailed(Exception):
    pass


def receiver_after_compliance(*, position, before=None):
    """A receiver listed after compliance: records the member's rows as the transaction
    sees them at that moment, then fails (rolling the whole write back)."""
    SEEN.append(_statuses(position.organization, position.person_id))
    raise ReceiverFailed


@pytest.fixture
def failing_receiver(settings):
    SEEN.clear()
    hooks = dict(settings.LVZHI_HOOKS)
    hooks["seat_changed"] = [*hooks["seat_changed"], RECEIVER]
    settings.LVZHI_HOOKS = hooks
    return SEEN


def _statuses(org, person_id, rule_id="R-EX-02"):
    return dict(
        MemberCompliance.objects.filter(
            organization=org, person_id=person_id, rule_id=rule_id
        ).values_list("period_code", "status")
    )


def _all_rows(org):
    return sorted(
        MemberCompliance.objects.filter(organization=org).values_list(
            "person_id", "rule_id", "period_code", "status", "done", "required"
        )
    )


def _counts(org):
    return sorted(
        OrgCompliance.objects.filter(organization=org).values_list(
            "rule_id", "period_code", "members", "met", "due", "overdue", "partial", "not_required"
        )
    )


def _snapshot(org):
    return _all_rows(org), _counts(org)


def _equals_rebuild(org, today):
    before = _snapshot(org)
    compliance.rebuild(organizations=[org], year=2026, today=today)
    assert _snapshot(org) == before


def _assert_left_mid_quarter(org, person_id):
    assert _statuses(org, person_id)["2026Q4"] == "partial"
    assert _statuses(org, person_id)["2026Q3"] == "overdue"  # served in full, nothing done
    assert _statuses(org, person_id, "R-EX-03")["2026H2"] == "partial"
    assert _statuses(org, person_id, "R-EX-05")["2026"] == "partial"


@pytest.fixture
def village(committees, make_user, clock):
    """新河一社区 (12 members) with its 2026 rows, on 2026-11-29 (the clock)."""
    org = committees.tree.xinhe_1
    compliance.rebuild(organizations=[org], year=2026, today=TODAY)
    cadre = make_user("xinhe_cadre", "cadre", committees.tree.xinhe)
    return org, committees.village, cadre


# the API ----------------------------------------------------------------------


def _api(user):
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def test_api_end_date_makes_the_periods_partial(village):
    org, members, cadre = village
    seat = Position.objects.get(person=members[4], organization=org)
    assert _statuses(org, members[4].pk)["2026Q4"] == "due"
    response = _api(cadre).patch(
        f"/api/v1/orgs/positions/{seat.pk}/",
        {"end_date": LEFT_ON.isoformat(), "end_reason": "调离"},
        format="json",
    )
    assert response.status_code == 200, response.content
    _assert_left_mid_quarter(org, members[4].pk)
    _equals_rebuild(org, TODAY)


def test_api_new_seat_counts_at_once(village):
    org, members, cadre = village
    newcomer = Person.objects.create(organization=org, org_path=org.path, name="新任执委")
    response = _api(cadre).post(
        "/api/v1/orgs/positions/",
        {
            "person": newcomer.pk,
            "organization": org.pk,
            "title": "member",
            "start_date": "2026-11-05",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert _statuses(org, newcomer.pk)["2026Q4"] == "partial"
    counts = OrgCompliance.objects.get(organization=org, rule_id="R-EX-02", period_code="2026Q4")
    assert counts.members == len(members) + 1 and counts.partial == 1
    _equals_rebuild(org, TODAY)


def test_api_rows_are_written_in_the_seat_transaction(village, failing_receiver):
    org, members, cadre = village
    seat = Position.objects.get(person=members[4], organization=org)
    before = _snapshot(org)
    with pytest.raises(ReceiverFailed):
        _api(cadre).patch(
            f"/api/v1/orgs/positions/{seat.pk}/", {"end_date": LEFT_ON.isoformat()}, format="json"
        )
    assert failing_receiver[0]["2026Q4"] == "partial"  # recomputed before the receiver ran
    assert _snapshot(org) == before  # and rolled back with the seat
    seat.refresh_from_db()
    assert seat.end_date is None


# the form ---------------------------------------------------------------------


def _form_data(seat, **changes):
    data = {
        "person": seat.person_id,
        "term": seat.term_id or "",
        "title": seat.title,
        "tenure": seat.tenure or "",
        "start_date": seat.start_date.isoformat(),
        "end_date": "",
        "end_reason": "",
    }
    data.update(changes)
    return data


def test_form_end_date_makes_the_periods_partial(village, client):
    org, members, cadre = village
    seat = Position.objects.get(person=members[5], organization=org)
    client.force_login(cadre)
    response = client.post(
        reverse("orgs:position-edit", args=[seat.pk]),
        _form_data(seat, end_date=LEFT_ON.isoformat(), end_reason="调离"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    seat.refresh_from_db()
    assert seat.end_date == LEFT_ON
    _assert_left_mid_quarter(org, members[5].pk)
    _equals_rebuild(org, TODAY)


def test_form_rows_are_written_in_the_seat_transaction(village, client, failing_receiver):
    org, members, cadre = village
    seat = Position.objects.get(person=members[5], organization=org)
    client.force_login(cadre)
    before = _snapshot(org)
    with pytest.raises(ReceiverFailed):
        client.post(
            reverse("orgs:position-edit", args=[seat.pk]),
            _form_data(seat, end_date=LEFT_ON.isoformat(), end_reason="调离"),
        )
    assert failing_receiver[0]["2026Q4"] == "partial"
    assert _snapshot(org) == before


# the roster import ------------------------------------------------------------


def _roster(*starts):
    ids = (ID_A, ID_B)
    return workbook(
        people=[person(f"导入执委{i + 1}", ids[i], "BH-XH-01") for i in range(len(starts))],
        positions=[
            position(ids[i], "BH-XH-01", "执委", start.isoformat())
            for i, start in enumerate(starts)
        ],
    )


@pytest.fixture
def importer(org_tree, make_user):
    return make_user("bh_importer", "cadre", org_tree.district)


def test_roster_import_seats_count_at_once(village, importer):
    org, members, _cadre = village
    preview = roster.parse_roster(_roster(D(2026, 11, 5), D(2026, 7, 1)), actor=importer)
    assert preview.errors == []
    roster.roster_apply(actor=importer, preview=preview)
    november = Person.objects.get(name="导入执委1")
    july = Person.objects.get(name="导入执委2")
    assert _statuses(org, november.pk)["2026Q4"] == "partial"
    assert _statuses(org, november.pk)["2026Q3"] == "not_required"
    assert _statuses(org, july.pk)["2026Q3"] == "overdue"  # seated for the whole quarter
    assert _statuses(org, july.pk, "R-EX-05")["2026"] == "partial"
    counts = OrgCompliance.objects.get(organization=org, rule_id="R-EX-02", period_code="2026Q4")
    assert counts.members == len(members) + 2
    _equals_rebuild(org, TODAY)


def test_roster_import_failing_midway_leaves_no_rows(village, importer, monkeypatch):
    """The first seat's rows are written, then the second seat fails: the import is all or
    nothing, and so are the compliance rows."""
    org, _members, _cadre = village
    from lvzhi.orgs import services as org_services

    real = org_services.position_create
    seen = []

    def failing(**kwargs):
        if kwargs["person"].name == "导入执委2":
            seen.append(_statuses(org, Person.objects.get(name="导入执委1").pk))
            raise ValidationError({"title": "模拟失败"})
        return real(**kwargs)

    monkeypatch.setattr(org_services, "position_create", failing)
    before = _snapshot(org)
    preview = roster.parse_roster(_roster(D(2026, 11, 5), D(2026, 7, 1)), actor=importer)
    with pytest.raises(roster.RosterRejected):
        roster.roster_apply(actor=importer, preview=preview)
    assert seen and seen[0]["2026Q4"] == "partial"  # written inside the import's transaction
    assert _snapshot(org) == before
    assert not Person.objects.filter(name__startswith="导入执委").exists()


# exits ------------------------------------------------------------------------


@pytest.fixture
def township(people, clock):
    org = people.tree.xinhe
    compliance.rebuild(organizations=[org], year=2026, today=TODAY)
    return org


def _approved_case(people):
    case = _failed_case(people)
    changes.exit_step(
        actor=people.cadre, case=case, step="proposal", date=D(2026, 11, 2), today=TODAY
    )
    return changes.exit_step(
        actor=people.approver, case=case, step="party_approval", date=D(2026, 11, 5), today=TODAY
    )


def test_exit_makes_the_periods_partial(people, township):
    org = township
    case = _approved_case(people)
    assert _statuses(org, case.person_id)["2026Q4"] == "due"
    plenary = meeting(org, "执委会全体会议", LEFT_ON, kind="plenary")
    changes.exit_step(
        actor=people.cadre, case=case, step="plenary_vote", meeting=plenary, today=TODAY
    )
    assert Position.objects.get(pk=case.position_id).end_date == LEFT_ON
    _assert_left_mid_quarter(org, case.person_id)
    counts = OrgCompliance.objects.get(organization=org, rule_id="R-EX-02", period_code="2026Q4")
    assert counts.partial == 1
    _equals_rebuild(org, TODAY)


def test_exit_rows_are_written_in_the_exit_transaction(people, township, failing_receiver):
    org = township
    case = _approved_case(people)
    plenary = meeting(org, "执委会全体会议", LEFT_ON, kind="plenary")
    before = _snapshot(org)
    with pytest.raises(ReceiverFailed):
        changes.exit_step(
            actor=people.cadre, case=case, step="plenary_vote", meeting=plenary, today=TODAY
        )
    assert failing_receiver[0]["2026Q4"] == "partial"
    assert _snapshot(org) == before
    assert Position.objects.get(pk=case.position_id).end_date is None


def test_a_refused_exit_leaves_the_rows_unchanged(people, township):
    org = township
    case = _approved_case(people)
    before = _snapshot(org)
    for day in (D(2026, 11, 4), D(2026, 12, 1)):  # before the approval; in the future
        with pytest.raises(ValidationError):
            changes.exit_step(
                actor=people.cadre, case=case, step="plenary_vote", date=day, today=TODAY
            )
    assert _snapshot(org) == before
    assert Position.objects.get(pk=case.position_id).end_date is None


def test_an_exit_failing_after_the_seat_ended_leaves_the_rows_unchanged(
    people, township, monkeypatch
):
    """The seat is ended and its rows recomputed, then the audit fails: nothing stays."""
    from lvzhi.members.changes.services import exits

    org = township
    case = _approved_case(people)
    before = _snapshot(org)

    def broken_audit(**kwargs):
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr(exits, "audit", broken_audit)
    with pytest.raises(RuntimeError):
        changes.exit_step(
            actor=people.cadre, case=case, step="plenary_vote", date=LEFT_ON, today=TODAY
        )
    assert _snapshot(org) == before


# by-elections (a vote result) -----------------------------------------------------


def _plenary_with(org, members):
    plenary = meeting(org, "执委会全体会议", VOTE_DAY, kind="plenary")
    for member in members:
        attend(plenary, member, "present")
    return plenary


def test_by_election_seats_the_elected_in_the_rows(fifteen, clock):
    org, members, cadre, nomination = fifteen
    compliance.rebuild(organizations=[org], year=2026, today=TODAY)
    before = OrgCompliance.objects.get(organization=org, rule_id="R-EX-02", period_code="2026Q4")
    session = record(
        cadre,
        org,
        nomination,
        present=12,
        yes=9,
        scrutineers=[members[3]],
        meeting=_plenary_with(org, members[:12]),
    )
    assert session.is_valid
    elected = nomination.person_id
    assert _statuses(org, elected)["2026Q4"] == "partial"  # seated on 11-20
    assert _statuses(org, elected)["2026Q3"] == "not_required"
    assert _statuses(org, elected, "R-EX-05")["2026"] == "partial"
    after = OrgCompliance.objects.get(organization=org, rule_id="R-EX-02", period_code="2026Q4")
    assert after.members == before.members + 1 and after.partial == before.partial + 1
    _equals_rebuild(org, TODAY)


def test_by_election_rows_are_written_in_the_vote_transaction(fifteen, clock, failing_receiver):
    org, members, cadre, nomination = fifteen
    compliance.rebuild(organizations=[org], year=2026, today=TODAY)
    plenary = _plenary_with(org, members[:12])
    before = _snapshot(org)
    with pytest.raises(ReceiverFailed):
        record(cadre, org, nomination, present=12, yes=9, scrutineers=[members[3]], meeting=plenary)
    assert failing_receiver[0]["2026Q4"] == "partial"
    assert _snapshot(org) == before
    assert not Position.objects.filter(person_id=nomination.person_id).exists()


# the daily job ------------------------------------------------------------------


def test_run_daily_turns_due_into_overdue_but_never_a_partial_period(village):
    org, members, cadre = village
    from lvzhi.orgs import services as org_services

    leaver = members[6]
    seat = Position.objects.get(person=leaver, organization=org)
    org_services.position_update(actor=cadre, position=seat, end_date=LEFT_ON)
    stayer = members[7]

    def run(day):
        call_command("run_daily", "--date", day.isoformat(), "--json", stdout=io.StringIO())

    run(D(2026, 12, 31))  # Q4 has not ended yet: still due
    assert _statuses(org, stayer.pk)["2026Q4"] == "due"
    run(D(2027, 1, 1))
    for rule_id, code in (("R-EX-02", "2026Q4"), ("R-EX-03", "2026H2"), ("R-EX-05", "2026")):
        assert _statuses(org, stayer.pk, rule_id)[code] == "overdue"
        assert _statuses(org, leaver.pk, rule_id)[code] == "partial"
        counts = OrgCompliance.objects.get(organization=org, rule_id=rule_id, period_code=code)
        assert (counts.overdue, counts.partial, counts.due) == (len(members) - 1, 1, 0)
    rows = _snapshot(org)
    run(D(2027, 1, 2))  # idempotent
    assert _snapshot(org) == rows
