"""Shapes of /api/v1/grassroots/system-foundings/: shapes only, the service applies
R-OR-06."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvzhi.orgs.models import Organization
from lvzhi.orgs.serializers import ScopedOrganizationField, ScopedRelatedField

from .. import rules
from ..elections.serializers import ElectionStepSerializer
from ..models import SystemFounding


class SystemFoundingSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    women_committee_name = serializers.CharField(source="women_committee.name", read_only=True)
    federation_name = serializers.CharField(
        source="federation.name", read_only=True, allow_null=True, default=None
    )
    election = serializers.SerializerMethodField(help_text=_("建会选举编号（尚未开始时为空）"))

    steps = serializers.SerializerMethodField(
        help_text=_(
            "建会步骤，按 R-OR-05 的顺序（CQ-XT 四：先提出执委候选人建议名单，再产生妇女代表）"
        )
    )

    def get_election(self, obj) -> int | None:
        election = getattr(obj, "election", None)
        return election.pk if election is not None else None

    @extend_schema_field(ElectionStepSerializer(many=True))
    def get_steps(self, obj) -> list[dict]:
        return [
            {"code": code, "label": label}
            for code, label in rules.founding_steps(system_federation=True)
        ]

    class Meta:
        model = SystemFounding
        fields = [
            "id",
            "organization",
            "organization_name",
            "agency",
            "subordinate_units",
            "women_committee",
            "women_committee_name",
            "founding_case",
            "federation",
            "federation_name",
            "election",
            "steps",
        ]
        read_only_fields = fields


class SystemFoundingWriteSerializer(serializers.Serializer):
    organization = ScopedOrganizationField(help_text=_("建立系统妇联的妇联（新妇联置于其下）"))
    agency = serializers.CharField(max_length=200)
    subordinate_units = serializers.IntegerField(min_value=0, max_value=100000)
    women_committee = ScopedRelatedField(
        Organization,
        _("组织不存在或不在您的管理范围内"),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("现有的机关妇委会/妇工委（没有则不填：R-OR-06 拒绝并写明缺少什么）"),
    )
