"""Shapes of /api/v1/grassroots/units/ and micro-homes/: shapes only, the services apply
R-OR-03."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvzhi.orgs.models import Kind, Person
from lvzhi.orgs.serializers import ScopedOrganizationField, ScopedRelatedField, VerdictSerializer

from ..models import MicroHomeActivity


class SmallUnitMemberSerializer(serializers.Serializer):
    position = serializers.IntegerField(source="pk")
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.name")
    person_organization = serializers.CharField(source="person.organization.name")
    title = serializers.CharField()
    start_date = serializers.DateField()


class MicroHomeActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = MicroHomeActivity
        fields = ["id", "held_on", "title", "participants", "summary"]
        read_only_fields = ["id"]


class SmallUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    code = serializers.CharField()
    basis = serializers.CharField(allow_null=True)
    basis_detail = serializers.CharField(allow_null=True)
    members = SmallUnitMemberSerializer(many=True)
    verdict = serializers.SerializerMethodField(help_text=_("R-OR-03 判定"))
    activities = MicroHomeActivitySerializer(many=True)

    @extend_schema_field(VerdictSerializer)
    def get_verdict(self, obj) -> dict:
        return obj["verdict"].as_dict()

    def to_representation(self, instance):
        unit, members, verdict, activities = instance
        profile = getattr(unit, "micro_home", None) if unit.kind == Kind.MICRO_HOME else None
        data = {
            "id": unit.pk,
            "name": unit.name,
            "kind": unit.kind,
            "code": unit.code,
            "basis": profile.basis if profile else None,
            "basis_detail": profile.basis_detail if profile else None,
            "members": SmallUnitMemberSerializer(members, many=True).data,
            "verdict": verdict.as_dict(),
            "activities": MicroHomeActivitySerializer(activities, many=True).data,
        }
        return data


class SmallUnitCreateSerializer(serializers.Serializer):
    parent = ScopedOrganizationField(help_text=_("所在的村（社区）或四新妇联"))
    kind = serializers.ChoiceField(choices=[Kind.WOMEN_GROUP, Kind.MICRO_HOME])
    name = serializers.CharField(max_length=200)
    start_date = serializers.DateField()
    leader = serializers.CharField(max_length=50, required=False, default="", allow_blank=True)
    leader_person = ScopedRelatedField(
        Person,
        _("人员不存在或不在您的管理范围内"),
        required=False,
        allow_null=True,
        help_text=_("兼任组长的上级妇联执委（与 leader 二选一）"),
    )
    members = serializers.ListField(
        child=serializers.CharField(max_length=50), max_length=500, required=False, default=list
    )
    basis = serializers.CharField(
        max_length=20,
        required=False,
        default="",
        allow_blank=True,
        help_text=_("微家的组建方式：building 按楼栋、interest 按兴趣、industry 按行业"),
    )
    basis_detail = serializers.CharField(
        max_length=100, required=False, default="", allow_blank=True
    )


class SmallUnitMemberWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    start_date = serializers.DateField()


class SmallUnitMemberEndSerializer(serializers.Serializer):
    end_date = serializers.DateField(help_text=_("退出日期（不早于加入日期）"))


class MicroHomeRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    basis = serializers.SerializerMethodField(help_text=_("building、interest 或 industry"))
    basis_detail = serializers.CharField(source="micro_home.basis_detail", default=None)

    def get_basis(self, obj) -> str | None:
        profile = getattr(obj, "micro_home", None)
        return profile.basis if profile else None

    members = serializers.IntegerField()
    activities = serializers.IntegerField()
    last_activity = serializers.DateField(allow_null=True)
