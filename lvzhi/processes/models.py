"""Processes (办件流程): templates whose steps are data, and the cases (办件) that run them.

A template belongs to an organization (usually the one whose duty catalog holds the
item); its versions go draft → published → superseded, and cases run the version that was
published when they started. A case belongs to the organization where the work is done
(the template's organization or one below it); each of its steps is a copy of the step
definition with its actor resolved to an organization, so a step "routed to the parent"
is found by a path lookup.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.files import GeneratedName
from lvzhi.core.models import OrgScopedModel, PathField
from lvzhi.core.versioning import VersionedModel
from lvzhi.core.versioning import VersionStatus as VersionStatus  # the app's name for it


class StepKind(models.TextChoices):
    ACTION = "action", _("办理")
    REVIEW = "review", _("审核")
    NOTICE = "notice", _("公示")
    MEETING = "meeting", _("会议决定")


class ActorKind(models.TextChoices):
    DEPARTMENT = "department", _("部门")
    ORG_ROLE = "org_role", _("本组织角色")
    PARENT_ROLE = "parent_role", _("上级组织角色")
    PARTY = "party", _("党组织")


class ProcessTemplate(OrgScopedModel):
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        related_name="process_templates",
        verbose_name=_("组织"),
    )
    name = models.CharField(_("流程名称"), max_length=300)
    duty_item = models.ForeignKey(
        "catalog.DutyItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="process_templates",
        verbose_name=_("职责事项"),
    )
    item_number = models.CharField(_("事项序号"), max_length=20, blank=True)
    department = models.ForeignKey(
        "orgs.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="process_templates",
        verbose_name=_("承办部门"),
    )
    recurring = models.BooleanField(
        _("每年办理"), default=False, help_text=_("年度计划为每年生成一件")
    )
    is_public = models.BooleanField(
        _("公开办理进度"), default=False, help_text=_("公众页面显示办件所处环节（不含个人信息）")
    )
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("流程模板")
        verbose_name_plural = _("流程模板")
        ordering = ["org_path", "item_number", "id"]
        indexes = [models.Index(fields=["organization", "item_number"])]

    def __str__(self):
        return f"{self.item_number} {self.name}".strip()


class ProcessTemplateVersion(OrgScopedModel, VersionedModel):
    """One version of a series (lvzhi.core.versioning: number, status, publication)."""

    SERIES_FIELD = "template"

    template = models.ForeignKey(
        ProcessTemplate, on_delete=models.CASCADE, related_name="versions", verbose_name=_("模板")
    )
    method = models.CharField(_("拆分方式"), max_length=20, blank=True)
    notes = models.JSONField(_("拆分说明"), default=list, blank=True)
    source_text = models.TextField(_("运行流程原文"), blank=True)

    class Meta:
        verbose_name = _("流程模板版本")
        verbose_name_plural = _("流程模板版本")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="unique_process_template_version"
            ),
            models.UniqueConstraint(
                fields=["template"],
                condition=models.Q(status="published"),
                name="one_published_process_version",
            ),
            models.UniqueConstraint(
                fields=["template"],
                condition=models.Q(status="draft"),
                name="one_draft_process_version",
            ),
        ]

    def __str__(self):
        return f"{self.template} 第{self.number}版（{self.get_status_display()}）"


class StepDefinition(OrgScopedModel):
    """One step of a template version: who acts, what documents, how long."""

    version = models.ForeignKey(
        ProcessTemplateVersion,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("模板版本"),
    )
    order = models.PositiveIntegerField(_("顺序"))
    name = models.CharField(_("环节名称"), max_length=300)
    kind = models.CharField(
        _("环节类型"), max_length=20, choices=StepKind.choices, default=StepKind.ACTION
    )
    actor_kind = models.CharField(
        _("办理主体"), max_length=20, choices=ActorKind.choices, default=ActorKind.DEPARTMENT
    )
    department = models.ForeignKey(
        "orgs.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理部门"),
        help_text=_("空：模板的承办部门"),
    )
    role_code = models.CharField(_("办理角色"), max_length=40, blank=True)
    levels_up = models.PositiveSmallIntegerField(_("上溯层级"), default=1)
    duration_workdays = models.PositiveSmallIntegerField(_("办理时限（工作日）"), default=5)
    notice_workdays = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=0)
    documents = models.JSONField(_("所需材料"), default=list, blank=True)

    class Meta:
        verbose_name = _("流程环节")
        verbose_name_plural = _("流程环节")
        ordering = ["version", "order", "id"]

    def __str__(self):
        return f"{self.order}. {self.name}"


class CaseStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    FINISHED = "finished", _("已办结")
    CANCELLED = "cancelled", _("已撤销")


class Case(OrgScopedModel):
    """办件: one run of a template version at an organization."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="cases", verbose_name=_("组织")
    )
    template = models.ForeignKey(
        ProcessTemplate, on_delete=models.PROTECT, related_name="cases", verbose_name=_("流程模板")
    )
    version = models.ForeignKey(
        ProcessTemplateVersion,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("模板版本"),
    )
    item_number = models.CharField(_("事项序号"), max_length=20, blank=True)
    title = models.CharField(_("办件名称"), max_length=300)
    year = models.PositiveSmallIntegerField(_("年度"))
    plan_year = models.PositiveSmallIntegerField(_("年度计划"), null=True, blank=True)
    department = models.ForeignKey(
        "orgs.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("承办部门"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("负责人"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    stage = models.CharField(_("当前环节"), max_length=300, blank=True)
    current_step = models.ForeignKey(
        "CaseStep",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("当前环节"),
    )
    current_due_on = models.DateField(_("当前环节期限"), null=True, blank=True)
    is_public = models.BooleanField(_("公开办理进度"), default=False)
    started_on = models.DateField(_("开始日期"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发起人"),
    )
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    result = models.TextField(_("办理结果"), blank=True)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "organization", "plan_year"],
                condition=models.Q(plan_year__isnull=False),
                name="one_planned_case_per_year",
            )
        ]
        indexes = [
            models.Index(fields=["department", "status", "current_due_on"]),
            models.Index(fields=["org_path", "status", "current_due_on"]),
            models.Index(fields=["template", "year", "status"]),
        ]

    def __str__(self):
        return self.title


class StepStatus(models.TextChoices):
    WAITING = "waiting", _("未开始")
    ACTIVE = "active", _("办理中")
    DONE = "done", _("已完成")


class CaseStep(OrgScopedModel):
    """A step of a case, copied from its definition, with its actor resolved."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(_("顺序"))
    name = models.CharField(_("环节名称"), max_length=300)
    kind = models.CharField(_("环节类型"), max_length=20, choices=StepKind.choices)
    actor_kind = models.CharField(_("办理主体"), max_length=20, choices=ActorKind.choices)
    actor_organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("办理组织")
    )
    actor_path = PathField(max_length=255, db_index=True, editable=False)
    department = models.ForeignKey(
        "orgs.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_steps",
        verbose_name=_("办理部门"),
    )
    role_code = models.CharField(_("办理角色"), max_length=40, blank=True)
    documents = models.JSONField(_("所需材料"), default=list, blank=True)
    duration_workdays = models.PositiveSmallIntegerField(_("办理时限（工作日）"))
    notice_workdays = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=0)
    status = models.CharField(
        _("状态"), max_length=20, choices=StepStatus.choices, default=StepStatus.WAITING
    )
    activated_on = models.DateField(_("开始日期"), null=True, blank=True)
    due_on = models.DateField(_("期限"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("完成人"),
    )
    revision = models.PositiveIntegerField(_("修订号"), default=0)

    class Meta:
        verbose_name = _("办件环节")
        verbose_name_plural = _("办件环节")
        ordering = ["case", "order"]
        constraints = [
            models.UniqueConstraint(fields=["case", "order"], name="unique_case_step_order")
        ]
        indexes = [
            models.Index(fields=["actor_path", "status", "role_code"]),
            models.Index(fields=["department", "status"]),
        ]

    def __str__(self):
        return f"{self.case} · {self.order}. {self.name}"

    @property
    def notice_ends_on(self):
        """The last day of a 公示 step's notice (inclusive): ``notice_workdays`` working days
        after the step started. The step's deadline is the working day after it."""
        if self.kind != "notice" or self.activated_on is None:
            return None
        from lvzhi.core.workdays import add_workdays

        return add_workdays(self.activated_on, self.notice_workdays)


class EventKind(models.TextChoices):
    STARTED = "started", _("发起")
    ASSIGNED = "assigned", _("指派")
    COMPLETED = "completed", _("完成")
    APPROVED = "approved", _("审核通过")
    RETURNED = "returned", _("退回")
    ATTACHED = "attached", _("上传材料")
    COMMENTED = "commented", _("备注")
    CANCELLED = "cancelled", _("撤销")
    REOPENED = "reopened", _("恢复办理")
    FINISHED = "finished", _("办结")


class CaseEvent(OrgScopedModel):
    """The case timeline: who did what, when, at which step."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    step = models.ForeignKey(
        CaseStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(_("事件"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("办件记录")
        verbose_name_plural = _("办件记录")
        ordering = ["case", "created_at", "id"]

    def __str__(self):
        return f"{self.case} {self.get_kind_display()}"


class CaseAttachment(OrgScopedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    step = models.ForeignKey(
        CaseStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    slot = models.CharField(_("材料名称"), max_length=200, blank=True)
    file = models.FileField(_("文件"), upload_to=GeneratedName("cases"))
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")
        ordering = ["case", "id"]

    def __str__(self):
        return self.original_name
