"""Columns of the case list pages' Excel exports (lvzhi/core/exports.py): the columns the
page shows, with the overdue days computed as on the page and the person in charge by her
name and post (resolved once per batch of rows, never her login name)."""

from django.utils.translation import gettext_lazy

from lvzhi.core.exports import Column
from lvzhi.core.periods import today_local
from lvzhi.orgs.selectors import display_names

from . import rules
from .models import CaseStatus, StepKind, StepStatus


def _overdue_days(case, today) -> int | None:
    status = StepStatus.ACTIVE if case.status == CaseStatus.OPEN else case.status
    if rules.is_overdue(status, case.current_due_on, today):
        return (today - case.current_due_on).days
    return None


def case_columns(today=None) -> tuple:
    today = today or today_local()
    return (
        Column(gettext_lazy("办件名称"), "title", width=36),
        Column(gettext_lazy("事项编号"), "item_number", width=10),
        Column(gettext_lazy("组织"), "organization.name"),
        Column(gettext_lazy("承办部门"), "department.name"),
        Column(gettext_lazy("年度"), "year", width=7),
        Column(gettext_lazy("当前环节"), "stage"),
        Column(gettext_lazy("期限"), "current_due_on", width=12),
        Column(
            gettext_lazy("逾期天数"),
            lambda case: _overdue_days(case, today),
            width=9,
            fields=("status", "current_due_on"),
        ),
        Column.choice(gettext_lazy("状态"), "status", CaseStatus.choices, width=8),
        Column(
            gettext_lazy("负责人"),
            lambda case: getattr(case, "assignee_display", ""),
            fields=("assignee_id",),
        ),
    )


def assignee_names(viewer):
    """``prepare`` for the exporter: the display names of a batch's assignees at once."""

    def prepare(cases):
        names = display_names([case.assignee_id for case in cases], viewer)
        for case in cases:
            case.assignee_display = names.get(case.assignee_id, "") if case.assignee_id else ""

    return prepare


INBOX_COLUMNS = (
    Column(gettext_lazy("办件名称"), "case.title", width=36),
    Column(gettext_lazy("组织"), "case.organization.name"),
    Column(gettext_lazy("环节"), lambda step: f"{step.order}. {step.name}"),
    Column.choice(gettext_lazy("类型"), "kind", StepKind.choices, width=8),
    Column(
        gettext_lazy("办理"),
        lambda step: (
            step.department.name
            if step.department_id
            else step.actor_organization.name
            if step.actor_organization_id
            else ""
        ),
    ),
    Column(gettext_lazy("期限"), "due_on", width=12),
)

TEMPLATE_COLUMNS = (
    Column(gettext_lazy("事项序号"), "item_number", width=10),
    Column(gettext_lazy("流程名称"), "name", width=36),
    Column(gettext_lazy("承办部门"), "department.name"),
    Column(gettext_lazy("已发布版本"), "published_number", width=10),
    Column(gettext_lazy("草稿版本"), "draft_number", width=10),
    Column(gettext_lazy("每年办理"), "recurring", width=9),
    Column(gettext_lazy("公开办理进度"), "is_public", width=12),
    Column(gettext_lazy("启用"), "is_active", width=6),
)
