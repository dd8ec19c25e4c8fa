"""Social projects (社会化项目, CQ-SO 第六条、第十七条): a federation publishes a batch of
projects on its public page; a filed organization applies through its own account (the
organization user, linked to one organization by ``OrganizationAccount``) with its plan
and budget; the federation reviews the application on the process engine (审核 → 立项决定
→ 签订协议 → 中期报告 → 结项报告) and the results enter the organization's ledger.

These models belong to the ``socialorgs`` app (``socialorgs/models.py`` imports them).
Every row carries ``org_path`` — the publishing federation's path — so a federation's
cadres read their subtree through ``restrict(user, action)``; an organization user has no
scope in the federation tree and reads only rows of her own organization (selectors)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.files import GeneratedName
from lvzhi.core.models import OrgScopedModel


class OrganizationAccount(OrgScopedModel):
    """The organization user (社会组织用户): an account outside the federation that acts
    for exactly one filed organization. ``org_path`` is the organization's (its filing
    federation's path), so the federation's cadres see and manage its accounts."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="social_organization_account",
        verbose_name=_("账号"),
    )
    organization = models.ForeignKey(
        "socialorgs.SocialOrganization",
        on_delete=models.CASCADE,
        related_name="accounts",
        verbose_name=_("社会组织"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("社会组织账号")
        verbose_name_plural = _("社会组织账号")
        ordering = ["organization", "id"]

    def __str__(self):
        return f"{self.user} · {self.organization}"


class ProjectBatch(OrgScopedModel):
    """A batch of social projects a federation publishes (集中发布社会化项目, 第十七条).
    Organizations apply while it is published and the deadline has not passed."""

    federation = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="social_project_batches",
        verbose_name=_("发布妇联"),
    )
    title = models.CharField(_("项目名称"), max_length=200)
    content = models.TextField(_("项目内容"), max_length=8000)
    budget = models.DecimalField(_("项目预算（元）"), max_digits=12, decimal_places=2)
    eligibility = models.TextField(_("申报条件"), max_length=4000, blank=True)
    deadline = models.DateField(_("申报截止日期"))
    year = models.PositiveSmallIntegerField(_("年度"))
    published = models.BooleanField(_("已发布"), default=False)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("项目批次")
        verbose_name_plural = _("项目批次")
        ordering = ["org_path", "-year", "-deadline", "-id"]
        indexes = [
            models.Index(fields=["org_path", "year"]),
            models.Index(fields=["published", "deadline"]),
        ]

    def __str__(self):
        return self.title


class ApplicationStatus(models.TextChoices):
    """Where an application stands. ``submitted`` waits for the federation to accept it,
    which opens its case on the process engine; each later state is one step of the case
    (审核 → 立项决定 → 签订协议 → 中期报告 → 结项报告). ``returned``: at 审核 the
    federation returned it to the organization with a reason (退回修改); the case waits at
    审核 until the organization resubmits."""

    SUBMITTED = "submitted", _("已申报，待受理")
    REVIEW = "review", _("审核")
    RETURNED = "returned", _("退回修改")
    DECISION = "decision", _("立项决定")
    CONTRACT = "contract", _("签订协议")
    MIDTERM = "midterm", _("实施中（中期报告）")
    FINAL = "final", _("结项报告")
    COMPLETED = "completed", _("已结项")
    REJECTED = "rejected", _("未立项")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.REVIEW,
    ApplicationStatus.RETURNED,
    ApplicationStatus.DECISION,
    ApplicationStatus.CONTRACT,
    ApplicationStatus.MIDTERM,
    ApplicationStatus.FINAL,
)
# Funded (立项) projects: a decision granted ``funded_amount``; the third-party evaluation
# (第十五条) scores these.
FUNDED_STATUSES = (
    ApplicationStatus.CONTRACT,
    ApplicationStatus.MIDTERM,
    ApplicationStatus.FINAL,
    ApplicationStatus.COMPLETED,
)


class ProjectApplication(OrgScopedModel):
    """One organization's application to a batch (one open application per organization
    and batch), with its plan and budget attached as ``ProjectDocument`` rows.

    ``verdicts`` lists the eligibility verdict and every decision with its rule id;
    ``ledger_entry`` is the project-results entry written into the organization's
    supervision ledger when the project is closed (第十二条)."""

    batch = models.ForeignKey(
        ProjectBatch, on_delete=models.PROTECT, related_name="applications", verbose_name=_("批次")
    )
    organization = models.ForeignKey(
        "socialorgs.SocialOrganization",
        on_delete=models.PROTECT,
        related_name="project_applications",
        verbose_name=_("社会组织"),
    )
    title = models.CharField(_("申报项目名称"), max_length=200)
    summary = models.TextField(_("项目简介"), max_length=4000, blank=True)
    budget = models.DecimalField(_("申请资金（元）"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    funded_amount = models.DecimalField(
        _("立项资金（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decision_note = models.CharField(_("审核意见"), max_length=500, blank=True)
    return_reason = models.CharField(_("退回修改理由"), max_length=500, blank=True)
    case = models.OneToOneField(
        "processes.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="social_project",
        verbose_name=_("办件"),
    )
    verdicts = models.JSONField(_("判定记录"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("申报时间"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_on = models.DateField(_("立项日期"), null=True, blank=True)
    contract_on = models.DateField(_("协议签订日期"), null=True, blank=True)
    midterm_report = models.TextField(_("中期报告"), max_length=8000, blank=True)
    midterm_on = models.DateField(_("中期报告日期"), null=True, blank=True)
    final_report = models.TextField(_("结项报告"), max_length=8000, blank=True)
    final_on = models.DateField(_("结项报告日期"), null=True, blank=True)
    completed_on = models.DateField(_("结项日期"), null=True, blank=True)
    ledger_entry = models.OneToOneField(
        "socialorgs.LedgerEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_application",
        verbose_name=_("台账记录"),
    )

    class Meta:
        verbose_name = _("项目申报")
        verbose_name_plural = _("项目申报")
        ordering = ["org_path", "batch", "-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "organization"],
                condition=~models.Q(status__in=["withdrawn"]),
                name="one_application_per_batch_and_organization",
            )
        ]
        indexes = [
            models.Index(fields=["org_path", "status"]),
            models.Index(fields=["organization", "status"]),
        ]

    def __str__(self):
        return f"{self.organization} · {self.title}"


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("项目方案")
    BUDGET = "budget", _("预算表")
    CONTRACT = "contract", _("项目协议")
    MIDTERM = "midterm", _("中期报告")
    FINAL = "final", _("结项报告")


class ProjectDocument(OrgScopedModel):
    """A file of an application (plan, budget, contract, reports): checked by content,
    stored under a generated name, served only through the scope-checking view."""

    application = models.ForeignKey(
        ProjectApplication, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=DocumentKind.choices)
    file = models.FileField(_("文件"), upload_to=GeneratedName("socialprojects"))
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("项目材料")
        verbose_name_plural = _("项目材料")
        ordering = ["application", "id"]

    def __str__(self):
        return self.original_name
