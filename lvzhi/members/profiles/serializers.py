"""Shapes of /api/v1/members/ committees, profiles, contact assignments and contact gaps.

Serializers only check shapes; the services check rights and rules, write and audit. The
woman's phone of a contact is write-only: reads carry ``woman_phone_masked``.
"""

import datetime

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvzhi.core.api_files import served_url
from lvzhi.core.pii import mask_phone
from lvzhi.members.models import ContactAssignment, MemberProfile
from lvzhi.members.profiles.services import WOMAN_NAME_MAX
from lvzhi.orgs.serializers import VerdictSerializer

# An absolute URL, or "" while there is none.
URI_OR_EMPTY = {"type": "string", "anyOf": [{"format": "uri"}, {"maxLength": 0}]}


class ContactCountsSerializer(serializers.Serializer):
    groups = serializers.IntegerField(help_text=_("联系妇女小组数"))
    micro_homes = serializers.IntegerField(help_text=_("联系妇女微家数"))
    women = serializers.IntegerField(help_text=_("联系妇女群众数"))
    women_visited = serializers.IntegerField(help_text=_("本年走访的台账妇女数"))


# 执委会 ---------------------------------------------------------------------


class SeatSerializer(serializers.Serializer):
    position = serializers.IntegerField(source="position.pk")
    title = serializers.CharField(source="position.title")
    title_display = serializers.CharField(source="position.get_title_display")
    start_date = serializers.DateField(source="position.start_date", help_text=_("任职日期"))
    person = serializers.IntegerField(source="person.pk")
    person_name = serializers.CharField(source="person.name")
    workplace = serializers.CharField(source="person.workplace")
    residence = serializers.SerializerMethodField()
    lives_here_since = serializers.SerializerMethodField()
    away_since = serializers.SerializerMethodField()
    contacts = ContactCountsSerializer(source="counts")
    contact_met = serializers.BooleanField(source="check.met")
    contact_gaps = serializers.ListField(child=serializers.CharField(), source="check.gaps")
    contact_verdict = VerdictSerializer(source="check.verdict")
    published = serializers.BooleanField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_residence(self, row):
        return row.profile.residence if row.profile else ""

    @extend_schema_field(OpenApiTypes.DATE)
    def get_lives_here_since(self, row) -> datetime.date | None:
        return row.profile.lives_here_since if row.profile else None

    @extend_schema_field(OpenApiTypes.DATE)
    def get_away_since(self, row) -> datetime.date | None:
        return row.profile.away_since if row.profile else None


class TermBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class CommitteeSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization.pk")
    organization_name = serializers.CharField(source="organization.name")
    level = serializers.CharField(source="organization.level")
    date = serializers.DateField(source="on")
    term = TermBriefSerializer(allow_null=True)
    ruleset = serializers.CharField(allow_null=True)
    size = serializers.IntegerField()
    extra_seats = serializers.DictField(child=serializers.IntegerField())
    size_verdicts = serializers.SerializerMethodField()
    size_error = serializers.CharField()
    with_gaps = serializers.SerializerMethodField()
    published = serializers.IntegerField()
    seats = SeatSerializer(many=True)

    @extend_schema_field(VerdictSerializer(many=True))
    def get_size_verdicts(self, committee):
        check = committee.size_check
        return [v.as_dict() for v in check.verdicts] if check else []

    @extend_schema_field(OpenApiTypes.INT)
    def get_with_gaps(self, committee):
        return len(committee.with_gaps)


class GapMemberSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    person_name = serializers.CharField(source="person.name")
    title_display = serializers.CharField(source="position.get_title_display")
    contacts = ContactCountsSerializer(source="counts")
    gaps = serializers.ListField(child=serializers.CharField(), source="check.gaps")
    verdict = VerdictSerializer(source="check.verdict")


class OrgGapsSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization.pk")
    organization_name = serializers.CharField(source="organization.name")
    size = serializers.IntegerField()
    with_gaps = GapMemberSerializer(many=True)


# 执委资料 -------------------------------------------------------------------


class ProfileSerializer(serializers.ModelSerializer):
    """A member's profile; ``public_token``/``public_url`` are empty until it is first saved."""

    person_name = serializers.CharField(source="person.name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    public_token = serializers.SerializerMethodField()
    public_url = serializers.SerializerMethodField()

    class Meta:
        model = MemberProfile
        fields = [
            "person",
            "person_name",
            "organization",
            "organization_name",
            "residence",
            "lives_here_since",
            "away_since",
            "public_contact",
            "duties",
            "yearly_tasks",
            "results",
            "is_published",
            "public_token",
            "public_url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_public_token(self, profile):
        return profile.public_token or ""

    @extend_schema_field(URI_OR_EMPTY)
    def get_public_url(self, profile):
        request = self.context.get("request")
        if not profile.public_token or request is None:
            return ""
        from django.urls import reverse

        return request.build_absolute_uri(
            reverse("members:public-profile", args=[profile.public_token])
        )


class ProfileWriteSerializer(serializers.Serializer):
    residence = serializers.CharField(required=False, allow_blank=True, max_length=200)
    lives_here_since = serializers.DateField(required=False, allow_null=True)
    away_since = serializers.DateField(required=False, allow_null=True)
    public_contact = serializers.CharField(required=False, allow_blank=True, max_length=100)
    duties = serializers.CharField(required=False, allow_blank=True)
    yearly_tasks = serializers.CharField(required=False, allow_blank=True)
    results = serializers.CharField(required=False, allow_blank=True)
    is_published = serializers.BooleanField(required=False)


class SeatBriefSerializer(serializers.Serializer):
    organization_name = serializers.CharField(source="organization.name")
    title_display = serializers.CharField(source="get_title_display")


class ActivityCountSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class PublicProfileSerializer(serializers.Serializer):
    """R-EX-12 as the public sees it: no phone, no activity rows, counts only."""

    name = serializers.CharField(source="person.name")
    photo = serializers.SerializerMethodField()
    organization_name = serializers.CharField(source="organization.name")
    seats = SeatBriefSerializer(many=True)
    public_contact = serializers.CharField()
    duties = serializers.CharField()
    yearly_tasks = serializers.CharField()
    results = serializers.CharField()
    year = serializers.IntegerField()
    activity_counts = ActivityCountSerializer(many=True)

    @extend_schema_field(URI_OR_EMPTY)
    def get_photo(self, profile):
        request = self.context.get("request")
        if not profile.person.photo or request is None:
            return ""
        return served_url("members:public-profile-photo", profile.public_token, request)


# 联系对象 -------------------------------------------------------------------


KIND_HELP = _("联系对象类型：group（妇女小组）、micro_home（微家）、woman（妇女）")


class ContactSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit_name = serializers.SerializerMethodField()
    woman_phone_masked = serializers.SerializerMethodField()

    class Meta:
        model = ContactAssignment
        fields = [
            "id",
            "person",
            "person_name",
            "organization",
            "organization_name",
            "kind",
            "kind_display",
            "unit",
            "unit_name",
            "woman_name",
            "woman_phone_masked",
            "start_date",
            "end_date",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_unit_name(self, obj):
        return obj.unit.name if obj.unit_id else ""

    @extend_schema_field(OpenApiTypes.STR)
    def get_woman_phone_masked(self, obj):
        return mask_phone(obj.woman_phone or "")


class ContactCreateSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text=_("执委（人员编号）"))
    kind = serializers.CharField(help_text=KIND_HELP)
    unit = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("妇女小组/微家的组织编号")
    )
    woman_name = serializers.CharField(required=False, allow_blank=True, max_length=WOMAN_NAME_MAX)
    woman_phone = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text=_("只写；读取时见脱敏号码")
    )
    start_date = serializers.DateField(required=False, allow_null=True)
    organization = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_("所在组织（默认为执委所属组织，也可为其任职的执委会所在组织）"),
    )


class ContactUpdateSerializer(serializers.Serializer):
    woman_name = serializers.CharField(required=False, allow_blank=True, max_length=WOMAN_NAME_MAX)
    woman_phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False, allow_null=True)


class ContactEndSerializer(serializers.Serializer):
    end_date = serializers.DateField(
        required=False, allow_null=True, help_text=_("自该日起不再计入（默认今天）")
    )
