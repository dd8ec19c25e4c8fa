"""Writes of social projects (社会化项目, CQ-SO 第六条、第十七条).

- The federation publishes a batch (title, content, budget, eligibility, deadline).
- The federation gives a filed organization its account (the organization user).
- The organization applies with its plan and budget (eligibility checked, R-SO-03).
- The federation accepts the application, which opens its case on the process engine
  (审核 → 立项决定 → 签订协议 → 中期报告 → 结项报告), and moves it step by step here;
  the organization hands in the midterm and final reports; closing the project writes the
  project-results entry into the organization's supervision ledger (第十二条).

Each move locks the application, checks that the actor acts on the case's current step,
moves the case with ``step_transition(via="socialorgs")`` and records the verdict and an
AuditEvent in one transaction. The ``case_step`` hook ``refuse_step_elsewhere`` refuses a
move made from the generic case page or API, which would skip these records. Files stored
before a rollback are removed."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import files
from lvzhi.core.models import Role, RoleAssignment
from lvzhi.core.periods import today_local
from lvzhi.core.rulesets import Verdict
from lvzhi.core.scopes import OutOfScope, ensure_scope, forget_scopes
from lvzhi.core.services import audit
from lvzhi.orgs.models import Organization
from lvzhi.processes import services as processes
from lvzhi.processes.models import (
    ActorKind,
    CaseStatus,
    ProcessTemplate,
    StepKind,
    StepStatus,
    VersionStatus,
)
from lvzhi.processes.selectors import acts_on

from .. import rules as rules_so
from .. import services as socialorgs_services
from ..models import EntryKind, SocialOrganization, Status
from ..roles import ORG_USER, ensure_roles
from . import rules, selectors
from .models import (
    ApplicationStatus,
    DocumentKind,
    OrganizationAccount,
    ProjectApplication,
    ProjectBatch,
    ProjectDocument,
)

TEMPLATE_NAME = "社会化项目申报（审核、立项、协议、中期、结项；CQ-SO 第六条、第十七条）"
VIA = "socialorgs"  # what these services pass to processes.step_transition
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_KINDS_ALLOWED = ("pdf", "docx", "doc", "xlsx", "xls")
# the case's steps in order, and the application's status while each is active
STEP_STATUSES = (
    ApplicationStatus.REVIEW,
    ApplicationStatus.DECISION,
    ApplicationStatus.CONTRACT,
    ApplicationStatus.MIDTERM,
    ApplicationStatus.FINAL,
)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def refuse_step_elsewhere(*, case, step, action, via) -> None:
    """The ``case_step`` hook: a project's case moves only through these services, which
    record the decision, the funded amount, the contract, the reports and the ledger entry
    beside it; moved from the generic case page or its API it would skip them."""
    if via != VIA and ProjectApplication.objects.filter(case_id=case.pk).exists():
        raise ValidationError(_("这是社会化项目申报的办件，请在项目申报页面办理。"))


def refuse_cancel_elsewhere(*, case, actor, reason, via) -> None:
    """The ``case_cancel`` hook: a project's case is not cancelled from the generic case
    page or its API. Refused rather than followed, because a federation that stops an
    application owes the organization its answer on the application: 不予立项 with a
    reason at 审核 (also while it is returned for revision) or 立项决定, recorded as a
    verdict she reads on her page; or her own withdrawal before acceptance. A bare cancel
    would leave the application in its step with no answer, and a funded project (协议
    onwards) has money and a contract behind it that a cancel does not undo."""
    if via != VIA and ProjectApplication.objects.filter(case_id=case.pk).exists():
        raise ValidationError(
            _(
                "这是社会化项目申报的办件，不能在此撤销：请在项目申报页面办理"
                "（不予立项须说明理由，社会组织可撤回尚未受理的申报）。"
            )
        )


def refuse_reopen_elsewhere(*, case, actor, reason, via) -> None:
    """The ``case_reopen`` hook: a project's case is not reopened from the generic case page
    or its API. A refused (不予立项) or finished application keeps its answer and verdicts;
    reopened there, its case would wait at a step the application could not move (the
    application stays refused or finished)."""
    if via != VIA and ProjectApplication.objects.filter(case_id=case.pk).exists():
        raise ValidationError(
            _(
                "这是社会化项目申报的办件，不能在此恢复办理：请在项目申报页面查看该申报"
                "（不予立项或已办结的申报不再恢复办理）。"
            )
        )


def step_specs() -> list[dict]:
    def spec(name, kind, days):
        return {
            "name": name,
            "kind": kind,
            "actor_kind": ActorKind.ORG_ROLE,
            "role_code": "cadre",
            "duration_workdays": days,
        }

    return [
        spec(_("审核"), StepKind.REVIEW, 10),
        spec(_("立项决定"), StepKind.REVIEW, 10),
        spec(_("签订协议"), StepKind.ACTION, 10),
        spec(_("中期报告"), StepKind.ACTION, 120),
        spec(_("结项报告"), StepKind.ACTION, 120),
    ]


def project_template(*, actor, federation: Organization) -> ProcessTemplate:
    """The published project template at the batch's federation (installed on first use)."""
    template = (
        ProcessTemplate.objects.filter(organization=federation, name=TEMPLATE_NAME)
        .filter(versions__status=VersionStatus.PUBLISHED)
        .first()
    )
    if template is not None:
        return template
    template = processes.template_create(actor=actor, organization=federation, name=TEMPLATE_NAME)
    version = template.versions.get()
    processes.steps_replace(actor=actor, version=version, steps=step_specs())
    processes.version_publish(actor=actor, version=version)
    return template


def _record(application: ProjectApplication, result: Verdict, step: str, actor) -> None:
    application.verdicts = [
        *application.verdicts,
        {
            **result.as_dict(),
            "step": step,
            "at": timezone.now().isoformat(timespec="seconds"),
            "by": actor.get_username() if getattr(actor, "is_authenticated", False) else "",
        },
    ]


def _audit(actor, action, obj, changes, federation) -> None:
    audit(actor=actor, action=action, obj=obj, changes=changes, organization=federation)


# 项目批次 -----------------------------------------------------------------------------

BATCH_FIELDS = ("title", "content", "budget", "eligibility", "deadline")


def _clean_batch(fields: dict, row: ProjectBatch | None) -> dict:
    unknown = set(fields) - set(BATCH_FIELDS)
    if unknown:
        raise ValidationError({name: _("不能修改该字段") for name in sorted(unknown)})
    errors = {}
    for name, limit in (("title", 200), ("content", 8000), ("eligibility", 4000)):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
            if len(fields[name]) > limit:
                errors[name] = _("不超过%(n)d字") % {"n": limit}
    for name in ("title", "content"):
        if name in fields and not fields[name] and name not in errors:
            errors[name] = _("请填写此项")
    budget = fields.get("budget", getattr(row, "budget", None))
    deadline = fields.get("deadline", getattr(row, "deadline", None))
    if deadline is None:
        errors["deadline"] = _("请填写申报截止日期")
    else:
        errors.update(
            rules.batch_errors(
                budget=budget,
                deadline=deadline,
                published_on=getattr(row, "published_on", None),
            )
        )
    if row is not None and "budget" in fields and "budget" not in errors:
        funded = Decimal(selectors.funded_total(row))
        if Decimal(fields["budget"]) < funded:
            errors["budget"] = _("已立项资金合计 %(f)s 元，预算不能低于此数") % {"f": funded}
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def batch_create(
    *,
    actor,
    federation: Organization,
    title: str,
    content: str,
    budget,
    deadline: dt.date,
    eligibility: str = "",
    publish: bool = False,
    today: dt.date | None = None,
) -> ProjectBatch:
    """A batch of social projects (第十七条), published at once or kept as a draft."""
    ensure_scope(actor, "create", federation)
    problem = socialorgs_services.federation_error(federation)
    if problem:
        raise ValidationError({"federation": problem})
    today = today or today_local()
    fields = _clean_batch(
        {
            "title": title,
            "content": content,
            "budget": budget,
            "eligibility": eligibility,
            "deadline": deadline,
        },
        None,
    )
    if publish and fields["deadline"] < today:
        raise ValidationError({"deadline": _("截止日期已过，不能发布")})
    batch = ProjectBatch.objects.create(
        federation=federation,
        org_path=federation.path,
        year=today.year,
        published=bool(publish),
        published_on=today if publish else None,
        created_by=_user(actor),
        **fields,
    )
    _audit(
        actor,
        "project_batch_create",
        batch,
        {"title": [None, batch.title], "published": [None, batch.published]},
        federation,
    )
    if batch.published:
        _record_duty(actor, batch)
    return batch


def _record_duty(actor, batch: ProjectBatch) -> None:
    """R-SO-03 (第十七条): publishing the batch is the year's 集中发布社会化项目, recorded on
    the federation's checklist."""
    socialorgs_services.duty_record(
        actor=actor,
        federation=batch.federation,
        kind=rules_so.PROJECT_BATCH,
        date=batch.published_on,
        title=batch.title,
        participant_note=_("社会化项目集中发布"),
    )


def _locked_batch(actor, batch: ProjectBatch, action="change") -> ProjectBatch:
    row = ProjectBatch.objects.select_for_update().select_related("federation").get(pk=batch.pk)
    ensure_scope(actor, action, row.federation)
    return row


@transaction.atomic
def batch_update(*, actor, batch: ProjectBatch, **fields) -> ProjectBatch:
    row = _locked_batch(actor, batch)
    fields = _clean_batch(dict(fields), row)
    changes = {}
    for name, value in fields.items():
        if getattr(row, name) != value:
            changes[name] = [str(getattr(row, name)), str(value)]
            setattr(row, name, value)
    if changes:
        row.save()
        _audit(actor, "project_batch_update", row, changes, row.federation)
    return row


@transaction.atomic
def batch_publish(*, actor, batch: ProjectBatch, today: dt.date | None = None) -> ProjectBatch:
    """Publish on the public page; applications open until the deadline."""
    row = _locked_batch(actor, batch)
    today = today or today_local()
    if row.published:
        raise ValidationError(_("该批次已发布"))
    if row.deadline < today:
        raise ValidationError({"deadline": _("截止日期已过，不能发布")})
    row.published, row.published_on = True, today
    row.save(update_fields=["published", "published_on", "updated_at"])
    _audit(actor, "project_batch_publish", row, {"published": [False, True]}, row.federation)
    _record_duty(actor, row)
    return row


# 社会组织账号 --------------------------------------------------------------------------


@transaction.atomic
def account_create(
    *,
    actor,
    organization: SocialOrganization,
    username: str,
    password: str,
    display_name: str = "",
) -> OrganizationAccount:
    """The organization user: a new login for one filed organization, created by a cadre
    who may change it. Her role (社会组织用户) is assigned at the filing federation without
    its subtree and allows none of the federation's actions."""
    ensure_scope(actor, "change", organization.federation)
    username = (username or "").strip()
    errors = {}
    User = get_user_model()
    if not username:
        errors["username"] = _("请填写登录名")
    elif len(username) > 150:
        errors["username"] = _("登录名不超过150字")
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("该登录名已被使用")
    if organization.status != Status.ACTIVE:
        errors["organization"] = _("只能为活跃的社会组织开设账号")
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
    ensure_roles(Role)
    RoleAssignment.objects.create(
        user=user,
        role=Role.objects.get(code=ORG_USER),
        organization=organization.federation,
        include_descendants=False,
    )
    account = OrganizationAccount.objects.create(
        user=user,
        organization=organization,
        org_path=organization.org_path,
        created_by=_user(actor),
    )
    forget_scopes(user)
    _audit(
        actor,
        "social_account_create",
        account,
        {"user": [None, username], "organization": [None, organization.name]},
        organization.federation,
    )
    return account


def _account(actor) -> OrganizationAccount:
    account = selectors.account_of(actor)
    if account is None:
        raise PermissionDenied(_("只有社会组织账号可以办理此项"))
    return account


# 申报 --------------------------------------------------------------------------------


def _document_content(upload):
    """A document checked by its content (PDF, Word, Excel)."""
    expected = files.extension_kind(upload.name)
    if expected not in DOCUMENT_KINDS_ALLOWED:
        raise ValidationError(_("请上传 PDF、Word 或 Excel 文件"))
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("文件不能超过 %(mb)d MB") % {"mb": MAX_DOCUMENT_BYTES >> 20})
    kind = files.detect(upload)
    upload.seek(0)
    if kind != expected:
        raise ValidationError(_("文件内容与扩展名不符"))
    return files.named(upload, kind)


def _checked(uploads: dict, errors: dict) -> list:
    """[(kind, upload, content)] for the uploads given, errors by field otherwise."""
    checked = []
    for field_name, (kind, upload) in uploads.items():
        if upload is None:
            continue
        try:
            checked.append((kind, upload, _document_content(upload)))
        except ValidationError as exc:
            errors[field_name] = exc.messages[0]
    return checked


def _store(actor, application, checked, stored) -> None:
    for kind, upload, content in checked:
        stored.append(
            ProjectDocument.objects.create(
                application=application,
                org_path=application.org_path,
                kind=kind,
                file=content,
                original_name=upload.name[:255],
                size=content.size,
                uploaded_by=_user(actor),
            )
        )


def _with_files(call):
    stored: list[ProjectDocument] = []
    try:
        with transaction.atomic():
            return call(stored)
    except BaseException:
        for row in stored:
            row.file.delete(save=False)
        raise


def application_submit(
    *,
    actor,
    batch: ProjectBatch,
    title: str,
    budget,
    plan,
    budget_file=None,
    summary: str = "",
    today: dt.date | None = None,
) -> ProjectApplication:
    """The organization user applies for her organization: eligibility (R-SO-03), the plan
    (required) and the budget table (optional) checked by content."""
    return _with_files(
        lambda stored: _submit(
            actor, batch, title, budget, plan, budget_file, summary, today, stored
        )
    )


def _submit(actor, batch, title, budget, plan, budget_file, summary, today, stored):
    account = _account(actor)
    today = today or today_local()
    organization = SocialOrganization.objects.select_for_update().get(pk=account.organization_id)
    batch = ProjectBatch.objects.select_related("federation").get(pk=batch.pk)
    result = selectors.eligibility(organization, batch, today)
    if not result.eligible:
        if not batch.published or not organization.org_path.startswith(batch.org_path):
            raise OutOfScope(_("项目批次不存在"))
        raise ValidationError(list(result.reasons))
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("请填写申报项目名称")
    elif len(title) > 200:
        errors["title"] = _("申报项目名称不超过200字")
    summary = (summary or "").strip()
    if len(summary) > 4000:
        errors["summary"] = _("项目简介不超过4000字")
    problem = rules.request_error(requested=budget, batch_budget=batch.budget)
    if problem:
        errors["budget"] = problem
    if plan is None:
        errors["plan"] = _("请上传项目方案")
    checked = _checked(
        {"plan": (DocumentKind.PLAN, plan), "budget_file": (DocumentKind.BUDGET, budget_file)},
        errors,
    )
    if errors:
        raise ValidationError(errors)
    application = ProjectApplication(
        batch=batch,
        organization=organization,
        org_path=batch.org_path,
        title=title,
        summary=summary,
        budget=Decimal(budget),
        submitted_at=timezone.now(),
        submitted_by=_user(actor),
    )
    _record(application, result.verdict, "apply", actor)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError(_("本组织已申报该批次项目")) from None
    _store(actor, application, checked, stored)
    _audit(
        actor,
        "project_apply",
        application,
        {"title": [None, title], "budget": [None, str(application.budget)]},
        batch.federation,
    )
    return application


def _locked(application: ProjectApplication, *statuses) -> ProjectApplication:
    row = (
        ProjectApplication.objects.select_for_update(of=("self",))
        .select_related("batch__federation", "organization__federation", "case__current_step")
        .get(pk=application.pk)
    )
    if row.status not in statuses:
        raise ValidationError(
            _("申报当前处于“%(s)s”，不能进行此操作") % {"s": row.get_status_display()}
        )
    return row


@transaction.atomic
def application_withdraw(*, actor, application: ProjectApplication) -> ProjectApplication:
    """The organization withdraws an application the federation has not accepted yet."""
    account = _account(actor)
    if application.organization_id != account.organization_id:
        raise OutOfScope(_("申报不存在"))
    row = _locked(application, ApplicationStatus.SUBMITTED)
    row.status = ApplicationStatus.WITHDRAWN
    row.save(update_fields=["status", "updated_at"])
    _audit(
        actor, "project_withdraw", row, {"status": ["submitted", "withdrawn"]}, row.batch.federation
    )
    return row


# 办理（办件流程） ----------------------------------------------------------------------


def _current_step(actor, application: ProjectApplication):
    case = application.case
    step = case.current_step if case is not None else None
    if case is None or case.status != CaseStatus.OPEN or step is None:
        raise ValidationError(_("该申报的办件已办结或已撤销"))
    if step.status != StepStatus.ACTIVE:
        raise ValidationError(_("该环节当前不在办理中"))
    if not acts_on(actor, step):
        raise PermissionDenied(_("该环节不由您办理"))
    return step


def _move(actor, row, step, comment, today, new_status) -> None:
    processes.step_transition(
        actor=actor,
        case=row.case,
        step_id=step.pk,
        action="approve" if step.kind == StepKind.REVIEW else "complete",
        comment=comment,
        today=today,
        via=VIA,
    )
    row.status = new_status


@transaction.atomic
def application_accept(
    *, actor, application: ProjectApplication, today: dt.date | None = None
) -> ProjectApplication:
    """受理: the federation accepts an application; its case opens at the batch's
    federation with the 审核 step active."""
    row = _locked(application, ApplicationStatus.SUBMITTED)
    federation = row.batch.federation
    ensure_scope(actor, "change", federation)
    today = today or today_local()
    template = project_template(actor=actor, federation=federation)
    case = processes.case_start(
        actor=actor,
        template=template,
        organization=federation,
        title=_("%(org)s申报%(title)s") % {"org": row.organization.name, "title": row.title},
        today=today,
    )
    row.case = case
    row.status = ApplicationStatus.REVIEW
    row.save(update_fields=["case", "status", "updated_at"])
    _audit(actor, "project_accept", row, {"case": [None, str(case)]}, federation)
    return row


def _reject(actor, row, note, step_name) -> None:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("不予立项须说明理由")})
    if len(note) > 500:
        raise ValidationError({"note": _("意见不超过500字")})
    processes.case_cancel(actor=actor, case=row.case, reason=note, via=VIA)
    _record(row, rules.decision_verdict(approved=False, note=note), step_name, actor)
    row.status = ApplicationStatus.REJECTED
    row.decision_note = note


@transaction.atomic
def application_review(
    *,
    actor,
    application: ProjectApplication,
    approve: bool,
    note: str = "",
    today: dt.date | None = None,
) -> ProjectApplication:
    """审核: passed on to the decision, or not funded with a reason (the case cancelled).
    An application returned for revision can be refused (the organization never came
    back), not passed before she resubmits."""
    row = _locked(application, ApplicationStatus.REVIEW, ApplicationStatus.RETURNED)
    if approve and row.status == ApplicationStatus.RETURNED:
        raise ValidationError(_("申报已退回修改，须等社会组织重新提交后再审核"))
    step = _current_step(actor, row)
    before = row.status
    if approve:
        _move(actor, row, step, (note or "").strip()[:500], today, ApplicationStatus.DECISION)
        row.decision_note = (note or "").strip()[:500]
    else:
        _reject(actor, row, note, "review")
    row.save()
    _audit(actor, "project_review", row, {"status": [before, row.status]}, row.batch.federation)
    return row


@transaction.atomic
def application_return(
    *,
    actor,
    application: ProjectApplication,
    reason: str,
    today: dt.date | None = None,
) -> ProjectApplication:
    """退回修改: at 审核 the federation returns the application to the organization with a
    reason (required). The case stays at 审核 (the engine's return of a first review step
    starts it again, the reason on its timeline); the organization sees the reason on her
    page, edits her plan and budget and resubmits. Not after 审核: the decision and later
    steps answer with 不予立项 or go on."""
    row = _locked(application, ApplicationStatus.REVIEW)
    step = _current_step(actor, row)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("退回修改须说明理由")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("理由不超过500字")})
    processes.step_transition(
        actor=actor,
        case=row.case,
        step_id=step.pk,
        action="return",
        comment=reason,
        today=today,
        via=VIA,
    )
    row.status = ApplicationStatus.RETURNED
    row.return_reason = reason
    _record(row, rules.return_verdict(reason=reason), "return", actor)
    row.save()
    _audit(actor, "project_return", row, {"status": ["review", "returned"]}, row.batch.federation)
    return row


def application_resubmit(
    *,
    actor,
    application: ProjectApplication,
    budget,
    summary: str = "",
    plan=None,
    budget_file=None,
) -> ProjectApplication:
    """The organization resubmits an application returned to her: the amount asked and the
    summary edited, a new plan or budget table optional (the earlier files stay listed);
    the application goes back to 审核 where its case waits."""
    return _with_files(
        lambda stored: _resubmit(actor, application, budget, summary, plan, budget_file, stored)
    )


def _resubmit(actor, application, budget, summary, plan, budget_file, stored):
    account = _account(actor)
    if application.organization_id != account.organization_id:
        raise OutOfScope(_("申报不存在"))
    row = _locked(application, ApplicationStatus.RETURNED)
    errors = {}
    summary = (summary or "").strip()
    if len(summary) > 4000:
        errors["summary"] = _("项目简介不超过4000字")
    problem = rules.request_error(requested=budget, batch_budget=row.batch.budget)
    if problem:
        errors["budget"] = problem
    checked = _checked(
        {"plan": (DocumentKind.PLAN, plan), "budget_file": (DocumentKind.BUDGET, budget_file)},
        errors,
    )
    if errors:
        raise ValidationError(errors)
    before = str(row.budget)
    row.budget = Decimal(budget).quantize(Decimal("0.01"))
    row.summary = summary
    row.status = ApplicationStatus.REVIEW
    _record(row, rules.resubmit_verdict(budget=row.budget), "resubmit", actor)
    row.save()
    _store(actor, row, checked, stored)
    _audit(
        actor,
        "project_resubmit",
        row,
        {
            "status": ["returned", "review"],
            "budget": [before, str(row.budget)],
            "documents": [None, len(checked)],
        },
        row.batch.federation,
    )
    return row


@transaction.atomic
def application_decide(
    *,
    actor,
    application: ProjectApplication,
    approve: bool,
    funded_amount=None,
    note: str = "",
    today: dt.date | None = None,
) -> ProjectApplication:
    """立项决定: funded with an amount (at most what was asked, within the batch's
    budget left), or not funded with a reason."""
    row = _locked(application, ApplicationStatus.DECISION)
    step = _current_step(actor, row)
    today = today or today_local()
    if approve:
        ProjectBatch.objects.select_for_update().filter(pk=row.batch_id).first()
        problem = rules.funding_error(
            amount=funded_amount,
            requested=row.budget,
            batch_budget=row.batch.budget,
            funded_already=selectors.funded_total(row.batch),
        )
        if problem:
            raise ValidationError({"funded_amount": problem})
        amount = Decimal(funded_amount)
        _move(actor, row, step, (note or "").strip()[:500], today, ApplicationStatus.CONTRACT)
        row.funded_amount = amount
        row.decided_on = today
        row.decision_note = (note or "").strip()[:500]
        _record(row, rules.decision_verdict(approved=True, amount=amount), "decision", actor)
    else:
        _reject(actor, row, note, "decision")
    row.save()
    _audit(
        actor,
        "project_decide",
        row,
        {"status": ["decision", row.status], "funded_amount": [None, str(row.funded_amount)]},
        row.batch.federation,
    )
    return row


def contract_record(
    *,
    actor,
    application: ProjectApplication,
    signed_on: dt.date,
    contract=None,
    today: dt.date | None = None,
) -> ProjectApplication:
    """签订协议: the date and, optionally, the signed contract; the project starts."""
    return _with_files(
        lambda stored: _contract(actor, application, signed_on, contract, today, stored)
    )


def _contract(actor, application, signed_on, contract, today, stored):
    row = _locked(application, ApplicationStatus.CONTRACT)
    step = _current_step(actor, row)
    today = today or today_local()
    errors = {}
    if signed_on is None:
        errors["signed_on"] = _("请填写协议签订日期")
    elif signed_on > today:
        errors["signed_on"] = _("日期不能晚于今天")
    elif row.decided_on and signed_on < row.decided_on:
        errors["signed_on"] = _("协议签订日期不能早于立项日期")
    checked = _checked({"contract": (DocumentKind.CONTRACT, contract)}, errors)
    if errors:
        raise ValidationError(errors)
    _move(actor, row, step, "", today, ApplicationStatus.MIDTERM)
    row.contract_on = signed_on
    row.save()
    _store(actor, row, checked, stored)
    _audit(
        actor,
        "project_contract",
        row,
        {"contract_on": [None, signed_on.isoformat()]},
        row.batch.federation,
    )
    return row


REPORT_FIELDS = {
    ApplicationStatus.MIDTERM: ("midterm_report", "midterm_on", DocumentKind.MIDTERM),
    ApplicationStatus.FINAL: ("final_report", "final_on", DocumentKind.FINAL),
}


def report_submit(
    *,
    actor,
    application: ProjectApplication,
    text: str,
    attachment=None,
    today: dt.date | None = None,
) -> ProjectApplication:
    """The organization hands in the report its project is due (midterm, then final)."""
    return _with_files(lambda stored: _report(actor, application, text, attachment, today, stored))


def _report(actor, application, text, attachment, today, stored):
    account = _account(actor)
    if application.organization_id != account.organization_id:
        raise OutOfScope(_("申报不存在"))
    row = _locked(application, ApplicationStatus.MIDTERM, ApplicationStatus.FINAL)
    text_field, date_field, kind = REPORT_FIELDS[row.status]
    errors = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = _("请填写报告内容")
    elif len(text) > 8000:
        errors["text"] = _("报告不超过8000字")
    checked = _checked({"attachment": (kind, attachment)}, errors)
    if errors:
        raise ValidationError(errors)
    before = getattr(row, text_field)
    setattr(row, text_field, text)
    setattr(row, date_field, today or today_local())
    row.save()
    _store(actor, row, checked, stored)
    _audit(
        actor,
        f"project_{kind}_report",
        row,
        {text_field: [before[:50] or None, text[:50]]},
        row.batch.federation,
    )
    return row


@transaction.atomic
def report_accept(
    *,
    actor,
    application: ProjectApplication,
    note: str = "",
    today: dt.date | None = None,
) -> ProjectApplication:
    """The federation accepts the report handed in: the midterm report moves the project
    to its final report; the final report closes it and writes the project-results entry
    into the organization's ledger (第十二条)."""
    row = _locked(application, ApplicationStatus.MIDTERM, ApplicationStatus.FINAL)
    step = _current_step(actor, row)
    today = today or today_local()
    text_field, _date_field, _kind = REPORT_FIELDS[row.status]
    if not getattr(row, text_field):
        raise ValidationError(_("社会组织尚未提交报告"))
    note = (note or "").strip()[:500]
    before = row.status
    if row.status == ApplicationStatus.MIDTERM:
        _move(actor, row, step, note, today, ApplicationStatus.FINAL)
    else:
        _move(actor, row, step, note, today, ApplicationStatus.COMPLETED)
        row.completed_on = today
        entry = socialorgs_services.ledger_entry_add(
            actor=actor,
            organization=row.organization,
            kind=EntryKind.PROJECT_RESULT,
            date=today,
            title=(_("项目结项：%(title)s") % {"title": row.title})[:200],
            content=(
                _("立项资金 %(a)s 元。%(report)s")
                % {"a": row.funded_amount, "report": row.final_report}
            )[:4000],
        )
        row.ledger_entry = entry
    row.save()
    _audit(
        actor, "project_report_accept", row, {"status": [before, row.status]}, row.batch.federation
    )
    return row
