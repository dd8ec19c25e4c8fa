"""Writes of the third-party evaluation (第十五条). Each function checks the actor (the
federation's cadre for accounts and plans, the plan's evaluator for scores), applies the
rules, writes and records an AuditEvent in one transaction; a refusal is a
``ValidationError`` with Chinese messages by field and changes nothing."""

import secrets
import time

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import public_ratings
from lvzhi.core.models import Role, RoleAssignment
from lvzhi.core.scopes import ensure_scope, forget_scopes
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.orgs.models import Organization
from lvzhi.socialorgs.services import federation_error

from . import report_docx, rules, selectors
from .models import Evaluation, EvaluationPlan, EvaluationStatus, Rating
from .roles import EVALUATOR, ensure_roles


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# 评估账号与安排 -----------------------------------------------------------------------


@transaction.atomic
def evaluator_create(
    *, actor, federation: Organization, username: str, password: str, display_name: str = ""
):
    """An evaluator's login, created by a cadre of ``federation``. Her role is assigned at
    the federation without its subtree and allows none of its actions."""
    ensure_scope(actor, "change", federation)
    User = get_user_model()
    username = (username or "").strip()
    errors = {}
    if not username:
        errors["username"] = _("请填写登录名")
    elif len(username) > 150:
        errors["username"] = _("登录名不超过150字")
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("该登录名已被使用")
    if not errors:
        try:
            password_validation.validate_password(password, User(username=username))
        except ValidationError as exc:
            errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user = User(username=username, first_name=(display_name or "").strip()[:150])
    user.set_password(password)
    user.save()
    return evaluator_assign(actor=actor, federation=federation, user=user)


@transaction.atomic
def evaluator_assign(*, actor, federation: Organization, user):
    """Give an existing account the evaluator's role at ``federation`` (no subtree, none
    of its actions); ``evaluator_create`` ends here, the demo calls it for its account."""
    ensure_scope(actor, "change", federation)
    ensure_roles(Role)
    RoleAssignment.objects.create(
        user=user,
        role=Role.objects.get(code=EVALUATOR),
        organization=federation,
        include_descendants=False,
    )
    forget_scopes(user)
    audit(
        actor=actor,
        action="evaluator_create",
        obj=user,
        organization=federation,
        changes={"username": [None, user.username]},
    )
    return user


def evaluators(federation: Organization):
    """The evaluator accounts assigned at ``federation``."""
    return (
        get_user_model()
        .objects.filter(
            role_assignments__role__code=EVALUATOR, role_assignments__organization=federation
        )
        .distinct()
    )


def _plan_errors(fields: dict) -> dict:
    errors = rules.weights_errors({g: fields.get(f"weight_{g}") for g in rules.GROUNDS})
    problem = rules.threshold_error(fields.get("threshold"))
    if problem:
        errors["threshold"] = problem
    agency = (fields.get("agency") or "").strip()
    if "agency" in fields and not agency:
        errors["agency"] = _("请填写第三方评估机构")
    elif len(agency) > 120:
        errors["agency"] = _("评估机构名称不超过120字")
    return errors


def _sync(plan: EvaluationPlan) -> int:
    """An evaluation for each funded project of the plan's year not yet evaluated."""
    taken = Evaluation.objects.filter(application__batch__federation=plan.federation).values(
        "application_id"
    )
    new = [
        Evaluation(
            plan=plan,
            application=application,
            org_path=plan.org_path,
            public_key=secrets.token_urlsafe(16),
        )
        for application in selectors.funded_applications(plan.federation, plan.year).exclude(
            pk__in=taken
        )
    ]
    Evaluation.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def plan_create(
    *,
    actor,
    federation: Organization,
    year,
    evaluator,
    agency: str = "",
    weight_satisfaction=rules.DEFAULT_WEIGHTS["satisfaction"],
    weight_capacity=rules.DEFAULT_WEIGHTS["capacity"],
    weight_results=rules.DEFAULT_WEIGHTS["results"],
    threshold=rules.DEFAULT_THRESHOLD,
) -> EvaluationPlan:
    """Engage ``evaluator`` for the funded projects of ``year``, with the federation's
    weights (summing 100) and threshold; the year's funded projects are assigned."""
    ensure_scope(actor, "change", federation)
    fields = {
        "agency": agency,
        "weight_satisfaction": weight_satisfaction,
        "weight_capacity": weight_capacity,
        "weight_results": weight_results,
        "threshold": threshold,
    }
    errors = _plan_errors(fields)
    problem = federation_error(federation)
    if problem:
        errors["federation"] = problem
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        errors["year"] = _("年度无效")
    if evaluator is None or not evaluators(federation).filter(pk=evaluator.pk).exists():
        errors["evaluator"] = _("请选择本妇联的第三方评估账号")
    if errors:
        raise ValidationError(errors)
    plan = EvaluationPlan(
        federation=federation,
        org_path=federation.path,
        year=year,
        evaluator=evaluator,
        agency=agency.strip(),
        weight_satisfaction=int(weight_satisfaction),
        weight_capacity=int(weight_capacity),
        weight_results=int(weight_results),
        threshold=int(threshold),
        created_by=_user(actor),
    )
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise ValidationError({"evaluator": _("该评估账号已承担本年度的评估")}) from None
    assigned = _sync(plan)
    audit(
        actor=actor,
        action="evaluation_plan_create",
        obj=plan,
        organization=federation,
        changes={**diff({}, snapshot(plan)), "assigned": [None, assigned]},
    )
    return plan


@transaction.atomic
def plan_update(*, actor, plan: EvaluationPlan, **fields) -> EvaluationPlan:
    """Change the weights, threshold or agency until an evaluation is submitted; also
    assigns the year's projects funded since."""
    plan = EvaluationPlan.objects.select_for_update().select_related("federation").get(pk=plan.pk)
    ensure_scope(actor, "change", plan.federation)
    allowed = {"agency", "weight_satisfaction", "weight_capacity", "weight_results", "threshold"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: _("不能修改该字段") for name in sorted(unknown)})
    merged = {
        "agency": plan.agency,
        "weight_satisfaction": plan.weight_satisfaction,
        "weight_capacity": plan.weight_capacity,
        "weight_results": plan.weight_results,
        "threshold": plan.threshold,
        **fields,
    }
    errors = _plan_errors(merged)
    if errors:
        raise ValidationError(errors)
    scoring = {k for k in fields if k != "agency"}
    changed = {k for k in scoring if int(merged[k]) != getattr(plan, k)}
    if changed and plan.evaluations.filter(status=EvaluationStatus.SUBMITTED).exists():
        raise ValidationError({"weights": _("已有项目提交评估，不能再修改权重和合格分数线")})
    before = snapshot(plan)
    plan.agency = merged["agency"].strip()
    for name in scoring:
        setattr(plan, name, int(merged[name]))
    plan.save()
    assigned = _sync(plan)
    changes = diff(before, snapshot(plan))
    if assigned:
        changes["assigned"] = [None, assigned]
    audit(
        actor=actor,
        action="evaluation_plan_update",
        obj=plan,
        organization=plan.federation,
        changes=changes,
    )
    return plan


# 评分 -------------------------------------------------------------------------------


def _decimal(value):
    from decimal import Decimal

    return Decimal(str(value)).quantize(rules.ONE_PLACE)


@transaction.atomic
def evaluation_score(
    *, actor, evaluation: Evaluation, capacity, results, satisfaction=None, comment: str = ""
) -> Evaluation:
    """The evaluator scores a project: service capacity and results (0–100); the
    beneficiaries' satisfaction comes from their ratings, or, without any, from her own
    survey (``satisfaction``). The weighted score and verdict are computed by the rules,
    the Word report is generated, and the evaluation is submitted (scoring again replaces
    both, until the federation's next year's batch is decided: always allowed here)."""
    row = (
        Evaluation.objects.select_for_update()
        .select_related("plan__federation", "application__batch", "application__organization")
        .get(pk=evaluation.pk)
    )
    if not selectors.is_evaluator_of(actor, row):
        raise PermissionDenied(_("只有受委托的评估人员可以评分"))
    labels = rules.ground_labels()
    errors = {}
    for name, value in (("capacity", capacity), ("results", results)):
        problem = rules.score_error(value, labels[name])
        if problem:
            errors[name] = problem
    scores = selectors.rating_scores(row)
    from_ratings = rules.satisfaction_from_ratings(scores)
    if from_ratings is None:
        problem = rules.score_error(satisfaction, labels["satisfaction"])
        if problem:
            errors["satisfaction"] = (
                _("尚无受益对象在线评价，请填写满意度调查得分")
                if (satisfaction in (None, ""))
                else problem
            )
    if len(comment or "") > 4000:
        errors["comment"] = _("评估意见不超过4000字")
    if errors:
        raise ValidationError(errors)
    before = snapshot(row)
    row.satisfaction_from_ratings = from_ratings is not None
    row.satisfaction_score = from_ratings if from_ratings is not None else _decimal(satisfaction)
    row.capacity_score = _decimal(capacity)
    row.results_score = _decimal(results)
    result = rules.evaluation_verdict(
        {
            "satisfaction": row.satisfaction_score,
            "capacity": row.capacity_score,
            "results": row.results_score,
        },
        row.plan.weights,
        row.plan.threshold,
    )
    row.weighted_score = result.score
    row.passed = result.passed
    row.verdict = result.verdict.as_dict()
    row.comment = (comment or "").strip()
    row.status = EvaluationStatus.SUBMITTED
    row.submitted_at = timezone.now()
    old_report = row.report.name if row.report else ""
    content = report_docx.build_report_docx(row, len(scores))
    row.report.save(f"{row.pk}.docx", ContentFile(content), save=False)
    row.save()
    if old_report:
        transaction.on_commit(lambda: row.report.storage.delete(old_report))
    audit(
        actor=actor,
        action="evaluation_score",
        obj=row,
        organization=row.plan.federation,
        changes=diff(before, snapshot(row)),
    )
    return row


# 受益对象评价（公开） ------------------------------------------------------------------

FORM = public_ratings.PublicRating(
    salt="lvzhi.socialorgs.evaluation-rating",
    field="e",
    cookie_prefix="er",
    limit_setting="SOCIALORGS_RATING_RATE_LIMIT",
)
form_token = FORM.form_token
already_rated = FORM.already_rated
mark_rated = FORM.mark_rated
RateLimited = public_ratings.RateLimited


@transaction.atomic
def rating_create(
    *, actor, evaluation: Evaluation, score, comment: str, token: str, client_address: str
) -> Rating:
    """One beneficiary's rating by the public form. Refusals write nothing."""
    now = time.time()
    kept = FORM.check_rate(client_address, now)
    nonce = FORM.check_token(token, evaluation)
    errors = public_ratings.rating_errors(score=score, comment=comment)
    if errors:
        raise ValidationError(errors)
    rating = Rating(
        evaluation=evaluation,
        org_path=evaluation.org_path,
        score=int(score),
        comment=(comment or "").strip(),
        nonce=nonce,
    )
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        raise ValidationError(_("该评价已提交，请勿重复提交")) from None
    FORM.count_rate(client_address, kept, now)
    audit(
        actor=actor,
        action="evaluation_rate",
        obj=rating,
        changes={"score": [None, rating.score], "comment": [None, f"{len(rating.comment)}字"]},
        organization=evaluation.plan.federation,
    )
    return rating
