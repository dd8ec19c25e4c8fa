"""四新 register: new economic and social organizations, new business forms and new
employment groups a federation keeps in its subtree, each with the R-OR-01/R-OR-02 form
its federation should take and the federation that covers it (if any)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import OrgScopedModel
from lvzhi.orgs.models import Kind, Organization, PartyOrganization, Region


class Category(models.TextChoices):
    ECONOMIC = "economic", _("新经济组织")
    SOCIAL = "social", _("新社会组织")
    BUSINESS_FORM = "business_form", _("新业态")
    EMPLOYMENT_GROUP = "employment_group", _("新就业群体")


class ExpectedForm(models.TextChoices):
    """The federation form a 四新 organization calls for (R-OR-01 / R-OR-02)."""

    STANDALONE = "standalone", _("单独建立妇联")
    JOINT = "joint", _("联合组建、区域联建或行业统建")


class SixinOrganization(OrgScopedModel):
    """A 四新 organization on the register of ``organization`` (the federation that keeps
    it). ``expected_form`` is the rule's answer stored by the service on every write, so
    blank-spot counts over a province are one indexed aggregate."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="sixin_register",
        verbose_name=_("登记组织"),
    )
    name = models.CharField(_("名称"), max_length=200)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sixin_organizations",
        verbose_name=_("行政区划"),
    )
    industry = models.CharField(_("行业"), max_length=100, blank=True)
    park_or_building = models.CharField(_("所在园区或楼宇"), max_length=100, blank=True)
    fixed_staff = models.PositiveIntegerField(_("固定从业人员"))
    fixed_female_staff = models.PositiveIntegerField(_("其中固定女职工"))
    has_party_organization = models.BooleanField(_("已建党组织"), default=False)
    party_organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sixin_organizations",
        verbose_name=_("党组织"),
    )
    party_organization_name = models.CharField(_("党组织名称"), max_length=200, blank=True)
    covered_by = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="covered_sixin",
        verbose_name=_("覆盖该组织的妇联"),
    )
    expected_form = models.CharField(
        _("应建形式"), max_length=20, choices=ExpectedForm.choices, editable=False
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    founding_case = models.OneToOneField(
        "processes.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="founding_of",
        verbose_name=_("建会办件"),
    )
    founding_ballots_issued = models.PositiveIntegerField(
        _("发出选票"), null=True, blank=True, editable=False
    )
    founding_ballots_returned = models.PositiveIntegerField(
        _("收回选票"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("四新组织")
        verbose_name_plural = _("四新组织")
        ordering = ["org_path", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"], condition=~models.Q(uscc=""), name="unique_sixin_uscc"
            ),
            models.CheckConstraint(
                condition=models.Q(fixed_female_staff__lte=models.F("fixed_staff")),
                name="sixin_female_within_staff",
                violation_error_message=_("固定女职工人数不能多于固定从业人员人数"),
            ),
        ]
        indexes = [
            models.Index(fields=["org_path", "expected_form", "covered_by"]),
        ]

    def __str__(self):
        return self.name

    @property
    def is_covered(self) -> bool:
        return self.covered_by_id is not None


class SystemFounding(OrgScopedModel):
    """Founding a system federation (系统妇联) in an agency (R-OR-06, CQ-XT): allowed only
    where the agency has subordinate units and an existing 妇委会/妇工委, checked when it
    starts. ``organization`` keeps it and receives the new federation; the procedure runs
    on the system template (candidates before delegates, CQ-XT 四)."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="system_foundings",
        verbose_name=_("所属妇联"),
    )
    agency = models.CharField(_("机关名称"), max_length=200)
    subordinate_units = models.PositiveIntegerField(_("下属单位数"))
    women_committee = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="system_foundings_as_committee",
        verbose_name=_("现有妇委会/妇工委"),
    )
    founding_case = models.OneToOneField(
        "processes.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="system_founding_of",
        verbose_name=_("建会办件"),
    )
    federation = models.OneToOneField(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="founded_as_system",
        verbose_name=_("建立的系统妇联"),
    )

    class Meta:
        verbose_name = _("系统妇联建会")
        verbose_name_plural = _("系统妇联建会")
        ordering = ["org_path", "-created_at", "id"]

    def __str__(self):
        return self.agency


class ElectionKind(models.TextChoices):
    FOUNDING = "founding", _("建会选举")
    RENEWAL = "renewal", _("换届选举")


class ElectionMethod(models.TextChoices):
    """The election method the congress adopts (通过选举办法): the base of the majority."""

    EXPECTED = "expected", _("赞成票超过应到会人数的半数")
    PRESENT = "present", _("赞成票超过实到会人数的半数")


class Stage(models.TextChoices):
    CONGRESS = "congress", _("大会选举执委会")
    FIRST_MEETING = "first_meeting", _("执委会第一次会议选举主席、副主席")


class Seat(models.TextChoices):
    MEMBER = "member", _("执委")
    CHAIR = "chair", _("主席")
    VICE_CHAIR = "vice_chair", _("副主席")


class Election(OrgScopedModel):
    """The elections of a founding (R-OR-05) or a term renewal (R-OR-08): the delegates,
    the candidate lists and each round's secret-ballot counts as rows, so the papers and
    the seated committee come from the data. ``organization`` keeps it (the register's
    federation for a founding, the renewing federation itself for a renewal); ``term`` is
    the term its filed result started."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="elections", verbose_name=_("组织")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ElectionKind.choices)
    sixin = models.OneToOneField(
        SixinOrganization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="election",
        verbose_name=_("四新组织"),
    )
    system_founding = models.OneToOneField(
        SystemFounding,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="election",
        verbose_name=_("系统妇联建会"),
    )
    method = models.CharField(
        _("选举办法"),
        max_length=20,
        choices=ElectionMethod.choices,
        default=ElectionMethod.EXPECTED,
    )
    term = models.OneToOneField(
        "orgs.Term",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="election",
        verbose_name=_("产生的届次"),
    )

    class Meta:
        verbose_name = _("选举")
        verbose_name_plural = _("选举")
        ordering = ["org_path", "-created_at", "id"]

    def __str__(self):
        return f"{self.organization} {self.get_kind_display()}"

    @property
    def filed(self) -> bool:
        return self.term_id is not None

    @property
    def system_federation(self) -> bool:
        """A system federation's election (its founding, or a renewal of one): CQ-XT 四 puts
        the candidate list before the delegates (``rules.election_steps``)."""
        if self.system_founding_id is not None:
            return True
        return (
            self.kind == ElectionKind.RENEWAL and self.organization.kind == Kind.SYSTEM_FEDERATION
        )


class Delegate(models.Model):
    """妇女代表 (or, at a general assembly, a woman attending) on the election's list."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="delegates", verbose_name=_("选举")
    )
    order = models.PositiveIntegerField(_("序号"))
    name = models.CharField(_("姓名"), max_length=50)
    workplace = models.CharField(_("工作单位及职务"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("妇女代表")
        verbose_name_plural = _("妇女代表")
        ordering = ["election", "order"]

    def __str__(self):
        return self.name


class ElectionRound(models.Model):
    """One secret-ballot round's counts (发出、收回选票 with 应到、实到)."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("选举")
    )
    stage = models.CharField(_("轮次"), max_length=20, choices=Stage.choices)
    held_on = models.DateField(_("投票日期"))
    expected = models.PositiveIntegerField(_("应到人数"))
    present = models.PositiveIntegerField(_("实到人数"))
    ballots_issued = models.PositiveIntegerField(_("发出选票"))
    ballots_returned = models.PositiveIntegerField(_("收回选票"))

    class Meta:
        verbose_name = _("投票轮次")
        verbose_name_plural = _("投票轮次")
        ordering = ["election", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["election", "stage"], name="unique_election_round"),
            models.CheckConstraint(
                condition=models.Q(ballots_returned__lte=models.F("ballots_issued")),
                name="round_returned_within_issued",
                violation_error_message=_("收回选票数不能多于发出选票数"),
            ),
        ]

    def __str__(self):
        return f"{self.election} {self.get_stage_display()}"


class Candidate(models.Model):
    """A candidate on the list of a round, with her counts once the ballots are recorded;
    ``outcome`` and ``detail`` are the R-OR-05 verdict the service stored (the arithmetic
    of the chosen method)."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("选举")
    )
    stage = models.CharField(_("轮次"), max_length=20, choices=Stage.choices)
    seat = models.CharField(_("拟任职务"), max_length=20, choices=Seat.choices)
    order = models.PositiveIntegerField(_("序号"))
    name = models.CharField(_("姓名"), max_length=50)
    workplace = models.CharField(_("工作单位及职务"), max_length=200, blank=True)
    votes_for = models.PositiveIntegerField(_("赞成票"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("反对票"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("弃权票"), null=True, blank=True)
    votes_invalid = models.PositiveIntegerField(_("废票"), null=True, blank=True)
    elected = models.BooleanField(_("当选"), default=False)
    outcome = models.CharField(_("结论"), max_length=20, blank=True)
    detail = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")
        ordering = ["election", "stage", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "stage", "name"], name="unique_candidate_name"
            )
        ]

    def __str__(self):
        return self.name


class MicroHomeBasis(models.TextChoices):
    BUILDING = "building", _("按楼栋")
    INTEREST = "interest", _("按兴趣")
    INDUSTRY = "industry", _("按行业")


class MicroHome(OrgScopedModel):
    """妇女微家: the small unit (an ``orgs`` organization of kind 微家) and what gathers its
    women: a building, an interest or an industry."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="micro_home", verbose_name=_("微家")
    )
    basis = models.CharField(_("组建方式"), max_length=20, choices=MicroHomeBasis.choices)
    basis_detail = models.CharField(_("楼栋、兴趣或行业"), max_length=100)

    class Meta:
        verbose_name = _("妇女微家")
        verbose_name_plural = _("妇女微家")
        ordering = ["org_path"]

    def __str__(self):
        return self.organization.name


class MicroHomeActivity(OrgScopedModel):
    """An activity a 微家 held."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="micro_home_activities",
        verbose_name=_("微家"),
    )
    held_on = models.DateField(_("活动日期"))
    title = models.CharField(_("活动名称"), max_length=100)
    participants = models.PositiveIntegerField(_("参加人数"))
    summary = models.CharField(_("活动简介"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("微家活动")
        verbose_name_plural = _("微家活动")
        ordering = ["org_path", "-held_on", "-id"]
        indexes = [models.Index(fields=["organization", "held_on"])]

    def __str__(self):
        return self.title
