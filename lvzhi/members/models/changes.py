"""Changes of the committee: exits (R-MB-08…10) through the procedure of R-MB-11, and
additions (R-MB-12 nominations, R-MB-13/14 vote sessions)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import OrgScopedModel


class ExitKind(models.TextChoices):
    SELF_RELEASE = "self_release", _("自行卸免")
    ADVISED = "advised", _("组织劝退")
    TERMINATION = "termination", _("资格终止")


class ExitStatus(models.TextChoices):
    RECOMMENDED = "recommended", _("系统建议")
    PROPOSED = "proposed", _("妇联提出")
    APPROVED = "approved", _("党组织批准")
    EFFECTIVE = "effective", _("已生效")
    DISMISSED = "dismissed", _("不予处理")


class ExitCase(OrgScopedModel):
    """An exit from recommendation (evidence and clause) to decision; the seat ends only
    when the procedure of R-MB-11 is complete."""

    person = models.ForeignKey("orgs.Person", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+"
    )
    position = models.ForeignKey(
        "orgs.Position", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ExitKind.choices)
    ground = models.CharField(_("情形"), max_length=60)
    rule_id = models.CharField(_("规则"), max_length=20)
    source = models.CharField(_("依据条款"), max_length=100)
    evidence = models.JSONField(_("依据事实"), default=list)
    status = models.CharField(_("状态"), max_length=20, choices=ExitStatus.choices)
    steps = models.JSONField(_("程序记录"), default=list)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    announced_at = models.ForeignKey(
        "members.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("执委退出")
        verbose_name_plural = _("执委退出")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organization", "ground"],
                condition=models.Q(status__in=["recommended", "proposed", "approved"]),
                name="one_open_exit_per_ground",
            )
        ]

    def __str__(self):
        return f"{self.person} {self.get_kind_display()} {self.get_status_display()}"


class NominationChannel(models.TextChoices):
    PARTY = "party", _("党组织推荐")
    MASSES = "masses", _("群众推荐")
    SELF = "self", _("个人自荐")


class NominationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提名")
    INITIAL_REVIEWED = "initial_reviewed", _("妇联已初审")
    PARTY_APPROVED = "party_approved", _("党组织已审查")
    REJECTED = "rejected", _("未通过审查")
    ELECTED = "elected", _("当选")
    NOT_ELECTED = "not_elected", _("未当选")


class Nomination(OrgScopedModel):
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey("orgs.Person", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("提名方式"), max_length=20, choices=NominationChannel.choices)
    title = models.CharField(_("拟任职务"), max_length=20, default="member")
    supporters_members = models.PositiveIntegerField(_("联名执委人数"), default=0)
    supporters_women = models.PositiveIntegerField(_("联名妇女人数"), default=0)
    extra_seat_kind = models.CharField(_("超额席位类别"), max_length=40, blank=True)
    replaces = models.ForeignKey(
        "orgs.Position", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    residence = models.CharField(_("居住地"), max_length=200, blank=True)
    note = models.TextField(_("推荐理由"), blank=True)
    position = models.ForeignKey(
        "orgs.Position",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("当选后任职"),
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.SUBMITTED,
    )
    steps = models.JSONField(_("程序记录"), default=list)
    verdicts = models.JSONField(_("规则结论"), default=list)

    class Meta:
        verbose_name = _("执委提名")
        verbose_name_plural = _("执委提名")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.person} {self.get_channel_display()}"


class VoteSession(OrgScopedModel):
    """A vote at the executive plenary (R-MB-13, R-MB-14)."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+"
    )
    meeting = models.ForeignKey(
        "members.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    date = models.DateField(_("表决日期"))
    expected = models.PositiveIntegerField(_("应到人数"))
    present = models.PositiveIntegerField(_("实到人数"))
    scrutineers = models.ManyToManyField("orgs.Person", blank=True, related_name="+")
    counters = models.JSONField(_("计票员"), default=list)
    is_valid = models.BooleanField(_("表决有效"), default=False)
    arithmetic = models.JSONField(_("计算过程"), default=list)
    verdicts = models.JSONField(_("规则结论"), default=list)
    size_before = models.PositiveIntegerField(_("表决前人数"), default=0)
    size_after = models.PositiveIntegerField(_("表决后人数"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("表决")
        verbose_name_plural = _("表决")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.organization} {self.date:%Y-%m-%d}"


class VoteTally(OrgScopedModel):
    session = models.ForeignKey(VoteSession, on_delete=models.CASCADE, related_name="tallies")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="tallies")
    yes = models.PositiveIntegerField(_("赞成"))
    no = models.PositiveIntegerField(_("反对"))
    abstain = models.PositiveIntegerField(_("弃权"))
    elected = models.BooleanField(_("当选"), default=False)
    arithmetic = models.CharField(_("计算过程"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("计票")
        verbose_name_plural = _("计票")
        constraints = [
            models.UniqueConstraint(fields=["session", "nomination"], name="unique_vote_tally")
        ]

    def __str__(self):
        return f"{self.nomination} {self.yes}/{self.no}/{self.abstain}"
