"""四新 register: new economic and social organizations, new business forms and new
employment groups a federation keeps in its subtree, each with the R-OR-01/R-OR-02 form
its federation should take and the federation that covers it (if any)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import OrgScopedModel
from lvzhi.orgs.models import Organization, PartyOrganization, Region


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
