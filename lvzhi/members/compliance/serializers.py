"""Bodies of the compliance API: roll-ups (by rule, by child organization), a
federation's members with their statuses, and reminders. Read-only shapes filled from
compliance.selectors; every status carries its rule id and source clause."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lvzhi.core.reminders.models import Reminder
from lvzhi.members.models import ComplianceStatus


class OrganizationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PeriodSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("期间代码，如 2026Q4、2026H2、2026"))
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class RuleRollupSerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    label = serializers.CharField(help_text=_("要求（联系、宣讲……）"))
    source = serializers.CharField(help_text=_("依据条款"))
    period = PeriodSerializer(help_text=_("该规则计算的期间（季度、所在半年或年度）"))
    members = serializers.IntegerField()
    met = serializers.IntegerField()
    due = serializers.IntegerField()
    overdue = serializers.IntegerField()
    partial = serializers.IntegerField()
    not_required = serializers.IntegerField()
    required = serializers.IntegerField(help_text=_("应完成人数（执委 − 部分时间在任 − 不要求）"))
    share_met = serializers.FloatField(
        allow_null=True, help_text=_("达标率（%），无应完成人数时为空")
    )


class RollupSerializer(serializers.Serializer):
    organization = OrganizationRefSerializer()
    quarter = PeriodSerializer()
    rules = RuleRollupSerializer(many=True)


class ChildRollupSerializer(serializers.Serializer):
    organization = OrganizationRefSerializer()
    own = serializers.BooleanField(help_text=_("本级执委会（而非下级组织）"))
    members = serializers.IntegerField()
    rules = RuleRollupSerializer(many=True)


class ByChildSerializer(serializers.Serializer):
    organization = OrganizationRefSerializer()
    quarter = PeriodSerializer()
    children = ChildRollupSerializer(many=True)


class MemberStatusSerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    label = serializers.CharField()
    source = serializers.CharField(help_text=_("依据条款"))
    period_code = serializers.CharField()
    status = serializers.ChoiceField(choices=ComplianceStatus.choices)
    status_label = serializers.CharField()
    required = serializers.IntegerField()
    done = serializers.IntegerField()
    detail = serializers.CharField(help_text=_("判断依据"))


class MemberStatusesSerializer(serializers.Serializer):
    person = OrganizationRefSerializer(help_text=_("执委（编号、姓名）"))
    statuses = MemberStatusSerializer(many=True)


class OrganizationMembersSerializer(serializers.Serializer):
    organization = OrganizationRefSerializer()
    quarter = PeriodSerializer()
    rules = RuleRollupSerializer(many=True, help_text=_("本级执委会的人数（不含下级）"))
    members = MemberStatusesSerializer(many=True)


class ReminderSerializer(serializers.ModelSerializer):
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Reminder
        fields = ["id", "text", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    def get_is_read(self, obj) -> bool:
        return obj.read_at is not None


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("本次标为已读的条数"))
