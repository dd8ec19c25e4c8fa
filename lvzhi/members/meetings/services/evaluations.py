"""Evaluations and yearly results (R-EX-09, CQ-LZ 第八条), 优秀执委 and incentives
(R-EX-10, CQ-BZ 第二–五条)."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.periods import today_local
from lvzhi.core.services import audit, audit_bulk, diff, snapshot
from lvzhi.members.common.selectors import ruleset_for
from lvzhi.members.common.services import clean_text
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings.services._helpers import (
    MAX_AMOUNT,
    NOTE_MAX,
    _check_year,
    _ensure,
    _names,
    _person_ids,
    _seated_or_error,
)
from lvzhi.members.models import (
    Evaluation,
    EvaluatorKind,
    Incentive,
    IncentiveKind,
    Meeting,
    YearResult,
)
from lvzhi.orgs.models import Organization, Person


@transaction.atomic
def evaluations_record(
    *,
    actor,
    organization: Organization,
    year,
    evaluator_kind: str,
    grades: Mapping,
    evaluator_name: str = "",
    evaluator: Person | None = None,
    meeting: Meeting | None = None,
    today: dt.date | None = None,
) -> list[Evaluation]:
    """One evaluator's grades of members (person → grade): a women's representative
    (妇女代表), a fellow member (执委互评, never of herself, once a year per member) or the
    federation (CQ-LZ 第八条)."""
    today = today or today_local()
    _ensure(actor, "create", organization)
    ruleset = ruleset_for(organization)
    allowed = sel.grades(ruleset)
    errors = {}
    year = _check_year(year, today, errors)
    if evaluator_kind not in EvaluatorKind.values:
        errors["evaluator_kind"] = _("请选择评议人类别")
    evaluator_name = clean_text(evaluator_name, "evaluator_name", errors, limit=50)
    if evaluator_kind == EvaluatorKind.MEMBER and evaluator is None:
        errors["evaluator"] = _("执委互评请选择评议的执委")
    if evaluator_kind == EvaluatorKind.REPRESENTATIVE and evaluator is not None:
        errors["evaluator"] = _("妇女代表评议不选择执委，请填写代表姓名")
    grades = {pk: grade for pk, grade in zip(_person_ids(grades), grades.values(), strict=True)}
    if not grades:
        errors["grades"] = _("请至少评议一名执委")
    bad = [pk for pk, grade in grades.items() if grade not in allowed]
    if bad:
        errors["grades"] = _("评议等次只能是%(grades)s：%(names)s") % {
            "grades": "、".join(allowed),
            "names": _names(bad, actor),
        }
    if meeting is not None and year is not None:
        if meeting.organization_id != organization.pk:
            errors["meeting"] = _("只能选择本组织的会议")
        elif meeting.date.year != year:
            errors["meeting"] = _("会议不在%(year)d年度") % {"year": year}
    if errors:
        raise ValidationError(errors)
    members = {m.person.pk for m in sel.committee_members(organization, *_year_bounds(year))}
    outsiders = [pk for pk in grades if pk not in members]
    if outsiders:
        raise ValidationError(
            {
                "grades": _("%(names)s在%(year)d年不是%(org)s的执委，不能评议")
                % {"names": _names(outsiders, actor), "year": year, "org": organization.name}
            }
        )
    if evaluator is not None:
        if evaluator.pk not in members:
            raise ValidationError(
                {
                    "evaluator": _("评议人%(name)s在%(year)d年不是本组织执委")
                    % {"name": evaluator.name, "year": year}
                }
            )
        if evaluator.pk in grades:
            raise ValidationError({"evaluator": _("执委不能评议自己")})
        evaluator_name = evaluator_name or evaluator.name
        done = list(
            Evaluation.objects.filter(
                organization=organization, year=year, evaluator=evaluator, person_id__in=grades
            ).values_list("person_id", flat=True)
        )
        if done:
            raise ValidationError(
                {
                    "grades": _("%(evaluator)s已评议过%(names)s（每年一次）")
                    % {"evaluator": evaluator.name, "names": _names(done, actor)}
                }
            )
    rows = Evaluation.objects.bulk_create(
        [
            Evaluation(
                person_id=pk,
                organization=organization,
                org_path=organization.path,
                year=year,
                meeting=meeting,
                evaluator_kind=evaluator_kind,
                evaluator_name=evaluator_name,
                evaluator=evaluator,
                grade=grade,
            )
            for pk, grade in grades.items()
        ]
    )
    rows = list(
        Evaluation.objects.filter(pk__in=[r.pk for r in rows]).select_related(
            "person", "organization", "evaluator", "meeting"
        )
    )
    audit_bulk(actor=actor, action="create", objects=rows)
    return rows


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@transaction.atomic
def year_result_decide(
    *, actor, person: Person, organization: Organization, year, grade: str, today=None
) -> YearResult:
    """The cadre decides a member's yearly result from her evaluations (kept per year;
    R-MB-09 reads two consecutive 不合格)."""
    today = today or today_local()
    _ensure(actor, "change", organization)
    errors = {}
    year = _check_year(year, today, errors)
    allowed = sel.grades(ruleset_for(organization))
    if grade not in allowed:
        errors["grade"] = _("年度评议结果只能是%(grades)s") % {"grades": "、".join(allowed)}
    if errors:
        raise ValidationError(errors)
    _seated_or_error(person, organization, year)
    if not Evaluation.objects.filter(person=person, organization=organization, year=year).exists():
        raise ValidationError(
            {
                "grade": _("%(name)s在%(year)d年度尚无评议记录，不能确定年度评议结果")
                % {
                    "name": person.name,
                    "year": year,
                }
            }
        )
    result = (
        YearResult.objects.select_for_update()
        .filter(person=person, organization=organization, year=year)
        .first()
    )
    if result is None:
        result = YearResult.objects.create(
            person=person,
            organization=organization,
            org_path=organization.path,
            year=year,
            grade=grade,
            decided_by=actor,
        )
        audit(actor=actor, action="create", obj=result, changes=diff({}, snapshot(result)))
        return result
    before = snapshot(result)
    result.grade = grade
    result.decided_by = actor
    if result.is_excellent and grade != allowed[0]:
        result.is_excellent = False  # 优秀执委 needs the top grade
    result.save()
    changes = diff(before, snapshot(result))
    if changes:
        audit(actor=actor, action="update", obj=result, changes=changes)
    return result


# Excellent members and incentives ------------------------------------------------------


@transaction.atomic
def excellent_select(*, actor, result: YearResult, is_excellent: bool = True) -> YearResult:
    """Select (or unselect) a member as 优秀执委 of the year (R-EX-10; CQ-BZ 第二条、第三条):
    only a member whose yearly result is the top grade."""
    organization = result.organization
    _ensure(actor, "change", organization)
    result = YearResult.objects.select_for_update().get(pk=result.pk)
    top = sel.grades(ruleset_for(organization))[0]
    if is_excellent and result.grade != top:
        raise ValidationError(
            {
                "is_excellent": _(
                    "年度评议结果为“%(top)s”的执委才能评为优秀执委（%(name)s为“%(grade)s”）"
                )
                % {"top": top, "name": result.person.name, "grade": result.grade}
            }
        )
    if result.is_excellent == is_excellent:
        return result
    if (
        not is_excellent
        and Incentive.objects.filter(
            person=result.person, organization=organization, year=result.year
        ).exists()
    ):
        raise ValidationError({"is_excellent": _("已给予激励的优秀执委不能取消评选")})
    before = snapshot(result)
    result.is_excellent = is_excellent
    result.decided_by = actor
    result.save(update_fields=["is_excellent", "decided_by", "updated_at"])
    audit(
        actor=actor,
        action="select" if is_excellent else "unselect",
        obj=result,
        changes=diff(before, snapshot(result)),
    )
    return result


@transaction.atomic
def incentive_give(
    *,
    actor,
    person: Person,
    organization: Organization,
    year,
    kind: str,
    note: str = "",
    amount=None,
    today=None,
) -> Incentive:
    """An incentive for an 优秀执委 (CQ-BZ 第四条: 通报表扬, 宣传, 评先评优, 后备干部, 推荐使用;
    第五条: 经费补助 with its amount)."""
    today = today or today_local()
    _ensure(actor, "create", organization)
    errors = {}
    year = _check_year(year, today, errors)
    if kind not in IncentiveKind.values:
        errors["kind"] = _("请选择激励方式")
    note = clean_text(note, "note", errors, limit=NOTE_MAX)
    if amount in ("", None):
        amount = None
    else:
        try:
            amount = Decimal(str(amount))
        except (InvalidOperation, ValueError):
            amount = None
            errors["amount"] = _("补助金额应为数字")
    if kind == IncentiveKind.SUBSIDY and "amount" not in errors:
        if amount is None:
            errors["amount"] = _("经费补助请填写金额")
        elif not Decimal("0") < amount <= MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
            errors["amount"] = _("补助金额应大于0，最多保留两位小数")
    elif kind in IncentiveKind.values and amount is not None and "amount" not in errors:
        errors["amount"] = _("只有经费补助填写金额")
    if errors:
        raise ValidationError(errors)
    if not YearResult.objects.filter(
        person=person, organization=organization, year=year, is_excellent=True
    ).exists():
        raise ValidationError(
            {
                "person": _(
                    "%(name)s未评为%(year)d年度优秀执委，不能给予激励（CQ-BZ 第四条、第五条）"
                )
                % {"name": person.name, "year": year}
            }
        )
    if (
        kind != IncentiveKind.SUBSIDY
        and Incentive.objects.filter(
            person=person, organization=organization, year=year, kind=kind
        ).exists()
    ):
        raise ValidationError({"kind": _("该激励已记录")})
    incentive = Incentive.objects.create(
        person=person,
        organization=organization,
        org_path=organization.path,
        year=year,
        kind=kind,
        note=note,
        amount=amount,
    )
    audit(actor=actor, action="create", obj=incentive, changes=diff({}, snapshot(incentive)))
    return incentive
