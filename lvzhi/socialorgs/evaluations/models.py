"""Third-party evaluation of funded projects (第十五条). A federation assigns an evaluator
account (outside the federation: the role allows none of its actions) to the funded
projects of one year with its weights of the three grounds and its pass threshold
(``EvaluationPlan``); each funded project gets an ``Evaluation`` the evaluator scores, with
the public ratings of the beneficiaries (``Rating``, by QR code) as its satisfaction, and
the generated Word report. Every row carries the federation's ``org_path``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.files import GeneratedName
from lvzhi.core.models import OrgScopedModel

from . import rules


class EvaluationPlan(OrgScopedModel):
    federation = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="evaluation_plans",
        verbose_name=_("妇联"),
    )
    year = models.PositiveSmallIntegerField(_("项目年度"))
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evaluation_plans",
        verbose_name=_("评估账号"),
    )
    agency = models.CharField(_("第三方评估机构"), max_length=120)
    weight_satisfaction = models.PositiveSmallIntegerField(
        _("受益对象满意度权重"), default=rules.DEFAULT_WEIGHTS["satisfaction"]
    )
    weight_capacity = models.PositiveSmallIntegerField(
        _("服务能力权重"), default=rules.DEFAULT_WEIGHTS["capacity"]
    )
    weight_results = models.PositiveSmallIntegerField(
        _("项目成效权重"), default=rules.DEFAULT_WEIGHTS["results"]
    )
    threshold = models.PositiveSmallIntegerField(_("合格分数线"), default=rules.DEFAULT_THRESHOLD)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("第三方评估安排")
        verbose_name_plural = _("第三方评估安排")
        ordering = ["org_path", "-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "year", "evaluator"], name="unique_evaluation_plan"
            )
        ]

    def __str__(self):
        return f"{self.year} {self.agency}"

    @property
    def weights(self) -> dict:
        return {
            "satisfaction": self.weight_satisfaction,
            "capacity": self.weight_capacity,
            "results": self.weight_results,
        }


class EvaluationStatus(models.TextChoices):
    ASSIGNED = "assigned", _("待评估")
    SUBMITTED = "submitted", _("已评估")


class Evaluation(OrgScopedModel):
    plan = models.ForeignKey(EvaluationPlan, on_delete=models.CASCADE, related_name="evaluations")
    application = models.OneToOneField(
        "socialorgs.ProjectApplication",
        on_delete=models.CASCADE,
        related_name="evaluation",
        verbose_name=_("项目"),
    )
    public_key = models.CharField(max_length=32, unique=True, editable=False)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.ASSIGNED,
    )
    satisfaction_score = models.DecimalField(
        _("受益对象满意度得分"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    satisfaction_from_ratings = models.BooleanField(_("满意度来自在线评价"), default=False)
    capacity_score = models.DecimalField(
        _("服务能力得分"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    results_score = models.DecimalField(
        _("项目成效得分"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    weighted_score = models.DecimalField(
        _("综合得分"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    passed = models.BooleanField(_("合格"), null=True, blank=True)
    verdict = models.JSONField(_("判定"), default=dict, blank=True)
    comment = models.TextField(_("评估意见"), blank=True, max_length=4000)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    report = models.FileField(
        _("评估报告"), upload_to=GeneratedName("socialevaluations"), blank=True
    )

    class Meta:
        verbose_name = _("项目评估")
        verbose_name_plural = _("项目评估")
        ordering = ["org_path", "plan", "id"]
        indexes = [models.Index(fields=["org_path", "status"])]

    def __str__(self):
        return f"{self.application_id} {self.get_status_display()}"


class Rating(OrgScopedModel):
    """A beneficiary's rating (1–5, a comment) by the public form; no personal data."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField(_("评分"))
    comment = models.CharField(_("意见"), max_length=200, blank=True)
    nonce = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("受益对象评价")
        verbose_name_plural = _("受益对象评价")
        ordering = ["evaluation", "-id"]

    def __str__(self):
        return f"{self.evaluation_id} {self.score}"
