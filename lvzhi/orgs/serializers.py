"""Shapes of the /api/v1/orgs/ resources.

Serializers only validate shapes; every write goes through ``lvzhi.orgs.services``.
Read serializers never carry PII in plaintext: ID numbers show their last four
characters, phones are masked, birth dates are reduced to ``birth_year``; the plaintext
is only returned by the audited ``reveal`` action, which needs a reason.

One module of ~420 lines, not split: a serializer per resource of ``api.py`` (one module
too) and the shared scoped fields at the top they all use.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from lvzhi.core.api_files import ServedFileField

from .models import (
    Department,
    Organization,
    PartyOrganization,
    Person,
    Position,
    Region,
    Term,
)
from .services import ORG_FIELDS, REVEALABLE

OUT_OF_SCOPE = _("组织不存在或不在您的管理范围内")


def _user(serializer_field):
    request = serializer_field.context.get("request")
    return getattr(request, "user", None)


class ScopedOrganizationField(serializers.PrimaryKeyRelatedField):
    """The organization a write targets, looked up among those where the actor may
    ``create`` (on create) or ``change`` (on update). Anything else — missing, outside
    the actor's scope, or only viewable — answers 404, like every out-of-scope id."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Organization.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        action = "change" if getattr(self.parent, "instance", None) is not None else "create"
        return Organization.objects.restrict(_user(self), action)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            return self.get_queryset().get(pk=data)
        except Organization.DoesNotExist:
            raise NotFound(OUT_OF_SCOPE) from None
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)


class FixedAfterCreateMixin:
    """References that name where a row lives cannot change through the API."""

    fixed_after_create: dict[str, str] = {}

    def validate(self, attrs):
        if self.instance is not None:
            errors = {}
            for name, message in self.fixed_after_create.items():
                if name in attrs and getattr(attrs.pop(name), "pk", None) != getattr(
                    self.instance, f"{name}_id"
                ):
                    errors[name] = message
            if errors:
                raise serializers.ValidationError(errors)
        return super().validate(attrs)


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A secondary reference (person, term, party organization) looked up among the rows
    the actor may view; an unknown or invisible id is a 400 field error."""

    def __init__(self, model, message, **kwargs):
        self.model = model
        kwargs.setdefault("queryset", model.objects.none())
        kwargs.setdefault("error_messages", {"does_not_exist": message})
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.restrict(_user(self), "view")


class OrganizationRowSerializer(FixedAfterCreateMixin, serializers.ModelSerializer):
    """A row that lives in one organization, named by id and fixed once created."""

    fixed_after_create = {"organization": _("创建后不能修改所属组织")}
    organization = ScopedOrganizationField(help_text=_("所属组织（创建后不能修改）"))
    organization_name = serializers.CharField(source="organization.name", read_only=True)


# 行政区划 -------------------------------------------------------------------


class RegionSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "level_display", "parent"]


# 党组织 ---------------------------------------------------------------------


class PartyOrganizationSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = PartyOrganization
        fields = ["id", "name", "organization", "organization_name"]


# 组织 -----------------------------------------------------------------------


class VerdictSerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    source = serializers.CharField()
    outcome = serializers.CharField()
    detail = serializers.CharField()


class CurrentTermSerializer(serializers.ModelSerializer):
    verdict = VerdictSerializer(read_only=True)

    class Meta:
        model = Term
        fields = ["id", "number", "start_date", "end_date", "verdict"]


class OrganizationCountsSerializer(serializers.Serializer):
    children = serializers.IntegerField()
    descendants = serializers.IntegerField(help_text=_("本人可见的下级组织（含各级）数量"))
    departments = serializers.IntegerField()
    people = serializers.IntegerField(help_text=_("登记在本组织的人员"))
    people_in_subtree = serializers.IntegerField(help_text=_("本人可见的本组织及下级组织人员"))
    current_positions = serializers.IntegerField()
    terms = serializers.IntegerField()


class OrganizationSerializer(serializers.ModelSerializer):
    """A row of the organization list. ``parent`` and ``parent_name`` come from a
    subquery annotation (see ``OrganizationViewSet.get_queryset``)."""

    system_display = serializers.CharField(source="get_system_display", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    parent = serializers.IntegerField(source="parent_pk", read_only=True, allow_null=True)
    parent_name = serializers.CharField(read_only=True, allow_null=True)
    region_name = serializers.CharField(source="region.name", read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "short_name",
            "code",
            "system",
            "system_display",
            "kind",
            "kind_display",
            "level",
            "level_display",
            "parent",
            "parent_name",
            "depth",
            "numchild",
            "region",
            "region_name",
            "is_active",
        ]
        read_only_fields = fields


class OrganizationDetailSerializer(OrganizationSerializer):
    party_organization_name = serializers.CharField(
        source="party_organization.name", read_only=True, allow_null=True
    )
    current_term = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()

    class Meta(OrganizationSerializer.Meta):
        fields = [
            *OrganizationSerializer.Meta.fields,
            "party_organization",
            "party_organization_name",
            "address",
            "phone",
            "established_on",
            "current_term",
            "counts",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(CurrentTermSerializer(allow_null=True))
    def get_current_term(self, obj):
        term = getattr(obj, "current_term", None)
        return CurrentTermSerializer(term).data if term is not None else None

    @extend_schema_field(OrganizationCountsSerializer)
    def get_counts(self, obj):
        return getattr(obj, "counts", None)


class OrganizationWriteSerializer(serializers.ModelSerializer):
    """Create (with ``parent``) or partially update an organization. ``system`` follows
    from ``kind``; ``level`` defaults to one below the parent's."""

    parent = ScopedOrganizationField(
        required=False,
        allow_null=True,
        help_text=_("上级组织；只有平台管理员可以新建顶级组织。创建后不能通过接口移动。"),
    )
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("行政区划不存在")},
    )
    party_organization = ScopedRelatedField(
        PartyOrganization, _("党组织不存在或不在您的管理范围内"), required=False, allow_null=True
    )

    class Meta:
        model = Organization
        fields = ["parent", *ORG_FIELDS]
        extra_kwargs = {"code": {"validators": []}, "level": {"required": False}}

    def validate(self, attrs):
        if self.instance is not None and "parent" in attrs:
            raise serializers.ValidationError({"parent": _("不能通过接口移动组织")})
        return attrs


# 内设机构 -------------------------------------------------------------------


class DepartmentSerializer(OrganizationRowSerializer):
    class Meta:
        model = Department
        fields = [
            "id",
            "organization",
            "organization_name",
            "name",
            "responsibilities",
            "sort_order",
        ]
        validators = []  # uniqueness is the service's job, with its own message


# 人员 -----------------------------------------------------------------------


class PersonSerializer(serializers.ModelSerializer):
    """A person. ``id_number`` and ``phone`` are accepted in plaintext and never shown:
    the output carries ``id_number_masked`` and ``phone_masked``."""

    organization = ScopedOrganizationField(
        help_text=_("所属组织；修改时需对原组织和新组织都有修改权限")
    )
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    gender_display = serializers.CharField(source="get_gender_display", read_only=True)
    political_status_display = serializers.CharField(
        source="get_political_status_display", read_only=True
    )
    education_display = serializers.CharField(source="get_education_display", read_only=True)
    id_number = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=40,
        style={"input_type": "password"},
        help_text=_("身份证号（只写；读取时见 id_number_masked）"),
    )
    phone = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=40,
        help_text=_("手机号码（只写；读取时见 phone_masked）"),
    )
    birth_date = serializers.DateField(
        write_only=True,
        required=False,
        allow_null=True,
        help_text=_("出生日期（只写；读取时见 birth_year，完整日期经 reveal 查看）"),
    )
    birth_year = serializers.SerializerMethodField()
    id_number_masked = serializers.SerializerMethodField()
    phone_masked = serializers.SerializerMethodField()

    photo = ServedFileField("orgs:person-photo", label=_("照片"))

    class Meta:
        model = Person
        fields = [
            "id",
            "organization",
            "organization_name",
            "name",
            "gender",
            "gender_display",
            "birth_date",
            "birth_year",
            "ethnicity",
            "political_status",
            "political_status_display",
            "education",
            "education_display",
            "workplace",
            "id_number",
            "id_number_masked",
            "phone",
            "phone_masked",
            "photo",
            "user",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["photo", "user", "created_at", "updated_at"]
        validators = []  # the ID-number uniqueness check is the service's job

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text=_("出生年份")))
    def get_birth_year(self, obj):
        return obj.birth_date.year if obj.birth_date else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_id_number_masked(self, obj):
        return Person._meta.get_field("id_number").mask(obj.id_number)

    @extend_schema_field(OpenApiTypes.STR)
    def get_phone_masked(self, obj):
        return Person._meta.get_field("phone").mask(obj.phone)


class RevealRequestSerializer(serializers.Serializer):
    field = serializers.ChoiceField(
        choices=[(name, _(label)) for name, label in REVEALABLE.items()],
        error_messages={"invalid_choice": _("该字段不能查看")},
    )
    reason = serializers.CharField(
        max_length=200,
        help_text=_("查看原因（必填，记入审计）"),
        error_messages={
            "required": _("请填写查看原因"),
            "blank": _("请填写查看原因"),
            "null": _("请填写查看原因"),
            "max_length": _("查看原因不能超过 {max_length} 个字"),
        },
    )


class RevealResponseSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    value = serializers.CharField()


# 届次 -----------------------------------------------------------------------


class TermSerializer(OrganizationRowSerializer):
    class Meta:
        model = Term
        fields = [
            "id",
            "organization",
            "organization_name",
            "number",
            "start_date",
            "end_date",
            "note",
        ]
        validators = []


# 职务 -----------------------------------------------------------------------


class PositionSerializer(FixedAfterCreateMixin, serializers.ModelSerializer):
    fixed_after_create = {
        "organization": _("创建后不能修改任职组织"),
        "person": _("创建后不能修改人员"),
    }
    organization = ScopedOrganizationField(help_text=_("任职组织（创建后不能修改）"))
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    person = ScopedRelatedField(
        Person, _("人员不存在或不在您的管理范围内"), help_text=_("人员（创建后不能修改）")
    )
    person_name = serializers.CharField(source="person.name", read_only=True)
    term = ScopedRelatedField(
        Term, _("届次不存在或不在您的管理范围内"), required=False, allow_null=True
    )
    title_display = serializers.CharField(source="get_title_display", read_only=True)
    tenure_display = serializers.CharField(source="get_tenure_display", read_only=True)

    class Meta:
        model = Position
        fields = [
            "id",
            "person",
            "person_name",
            "organization",
            "organization_name",
            "term",
            "title",
            "title_display",
            "tenure",
            "tenure_display",
            "is_standing",
            "start_date",
            "end_date",
            "end_reason",
        ]
