"""Shared pieces of the process services: the fields a step and a template may change,
the step conflict and the case timeline entry (cases), and the template helpers the
template, step and version writes share (department check, document slot, locked draft)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lvzhi.core.scopes import ensure_scope
from lvzhi.orgs.models import Department, Organization

from ..models import (
    CaseEvent,
    CaseStep,
    ProcessTemplateVersion,
)

STEP_FIELDS = (
    "name",
    "kind",
    "actor_kind",
    "department",
    "role_code",
    "levels_up",
    "duration_workdays",
    "notice_workdays",
    "documents",
)
TEMPLATE_FIELDS = ("name", "department", "recurring", "is_public", "is_active")


class StepConflict(Exception):
    """The step moved on while the user was looking at it: someone else acted first, or
    she herself did (a form sent twice, an old tab) — the message says which."""

    def __init__(self, step: CaseStep | None = None, actor=None):
        self.step = step
        if step is None:
            message = _("该环节已由他人办理，请刷新后查看最新进度")
        elif actor is not None and _last_actor_id(step) == getattr(actor, "pk", None):
            message = _(
                "该环节已推进，您的上一次操作已生效（当前：%(stage)s），请刷新后查看最新进度"
            ) % {"stage": step.case.stage or step.name}
        else:
            message = _("该环节已由他人办理（当前：%(stage)s），请刷新后查看最新进度") % {
                "stage": step.case.stage or step.name
            }
        super().__init__(message)
        self.message = message


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _event(case, kind, actor, step=None, comment="", **data) -> CaseEvent:
    user = _user(actor)
    return CaseEvent.objects.create(
        case=case,
        step=step,
        kind=kind,
        actor=user,
        actor_name=user.get_username() if user else "系统",
        comment=comment,
        data=data,
        org_path=case.org_path,
    )


def _last_actor_id(step: CaseStep):
    """Who moved the case last (the latest entry of its timeline)."""
    return (
        CaseEvent.objects.filter(case_id=step.case_id)
        .order_by("-created_at", "-id")
        .values_list("actor_id", flat=True)
        .first()
    )


# 模板 ----------------------------------------------------------------------


def department_of(organization: Organization, department) -> Department | None:
    if department in (None, ""):
        return None
    if not isinstance(department, Department):
        department = Department.objects.filter(pk=department).first()
        if department is None:
            raise ValidationError({"department": _("部门不存在")})
    # The department must belong to the organization or one above it (a village case can
    # be routed to the district's 家儿部).
    if not organization.path.startswith(department.org_path):
        raise ValidationError({"department": _("部门不属于该组织或其上级组织")})
    return department


def slot_dict(name: str, required: bool, reference: bool) -> dict:
    slot = {"name": name, "required": required}
    if reference:
        slot["reference"] = True
    return slot


def _require_draft(version: ProcessTemplateVersion) -> None:
    if not version.is_draft:
        raise ValidationError(_("只有草稿版本可以修改，请先新建草稿"))


def locked_draft(actor, version) -> ProcessTemplateVersion:
    version = (
        ProcessTemplateVersion.objects.select_for_update(of=("self",))
        .select_related("template__organization", "template__department")
        .get(pk=version.pk)
    )
    ensure_scope(actor, "change", version.template.organization)
    _require_draft(version)
    return version
