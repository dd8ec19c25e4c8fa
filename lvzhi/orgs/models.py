"""Regions, organizations (a treebeard tree), departments, people, positions, terms and
party organizations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from lvzhi.core.files import GeneratedName
from lvzhi.core.models import OrgScopedModel, PathField, TimeStampedModel
from lvzhi.core.pii import BirthDateField, EncryptedTextField
from lvzhi.core.scopes import RestrictedQuerySet


class Level(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇（街道）")
    VILLAGE = "village", _("村（社区）")
    GRASSROOTS = "grassroots", _("基层")


class Region(models.Model):
    """A division by its GB/T 2260 / statistical code (6 digits to county, 9 to
    township, 12 to village)."""

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self):
        return self.name


class System(models.TextChoices):
    WOMEN = "fl", _("妇联")
    UNION = "gh", _("工会")


class Kind(models.TextChoices):
    LOCAL_FEDERATION = "local", _("地方妇联")
    SYSTEM_FEDERATION = "system", _("系统妇联")
    SIXIN_STANDALONE = "sixin_standalone", _("四新妇联（单独建立）")
    SIXIN_JOINT = "sixin_joint", _("四新妇联（联合组建）")
    SIXIN_REGIONAL = "sixin_regional", _("四新妇联（区域联建）")
    SIXIN_INDUSTRY = "sixin_industry", _("四新妇联（行业统建）")
    AGENCY_COMMITTEE = "agency_committee", _("机关妇委会/妇工委")
    WOMEN_GROUP = "women_group", _("妇女小组")
    MICRO_HOME = "micro_home", _("妇女微家")
    UNION_FEDERATION = "union_federation", _("总工会")
    GRASSROOTS_UNION = "grassroots_union", _("基层工会")
    JOINT_UNION = "joint_union", _("联合工会")


UNION_KINDS = {Kind.UNION_FEDERATION, Kind.GRASSROOTS_UNION, Kind.JOINT_UNION}
SMALL_UNIT_KINDS = {Kind.WOMEN_GROUP, Kind.MICRO_HOME}


class PartyOrganization(OrgScopedModel):
    """The party organization that leads a federation and approves its decisions."""

    name = models.CharField(_("党组织名称"), max_length=200)
    organization = models.ForeignKey(
        "Organization",
        on_delete=models.CASCADE,
        related_name="owned_party_organizations",
        verbose_name=_("登记所在组织"),
    )
    approvers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="party_organizations",
        verbose_name=_("审批人"),
    )

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganizationQuerySet(MP_NodeQuerySet, RestrictedQuerySet):
    scope_field = "path"


class OrganizationManager(MP_NodeManager):
    def get_queryset(self):
        return OrganizationQuerySet(self.model, using=self._db).order_by("path")

    def restrict(self, user, action: str = "view"):
        return self.get_queryset().restrict(user, action)


class Organization(MP_Node, TimeStampedModel):
    """A federation, union or one of their small units (妇女小组, 微家), placed in one
    tree. Subtree reads use ``path`` ranges."""

    scope_field = "path"
    path = PathField(max_length=255, unique=True)
    # No node_order_by: a new child is appended, so existing paths (copied into org_path
    # of every owned row) never shift on insert.

    name = models.CharField(_("组织名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    code = models.CharField(_("组织代码"), max_length=40, unique=True)
    system = models.CharField(_("系统"), max_length=2, choices=System.choices)
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("行政区划"),
    )
    party_organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_organizations",
        verbose_name=_("党组织"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("办公电话"), max_length=40, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = OrganizationManager()

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")

    def __str__(self):
        return self.name

    @property
    def org_path(self) -> str:
        return self.path

    @property
    def is_small_unit(self) -> bool:
        return self.kind in SMALL_UNIT_KINDS


class Department(OrgScopedModel):
    """内设机构: a department of an organization (宣传部, 权益部…)."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="departments",
        verbose_name=_("所属组织"),
    )
    name = models.CharField(_("部门名称"), max_length=100)
    responsibilities = models.TextField(_("职责"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("内设机构")
        verbose_name_plural = _("内设机构")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unique_department_name")
        ]

    def __str__(self):
        return self.name


class Gender(models.TextChoices):
    FEMALE = "F", _("女")
    MALE = "M", _("男")


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party_member", _("中共党员")
    PROBATIONARY = "probationary", _("中共预备党员")
    LEAGUE_MEMBER = "league_member", _("共青团员")
    DEMOCRATIC_PARTY = "democratic_party", _("民主党派")
    MASSES = "masses", _("群众")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    HIGH_SCHOOL = "high_school", _("高中/中专")
    MIDDLE_SCHOOL = "middle_school", _("初中及以下")


class Person(OrgScopedModel):
    """A person on record at an organization. ID number and phone are encrypted at rest;
    ``id_number_hash`` is the blind index that finds duplicates."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("所属组织"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(
        _("性别"), max_length=1, choices=Gender.choices, default=Gender.FEMALE
    )
    birth_date = BirthDateField(_("出生日期"), null=True, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族", blank=True)
    political_status = models.CharField(
        _("政治面貌"), max_length=20, choices=PoliticalStatus.choices, blank=True
    )
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices, blank=True)
    workplace = models.CharField(_("工作单位及职务"), max_length=200, blank=True)
    phone = EncryptedTextField(_("手机号码"), blank=True, default="", masker="phone")
    id_number = EncryptedTextField(_("身份证号"), blank=True, default="", masker="id_number")
    id_number_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    photo = models.ImageField(_("照片"), upload_to=GeneratedName("people"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("平台账号"),
    )
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["org_path", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~models.Q(id_number_hash=""),
                name="unique_person_id_number",
            )
        ]

    def __str__(self):
        return self.name


class Term(OrgScopedModel):
    """届: a committee's term of office, with start and end."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="terms", verbose_name=_("组织")
    )
    number = models.PositiveSmallIntegerField(_("届次"))
    start_date = models.DateField(_("起始日期"))
    end_date = models.DateField(_("届满日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("届次")
        verbose_name_plural = _("届次")
        ordering = ["organization", "-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="unique_term_number"),
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="term_end_after_start",
                violation_error_message=_("届满日期应晚于起始日期"),
            ),
        ]

    def __str__(self):
        return gettext("第%(number)s届（%(start)s—%(end)s）") % {
            "number": self.number,
            "start": f"{self.start_date:%Y.%m}",
            "end": f"{self.end_date:%Y.%m}",
        }


class Title(models.TextChoices):
    CHAIR = "chair", _("主席")
    VICE_CHAIR = "vice_chair", _("副主席")
    MEMBER = "member", _("执委")
    LEADER = "leader", _("组长/负责人")


class Tenure(models.TextChoices):
    FULL_TIME = "full_time", _("专职")
    PART_TIME = "part_time", _("兼职")
    SECONDED = "seconded", _("挂职")


class Position(OrgScopedModel):
    """A seat a person holds in an organization's committee, for a term."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="positions", verbose_name=_("人员")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="positions", verbose_name=_("组织")
    )
    term = models.ForeignKey(
        Term,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("届次"),
    )
    title = models.CharField(_("职务"), max_length=20, choices=Title.choices)
    tenure = models.CharField(_("任职方式"), max_length=20, choices=Tenure.choices, blank=True)
    is_standing = models.BooleanField(_("常委"), default=False)
    start_date = models.DateField(_("任职日期"))
    end_date = models.DateField(_("离任日期"), null=True, blank=True)
    end_reason = models.CharField(_("离任原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        ordering = ["organization", "title", "start_date", "id"]
        indexes = [models.Index(fields=["organization", "end_date"])]

    def __str__(self):
        return f"{self.person} · {self.get_title_display()}"
