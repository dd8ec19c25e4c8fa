"""社区妇女信息台账: women and children kept by a community (village) federation, their
categories with dates, moves between communities, grids with their workers, and visits.

ID numbers and phones are encrypted at rest (lvzhi.core.pii); ``id_number_hash`` is the
blind index that keeps one person in one community's ledger at a time."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import OrgScopedModel, PathField, TimeStampedModel
from lvzhi.core.pii import EncryptedTextField


class CategoryGroup(models.TextChoices):
    WOMEN = "women", _("妇女")
    CHILDREN = "children", _("儿童")


class Category(models.Model):
    """A ledger category (留守妇女, 困境儿童 …): data, seeded by a migration, editable."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    group = models.CharField(_("对象"), max_length=10, choices=CategoryGroup.choices)
    sensitive = models.BooleanField(
        _("敏感类别"), default=False, help_text=_("困难、残疾等涉及个人敏感信息的类别")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("台账类别")
        verbose_name_plural = _("台账类别")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name


class Grid(OrgScopedModel):
    """网格: a part of a community, with the executive members or grid workers who keep it."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="grids", verbose_name=_("社区")
    )
    name = models.CharField(_("网格名称"), max_length=60)
    note = models.CharField(_("范围说明"), max_length=200, blank=True)
    workers = models.ManyToManyField(
        "orgs.Person", blank=True, related_name="ledger_grids", verbose_name=_("网格员/执委")
    )
    households = models.PositiveIntegerField(_("户数"), null=True, blank=True)
    is_active = models.BooleanField(
        _("在用"), default=True, help_text=_("停用的网格不再用于登记、导入和走访")
    )

    class Meta:
        verbose_name = _("网格")
        verbose_name_plural = _("网格")
        ordering = ["org_path", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unique_grid_name")
        ]

    def __str__(self):
        return self.name


class Gender(models.TextChoices):
    FEMALE = "F", _("女")
    MALE = "M", _("男")


class ClosedReason(models.TextChoices):
    MOVED_AWAY = "moved_away", _("迁离本地")
    DECEASED = "deceased", _("去世")


class Entry(OrgScopedModel):
    """One woman or child in a community's ledger. ``revision`` moves with every transfer
    step, so a move is a conditional UPDATE that cannot race."""

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("所在社区"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(
        _("性别"), max_length=1, choices=Gender.choices, default=Gender.FEMALE
    )
    id_number = EncryptedTextField(_("身份证号"), blank=True, default="", masker="id_number")
    id_number_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    phone = EncryptedTextField(_("联系电话"), blank=True, default="", masker="phone")
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    grid = models.ForeignKey(
        Grid,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("网格"),
    )
    household = models.CharField(
        _("家庭情况"), max_length=200, blank=True, help_text=_("户主、家庭成员及关系")
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)
    revision = models.PositiveIntegerField(default=0, editable=False)
    closed_reason = models.CharField(
        _("注销原因"), max_length=12, choices=ClosedReason.choices, blank=True
    )
    closed_on = models.DateField(_("注销日期"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("匿名化时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("台账人员")
        verbose_name_plural = _("台账人员")
        ordering = ["org_path", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~models.Q(id_number_hash=""),
                name="unique_ledger_id_number",
            )
        ]
        indexes = [models.Index(fields=["grid", "name"])]

    def __str__(self):
        return self.name


class EntryCategory(TimeStampedModel):
    """A category an entry belongs to, from ``start_date`` until ``end_date`` (open: still)."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="categories", verbose_name=_("台账人员")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("类别")
    )
    start_date = models.DateField(_("认定日期"))
    end_date = models.DateField(_("退出日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("台账类别记录")
        verbose_name_plural = _("台账类别记录")
        ordering = ["category__sort_order", "-start_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "category"],
                condition=models.Q(end_date__isnull=True),
                name="unique_open_ledger_category",
            )
        ]

    def __str__(self):
        return f"{self.category} {self.start_date}—{self.end_date or ''}"


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("待接收")
    ACCEPTED = "accepted", _("已迁入")
    REJECTED = "rejected", _("已退回")
    CANCELLED = "cancelled", _("已撤回")


class Transfer(OrgScopedModel):
    """迁出/迁入: the sending community asks, the receiving community accepts or refuses.
    ``org_path`` is the sender's, ``to_path`` the receiver's: both read the row."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="transfers", verbose_name=_("台账人员")
    )
    entry_name = models.CharField(_("姓名"), max_length=50)
    from_organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("迁出社区")
    )
    to_organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("迁入社区")
    )
    to_path = PathField(max_length=255, db_index=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=12, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    reason = models.CharField(_("迁出原因"), max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    decision_note = models.CharField(_("办理意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("迁移记录")
        verbose_name_plural = _("迁移记录")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=models.Q(status="pending"),
                name="one_pending_ledger_transfer",
            )
        ]

    def __str__(self):
        return f"{self.entry_name} · {self.get_status_display()}"


class Visit(OrgScopedModel):
    """走访: who visited whom, when, what was found, what she needs, what follows."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="visits", verbose_name=_("走访对象")
    )
    visitor = models.ForeignKey(
        "orgs.Person",
        on_delete=models.PROTECT,
        related_name="ledger_visits",
        verbose_name=_("走访人"),
    )
    date = models.DateField(_("走访日期"))
    findings = models.TextField(_("走访情况"))
    needs = models.TextField(_("需求"), blank=True)
    follow_up = models.TextField(_("跟进措施"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The 联系 activity (七个一, R-EX-01) the visit counts as when the visitor sits on a
    # committee: an id, not a foreign key (members_activity is partitioned on PostgreSQL,
    # decision 0017). The activity names no woman: no PII leaves the ledger.
    activity_id = models.BigIntegerField(null=True, blank=True, editable=False, db_index=True)

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["visitor", "date"]), models.Index(fields=["entry", "date"])]

    def __str__(self):
        return f"{self.date} {self.entry}"


# 个人信息保护 (PIPL) ---------------------------------------------------------


class ConsentBasis(models.TextChoices):
    CONSENT = "consent", _("本人同意")
    STATUTORY = "statutory", _("法定职责")


class Consent(TimeStampedModel):
    """The legal basis of an entry (PIPL 第十三条、第二十九条): the woman's consent (or her
    guardian's), or a statutory duty named in ``duty``. ``sensitive`` says the basis also
    covers the entry's sensitive categories (困难、残疾 …: a separate consent). A consent
    is withdrawn, never deleted."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="consents", verbose_name=_("台账人员")
    )
    basis = models.CharField(_("处理依据"), max_length=12, choices=ConsentBasis.choices)
    scope = models.CharField(
        _("处理目的和范围"), max_length=300, help_text=_("为何目的、处理哪些信息")
    )
    duty = models.CharField(
        _("法定职责依据"), max_length=200, blank=True, help_text=_("依据法定职责时必填")
    )
    sensitive = models.BooleanField(_("含敏感个人信息"), default=False)
    given_on = models.DateField(_("同意（认定）日期"))
    given_by = models.CharField(
        _("同意人"), max_length=50, blank=True, help_text=_("本人或监护人姓名")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdrawal_note = models.CharField(_("撤回说明"), max_length=200, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("处理依据")
        verbose_name_plural = _("处理依据")
        ordering = ["-given_on", "-id"]

    def __str__(self):
        return f"{self.get_basis_display()} {self.given_on}"


class ReadKind(models.TextChoices):
    DETAIL = "detail", _("查看详情")
    REVEAL_ID = "reveal_id_number", _("查看完整身份证号")
    REVEAL_PHONE = "reveal_phone", _("查看完整联系电话")
    EXPORT = "export", _("导出")
    REPORT = "report", _("个人信息报告")


class ReadLog(models.Model):
    """Every read of an entry's detail, reveal, export and report: who, when, what, why.
    ``org_path`` is the entry's community at the read, so her federation reviews it;
    ``entry`` stays linked after a move and after anonymisation."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="reads", verbose_name=_("台账人员")
    )
    org_path = PathField(max_length=255, db_index=True, editable=False)
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reader_name = models.CharField(_("查阅人"), max_length=150)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("查阅内容"), max_length=20, choices=ReadKind.choices)
    purpose = models.CharField(_("目的"), max_length=200, blank=True)
    via_api = models.BooleanField(_("通过接口"), default=False)

    class Meta:
        verbose_name = _("查阅记录")
        verbose_name_plural = _("查阅记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["entry", "at"])]

    def __str__(self):
        return f"{self.reader_name} {self.get_kind_display()}"


# 巾帼志愿者 -------------------------------------------------------------------


class VolunteerTeam(OrgScopedModel):
    """巾帼志愿服务队 of a women's federation. Its public page shows the team, never its
    volunteers' names or phones."""

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="volunteer_teams",
        verbose_name=_("所属妇联"),
    )
    name = models.CharField(_("队伍名称"), max_length=60)
    description = models.CharField(_("服务内容"), max_length=300, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    is_public = models.BooleanField(_("公开展示"), default=True)

    class Meta:
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")
        ordering = ["org_path", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unique_team_name")
        ]

    def __str__(self):
        return self.name


class TeamMember(TimeStampedModel):
    """A volunteer: a woman of the ledger (``entry``) or someone from outside it (``name``
    and an encrypted phone). ``left_on`` ends the membership; the hours stay."""

    team = models.ForeignKey(
        VolunteerTeam, on_delete=models.CASCADE, related_name="members", verbose_name=_("队伍")
    )
    entry = models.ForeignKey(
        Entry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_memberships",
        verbose_name=_("台账人员"),
    )
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = EncryptedTextField(_("联系电话"), blank=True, default="", masker="phone")
    is_leader = models.BooleanField(_("队长"), default=False)
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        ordering = ["-is_leader", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "entry"],
                condition=models.Q(left_on__isnull=True, entry__isnull=False),
                name="one_open_team_membership",
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.entry.name if self.entry_id else self.name


class ServiceRecord(TimeStampedModel):
    """一次志愿服务: date, what, how many were served, and each volunteer's hours."""

    team = models.ForeignKey(
        VolunteerTeam, on_delete=models.CASCADE, related_name="services", verbose_name=_("队伍")
    )
    date = models.DateField(_("服务日期"))
    title = models.CharField(_("服务内容"), max_length=100)
    beneficiaries = models.PositiveIntegerField(_("服务对象人数"), default=0)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("志愿服务记录")
        verbose_name_plural = _("志愿服务记录")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["team", "date"])]

    def __str__(self):
        return f"{self.date} {self.title}"


class ServiceHours(models.Model):
    record = models.ForeignKey(
        ServiceRecord, on_delete=models.CASCADE, related_name="hours", verbose_name=_("服务记录")
    )
    member = models.ForeignKey(
        TeamMember, on_delete=models.PROTECT, related_name="hours", verbose_name=_("志愿者")
    )
    hours = models.DecimalField(_("时长（小时）"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("服务时长")
        verbose_name_plural = _("服务时长")
        constraints = [
            models.UniqueConstraint(fields=["record", "member"], name="unique_service_hours")
        ]

    def __str__(self):
        return f"{self.member} {self.hours}"


# 需求转办 ---------------------------------------------------------------------


class NeedKind(models.TextChoices):
    EMPLOYMENT = "employment", _("就业")
    LEGAL_AID = "legal_aid", _("法律援助")
    HARDSHIP = "hardship", _("困难帮扶")
    HEALTH = "health", _("健康医疗")
    CHILDREN = "children", _("子女教育")
    FAMILY = "family", _("婚姻家庭")
    OTHER = "other", _("其他")


class ReferralKind(models.TextChoices):
    SUGGESTION = "suggestion", _("建议")
    CASE = "case", _("办件")


class Need(OrgScopedModel):
    """A need found on a woman's entry or visit (就业, 法律援助, 困难帮扶 …), and where it
    went: a 建议 to the committee (a members activity, kept by id like ``Visit.activity_id``:
    the activity table is partitioned) or a case (办件) on the process engine. The outcome
    is read from the suggestion or the case, never copied; ``description`` is what the
    suggestion or case says, so it never names her (checked when it is referred)."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="needs", verbose_name=_("台账人员")
    )
    visit = models.ForeignKey(
        Visit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="need_records",
        verbose_name=_("走访记录"),
    )
    kind = models.CharField(_("需求类型"), max_length=20, choices=NeedKind.choices)
    description = models.CharField(_("需求说明"), max_length=300)
    recorded_on = models.DateField(_("登记日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    referred_as = models.CharField(
        _("转办方式"), max_length=12, choices=ReferralKind.choices, blank=True
    )
    suggestion_id = models.BigIntegerField(null=True, blank=True, editable=False, db_index=True)
    case = models.ForeignKey(
        "processes.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办件"),
    )
    referred_on = models.DateField(_("转办日期"), null=True, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("需求")
        verbose_name_plural = _("需求")
        ordering = ["-recorded_on", "-id"]
        indexes = [models.Index(fields=["entry", "recorded_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.recorded_on}"


from .models_counts import OrgCount  # noqa: E402, F401  (统计, lvzhi.ledger.counts)
