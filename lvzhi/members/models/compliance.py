"""七个一 compliance, kept incrementally: one row per member, rule and period, and per
organization the counts of its members by status, so roll-ups over a subtree add up a
few rows per organization instead of counting activities."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import OrgScopedModel


class ComplianceStatus(models.TextChoices):
    MET = "met", _("已完成")
    DUE = "due", _("待完成")
    OVERDUE = "overdue", _("逾期未完成")
    PARTIAL = "partial", _("部分时间在任")
    NOT_REQUIRED = "not_required", _("不要求")


class MemberCompliance(OrgScopedModel):
    person = models.ForeignKey("orgs.Person", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+"
    )
    rule_id = models.CharField(_("规则"), max_length=20)
    period_code = models.CharField(_("期间"), max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()
    required = models.PositiveSmallIntegerField(_("要求次数"))
    done = models.PositiveSmallIntegerField(_("完成次数"), default=0)
    status = models.CharField(_("状态"), max_length=20, choices=ComplianceStatus.choices)
    source = models.CharField(_("依据"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("执委履职达标")
        verbose_name_plural = _("执委履职达标")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organization", "rule_id", "period_code"],
                name="unique_member_compliance",
            )
        ]
        indexes = [models.Index(fields=["organization", "period_code", "rule_id"])]

    def __str__(self):
        return f"{self.person} {self.rule_id} {self.period_code} {self.status}"


class OrgCompliance(OrgScopedModel):
    """Per organization, rule and period: how many members are in each status."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+"
    )
    rule_id = models.CharField(_("规则"), max_length=20)
    period_code = models.CharField(_("期间"), max_length=10)
    members = models.IntegerField(default=0)
    met = models.IntegerField(default=0)
    due = models.IntegerField(default=0)
    overdue = models.IntegerField(default=0)
    partial = models.IntegerField(default=0)
    not_required = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("组织履职达标汇总")
        verbose_name_plural = _("组织履职达标汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "rule_id", "period_code"], name="unique_org_compliance"
            )
        ]
        # Roll-ups sum the counts of a subtree's rows for a few periods: every column they
        # read is in the index, so the rows come from the index alone (the rows of one
        # county are spread over as many heap pages as there are rows).
        indexes = [
            models.Index(
                fields=[
                    "period_code",
                    "org_path",
                    "rule_id",
                    "members",
                    "met",
                    "due",
                    "overdue",
                    "partial",
                    "not_required",
                ],
                name="members_orgcompl_rollup",
            )
        ]

    def __str__(self):
        return f"{self.organization} {self.rule_id} {self.period_code}"
