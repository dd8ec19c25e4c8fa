"""Writes of committee changes: exit cases (R-MB-08…10) through the procedure of R-MB-11,
nominations (R-MB-12) and vote sessions at the executive plenary (R-MB-13, R-MB-14).

Every function checks who may act, validates through the pure rules, writes and records
AuditEvents in one transaction; a refusal is a ValidationError with Chinese messages (by
field where there is one) and writes nothing. Nothing is removed automatically: a seat ends
only when an exit case reaches its effective step, and a member is seated only by a valid
vote that elects her.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.periods import today_local
from lvzhi.core.rulesets import verdict
from lvzhi.core.scopes import scope_for
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.orgs import rules as org_rules
from lvzhi.orgs import services as org_services
from lvzhi.orgs.models import Organization, Person, Position, Title
from lvzhi.orgs.services import OutOfScope, ensure_scope

from .. import rules
from ..models import (
    ExitCase,
    ExitStatus,
    Meeting,
    MemberProfile,
    Nomination,
    NominationChannel,
    NominationStatus,
    VoteSession,
    VoteTally,
)
from ..rules.common import RuleError, cn_date, cn_fraction, fraction_param, param
from ..rules.exits import RECOMMEND, SELF_RELEASE
from ..selectors import changes as selectors
from ..selectors.common import committee_size, ruleset_for, seats

CANDIDATE_TITLES = (Title.CHAIR, Title.VICE_CHAIR, Title.MEMBER)
NAME_MAX = 50
NOTE_MAX = 2000
MAX_SUPPORTERS = 100_000


def _now() -> str:
    return timezone.now().isoformat(timespec="seconds")


def _by(actor) -> dict:
    return {"by": actor.get_username(), "by_id": actor.pk, "at": _now()}


def _as_date(value, name: str, errors: dict):
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            value = None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        errors[name] = _("请填写正确的日期")
        return None
    return value


def _clean_note(value, name: str, errors: dict, *, limit=NOTE_MAX):
    value = (value or "").strip()
    if len(value) > limit:
        errors[name] = _("不能超过%(n)d个字") % {"n": limit}
    return value


def _rule_error(exc: RuleError, name: str = "__all__") -> ValidationError:
    return ValidationError({name: str(exc)})


# 退出 -----------------------------------------------------------------------


def _current_seat(organization: Organization, person: Person, day: dt.date) -> Position | None:
    return seats(organization, day).filter(person=person).first()


def _recommendation_evidence(rec: rules.ExitRecommendation, facts: dict, note: str = "") -> list:
    item = {
        "text": rec.evidence,
        "detail": rec.verdict.detail,
        "rule_id": rec.verdict.rule_id,
        "source": rec.verdict.source,
        **facts,
    }
    if note:
        item["note"] = note
    return [item]


def _entered_recommendation(ground, *, person, day, note, ruleset, errors):
    """The recommendation for a ground a cadre enters (R-MB-08 resignation or personal
    reason, R-MB-09 below requirements after training, an R-MB-10 termination ground)."""
    if ground == "resigned":
        # The member asked to resign: the request is the fact; its approval is the
        # procedure of R-MB-11 that follows.
        if day is None:
            errors["date"] = _("请填写本人提出辞职的日期")
            return None, {}
        evidence = _("本人于%(day)s提出辞去执委职务") % {"day": cn_date(day)}
        if note:
            evidence += _("（%(note)s）") % {"note": note}
        detail = _("建议%(kind)s：%(evidence)s") % {
            "kind": rules.KIND_LABELS[SELF_RELEASE],
            "evidence": evidence,
        }
        return (
            rules.ExitRecommendation(
                SELF_RELEASE,
                "resigned",
                evidence,
                verdict("R-MB-08", RECOMMEND, detail, ruleset),
            ),
            {"requested_on": day.isoformat()},
        )
    if ground == "personal":
        if not note:
            errors["note"] = _("请填写不能继续履行执委职务的个人原因")
            return None, {}
        (rec,) = rules.self_release_recommendations(
            today=day or today_local(), personal_reason=note, ruleset=ruleset
        )
        return rec, {}
    if ground == "below_requirements":
        recs = rules.advised_resignation_recommendations(
            below_requirements_after_training=True, ruleset=ruleset
        )
        return recs[0], {}
    (rec,) = rules.termination_recommendations([ground], note=note, ruleset=ruleset)
    return rec, {}


@transaction.atomic
def exit_open(
    *,
    actor,
    organization: Organization,
    person: Person,
    ground: str,
    date=None,
    note: str = "",
    today: dt.date | None = None,
) -> ExitCase:
    """Open an exit case for a seated member: from a recommendation the platform found in
    the data (away, failed_evaluations, absences), or from a ground a cadre enters
    (resigned, personal, below_requirements, or an R-MB-10 termination ground). The case
    starts as a recommendation; the procedure of R-MB-11 decides."""
    ensure_scope(actor, "create", organization)
    today = today or today_local()
    ruleset = ruleset_for(organization)
    errors: dict = {}
    note = _clean_note(note, "note", errors)
    kind = selectors.kind_of_ground(ground, ruleset)
    if kind is None:
        raise ValidationError({"ground": _("请选择退出情形")})
    seat = _current_seat(organization, person, today)
    if seat is None:
        raise ValidationError({"person": _("该人员不是本组织的在任执委")})
    day = None
    if date not in (None, ""):
        day = _as_date(date, "date", errors)
        if day is not None and day > today:
            errors["date"] = _("日期不能晚于今天")
    if ground in selectors.COMPUTED_GROUNDS:
        found = [
            row
            for row in selectors.recommendations_for(
                organization, today, [person.pk], ruleset=ruleset, with_cases=False
            )
            if row.ground == ground
        ]
        if not found:
            raise ValidationError(
                {
                    "ground": _("平台没有发现该情形的依据（%(ground)s）")
                    % {"ground": selectors.ground_labels(ruleset)[ground]}
                }
            )
        rec, facts = found[0].recommendation, found[0].facts
    else:
        rec, facts = _entered_recommendation(
            ground, person=person, day=day, note=note, ruleset=ruleset, errors=errors
        )
    if errors:
        raise ValidationError(errors)
    if ExitCase.objects.filter(
        person=person,
        organization=organization,
        ground=ground,
        status__in=selectors.OPEN_EXIT_STATUSES,
    ).exists():
        raise ValidationError({"ground": _("该人员在此情形下已有未办结的退出事项")})
    case = ExitCase(
        person=person,
        organization=organization,
        org_path=organization.path,
        position=seat,
        kind=kind,
        ground=ground,
        rule_id=rec.verdict.rule_id,
        source=rec.verdict.source,
        evidence=_recommendation_evidence(
            rec, facts, note if ground in selectors.COMPUTED_GROUNDS else ""
        ),
        status=ExitStatus.RECOMMENDED,
        steps=[{"step": "opened", **_by(actor)}],
    )
    case.full_clean()
    case.save()
    audit(actor=actor, action="create", obj=case, changes=diff({}, snapshot(case)))
    return case


def _ensure_may_step(actor, case: ExitCase, step: str) -> None:
    if step == "party_approval":
        if not selectors.is_party_approver(actor, case.organization):
            raise PermissionDenied(_("只有同级党组织的审批人可以批准"))
    elif not selectors.is_cadre(actor, case.organization):
        raise PermissionDenied(_("只有本级妇联组织可以办理这一步骤"))


def _end_seats(*, actor, case: ExitCase, day: dt.date, ruleset) -> list[Position]:
    """End the member's committee seats in the federation on ``day`` with the reason (the
    ground's label, rule id and clause). Audited as updates of the seats."""
    label = selectors.ground_labels(ruleset).get(case.ground, case.ground)
    reason = _("%(kind)s：%(ground)s（%(rule)s，%(source)s）") % {
        "kind": rules.KIND_LABELS[case.kind],
        "ground": label,
        "rule": case.rule_id,
        "source": case.source,
    }
    held = list(
        seats(case.organization, day)
        .filter(person_id=case.person_id)
        .select_for_update(of=("self",))
    )
    if not held:
        raise ValidationError(
            {"date": _("该人员在%(day)s不在任，无法离任") % {"day": cn_date(day)}}
        )
    ended = []
    for seat in held:
        errors = org_rules.position_errors(
            title=seat.title,
            tenure=seat.tenure,
            start_date=seat.start_date,
            end_date=day,
            term_organization_id=None,
            organization_id=seat.organization_id,
        )
        if errors:
            raise ValidationError(errors)
        before = snapshot(seat)
        seat.end_date = day
        seat.end_reason = reason[:200]
        seat.save(update_fields=["end_date", "end_reason", "updated_at"])
        audit(
            actor=actor,
            action="update",
            obj=seat,
            organization=case.organization,
            changes=diff(before, snapshot(seat)),
        )
        ended.append(seat)
    return ended


@transaction.atomic
def exit_step(
    *,
    actor,
    case: ExitCase,
    step: str,
    date=None,
    meeting: Meeting | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> ExitCase:
    """Record one step of R-MB-11 on an exit case: proposal (the federation), party
    approval (the same-level party organization), plenary vote (the federation), or for a
    termination the announcement at the next committee meeting. Out-of-order steps are
    refused naming the missing ones. At the effective step (the plenary vote; a
    termination's party approval) the seat ends with its reason on that date."""
    today = today or today_local()
    case = (
        ExitCase.objects.select_for_update(of=("self",))
        .select_related("organization", "organization__party_organization", "person")
        .get(pk=case.pk)
    )
    organization = case.organization
    if step not in rules.STEP_LABELS:
        raise ValidationError({"step": _("未知的步骤")})
    _ensure_may_step(actor, case, step)
    if case.status == ExitStatus.DISMISSED:
        raise ValidationError({"step": _("该退出事项已不予处理，不能继续办理")})
    ruleset = ruleset_for(organization)
    change = selectors.change_of(case)
    try:
        check = rules.check_procedure_step(
            change, done=selectors.steps_done(case), step=step, ruleset=ruleset
        )
    except RuleError as exc:
        raise _rule_error(exc, "step") from None
    if not check.allowed:
        raise ValidationError({"step": check.verdicts[0].detail})

    errors: dict = {}
    note = _clean_note(note, "note", errors)
    needs_meeting = step == "announcement"
    if meeting is not None:
        if meeting.organization_id != organization.pk or meeting.kind not in (
            selectors.COMMITTEE_MEETING_KINDS
        ):
            errors["meeting"] = _("请选择本组织的执委会议")
        elif date in (None, ""):
            date = meeting.date
    elif needs_meeting:
        errors["meeting"] = _("请选择通报资格终止的执委会议")
    day = _as_date(date, "date", errors) if date not in (None, "") else None
    if day is None and "date" not in errors:
        errors["date"] = _("请填写日期")
    if day is not None:
        previous = [dt.date.fromisoformat(s["date"]) for s in case.steps if s.get("date")]
        if day > today:
            errors["date"] = _("日期不能晚于今天")
        elif previous and day < max(previous):
            errors["date"] = _("日期不能早于上一步骤（%(day)s）") % {"day": cn_date(max(previous))}
        elif meeting is not None and "meeting" not in errors and meeting.date != day:
            errors["date"] = _("日期应为会议召开的日期（%(day)s）") % {"day": cn_date(meeting.date)}
        elif needs_meeting and case.effective_on and day < case.effective_on:
            errors["meeting"] = _("通报会议不能早于资格终止生效日期（%(day)s）") % {
                "day": cn_date(case.effective_on)
            }
    if errors:
        raise ValidationError(errors)

    before = snapshot(case)
    record = {
        "step": step,
        "label": str(rules.STEP_LABELS[step]),
        "date": day.isoformat(),
        "note": note,
        "verdicts": [v.as_dict() for v in check.verdicts],
        **_by(actor),
    }
    if meeting is not None:
        record["meeting"] = {
            "id": meeting.pk,
            "title": meeting.title,
            "date": meeting.date.isoformat(),
        }
    case.steps = [*case.steps, record]
    if step == "proposal":
        case.status = ExitStatus.PROPOSED
    elif step == "party_approval":
        case.status = ExitStatus.APPROVED
    elif step == "announcement":
        case.announced_at = meeting
    if check.effective:
        _end_seats(actor=actor, case=case, day=day, ruleset=ruleset)
        case.status = ExitStatus.EFFECTIVE
        case.effective_on = day
        case.decided_by = actor
    case.save()
    audit(actor=actor, action=step, obj=case, changes=diff(before, snapshot(case)))
    return case


@transaction.atomic
def exit_dismiss(*, actor, case: ExitCase, reason: str) -> ExitCase:
    """不予处理: the federation closes a case that is not in effect, with a reason."""
    case = (
        ExitCase.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=case.pk)
    )
    if not selectors.is_cadre(actor, case.organization):
        raise PermissionDenied(_("只有本级妇联组织可以作出不予处理的决定"))
    errors: dict = {}
    reason = _clean_note(reason, "reason", errors)
    if not reason:
        errors["reason"] = _("请填写不予处理的理由")
    if errors:
        raise ValidationError(errors)
    if case.status not in selectors.OPEN_EXIT_STATUSES:
        raise ValidationError(
            {
                "reason": _("该退出事项已%(status)s，不能不予处理")
                % {"status": case.get_status_display()}
            }
        )
    before = snapshot(case)
    case.status = ExitStatus.DISMISSED
    case.steps = [*case.steps, {"step": "dismissed", "note": reason, **_by(actor)}]
    case.save()
    audit(actor=actor, action="dismiss", obj=case, changes=diff(before, snapshot(case)))
    return case


# 提名 -----------------------------------------------------------------------


def _supporters_verdict(size: int, members: int, women: int, ruleset) -> dict:
    """The arithmetic of a nomination by the masses that has enough supporters."""
    share = fraction_param("R-MB-12", "masses_member_share", ruleset)
    detail = _(
        "执委会现有%(size)d人，%(share)s以上为至少%(need)d人；联名执委%(members)d人，"
        "联名妇女群众%(women)d人（需%(women_needed)d名以上）；推荐人数符合规定"
    ) % {
        "size": size,
        "share": cn_fraction(share),
        "need": rules.masses_member_threshold(size, ruleset),
        "members": members,
        "women": women,
        "women_needed": param("R-MB-12", "masses_women", ruleset),
    }
    return verdict("R-MB-12", "supporters_ok", detail, ruleset).as_dict()


def _count(value, name: str, errors: dict) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= MAX_SUPPORTERS:
        errors[name] = _("请填写0至%(max)d之间的整数") % {"max": MAX_SUPPORTERS}
        return 0
    return number


@transaction.atomic
def nomination_create(
    *,
    actor,
    organization: Organization,
    channel: str,
    person: Person | None = None,
    new_person: dict | None = None,
    residence: str = "",
    title: str = Title.MEMBER,
    supporters_members=0,
    supporters_women=0,
    extra_seat_kind: str = "",
    replaces: Position | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> Nomination:
    """R-MB-12: record a nomination by the party organization, by the masses (≥ 1/3 of the
    members or ≥ 20 women, counted against the committee on ``today``) or by the candidate
    herself. A new candidate is put on record at the federation (name, workplace)."""
    ensure_scope(actor, "create", organization)
    today = today or today_local()
    ruleset = ruleset_for(organization)
    errors: dict = {}
    if channel not in NominationChannel.values:
        errors["channel"] = _("请选择推荐方式")
    if title not in CANDIDATE_TITLES:
        errors["title"] = _("请选择拟任职务")
    residence = _clean_note(residence, "residence", errors, limit=200)
    note = _clean_note(note, "note", errors)
    members = _count(supporters_members, "supporters_members", errors)
    women = _count(supporters_women, "supporters_women", errors)
    if channel != NominationChannel.MASSES:
        members = women = 0
    extra_seat_kind = (extra_seat_kind or "").strip()
    if extra_seat_kind and extra_seat_kind not in rules.extra_seat_kinds(ruleset):
        errors["extra_seat_kind"] = _("请从第九条所列人员类别中选择")
    new_person = {k: (v or "").strip() for k, v in (new_person or {}).items()}
    if person is None and not new_person.get("name"):
        errors["person"] = _("请选择候选人，或填写新候选人的姓名")
    elif person is not None and new_person.get("name"):
        errors["person"] = _("请选择已登记的人员或填写新候选人，二者选一")
    elif person is not None and not scope_for(actor, "view").covers(person.org_path):
        errors["person"] = _("人员不存在或不在您的管理范围内")
    if new_person.get("name") and len(new_person["name"]) > NAME_MAX:
        errors["new_name"] = _("不能超过%(n)d个字") % {"n": NAME_MAX}
    if replaces is not None:
        current = seats(organization, today).filter(pk=replaces.pk).exists()
        if not current:
            errors["replaces"] = _("被替补的应是本组织的在任执委")
    if person is not None and "person" not in errors:
        if title in selectors.seated_titles(organization, person, today):
            errors["person"] = _("该人员已在本届执委会担任此职务")
        elif Nomination.objects.filter(
            organization=organization,
            person=person,
            status__in=selectors.OPEN_NOMINATION_STATUSES,
        ).exists():
            errors["person"] = _("该人员已有待表决的提名")
    size = committee_size(organization, today)
    verdicts = []
    if channel == NominationChannel.MASSES and "supporters_members" not in errors:
        try:
            counted = rules.nomination_check(
                channel,
                committee_size=size,
                supporting_members=members,
                supporting_women=women,
                initial_review=True,
                party_review=True,
                ruleset=ruleset,
            )
        except RuleError as exc:
            errors["supporters_members"] = str(exc)
        else:
            if counted.missing:
                errors["supporters_members"] = "；".join(counted.missing)
            else:
                verdicts.append(_supporters_verdict(size, members, women, ruleset))
    if errors:
        raise ValidationError(errors)

    if person is None:
        person = org_services.person_create(
            actor=actor,
            organization=organization,
            name=new_person["name"],
            workplace=new_person.get("workplace", "")[:200],
        )
    nomination = Nomination(
        organization=organization,
        org_path=organization.path,
        person=person,
        channel=channel,
        title=title,
        supporters_members=members,
        supporters_women=women,
        extra_seat_kind=extra_seat_kind,
        replaces=replaces,
        residence=residence,
        note=note,
        status=NominationStatus.SUBMITTED,
        steps=[
            {
                "step": "nominated",
                "date": today.isoformat(),
                "committee_size": size,
                **_by(actor),
            }
        ],
    )
    state = selectors.nomination_state(nomination, ruleset)
    nomination.verdicts = [*verdicts, state.verdict.as_dict()]
    nomination.full_clean()
    nomination.save()
    audit(actor=actor, action="create", obj=nomination, changes=diff({}, snapshot(nomination)))
    return nomination


REVIEW_ACTIONS = ("initial_review", "party_review", "reject")


@transaction.atomic
def nomination_review(
    *, actor, nomination: Nomination, action: str, note: str = "", today: dt.date | None = None
) -> Nomination:
    """R-MB-12 reviews: the federation's initial review of a self-nomination, the
    same-level party organization's review of a nomination by the masses or by oneself, or
    a rejection by either."""
    today = today or today_local()
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("organization", "organization__party_organization", "person")
        .get(pk=nomination.pk)
    )
    organization = nomination.organization
    if action not in REVIEW_ACTIONS:
        raise ValidationError({"action": _("未知的审查操作")})
    cadre = selectors.is_cadre(actor, organization)
    approver = selectors.is_party_approver(actor, organization)
    if action == "initial_review" and not cadre:
        raise PermissionDenied(_("初审由本级妇联组织进行"))
    if action == "party_review" and not approver:
        raise PermissionDenied(_("只有同级党组织的审批人可以审议"))
    if action == "reject" and not (cadre or approver):
        raise PermissionDenied(_("只有本级妇联组织或同级党组织可以作出不通过的决定"))
    errors: dict = {}
    note = _clean_note(note, "note", errors)
    if action == "reject" and not note:
        errors["note"] = _("请填写不通过的理由")
    if errors:
        raise ValidationError(errors)
    if nomination.status not in selectors.OPEN_NOMINATION_STATUSES:
        raise ValidationError(
            {
                "action": _("该提名已%(status)s，不能再审查")
                % {"status": nomination.get_status_display()}
            }
        )
    ruleset = ruleset_for(organization)
    done = selectors.nomination_reviews(nomination)
    channel = nomination.channel
    if action == "initial_review":
        if channel != NominationChannel.SELF:
            raise ValidationError({"action": _("只有个人自荐需要本级妇联组织初审")})
        if "initial_review" in done:
            raise ValidationError({"action": _("已经初审")})
    if action == "party_review":
        if channel == NominationChannel.PARTY:
            raise ValidationError({"action": _("组织推荐的名单由同级党组织提出，无需再审议")})
        if "party_review" in done:
            raise ValidationError({"action": _("同级党组织已经审议通过")})
        pending = rules.nomination_check(
            channel,
            committee_size=max(selectors.nomination_committee_size(nomination), 1),
            supporting_members=nomination.supporters_members,
            supporting_women=nomination.supporters_women,
            initial_review="initial_review" in done,
            party_review=True,
            ruleset=ruleset,
        )
        if pending.missing:
            raise ValidationError(
                {"action": _("请先完成：%(missing)s") % {"missing": "；".join(pending.missing)}}
            )
    before = snapshot(nomination)
    record = {
        "step": "rejected" if action == "reject" else action,
        "date": today.isoformat(),
        "note": note,
        **_by(actor),
    }
    nomination.steps = [*nomination.steps, record]
    if action == "reject":
        nomination.status = NominationStatus.REJECTED
    elif action == "initial_review":
        nomination.status = NominationStatus.INITIAL_REVIEWED
    else:
        nomination.status = NominationStatus.PARTY_APPROVED
    state = selectors.nomination_state(nomination, ruleset)
    nomination.verdicts = [
        *(v for v in nomination.verdicts if v.get("outcome") == "supporters_ok"),
        state.verdict.as_dict(),
    ]
    nomination.save()
    audit(actor=actor, action=action, obj=nomination, changes=diff(before, snapshot(nomination)))
    return nomination


# 表决 -----------------------------------------------------------------------


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
    present_names = names
    if meeting is not None:
        attended = dict(
            meeting.attendance.filter(status="present").values_list("person_id", "person__name")
        )
        if attended:
            present_names = {pk: name for pk, name in attended.items() if pk in names}
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
        raise ValidationError({"scrutineers": list(officers.problems)})

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
    from . import profiles

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


__all__ = [
    "REVIEW_ACTIONS",
    "OutOfScope",
    "Tally",
    "VoteEvaluation",
    "exit_dismiss",
    "exit_open",
    "exit_step",
    "nomination_create",
    "nomination_review",
    "vote_session_evaluate",
    "vote_session_record",
]
