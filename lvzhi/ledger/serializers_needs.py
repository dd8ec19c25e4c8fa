"""Shapes of /api/v1/ledger/needs/: a need with where it went and its outcome (read from
the suggestion or the case by ``selectors_needs.attach_outcomes``). Shapes only; the
services check scope, rules and that no personal data leaves with the text."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lvzhi.processes.models import ProcessTemplate

from . import selectors
from .models import Need, NeedKind, ReferralKind
from .serializers import ScopedPrimaryKeyField


class OutcomeSerializer(serializers.Serializer):
    status = serializers.CharField(
        help_text=_(
            "not_referred 未转办；waiting 待答复；answered 已答复；suggestion_gone 建议已删除；"
            "open 办理中；finished 已办结；cancelled 已撤销；case_gone 办件已删除"
        )
    )
    label = serializers.CharField()
    on = serializers.DateField(allow_null=True, help_text=_("答复或办结日期"))
    result = serializers.CharField(help_text=_("答复内容或办理结果"))
    done = serializers.BooleanField()


class NeedSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    suggestion = serializers.IntegerField(
        source="suggestion_id",
        read_only=True,
        allow_null=True,
        help_text=_("转为执委建议时，该建议（履职活动）的编号"),
    )
    outcome = OutcomeSerializer(read_only=True)

    class Meta:
        model = Need
        fields = [
            "id",
            "entry",
            "visit",
            "kind",
            "kind_label",
            "description",
            "recorded_on",
            "referred_as",
            "referred_on",
            "suggestion",
            "case",
            "outcome",
        ]
        read_only_fields = fields


class NeedWriteSerializer(serializers.Serializer):
    entry = ScopedPrimaryKeyField(scoped=selectors.entries)
    visit = ScopedPrimaryKeyField(scoped=selectors.visits, required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=NeedKind.choices)
    description = serializers.CharField(
        max_length=300, help_text=_("需求说明：不写姓名、身份证号、电话、住址")
    )


class ReferSerializer(serializers.Serializer):
    referred_as = serializers.ChoiceField(choices=ReferralKind.choices)
    template = serializers.PrimaryKeyRelatedField(
        queryset=ProcessTemplate.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text=_("转为办件时的办理流程（她所在社区妇联及上级发布的流程）"),
    )
