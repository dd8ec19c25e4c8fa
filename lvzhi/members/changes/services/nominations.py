"""Nominations (R-MB-12): by the party organization, by the masses or by the candidate
herself, and their reviews."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.periods import today_local
from lvzhi.core.rulesets import verdict
from lvzhi.core.scopes import ensure_scope, scope_for
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.members import rules
from lvzhi.members.changes import selectors
from lvzhi.members.changes.services._helpers import (
    CANDIDATE_TITLES,
    NAME_MAX,
    NOTE_MAX,
    _by,
    _count,
)
from lvzhi.members.common.selectors import committee_size, ruleset_for, seats
from lvzhi.members.common.services import clean_text
from lvzhi.members.models import Nomination, NominationChannel, NominationStatus
from lvzhi.members.rules.common import RuleError, cn_fraction, fraction_param, param
from lvzhi.orgs import services as org_services
from lvzhi.orgs.models import Organization, Person, Position, Title


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
    residence = clean_text(residence, "residence", errors, limit=200)
    note = clean_text(note, "note", errors, limit=NOTE_MAX)
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
    note = clean_text(note, "note", errors, limit=NOTE_MAX)
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
