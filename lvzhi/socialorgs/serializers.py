"""Shapes of /api/v1/socialorgs/. Serializers only check shapes; writes go through
``lvzhi.socialorgs.services``. Phones are read as masks only; verdicts carry their rule id
and source clause."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvzhi.core.pii import mask_phone
from lvzhi.core.serializers import ScopedRowField
from lvzhi.orgs.serializers import ScopedOrganizationField, VerdictSerializer

from . import rules
from .models import (
    Adviser,
    DutyKind,
    KeyMember,
    LedgerEntry,
    SocialOrganization,
    Tier,
    YearlyDuty,
)
from .selectors import retier_verdict
from .services import ADVISER_FIELDS, PROFILE_FIELDS

NOT_FOUND = _("社会组织不存在或不在您的管理范围内")
READ_PROFILE = [name for name in PROFILE_FIELDS if name != "contact_phone"]


class ScopedSocialOrganizationField(ScopedRowField):
    """The organization a row is written to: among those the actor may change, else 404."""

    model = SocialOrganization
    related = ("federation",)
    not_found = NOT_FOUND


class ProposalSerializer(serializers.Serializer):
    tier = serializers.ChoiceField(choices=Tier.choices)
    at_boundary = serializers.BooleanField()
    claims = serializers.ListField(child=serializers.CharField())
    verdict = VerdictSerializer()


def proposal_data(proposal: rules.Proposal) -> dict:
    return {
        "tier": proposal.tier,
        "at_boundary": proposal.at_boundary,
        "claims": list(proposal.claims),
        "verdict": proposal.verdict.as_dict(),
    }


class SocialOrganizationSerializer(serializers.ModelSerializer):
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    contact_phone_masked = serializers.SerializerMethodField()
    retier = serializers.SerializerMethodField(
        help_text=_("R-SO-01：按现有规模、影响力，备案层级保持（keep）、上调（up）或下调（down）")
    )

    class Meta:
        model = SocialOrganization
        fields = [
            "id",
            "federation",
            "federation_name",
            *READ_PROFILE,
            "contact_phone_masked",
            "proposed_tier",
            "at_boundary",
            "proposal_detail",
            "filed_tier",
            "tier_reason",
            "filed_on",
            "retier",
            "updated_at",
        ]
        read_only_fields = fields

    def get_contact_phone_masked(self, obj) -> str:
        return mask_phone(obj.contact_phone)

    @extend_schema_field(VerdictSerializer)
    def get_retier(self, obj) -> dict:
        return retier_verdict(obj).as_dict()


class SocialOrganizationWriteSerializer(serializers.ModelSerializer):
    federation = ScopedOrganizationField(help_text=_("备案妇联编号；调整备案请用 refile"))
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    filed_tier = serializers.ChoiceField(
        choices=Tier.choices, required=False, help_text=_("不填：按建议层级")
    )
    tier_reason = serializers.CharField(max_length=300, required=False, allow_blank=True)
    filed_on = serializers.DateField(required=False)

    class Meta:
        model = SocialOrganization
        fields = ["federation", *PROFILE_FIELDS, "filed_tier", "tier_reason", "filed_on"]
        validators = []


class SocialOrganizationUpdateSerializer(serializers.ModelSerializer):
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)

    class Meta:
        model = SocialOrganization
        fields = list(PROFILE_FIELDS)
        validators = []


class RefileSerializer(serializers.Serializer):
    federation = ScopedOrganizationField(help_text=_("新的备案妇联编号"))
    filed_tier = serializers.ChoiceField(choices=Tier.choices)
    tier_reason = serializers.CharField(max_length=300)
    filed_on = serializers.DateField(required=False)


class InfluenceSerializer(serializers.Serializer):
    size = serializers.IntegerField(min_value=1, max_value=rules.MAX_SIZE)
    notable_influence = serializers.BooleanField(default=False)
    active = serializers.BooleanField(default=False)
    center_grade = serializers.BooleanField(default=False)


class KeyMemberSerializer(serializers.ModelSerializer):
    organization = ScopedSocialOrganizationField(help_text=_("社会组织编号"))
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, write_only=True)
    phone_masked = serializers.SerializerMethodField()

    class Meta:
        model = KeyMember
        fields = ["id", "organization", "name", "role", "phone", "phone_masked", "updated_at"]
        read_only_fields = ["id", "phone_masked", "updated_at"]

    def get_phone_masked(self, obj) -> str:
        return mask_phone(obj.phone)


class LedgerEntrySerializer(serializers.ModelSerializer):
    organization = ScopedSocialOrganizationField(help_text=_("社会组织编号"))
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "organization",
            "organization_name",
            "kind",
            "date",
            "title",
            "content",
            "updated_at",
        ]
        read_only_fields = ["id", "organization_name", "updated_at"]


class AdviserSerializer(serializers.ModelSerializer):
    federation = ScopedOrganizationField(help_text=_("聘请妇联编号；创建后不能更改"))
    federation_name = serializers.CharField(source="federation.name", read_only=True)

    class Meta:
        model = Adviser
        fields = ["id", "federation", "federation_name", *ADVISER_FIELDS, "updated_at"]
        read_only_fields = ["id", "federation_name", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["federation"].required = False

    def validate(self, attrs):
        if self.instance is not None and "federation" in attrs:
            if attrs.pop("federation").pk != self.instance.federation_id:
                raise serializers.ValidationError({"federation": _("创建后不能更改聘请妇联")})
        return attrs


class YearlyDutySerializer(serializers.ModelSerializer):
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = YearlyDuty
        fields = [
            "id",
            "federation",
            "federation_name",
            "kind",
            "year",
            "date",
            "title",
            "participants",
            "participant_note",
            "instructor",
            "document_name",
            "document_url",
            "updated_at",
        ]
        read_only_fields = fields

    def get_document_url(self, obj) -> str | None:
        from django.urls import reverse

        return reverse("socialorgs:duty-document", args=[obj.pk]) if obj.document else None


class YearlyDutyWriteSerializer(serializers.Serializer):
    federation = ScopedOrganizationField(help_text=_("妇联编号"))
    kind = serializers.ChoiceField(choices=DutyKind.choices)
    date = serializers.DateField()
    title = serializers.CharField(max_length=200)
    participants = serializers.IntegerField(min_value=0, max_value=1_000_000, default=0)
    participant_note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    instructor = serializers.CharField(
        max_length=50, required=False, allow_blank=True, help_text=_("党建工作培训必填")
    )
    document = serializers.FileField(required=False, help_text=_("PDF、Word、Excel 或照片"))


class YearlyDutyItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DutyKind.choices)
    name = serializers.CharField()
    clause = serializers.CharField()
    status = serializers.ChoiceField(choices=["done", "due", "overdue"])
    done_on = serializers.DateField(allow_null=True)
    count = serializers.IntegerField()
    verdict = VerdictSerializer()


class YearlyDutyChecklistSerializer(serializers.Serializer):
    federation = serializers.IntegerField()
    federation_name = serializers.CharField()
    year = serializers.IntegerField()
    items = YearlyDutyItemSerializer(many=True)


class PublicSocialOrganizationSerializer(serializers.ModelSerializer):
    """What the public page shows: never a person or a phone."""

    federation_name = serializers.CharField(source="federation.name", read_only=True)

    class Meta:
        model = SocialOrganization
        fields = [
            "id",
            "name",
            "kind",
            "service_field",
            "registered",
            "credit_code",
            "status",
            "filed_tier",
            "filed_on",
            "federation_name",
            "address",
            "activities",
        ]
        read_only_fields = fields


class CivilAffairsSyncSerializer(serializers.Serializer):
    federation = ScopedOrganizationField(help_text=_("妇联编号（含下级备案的组织）"))
    file = serializers.FileField(
        help_text=_("第1行为表头：统一社会信用代码（必填）、名称、登记状态")
    )


class UnmatchedRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    credit_code = serializers.CharField()
    name = serializers.CharField()


class CivilAffairsSyncResultSerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    updated = serializers.IntegerField()
    deregistered = serializers.IntegerField()
    unmatched = UnmatchedRowSerializer(many=True)
