"""Writes of processes: templates and their versions, cases and their transitions, year
plans. Every function checks scope, validates with ``rules``, writes, records the case
timeline (``CaseEvent``) and an ``AuditEvent`` in one transaction."""

from ._common import STEP_FIELDS, TEMPLATE_FIELDS, StepConflict
from .cases import (
    attachments_add,
    case_assign,
    case_cancel,
    case_reopen,
    case_start,
    step_transition,
)
from .catalog_publish import catalog_version_publish
from .steps import (
    step_add,
    step_delete,
    step_merge_next,
    step_move,
    step_split,
    step_update,
    steps_replace,
)
from .templates import (
    template_create,
    template_for_item,
    template_update,
    templates_for_version,
)
from .versions import (
    publish_errors,
    version_draft_get_or_create,
    version_new_draft,
    version_publish,
)
from .year_plan import year_plan_generate

__all__ = [
    "STEP_FIELDS",
    "TEMPLATE_FIELDS",
    "StepConflict",
    "attachments_add",
    "catalog_version_publish",
    "case_assign",
    "case_cancel",
    "case_reopen",
    "case_start",
    "publish_errors",
    "step_add",
    "step_delete",
    "step_merge_next",
    "step_move",
    "step_split",
    "step_transition",
    "step_update",
    "steps_replace",
    "template_create",
    "template_for_item",
    "template_update",
    "templates_for_version",
    "version_draft_get_or_create",
    "version_new_draft",
    "version_publish",
    "year_plan_generate",
]
