"""Shared pieces of the process services: templates and their versions, cases and their transitions, year
plans. Every function checks scope, validates with ``rules``, writes, records the case
timeline (``CaseEvent``) and an ``AuditEvent`` in one transaction."""

from django.utils.translation import gettext as _

from ..models import (
    CaseEvent,
    CaseStep,
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
