"""Writes of cases (办件): start, transitions with row locks, attachments, cancel, reopen
and assign. The year plan (one case per recurring template) is in ``year_plan``. About
400 lines on purpose: a transition, its row locks and the files it stores (and removes
when the transaction rolls back) are one transaction's logic."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import files as uploads
from lvzhi.core import hooks
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import OutOfScope, ensure_scope
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.core.workdays import add_workdays
from lvzhi.orgs.models import Organization

from .. import rules
from ..models import (
    ActorKind,
    Case,
    CaseAttachment,
    CaseStatus,
    CaseStep,
    EventKind,
    ProcessTemplate,
    StepDefinition,
    StepKind,
    StepStatus,
    VersionStatus,
)
from ..selectors import acts_on
from ._common import StepConflict, _event, _user

# 办件 ----------------------------------------------------------------------


def _resolve_actor(definition: StepDefinition, organization: Organization, template):
    """(organization, department) that acts on a step of a case at ``organization``."""
    if definition.actor_kind == ActorKind.DEPARTMENT:
        department = definition.department or template.department
        return department.organization, department
    if definition.actor_kind == ActorKind.PARENT_ROLE:
        path = rules.ancestor_path(organization.path, definition.levels_up)
        ancestor = Organization.objects.filter(path=path).first() if path else None
        if ancestor is None:
            raise ValidationError(
                _("环节“%(name)s”需要上%(n)d级组织审核，但%(org)s没有这一级上级组织")
                % {"name": definition.name, "n": definition.levels_up, "org": organization.name}
            )
        return ancestor, None
    return organization, None


def _activate(step: CaseStep, today: dt.date) -> None:
    # A notice runs its whole period (last day included); it is recorded the working day after.
    days = step.notice_workdays + 1 if step.kind == StepKind.NOTICE else step.duration_workdays
    step.status = StepStatus.ACTIVE
    step.activated_on = today
    step.due_on = add_workdays(today, days)
    step.completed_at = None
    step.completed_by = None
    step.revision += 1


def _set_current(case: Case, step: CaseStep | None) -> None:
    case.current_step = step
    case.stage = step.name if step is not None else case.get_status_display()
    case.current_due_on = step.due_on if step is not None else None


@transaction.atomic
def case_start(
    *,
    actor,
    template: ProcessTemplate,
    organization: Organization,
    title: str,
    year: int | None = None,
    assignee=None,
    is_public: bool | None = None,
    plan_year: int | None = None,
    today: dt.date | None = None,
) -> Case:
    ensure_scope(actor, "create", organization)
    today = today or today_local()
    if not organization.path.startswith(template.org_path):
        raise ValidationError({"template": _("该流程模板不适用于此组织")})
    if not template.is_active:
        raise ValidationError({"template": _("该流程模板已停用")})
    version = template.versions.filter(status=VersionStatus.PUBLISHED).first()
    if version is None:
        raise ValidationError({"template": _("该流程模板还没有发布，请先审核并发布模板")})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写办件名称")})
    year = int(year or today.year)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("年度无效")})
    definitions = list(version.steps.select_related("department__organization").order_by("order"))
    resolved = [_resolve_actor(d, organization, template) for d in definitions]
    case = Case.objects.create(
        organization=organization,
        org_path=organization.path,
        template=template,
        version=version,
        item_number=template.item_number,
        title=title[:300],
        year=year,
        plan_year=plan_year,
        department=template.department,
        assignee=assignee,
        is_public=template.is_public if is_public is None else bool(is_public),
        started_on=today,
        started_by=_user(actor),
    )
    steps = [
        CaseStep(
            case=case,
            org_path=case.org_path,
            order=definition.order,
            name=definition.name,
            kind=definition.kind,
            actor_kind=definition.actor_kind,
            actor_organization=actor_org,
            actor_path=actor_org.path,
            department=department,
            role_code=definition.role_code,
            documents=definition.documents,
            duration_workdays=definition.duration_workdays,
            notice_workdays=definition.notice_workdays,
        )
        for definition, (actor_org, department) in zip(definitions, resolved, strict=True)
    ]
    _activate(steps[0], today)
    CaseStep.objects.bulk_create(steps)
    first = case.steps.order_by("order").first()
    _set_current(case, first)
    case.save(update_fields=["current_step", "stage", "current_due_on"])
    _event(case, EventKind.STARTED, actor, step=first)
    if assignee is not None:
        _event(case, EventKind.ASSIGNED, actor, assignee=assignee.get_username())
    audit(actor=actor, action="create", obj=case, organization=organization)
    return case


@transaction.atomic
def case_assign(*, actor, case: Case, assignee) -> Case:
    ensure_scope(actor, "change", case.organization)
    before = snapshot(case)
    case.assignee = assignee
    case.save(update_fields=["assignee", "updated_at"])
    _event(case, EventKind.ASSIGNED, actor, assignee=assignee.get_username() if assignee else "")
    audit(actor=actor, action="assign", obj=case, changes=diff(before, snapshot(case)))
    return case


def _lock(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("organization", "current_step")
        .get(pk=case.pk)
    )


def _attachment_content(upload, max_bytes: int):
    """The content to store, named by its detected kind: the file checked by its content
    (a document's structure, not only its first bytes) and an image encoded again."""
    expected = uploads.extension_kind(upload.name)
    kind = uploads.detect(upload)
    if kind != expected:
        ext = upload.name[upload.name.rfind(".") :].lower()
        raise ValidationError(_("文件内容与扩展名 %(ext)s 不符") % {"ext": ext})
    if kind in uploads.IMAGE_KINDS:
        return uploads.intake_image(upload, max_bytes=max_bytes).file, kind
    return uploads.named(upload, kind), kind


def _store_attachments(actor, case, step, files) -> list[CaseAttachment]:
    """Validate every file first, then store them all (a refused file stores nothing)."""
    max_bytes = settings.PROCESS_ATTACHMENT_MAX_MB * 1024 * 1024
    errors = []
    contents = []
    for slot, upload in files:
        head = upload.read(16)
        upload.seek(0)
        error = rules.attachment_error(upload.name, upload.size, head, max_bytes)
        if error is None:
            try:
                contents.append((slot, upload, *_attachment_content(upload, max_bytes)))
            except ValidationError as exc:
                error = exc.messages[0]
        if error:
            errors.append(f"{upload.name}：{error}")
    if errors:
        raise ValidationError({"files": errors})
    stored = []
    for slot, upload, content, _kind in contents:
        stored.append(
            CaseAttachment.objects.create(
                case=case,
                step=step,
                org_path=case.org_path,
                slot=(slot or "")[:200],
                file=content,
                original_name=upload.name[:255],
                size=content.size,
                uploaded_by=_user(actor),
            )
        )
    return stored


def _remove_files(stored) -> None:
    for attachment in stored:
        attachment.file.delete(save=False)


def step_transition(
    *,
    actor,
    case: Case,
    step_id: int,
    action: str,
    comment: str = "",
    files=(),
    expected_revision: int | None = None,
    today: dt.date | None = None,
    via: str = "",
) -> Case:
    """Complete, approve or return the step ``step_id`` of ``case``.

    ``via`` names the module acting through its own pages. A module that keeps its own
    rows beside a case (the 妇女之家 assessment's part reviews) refuses, through the
    ``case_step`` hook, a move made anywhere else, so the generic case page cannot skip them.

    The case row is locked (``SELECT … FOR UPDATE`` on PostgreSQL) and the step is moved
    by a conditional UPDATE on its status and revision, so of two people acting on the
    same step at the same moment exactly one succeeds; the other gets ``StepConflict``.
    """
    stored: list[CaseAttachment] = []
    try:
        with transaction.atomic():
            result = _transition(
                actor, case, step_id, action, comment, files, expected_revision, today, stored, via
            )
    except BaseException:
        _remove_files(stored)
        raise
    return result


def _transition(
    actor, case, step_id, action, comment, files, expected_revision, today, stored, via
):
    today = today or today_local()
    case = _lock(case)
    step = case.steps.select_related("case").filter(pk=step_id).first()
    if step is None:
        raise OutOfScope(_("环节不存在"))
    if not acts_on(actor, step):
        raise PermissionDenied(_("该环节不由您办理"))
    hooks.run("case_step", case=case, step=step, action=action, via=via)
    if step.status != StepStatus.ACTIVE or (
        expected_revision is not None and int(expected_revision) != step.revision
    ):
        if case.status == CaseStatus.OPEN:
            raise StepConflict(step, actor)
    attached = set(case.attachments.filter(step=step).values_list("slot", flat=True))
    attached |= {slot for slot, _upload in files if slot}
    errors = rules.transition_errors(
        case_status=case.status,
        step_status=step.status,
        kind=step.kind,
        action=action,
        reason=comment,
        missing_documents=rules.documents_missing(step.documents, attached),
        notice_ends_on=step.notice_ends_on,
        today=today,
    )
    if errors:
        raise ValidationError(errors)
    moved = CaseStep.objects.filter(
        pk=step.pk, status=StepStatus.ACTIVE, revision=step.revision
    ).update(
        status=StepStatus.WAITING if action == "return" else StepStatus.DONE,
        revision=F("revision") + 1,
        completed_at=None if action == "return" else timezone.now(),
        completed_by=None if action == "return" else _user(actor),
    )
    if moved != 1:
        raise StepConflict(step, actor)
    stored.extend(_store_attachments(actor, case, step, files))
    kind = {
        "complete": EventKind.COMPLETED,
        "approve": EventKind.APPROVED,
        "return": EventKind.RETURNED,
    }[action]
    _event(
        case,
        kind,
        actor,
        step=step,
        comment=comment,
        files=[a.original_name for a in stored],
        late=bool(step.due_on and today > step.due_on),
    )
    steps = list(case.steps.order_by("order"))
    if action == "return":
        target_order = rules.return_target([(s.order, s.kind) for s in steps], step.order)
        target = next(s for s in steps if s.order == target_order) if target_order else step
        if target is not step:
            _activate(target, today)
            target.save()
        else:
            step.refresh_from_db()
            _activate(step, today)
            step.save()
        _set_current(case, target)
    else:
        following = [s for s in steps if s.order > step.order]
        if following:
            _activate(following[0], today)
            following[0].save()
            _set_current(case, following[0])
        else:
            case.status = CaseStatus.FINISHED
            case.finished_at = timezone.now()
            case.result = comment or case.result
            _set_current(case, None)
            _event(case, EventKind.FINISHED, actor)
    case.save()
    audit(
        actor=actor,
        action=f"step_{action}",
        obj=case,
        organization=case.organization,
        changes={"step": [step.name, case.stage]},
    )
    return case


@transaction.atomic
def case_cancel(*, actor, case: Case, reason: str, via: str = "") -> Case:
    """Cancel an open case with a reason. ``via`` names the module cancelling through its
    own pages; the ``case_cancel`` hook lets a module that keeps rows beside the case
    refuse a cancel made anywhere else (or follow it), in this transaction."""
    case = _lock(case)
    ensure_scope(actor, "change", case.organization)
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("只有办理中的办件可以撤销"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("撤销需要填写理由")})
    hooks.run("case_cancel", case=case, actor=actor, reason=reason.strip(), via=via)
    case.status = CaseStatus.CANCELLED
    case.stage = case.get_status_display()
    case.current_due_on = None
    case.save()
    _event(case, EventKind.CANCELLED, actor, comment=reason.strip())
    audit(actor=actor, action="cancel", obj=case, changes={"status": ["办理中", "已撤销"]})
    return case


@transaction.atomic
def case_reopen(
    *, actor, case: Case, reason: str, today: dt.date | None = None, via: str = ""
) -> Case:
    """A cancelled case goes on at the step where it stopped; a finished one at its last
    step, with new deadlines from today. ``via`` and the ``case_reopen`` hook as for
    ``case_cancel``: a module that keeps rows beside the case may refuse a reopen made
    anywhere else, in this transaction, before anything is written."""
    case = _lock(case)
    ensure_scope(actor, "change", case.organization)
    if case.status == CaseStatus.OPEN:
        raise ValidationError(_("办件正在办理中"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("恢复办理需要填写理由")})
    hooks.run("case_reopen", case=case, actor=actor, reason=reason.strip(), via=via)
    today = today or today_local()
    step = case.current_step or case.steps.order_by("-order").first()
    if step.status != StepStatus.ACTIVE or case.status == CaseStatus.FINISHED:
        _activate(step, today)
    else:
        step.due_on = add_workdays(today, step.duration_workdays)
        step.revision += 1
    step.save()
    before = case.get_status_display()
    case.status = CaseStatus.OPEN
    case.finished_at = None
    _set_current(case, step)
    case.save()
    _event(case, EventKind.REOPENED, actor, step=step, comment=reason.strip())
    audit(actor=actor, action="reopen", obj=case, changes={"status": [before, "办理中"]})
    return case


@transaction.atomic
def attachments_add(*, actor, case: Case, step: CaseStep, files) -> list[CaseAttachment]:
    """Upload documents to an active step before completing it."""
    case = _lock(case)
    if step.case_id != case.pk:
        raise OutOfScope(_("环节不存在"))
    if not acts_on(actor, step):
        raise PermissionDenied(_("该环节不由您办理"))
    if case.status != CaseStatus.OPEN or step.status != StepStatus.ACTIVE:
        raise ValidationError(_("只能为办理中的环节上传材料"))
    if not files:
        raise ValidationError({"files": _("请选择文件")})
    stored = _store_attachments(actor, case, step, files)
    names = [a.original_name for a in stored]
    _event(case, EventKind.ATTACHED, actor, step=step, files=names)
    audit(
        actor=actor,
        action="attach",
        obj=case,
        organization=case.organization,
        changes={"attachments": [None, f"{step.name}：{'、'.join(names)}"]},
    )
    return stored
