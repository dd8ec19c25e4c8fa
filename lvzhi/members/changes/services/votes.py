"""Vote sessions at the executive plenary (R-MB-13, R-MB-14): checked without writing,
then recorded; a valid vote seats the elected.

One module (≈410 lines): evaluating and recording a session are one write path (the
record re-runs the evaluation in its transaction); split, they would share private helpers.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.periods import today_local
from lvzhi.core.scopes import ensure_scope
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.members import rules
from lvzhi.members.changes import selectors
from lvzhi.members.changes.services._helpers import NAME_MAX, _as_date, _by, _count, _rule_error
from lvzhi.members.common.selectors import committee_size, ruleset_for, seats
from lvzhi.members.models import (
    Meeting,
    MemberProfile,
    Nomination,
    NominationStatus,
    VoteSession,
    VoteTally,
)
from lvzhi.members.rules.common import RuleError, cn_date, param
from lvzhi.orgs import services as org_services
from lvzhi.orgs.models import Organization


@dataclass
class Tally:
    nomination: Nomination
    yes: int
    no: int
    abstain: int


@dataclass
class VoteEvaluation:
    """What a vote session would record: the rules' verdicts on it, nothing written."""

    organization: Organization
    date: dt.date
    meeting: Meeting | None
    expected: int
    present: int
    scrutineers: list
    counters: list
    result: rules.VoteResult
    officers: rules.OfficersCheck
    size_before: rules.SizeCheck
    size_after: rules.SizeCheck
    tallies: list
    candidates: list  # (Tally, CandidateResult)
    term: object = None
    new_seats: list = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.result.valid

    @property
    def elected(self) -> list:
        return [t.nomination for t, r in self.candidates if r.elected]

    def verdicts(self) -> list[dict]:
        items = [self.result.verdict.as_dict()]
        items += [r.verdict.as_dict() for _t, r in self.candidates]
        items.append(self.officers.verdict.as_dict())
        items += [{**v.as_dict(), "when": "before"} for v in self.size_before.verdicts]
        items += [{**v.as_dict(), "when": "after"} for v in self.size_after.verdicts]
        return items


def _candidate_keys(tallies) -> dict[int, str]:
    names = Counter(t.nomination.person.name for t in tallies)
    return {
        t.nomination.pk: (
            t.nomination.person.name
            if names[t.nomination.person.name] == 1
            else f"{t.nomination.person.name}（{t.nomination.pk}）"
        )
        for t in tallies
    }


def _size_blocking(check: rules.SizeCheck, new_ordinary: int, ruleset) -> list[str]:
    """Errors that refuse the session: an R-MB-03 seat without a listed kind, or ordinary
    seats above the R-MB-02 bound added by this vote. A committee still below the lower
    bound after an addition is shown, not refused (the vote brings it closer)."""
    blocking = []
    for item in check.errors:
        if item.rule_id == "R-MB-02":
            if new_ordinary and check.ordinary > param("R-MB-02", "max", ruleset):
                blocking.append(f"{item.detail}（{item.rule_id}，{item.source}）")
        else:
            blocking.append(f"{item.detail}（{item.rule_id}，{item.source}）")
    return blocking


def members_present(seated: dict, *, meeting: Meeting | None, present: int) -> dict | None:
    """The seated members who may serve as scrutineers (R-MB-14): those marked present at
    the meeting's recorded attendance (an attendance list with nobody present means
    nobody), nobody when no one is present. None when the session names a meeting whose
    attendance is not recorded: its present count says how many came, not who, so no
    scrutineer can be confirmed. A session without a meeting keeps every seated member
    (the recorder attests the present count)."""
    if present == 0:
        return {}
    if meeting is not None:
        if not meeting.attendance.exists():
            return None
        attended = meeting.attendance.filter(status="present").values_list("person_id", flat=True)
        return {pk: seated[pk] for pk in attended if pk in seated}
    return seated


def vote_session_evaluate(
    *,
    organization: Organization,
    date,
    present,
    scrutineers=(),
    counters=(),
    scrutineers_approved: bool = False,
    tallies=(),
    meeting: Meeting | None = None,
    today: dt.date | None = None,
) -> VoteEvaluation:
    """Check a vote session without writing: expected members from the roster on the date,
    the quorum and majority of R-MB-13 with their arithmetic, the officers of R-MB-14, the
    committee size before and after (R-MB-01…03). Impossible counts and broken bounds are
    a ValidationError; a session without quorum is valid input (recorded as invalid).

    ``tallies`` are (nomination, yes, no, abstain); ``scrutineers`` Person objects."""
    today = today or today_local()
    ruleset = ruleset_for(organization)
    errors: dict = {}
    if meeting is not None:
        if meeting.organization_id != organization.pk:
            errors["meeting"] = _("请选择本组织的会议")
        elif date in (None, ""):
            date = meeting.date
    day = _as_date(date, "date", errors) if date not in (None, "") else None
    if day is None and "date" not in errors:
        errors["date"] = _("请填写表决日期")
    elif day is not None:
        if day > today:
            errors["date"] = _("表决日期不能晚于今天")
        elif meeting is not None and "meeting" not in errors and meeting.date != day:
            errors["date"] = _("表决日期应为会议召开的日期（%(day)s）") % {
                "day": cn_date(meeting.date)
            }
    present = _count(present, "present", errors)
    counters = [c.strip() for c in counters if c and c.strip()]
    if any(len(c) > NAME_MAX for c in counters):
        errors["counters"] = _("姓名不能超过%(n)d个字") % {"n": NAME_MAX}
    rows = []
    for nomination, yes, no, abstain in tallies:
        rows.append(
            Tally(
                nomination,
                _count(yes, "tallies", errors),
                _count(no, "tallies", errors),
                _count(abstain, "tallies", errors),
            )
        )
    if not rows:
        errors["tallies"] = _("请至少填写一名候选人的表决票数")
    if errors:
        raise ValidationError(errors)

    problems = []
    seen = set()
    for row in rows:
        nomination = row.nomination
        if nomination.organization_id != organization.pk:
            problems.append(_("候选人%(name)s不是本组织的提名") % {"name": nomination.person.name})
            continue
        if nomination.pk in seen:
            problems.append(_("候选人%(name)s重复计票") % {"name": nomination.person.name})
        seen.add(nomination.pk)
        if nomination.status not in selectors.OPEN_NOMINATION_STATUSES:
            problems.append(
                _("候选人%(name)s的提名已%(status)s")
                % {"name": nomination.person.name, "status": nomination.get_status_display()}
            )
            continue
        state = selectors.nomination_state(nomination, ruleset)
        if not state.ready:
            problems.append(
                _("候选人%(name)s尚不能提交表决：%(missing)s")
                % {"name": nomination.person.name, "missing": "；".join(state.missing)}
            )
    if problems:
        raise ValidationError({"tallies": problems})

    expected = committee_size(organization, day)
    keys = _candidate_keys(rows)
    try:
        result = rules.count_vote(
            expected=expected,
            present=present,
            ballots=[rules.Ballot(keys[r.nomination.pk], r.yes, r.no, r.abstain) for r in rows],
            ruleset=ruleset,
        )
    except RuleError as exc:
        raise ValidationError({"tallies": str(exc)}) from None

    seated = list(seats(organization, day))
    names = {s.person_id: s.person.name for s in seated}
    scrutineers = list(scrutineers)
    present_names = members_present(names, meeting=meeting, present=present)
    attendance_unknown = present_names is None
    if attendance_unknown:
        present_names = {}
    # The rule compares people by key: a name, made unique with the id where two differ.
    everyone = {**present_names, **{p.pk: p.name for p in scrutineers}}
    repeated = Counter(everyone.values())

    def key(pk):
        name = everyone[pk]
        return name if repeated[name] == 1 else f"{name}（{pk}）"

    officers = rules.vote_officers_check(
        scrutineers=[key(p.pk) for p in scrutineers],
        counters=counters,
        present_members={key(pk) for pk in present_names},
        federation_staff=set(counters),  # named by the recorder as the federation's staff
        scrutineers_approved=scrutineers_approved,
        ruleset=ruleset,
    )
    if not officers.ok:
        clause = f"（{officers.verdict.rule_id}，{officers.verdict.source}）"
        problems = list(officers.problems)
        if attendance_unknown and scrutineers:
            problems.insert(
                0,
                _(
                    "所选会议未登记出席情况，无法确认监票员是出席会议的执委，"
                    "请先登记该会议的出席情况"
                ),
            )
        raise ValidationError({"scrutineers": [p + clause for p in problems]})

    by_key = {r.candidate: r for r in result.candidates}
    candidates = [(row, by_key[keys[row.nomination.pk]]) for row in rows]
    seated_ids = set(names)
    new_people = []
    if result.valid:
        for row, outcome in candidates:
            if outcome.elected and row.nomination.person_id not in seated_ids:
                new_people.append(row.nomination)
    existing_extra = selectors.extra_seats_on(organization, day)
    after_extra = Counter(existing_extra)
    for nomination in new_people:
        if nomination.extra_seat_kind:
            after_extra[nomination.extra_seat_kind] += 1
    before = len(seated_ids)
    after = before + len(new_people)
    try:
        size_before = rules.committee_size_check(
            level=organization.level,
            before=before,
            after=before,
            extra_seats=existing_extra,
            ruleset=ruleset,
        )
        size_after = rules.committee_size_check(
            level=organization.level,
            before=before,
            after=after,
            extra_seats=dict(after_extra),
            ruleset=ruleset,
        )
    except RuleError as exc:
        raise _rule_error(exc) from None
    new_ordinary = sum(1 for n in new_people if not n.extra_seat_kind)
    blocking = _size_blocking(size_after, new_ordinary, ruleset)
    if blocking:
        raise ValidationError({"__all__": blocking})
    term = None
    if result.elected:
        term = selectors.term_on(organization, day)
        if term is None:
            raise ValidationError({"date": _("表决日期不在本组织任何一届任期内，请先登记届次")})
    return VoteEvaluation(
        organization=organization,
        date=day,
        meeting=meeting,
        expected=expected,
        present=present,
        scrutineers=scrutineers,
        counters=counters,
        result=result,
        officers=officers,
        size_before=size_before,
        size_after=size_after,
        tallies=rows,
        candidates=candidates,
        term=term,
        new_seats=new_people,
    )


def _keep_residence(actor, nomination: Nomination, day: dt.date) -> None:
    """The residence entered with a new candidate goes to her member profile once elected
    (unless the profile already has one)."""
    from lvzhi.members.profiles import services as profiles

    current = MemberProfile.objects.filter(person=nomination.person).values_list(
        "residence", flat=True
    )
    if not any(current):
        profiles.profile_update(
            actor=actor, person=nomination.person, residence=nomination.residence, today=day
        )


@transaction.atomic
def vote_session_record(*, actor, organization: Organization, **values) -> VoteSession:
    """Record a vote session (R-MB-13, R-MB-14). Elected candidates are seated from the
    vote's date in the term current on that date, with the title they were nominated for;
    their nominations become elected, the others not elected. A session without quorum is
    recorded as invalid and leaves the nominations open."""
    ensure_scope(actor, "create", organization)
    locked = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(pk__in=[t[0].pk for t in values.get("tallies", ())])
        .select_related("person")
    )
    fresh = {n.pk: n for n in locked}
    values["tallies"] = [
        (fresh.get(n.pk, n), yes, no, abstain) for n, yes, no, abstain in values.get("tallies", ())
    ]
    evaluation = vote_session_evaluate(organization=organization, **values)
    session = VoteSession(
        organization=organization,
        org_path=organization.path,
        meeting=evaluation.meeting,
        date=evaluation.date,
        expected=evaluation.expected,
        present=evaluation.present,
        counters=evaluation.counters,
        is_valid=evaluation.valid,
        arithmetic=[evaluation.result.verdict.detail]
        + [r.verdict.detail for _t, r in evaluation.candidates],
        verdicts=evaluation.verdicts(),
        size_before=evaluation.size_before.before,
        size_after=evaluation.size_after.after,
        recorded_by=actor,
    )
    session.full_clean()
    session.save()
    session.scrutineers.set(evaluation.scrutineers)
    changes = diff({}, snapshot(session))
    changes["scrutineers"] = [None, [p.name for p in evaluation.scrutineers]]
    changes["tallies"] = [
        None,
        [
            f"{row.nomination.person.name} {row.yes}/{row.no}/{row.abstain}"
            for row, _outcome in evaluation.candidates
        ],
    ]
    audit(actor=actor, action="create", obj=session, changes=changes)
    for row, outcome in evaluation.candidates:
        VoteTally.objects.create(
            session=session,
            nomination=row.nomination,
            org_path=organization.path,
            yes=row.yes,
            no=row.no,
            abstain=row.abstain,
            elected=outcome.elected,
            arithmetic=outcome.verdict.detail[:300],
        )
        if not evaluation.valid:
            continue
        nomination = row.nomination
        before = snapshot(nomination)
        if outcome.elected:
            nomination.position = org_services.position_create(
                actor=actor,
                person=nomination.person,
                organization=organization,
                term=evaluation.term,
                title=nomination.title,
                start_date=evaluation.date,
            )
            nomination.status = NominationStatus.ELECTED
            if nomination.residence:
                _keep_residence(actor, nomination, evaluation.date)
        else:
            nomination.status = NominationStatus.NOT_ELECTED
        nomination.steps = [
            *nomination.steps,
            {
                "step": "plenary_vote",
                "date": evaluation.date.isoformat(),
                "session": session.pk,
                "note": outcome.verdict.detail,
                **_by(actor),
            },
        ]
        nomination.save()
        audit(
            actor=actor,
            action="elected" if outcome.elected else "not_elected",
            obj=nomination,
            changes=diff(before, snapshot(nomination)),
        )
    return session
