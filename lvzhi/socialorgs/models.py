"""Social organizations (社会组织, CQ-SO): the filed organizations with their key members
(R-SO-02 database), each federation's advisers (第十一条), the supervision ledger
(第十二条) and the federation's yearly duties (R-SO-03).

Every row carries ``org_path`` — the filing federation's path — so subtree reads are a
range scan and ``restrict(user, action)`` scopes them like every other app. Key members'
phones are encrypted at rest (lvzhi.core.pii) and shown masked."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.files import GeneratedName
from lvzhi.core.models import OrgScopedModel
from lvzhi.core.pii import EncryptedTextField

from . import rules


class Kind(models.TextChoices):
    """第五条 and 第二十二条."""

    SELF_FORMED = "self_formed", _("自发形成的妇女群体")
    WOMENS = "womens", _("女性社会组织")
    SERVING = "serving", _("以服务妇女儿童家庭为主的社会组织")


class Field(models.TextChoices):
    """第四条's kinds of organization."""

    CHARITY = "charity", _("公益慈善")
    RIGHTS = "rights", _("矛盾化解与妇女维权")
    VOLUNTEER = "volunteer", _("志愿服务")
    CULTURE = "culture", _("文体娱乐")
    COMMUNITY = "community", _("社区管理")
    LIVING = "living", _("生活服务")
    FAMILY = "family", _("家庭教育与儿童服务")
    OTHER = "other", _("其他")


class Status(models.TextChoices):
    ACTIVE = "active", _("活跃")
    DORMANT = "dormant", _("休眠")
    DEREGISTERED = "deregistered", _("已注销")


class Tier(models.TextChoices):
    """R-SO-01: where an organization is filed (第五条)."""

    VILLAGE = rules.VILLAGE, _("村（社区）妇联")
    TOWNSHIP = rules.TOWNSHIP, _("街道（镇乡）妇联")
    COUNTY = rules.COUNTY, _("区县妇联")
    CENTER = rules.CENTER, _("市妇女社会组织服务中心")


class SocialOrganization(OrgScopedModel):
    """A filed group or organization (信息备案). ``proposed_tier`` and ``at_boundary`` are
    R-SO-01's proposal when last filed or updated; ``filed_tier`` is the cadre's choice,
    with ``tier_reason`` when it departs from the proposal or sits at a boundary."""

    federation = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="social_organizations",
        verbose_name=_("备案妇联"),
    )
    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    registered = models.BooleanField(_("已在民政部门登记"), default=False)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    service_field = models.CharField(_("服务领域"), max_length=20, choices=Field.choices)
    size = models.PositiveIntegerField(_("成员或从业人员数"))
    notable_influence = models.BooleanField(_("有较大影响力"), default=False)
    active = models.BooleanField(_("工作活跃"), default=False)
    center_grade = models.BooleanField(_("规模较大、工作制度健全、公信力较高"), default=False)
    status = models.CharField(
        _("状态"), max_length=14, choices=Status.choices, default=Status.ACTIVE
    )
    has_party_organization = models.BooleanField(_("已建党组织"), default=False)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("联系电话"), blank=True, default="", masker="phone")
    address = models.CharField(_("地址"), max_length=200, blank=True)
    activities = models.TextField(_("主要活动"), blank=True, max_length=2000)
    proposed_tier = models.CharField(
        _("建议备案层级"), max_length=10, choices=Tier.choices, editable=False
    )
    at_boundary = models.BooleanField(_("人数恰在两档交界"), default=False, editable=False)
    proposal_detail = models.CharField(_("建议说明"), max_length=300, blank=True, editable=False)
    filed_tier = models.CharField(_("备案层级"), max_length=10, choices=Tier.choices)
    tier_reason = models.CharField(_("层级理由"), max_length=300, blank=True)
    filed_on = models.DateField(_("备案日期"))

    class Meta:
        verbose_name = _("社会组织")
        verbose_name_plural = _("社会组织")
        ordering = ["org_path", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "name"], name="unique_social_organization_name"
            ),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="unique_social_organization_credit_code",
            ),
        ]
        indexes = [models.Index(fields=["org_path", "status", "has_party_organization"])]

    def __str__(self):
        return self.name


class KeyMember(OrgScopedModel):
    """骨干成员 (R-SO-02): the phone encrypted, shown masked."""

    organization = models.ForeignKey(
        SocialOrganization, on_delete=models.CASCADE, related_name="key_members"
    )
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("职务"), max_length=50)
    phone = EncryptedTextField(_("联系电话"), blank=True, default="", masker="phone")

    class Meta:
        verbose_name = _("骨干成员")
        verbose_name_plural = _("骨干成员")
        ordering = ["organization", "id"]

    def __str__(self):
        return f"{self.name}（{self.role}）"


class AdviserKind(models.TextChoices):
    EXPERT = "expert", _("专家顾问")
    PUBLIC_BENEFIT = "public_benefit", _("公益顾问")


class Adviser(OrgScopedModel):
    """第十一条: the federation's expert adviser team and its public-benefit advisers."""

    federation = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="social_advisers",
        verbose_name=_("聘请妇联"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    kind = models.CharField(_("类别"), max_length=16, choices=AdviserKind.choices)
    expertise = models.CharField(_("专业领域"), max_length=200)
    affiliation = models.CharField(_("工作单位及职务"), max_length=120, blank=True)
    term_start = models.DateField(_("聘期开始"))
    term_end = models.DateField(_("聘期结束"), null=True, blank=True)

    class Meta:
        verbose_name = _("顾问")
        verbose_name_plural = _("顾问")
        ordering = ["org_path", "kind", "name", "id"]

    def __str__(self):
        return self.name


class EntryKind(models.TextChoices):
    """第十二条: what the ledger records."""

    DISCLOSURE = "disclosure", _("信息披露")
    MAJOR_EVENT = "major_event", _("重大事项报告")
    COMPLAINT = "complaint", _("公众投诉")
    PROJECT_RESULT = "project_result", _("项目实施成效")


class LedgerEntry(OrgScopedModel):
    """A dated entry of the supervision ledger (工作台账) of one organization."""

    organization = models.ForeignKey(
        SocialOrganization, on_delete=models.CASCADE, related_name="ledger"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=EntryKind.choices)
    date = models.DateField(_("日期"))
    title = models.CharField(_("事项"), max_length=200)
    content = models.TextField(_("内容"), blank=True, max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("台账记录")
        verbose_name_plural = _("台账记录")
        ordering = ["organization", "-date", "-id"]
        indexes = [models.Index(fields=["org_path", "kind", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date} {self.title}"


class DutyKind(models.TextChoices):
    """R-SO-03: the yearly duties (第十三条–第十七条)."""

    PARTY_TRAINING = rules.PARTY_TRAINING, _("党建工作培训")
    INNOVATION_TRAINING = rules.INNOVATION_TRAINING, _("社会组织创新培训")
    EVALUATION = rules.EVALUATION, _("第三方成效评估")
    JOINT_MEETING = rules.JOINT_MEETING, _("社会组织联席会议")
    PROJECT_BATCH = rules.PROJECT_BATCH, _("集中发布社会化项目")


class YearlyDuty(OrgScopedModel):
    """One yearly duty held by a federation: date, participants, the party-building
    instructor for 第十三条, and a document (through lvzhi.core.files, served by the
    scope-checking view)."""

    federation = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="social_duties",
        verbose_name=_("妇联"),
    )
    kind = models.CharField(_("事项"), max_length=20, choices=DutyKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    date = models.DateField(_("日期"))
    title = models.CharField(_("名称"), max_length=200)
    participants = models.PositiveIntegerField(_("参加人数"), default=0)
    participant_note = models.CharField(_("参加对象"), max_length=300, blank=True)
    instructor = models.CharField(_("党建工作指导员"), max_length=50, blank=True)
    document = models.FileField(_("文件"), upload_to=GeneratedName("socialorgs"), blank=True)
    document_name = models.CharField(_("文件名"), max_length=255, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("年度工作")
        verbose_name_plural = _("年度工作")
        ordering = ["org_path", "-date", "-id"]
        indexes = [models.Index(fields=["org_path", "year", "kind"])]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()} {self.title}"


# Projects (第六条、第十七条) live in their own subpackage, in this app.
from .projects.models import (  # noqa: E402, F401
    ApplicationStatus,
    DocumentKind,
    OrganizationAccount,
    ProjectApplication,
    ProjectBatch,
    ProjectDocument,
)
