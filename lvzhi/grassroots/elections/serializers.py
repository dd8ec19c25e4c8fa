"""Shapes of /api/v1/grassroots/elections/: lists, rounds and per-candidate counts with the
verdict (rule id, clause, the method's arithmetic). Shapes only; writes go through the
services."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvzhi.orgs.serializers import ScopedOrganizationField, VerdictSerializer

from .. import rules
from ..models import (
    Candidate,
    Delegate,
    Election,
    ElectionMethod,
    ElectionRound,
    Seat,
    Stage,
)

COUNT = {"min_value": 0, "max_value": 1_000_000}


class ElectionDelegateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Delegate
        fields = ["order", "name", "workplace"]
        read_only_fields = ["order"]


class ElectionCandidateSerializer(serializers.ModelSerializer):
    verdict = serializers.SerializerMethodField(
        help_text=_("R-OR-05 判定：按选举办法列出的算式，如“得票 57 > 应到 100 的半数 50：当选”")
    )

    class Meta:
        model = Candidate
        fields = [
            "id",
            "stage",
            "order",
            "name",
            "seat",
            "workplace",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "votes_invalid",
            "elected",
            "verdict",
        ]
        read_only_fields = fields

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_verdict(self, obj) -> dict | None:
        if not obj.outcome:
            return None
        from lvzhi.core.rulesets import verdict

        return verdict("R-OR-05", obj.outcome, obj.detail).as_dict()


class ElectionRoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = ElectionRound
        fields = [
            "stage",
            "held_on",
            "expected",
            "present",
            "ballots_issued",
            "ballots_returned",
        ]
        read_only_fields = fields


class ElectionStepSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("步骤代码，如 candidates、delegates"))
    label = serializers.CharField()


class ElectionSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    method_display = serializers.CharField(source="get_method_display", read_only=True)
    steps = serializers.SerializerMethodField(
        help_text=_(
            "选举的步骤，按 R-OR-05 的顺序：系统妇联先提出执委候选人建议名单，再产生妇女代表"
            "（CQ-XT 四）"
        )
    )
    delegates = ElectionDelegateSerializer(many=True, read_only=True)
    candidates = ElectionCandidateSerializer(many=True, read_only=True)
    rounds = ElectionRoundSerializer(many=True, read_only=True)

    class Meta:
        model = Election
        fields = [
            "id",
            "kind",
            "organization",
            "organization_name",
            "sixin",
            "system_founding",
            "method",
            "method_display",
            "steps",
            "term",
            "delegates",
            "candidates",
            "rounds",
        ]
        read_only_fields = fields

    @extend_schema_field(ElectionStepSerializer(many=True))
    def get_steps(self, obj) -> list[dict]:
        labels = dict(rules.founding_steps(system_federation=obj.system_federation))
        return [
            {"code": code, "label": labels[code]}
            for code in rules.election_steps(system_federation=obj.system_federation)
        ]


class RenewalOpenSerializer(serializers.Serializer):
    federation = ScopedOrganizationField(help_text=_("换届的妇联编号"))
    method = serializers.ChoiceField(choices=ElectionMethod.choices, default="expected")


class ElectionMethodSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=ElectionMethod.choices)


class DelegatesWriteSerializer(serializers.Serializer):
    delegates = ElectionDelegateSerializer(many=True, max_length=2000)


class CandidateWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    seat = serializers.ChoiceField(choices=Seat.choices, default=Seat.MEMBER)
    workplace = serializers.CharField(max_length=200, required=False, allow_blank=True)


class CandidatesWriteSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    candidates = CandidateWriteSerializer(many=True, max_length=500)


class ElectionVoteSerializer(serializers.Serializer):
    candidate = serializers.IntegerField(help_text=_("候选人编号（见 candidates[].id）"))
    votes_for = serializers.IntegerField(**COUNT)
    votes_against = serializers.IntegerField(default=0, **COUNT)
    votes_abstain = serializers.IntegerField(default=0, **COUNT)
    votes_invalid = serializers.IntegerField(default=0, **COUNT)


class BallotsWriteSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    held_on = serializers.DateField()
    expected = serializers.IntegerField(help_text=_("应到人数"), **COUNT)
    present = serializers.IntegerField(help_text=_("实到人数"), **COUNT)
    ballots_issued = serializers.IntegerField(help_text=_("发出选票"), **COUNT)
    ballots_returned = serializers.IntegerField(
        help_text=_("收回选票（多于发出选票时拒绝，不写入）"), **COUNT
    )
    votes = ElectionVoteSerializer(many=True, max_length=500)


class ElectionFileSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, help_text=_("新妇联名称（建会）"))
    code = serializers.CharField(max_length=40, required=False, help_text=_("组织代码（建会）"))
    term_start = serializers.DateField()
    term_end = serializers.DateField()
