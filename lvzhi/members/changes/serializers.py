"""Serializers of /api/v1/members/ committee changes. They shape input and output only: the
services check the rules and answer in Chinese."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvzhi.members import rules
from lvzhi.members.changes import selectors
from lvzhi.members.common.selectors import ruleset_for
from lvzhi.members.models import ExitCase, Nomination, NominationChannel, VoteSession, VoteTally
from lvzhi.orgs.models import Title


class ChangeVerdictSerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    source = serializers.CharField(help_text=_("依据条款"))
    outcome = serializers.CharField()
    detail = serializers.CharField(help_text=_("结论及计算过程"))
    when = serializers.CharField(
        required=False, help_text=_("执委人数检查：before 表决前，after 表决后")
    )


def _ruleset(context, organization):
    """The rule set of an organization, read once per response."""
    cache = context.setdefault("_rulesets", {})
    if organization.path not in cache:
        cache[organization.path] = ruleset_for(organization)
    return cache[organization.path]


def _labels(context, organization):
    cache = context.setdefault("_ground_labels", {})
    ruleset = _ruleset(context, organization)
    if ruleset not in cache:
        cache[ruleset] = selectors.ground_labels(ruleset)
    return cache[ruleset]


# 退出 -----------------------------------------------------------------------


class ExitCaseSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    ground_label = serializers.SerializerMethodField()
    next_steps = serializers.SerializerMethodField()
    announced_at_title = serializers.SerializerMethodField()
    evidence = serializers.JSONField(help_text=_("依据事实：文字、规则结论、会议或年度"))
    steps = serializers.JSONField(help_text=_("程序记录：步骤、日期、办理人、规则结论"))

    class Meta:
        model = ExitCase
        fields = [
            "id",
            "organization",
            "organization_name",
            "person",
            "person_name",
            "position",
            "kind",
            "kind_display",
            "ground",
            "ground_label",
            "rule_id",
            "source",
            "evidence",
            "status",
            "status_display",
            "steps",
            "next_steps",
            "effective_on",
            "announced_at",
            "announced_at_title",
            "created_at",
        ]
        read_only_fields = fields

    def get_ground_label(self, obj) -> str:
        return str(_labels(self.context, obj.organization).get(obj.ground, obj.ground))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_next_steps(self, obj):
        return selectors.next_steps(obj, _ruleset(self.context, obj.organization))

    def get_announced_at_title(self, obj) -> str:
        return str(obj.announced_at) if obj.announced_at_id else ""


class ExitOpenSerializer(serializers.Serializer):
    organization = serializers.IntegerField(help_text=_("妇联组织编号"))
    person = serializers.IntegerField(help_text=_("在任执委的人员编号"))
    ground = serializers.CharField(
        help_text=_(
            "情形：away / failed_evaluations / absences（平台依据数据提出）；resigned / "
            "personal / below_requirements；或第十三条资格终止情形代码"
        )
    )
    date = serializers.DateField(required=False, allow_null=True, help_text=_("本人提出辞职的日期"))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ExitStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=list(rules.STEP_LABELS))
    date = serializers.DateField(required=False, allow_null=True)
    meeting = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("本组织的执委会议编号（通报时必填）")
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ExitDismissSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ExitRecommendationSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    person_name = serializers.CharField(source="person.name")
    position = serializers.IntegerField(source="seat.pk")
    title = serializers.CharField(source="seat.title")
    kind = serializers.CharField(source="recommendation.kind")
    ground = serializers.CharField()
    ground_label = serializers.CharField()
    evidence = serializers.CharField(source="recommendation.evidence")
    verdict = serializers.SerializerMethodField()
    facts = serializers.JSONField(help_text=_("结构化依据：离开日期、不合格年度或缺席的会议"))
    case = serializers.SerializerMethodField()
    case_status = serializers.SerializerMethodField()
    can_open = serializers.BooleanField()

    @extend_schema_field(ChangeVerdictSerializer)
    def get_verdict(self, row):
        return row.recommendation.verdict.as_dict()

    def get_case(self, row) -> int | None:
        return row.case.pk if row.case else None

    def get_case_status(self, row) -> str:
        return row.case.status if row.case else ""


# 提名 -----------------------------------------------------------------------


class NominationStateSerializer(serializers.Serializer):
    ready = serializers.BooleanField(help_text=_("可以提交执委会表决"))
    missing = serializers.ListField(child=serializers.CharField())
    verdict = ChangeVerdictSerializer()


class NominationSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    person_workplace = serializers.CharField(source="person.workplace", read_only=True)
    channel_display = serializers.CharField(source="get_channel_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    state = serializers.SerializerMethodField()
    steps = serializers.JSONField()
    verdicts = serializers.JSONField(help_text=_("规则结论（R-MB-12）及联名人数的计算过程"))

    class Meta:
        model = Nomination
        fields = [
            "id",
            "organization",
            "organization_name",
            "person",
            "person_name",
            "person_workplace",
            "residence",
            "channel",
            "channel_display",
            "title",
            "supporters_members",
            "supporters_women",
            "extra_seat_kind",
            "replaces",
            "note",
            "status",
            "status_display",
            "state",
            "steps",
            "verdicts",
            "position",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(NominationStateSerializer)
    def get_state(self, obj):
        state = selectors.nomination_state(obj, _ruleset(self.context, obj.organization))
        return {
            "ready": state.ready,
            "missing": list(state.missing),
            "verdict": state.verdict.as_dict(),
        }


class NominationNewPersonSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    workplace = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class NominationCreateSerializer(serializers.Serializer):
    organization = serializers.IntegerField(help_text=_("妇联组织编号"))
    channel = serializers.ChoiceField(choices=NominationChannel.choices)
    person = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("已登记人员的编号；与 new_person 二选一")
    )
    new_person = NominationNewPersonSerializer(required=False, allow_null=True)
    residence = serializers.CharField(required=False, allow_blank=True, default="")
    title = serializers.ChoiceField(
        choices=[Title.MEMBER, Title.VICE_CHAIR, Title.CHAIR], default=Title.MEMBER
    )
    supporters_members = serializers.IntegerField(required=False, default=0, min_value=0)
    supporters_women = serializers.IntegerField(required=False, default=0, min_value=0)
    extra_seat_kind = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("R-MB-03 人员类别代码")
    )
    replaces = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("被替补的职务编号")
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NominationReviewSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["initial_review", "party_review", "reject"])
    note = serializers.CharField(required=False, allow_blank=True, default="")


# 表决 -----------------------------------------------------------------------


class VoteTallyReadSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="nomination.person.name", read_only=True)

    class Meta:
        model = VoteTally
        fields = ["nomination", "person_name", "yes", "no", "abstain", "elected", "arithmetic"]
        read_only_fields = fields


class VotePersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class VoteSessionSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    scrutineers = VotePersonRefSerializer(many=True, read_only=True)
    tallies = VoteTallyReadSerializer(many=True, read_only=True)
    counters = serializers.ListField(child=serializers.CharField(), read_only=True)
    arithmetic = serializers.ListField(child=serializers.CharField(), read_only=True)
    verdicts = ChangeVerdictSerializer(many=True, read_only=True)
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = VoteSession
        fields = [
            "id",
            "organization",
            "organization_name",
            "meeting",
            "date",
            "expected",
            "present",
            "scrutineers",
            "counters",
            "is_valid",
            "arithmetic",
            "verdicts",
            "size_before",
            "size_after",
            "tallies",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_recorded_by(self, obj) -> str:
        return obj.recorded_by.get_username() if obj.recorded_by_id else ""


class VoteTallyInputSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    yes = serializers.IntegerField(min_value=0)
    no = serializers.IntegerField(min_value=0, default=0)
    abstain = serializers.IntegerField(min_value=0, default=0)


class VoteSessionCreateSerializer(serializers.Serializer):
    organization = serializers.IntegerField(help_text=_("妇联组织编号"))
    date = serializers.DateField(required=False, allow_null=True, help_text=_("表决日期"))
    meeting = serializers.IntegerField(required=False, allow_null=True)
    present = serializers.IntegerField(min_value=0, help_text=_("实到执委人数"))
    scrutineers = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("监票员（出席的执委）的人员编号，1—2名")
    )
    scrutineers_approved = serializers.BooleanField(help_text=_("监票员已经执委会审议通过"))
    counters = serializers.ListField(
        child=serializers.CharField(max_length=50),
        help_text=_("计票员姓名（本级妇联组织指派的工作人员），1—2名"),
    )
    tallies = VoteTallyInputSerializer(many=True)


class VoteCandidateResultSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    person_name = serializers.CharField()
    yes = serializers.IntegerField()
    no = serializers.IntegerField()
    abstain = serializers.IntegerField()
    elected = serializers.BooleanField()
    verdict = ChangeVerdictSerializer()


class VoteEvaluationSerializer(serializers.Serializer):
    """A vote session checked, not recorded."""

    date = serializers.DateField()
    expected = serializers.IntegerField(help_text=_("按表决日期名册计算的应到人数"))
    present = serializers.IntegerField()
    min_present = serializers.IntegerField(help_text=_("有效所需的最少实到人数"))
    min_yes = serializers.IntegerField(help_text=_("当选所需的最少赞成票"))
    valid = serializers.BooleanField()
    verdict = ChangeVerdictSerializer()
    candidates = VoteCandidateResultSerializer(many=True)
    verdicts = ChangeVerdictSerializer(many=True)
    size_before = serializers.IntegerField()
    size_after = serializers.IntegerField()


def evaluation_data(evaluation) -> dict:
    return {
        "date": evaluation.date,
        "expected": evaluation.expected,
        "present": evaluation.present,
        "min_present": evaluation.result.min_present,
        "min_yes": evaluation.result.min_yes,
        "valid": evaluation.valid,
        "verdict": evaluation.result.verdict.as_dict(),
        "candidates": [
            {
                "nomination": tally.nomination.pk,
                "person_name": tally.nomination.person.name,
                "yes": tally.yes,
                "no": tally.no,
                "abstain": tally.abstain,
                "elected": result.elected,
                "verdict": result.verdict.as_dict(),
            }
            for tally, result in evaluation.candidates
        ],
        "verdicts": evaluation.verdicts(),
        "size_before": evaluation.size_before.before,
        "size_after": evaluation.size_after.after,
    }
