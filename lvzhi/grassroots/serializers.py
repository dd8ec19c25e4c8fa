"""Shapes of /api/v1/grassroots/. Serializers only check shapes; writes go through
``lvzhi.grassroots.services``. Every verdict carries its rule id and source clause."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvzhi.orgs.models import Organization, PartyOrganization, Region
from lvzhi.orgs.serializers import ScopedOrganizationField, ScopedRelatedField, VerdictSerializer

from .models import SixinOrganization
from .selectors import verdict_of

READ_FIELDS = [
    "id",
    "organization",
    "organization_name",
    "name",
    "category",
    "category_display",
    "uscc",
    "address",
    "region_code",
    "industry",
    "park_or_building",
    "fixed_staff",
    "fixed_female_staff",
    "has_party_organization",
    "party_organization",
    "party_organization_name",
    "covered_by",
    "covered_by_name",
    "expected_form",
    "verdict",
    "note",
    "founding_case",
    "founding_ballots_issued",
    "founding_ballots_returned",
    "updated_at",
]


class SixinSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True, default="")
    covered_by_name = serializers.CharField(source="covered_by.name", read_only=True, default="")
    verdict = serializers.SerializerMethodField(
        help_text=_("R-OR-01 / R-OR-02 判定：规则编号、依据条款、结论和说明")
    )

    class Meta:
        model = SixinOrganization
        fields = READ_FIELDS
        read_only_fields = READ_FIELDS

    @extend_schema_field(VerdictSerializer)
    def get_verdict(self, obj) -> dict:
        return verdict_of(obj).as_dict()


class RegionCodeField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(
            slug_field="code",
            queryset=Region.objects.all(),
            error_messages={"does_not_exist": _("未找到该行政区划代码")},
            **kwargs,
        )


class SixinWriteSerializer(serializers.ModelSerializer):
    organization = ScopedOrganizationField(help_text=_("登记组织（妇联）编号；创建后不能更改"))
    region_code = RegionCodeField(source="region", required=False, allow_null=True)
    party_organization = ScopedRelatedField(
        PartyOrganization, _("党组织不存在或不在您的管理范围内"), required=False, allow_null=True
    )
    covered_by = ScopedRelatedField(
        Organization, _("组织不存在或不在您的管理范围内"), required=False, allow_null=True
    )

    class Meta:
        model = SixinOrganization
        fields = [
            "organization",
            "name",
            "category",
            "uscc",
            "address",
            "region_code",
            "industry",
            "park_or_building",
            "fixed_staff",
            "fixed_female_staff",
            "has_party_organization",
            "party_organization",
            "party_organization_name",
            "covered_by",
            "note",
        ]
        extra_kwargs = {"uscc": {"validators": []}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields["organization"].required = False

    def validate(self, attrs):
        if self.instance is not None and "organization" in attrs:
            if attrs.pop("organization").pk != self.instance.organization_id:
                raise serializers.ValidationError(
                    {"organization": _("创建后不能更改，请新建一条记录")}
                )
        return attrs


class SubtreeCountsSerializer(serializers.Serializer):
    org_id = serializers.IntegerField()
    name = serializers.CharField()
    sixin_total = serializers.IntegerField()
    standalone_due = serializers.IntegerField(help_text=_("R-OR-01：应单独建立妇联而尚未建立"))
    joint_due = serializers.IntegerField(help_text=_("R-OR-02：应联合、区域或行业覆盖而尚未覆盖"))
    blank = serializers.IntegerField()
    villages = serializers.IntegerField(allow_null=True, help_text=_("村（社区）级行政区划数"))
    villages_covered = serializers.IntegerField()
    villages_uncovered = serializers.IntegerField(allow_null=True)
    coverage_percent = serializers.SerializerMethodField()
    verdicts = serializers.SerializerMethodField()

    def get_coverage_percent(self, obj) -> str | None:
        return None if obj.coverage is None else obj.coverage.percent

    def get_verdicts(self, obj) -> list[dict]:
        return [v.as_dict() for v in obj.verdicts.values()]


class SubtreeCoverageSerializer(serializers.Serializer):
    totals = SubtreeCountsSerializer()
    children = SubtreeCountsSerializer(many=True)


class RenewalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    term_number = serializers.IntegerField(allow_null=True)
    term_end = serializers.DateField(allow_null=True)
    stage = serializers.CharField(
        help_text=_(
            "R-OR-08：overdue 逾期、due_3 三个月内届满、due_6 六个月内届满、none 未登记届次、current 任期内"
        )
    )


class WomenGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    members = serializers.IntegerField()
    leaders = serializers.IntegerField()
    verdict = serializers.SerializerMethodField()

    @extend_schema_field(VerdictSerializer)
    def get_verdict(self, obj) -> dict:
        return obj.verdict.as_dict()


class FoundingResultSerializer(serializers.Serializer):
    """The results of the founding congress and the first committee meeting (R-OR-05):
    the new federation, its first term and committee, and the ballots."""

    name = serializers.CharField(max_length=200, help_text=_("新妇联名称"))
    code = serializers.CharField(max_length=40, help_text=_("组织代码"))
    term_start = serializers.DateField(help_text=_("第一届起始日期"))
    term_end = serializers.DateField(help_text=_("第一届届满日期"))
    ballots_issued = serializers.IntegerField(min_value=0, max_value=1_000_000)
    ballots_returned = serializers.IntegerField(min_value=0, max_value=1_000_000)
    chair = serializers.CharField(max_length=50, help_text=_("主席（无记名投票当选）"))
    vice_chairs = serializers.ListField(
        child=serializers.CharField(max_length=50),
        max_length=20,
        help_text=_("副主席，2至3名（R-OR-04）"),
    )
    members = serializers.ListField(
        child=serializers.CharField(max_length=50),
        required=False,
        default=list,
        max_length=200,
        help_text=_("其他执委"),
    )
