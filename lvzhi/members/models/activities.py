"""Member profiles, the activity log (七个一 and other work), contact assignments, and the
rule set an organization uses."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.files import GeneratedName
from lvzhi.core.models import OrgScopedModel, TimeStampedModel
from lvzhi.core.pii import EncryptedTextField


class RulesetChoice(TimeStampedModel):
    """An organization (and its subtree, unless one below chooses otherwise) uses another
    rule set than the default (重庆 2019)."""

    organization = models.OneToOneField(
        "orgs.Organization",
        on_delete=models.CASCADE,
        related_name="ruleset_choice",
        verbose_name=_("组织"),
    )
    ruleset = models.CharField(_("规则集"), max_length=40)

    class Meta:
        verbose_name = _("规则集选择")
        verbose_name_plural = _("规则集选择")

    def __str__(self):
        return f"{self.organization} · {self.ruleset}"


class MemberProfile(OrgScopedModel):
    """执委 profile (R-EX-12 亮身份/亮职责/亮工作/亮成效): what the public sees once published."""

    person = models.OneToOneField(
        "orgs.Person", on_delete=models.CASCADE, related_name="member_profile"
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        related_name="member_profiles",
        verbose_name=_("所在组织"),
    )
    residence = models.CharField(_("居住地"), max_length=200, blank=True)
    lives_here_since = models.DateField(_("居住起始"), null=True, blank=True)
    away_since = models.DateField(
        _("离开本地日期"), null=True, blank=True, help_text=_("外出离开本地时填写")
    )
    public_contact = models.CharField(_("公开联系方式"), max_length=100, blank=True)
    duties = models.TextField(_("履职职责"), blank=True)
    yearly_tasks = models.TextField(_("本年度任务"), blank=True)
    results = models.TextField(_("工作成效"), blank=True)
    is_published = models.BooleanField(_("公开亮身份"), default=False)
    public_token = models.CharField(max_length=32, unique=True, editable=False)

    class Meta:
        verbose_name = _("执委资料")
        verbose_name_plural = _("执委资料")
        ordering = ["org_path", "id"]

    def __str__(self):
        return str(self.person)


class ActivityKind(models.TextChoices):
    CONTACT = "contact", _("联系")
    LECTURE = "lecture", _("宣讲")
    SURVEY = "survey", _("调研")
    SUGGESTION = "suggestion", _("建议")
    ASSISTANCE = "assistance", _("帮扶")
    PUBLIC_SERVICE = "public_service", _("公益")
    WORK_RECORD = "work_record", _("工作记录")
    DELIBERATION = "deliberation", _("议事")
    TRAINING = "training", _("培训")
    DUTY = "duty", _("值班")
    OTHER = "other", _("其他")


class ActivityStatus(models.TextChoices):
    RECORDED = "recorded", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    RETURNED = "returned", _("已退回")


class Activity(OrgScopedModel):
    """One activity of a member. Counts towards 七个一 unless returned."""

    person = models.ForeignKey(
        "orgs.Person", on_delete=models.CASCADE, related_name="activities", verbose_name=_("执委")
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        related_name="member_activities",
        verbose_name=_("所在组织"),
    )
    kind = models.CharField(_("活动类型"), max_length=20, choices=ActivityKind.choices)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    women_reached = models.PositiveIntegerField(_("联系妇女人数"), default=0)
    units = models.ManyToManyField(
        "orgs.Organization",
        blank=True,
        related_name="+",
        verbose_name=_("涉及妇女小组/微家"),
    )
    women = models.CharField(_("涉及妇女"), max_length=300, blank=True)
    note = models.TextField(_("内容"), blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.RECORDED
    )
    return_reason = models.CharField(_("退回理由"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("记录人"),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    verified_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("答复人"),
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    # 离线记录时手机生成的编号：重发同一条活动（同一执委、同一编号）只保存一次
    client_id = models.UUIDField(_("客户端编号"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("履职活动")
        verbose_name_plural = _("履职活动")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["person", "kind", "date"]),
            models.Index(fields=["org_path", "date"]),
            models.Index(fields=["organization", "kind", "answered_at"]),
            # the workbench's counts over a subtree: activities waiting for a cadre's
            # confirmation and unanswered 建议 (a few per federation among many rows)
            models.Index(
                fields=["org_path"],
                condition=models.Q(status=ActivityStatus.RECORDED),
                name="members_activity_recorded",
            ),
            models.Index(
                fields=["org_path"],
                condition=models.Q(kind=ActivityKind.SUGGESTION, answered_at__isnull=True),
                name="members_activity_unanswered",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "client_id"],
                condition=models.Q(client_id__isnull=False),
                name="members_activity_person_client_id_uniq",
            )
        ]

    def __str__(self):
        return f"{self.person} {self.get_kind_display()} {self.date}"


class ActivityPhoto(OrgScopedModel):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=GeneratedName("activities"))
    display = models.ImageField(_("展示图"), upload_to=GeneratedName("activities"), blank=True)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["activity", "id"]

    def __str__(self):
        return self.image.name


class ContactKind(models.TextChoices):
    GROUP = "group", _("妇女小组")
    MICRO_HOME = "micro_home", _("微家")
    WOMAN = "woman", _("妇女")


class ContactAssignment(OrgScopedModel):
    """R-EX-08: a member's contact with a women's group, a 微家, or a woman."""

    person = models.ForeignKey(
        "orgs.Person",
        on_delete=models.CASCADE,
        related_name="contact_assignments",
        verbose_name=_("执委"),
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        related_name="contact_assignments",
        verbose_name=_("所在组织"),
    )
    kind = models.CharField(_("联系对象类型"), max_length=20, choices=ContactKind.choices)
    unit = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contact_members",
        verbose_name=_("妇女小组/微家"),
    )
    woman_name = models.CharField(_("妇女姓名"), max_length=50, blank=True)
    woman_phone = EncryptedTextField(_("联系电话"), blank=True, default="", masker="phone")
    start_date = models.DateField(_("联系起始"))
    end_date = models.DateField(_("联系结束"), null=True, blank=True)

    class Meta:
        verbose_name = _("联系对象")
        verbose_name_plural = _("联系对象")
        ordering = ["person", "kind", "id"]
        indexes = [models.Index(fields=["person", "end_date"])]

    def __str__(self):
        return f"{self.person} → {self.unit or self.woman_name}"
