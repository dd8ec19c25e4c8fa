"""Exit cases (R-MB-08…10) through the procedure of R-MB-11: opened from a recommendation
the platform found or a ground a cadre enters; the seat ends only at the effective step."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core import hooks
from lvzhi.core.periods import today_local
from lvzhi.core.rulesets import verdict
from lvzhi.core.scopes import ensure_scope
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.members import rules
from lvzhi.members.changes import selectors
from lvzhi.members.changes.services._helpers import NOTE_MAX, _as_date, _by, _rule_error
from lvzhi.members.common.selectors import ruleset_for, seats
from lvzhi.members.common.services import clean_text
from lvzhi.members.models import ExitCase, ExitStatus, Meeting
from lvzhi.members.rules.common import RuleError, cn_date
from lvzhi.members.rules.exits import RECOMMEND, SELF_RELEASE
from lvzhi.orgs import rules as org_rules
from lvzhi.orgs.models import Organization, Person, Position


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
    note = clean_text(note, "note", errors, limit=NOTE_MAX)
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
        dates_before = {"title": seat.title, "start_date": seat.start_date, "end_date": None}
        seat.end_date = day
        seat.end_reason = reason[:200]
        seat.save(update_fields=["end_date", "end_reason", "updated_at"])
        hooks.run("seat_changed", position=seat, before=dates_before)
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
    note = clean_text(note, "note", errors, limit=NOTE_MAX)
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
    reason = clean_text(reason, "reason", errors, limit=NOTE_MAX)
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
