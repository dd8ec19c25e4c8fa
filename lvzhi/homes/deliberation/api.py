"""/api/v1/homes/topics/, /meetings/, /decisions/: deliberation (议事, R-HM-07) through the
same services as the pages. Read and written by who may change the home (topics name who
raised them): out of scope 404; bad input 400 with Chinese messages, nothing changed."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from lvzhi.core.api_errors import call_service, validated
from lvzhi.core.api_schema import viewset_schema, write_schema
from lvzhi.core.periods import today_local
from lvzhi.core.serializers import ScopedRowField
from lvzhi.orgs.api import ServiceViewSet

from .. import rules
from ..models import (
    Decision,
    Escalation,
    Meeting,
    MeetingForm,
    MeetingMode,
    Participant,
    ReportTarget,
    Topic,
    TopicSource,
)
from ..serializers import ScopedHomeField
from . import selectors, services
from .forms import EscalateForm

TAG = "homes 妇女之家"


class HomeStoredVerdictSerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    source = serializers.CharField()
    outcome = serializers.CharField()
    detail = serializers.CharField()
    at = serializers.CharField()


class HomeTopicSerializer(serializers.ModelSerializer):
    home_name = serializers.CharField(source="home.name", read_only=True)
    contact = serializers.SerializerMethodField(help_text=_("联系方式（脱敏）"))

    class Meta:
        model = Topic
        fields = [
            "id",
            "home",
            "home_name",
            "title",
            "text",
            "source",
            "raised_on",
            "raised_by",
            "contact",
            "status",
            "status_note",
        ]

    def get_contact(self, obj) -> str:
        return Topic._meta.get_field("contact").mask(obj.contact or "")


class HomeTopicWriteSerializer(serializers.Serializer):
    home = ScopedHomeField(help_text=_("妇女之家编号"))
    title = serializers.CharField(max_length=100)
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    source = serializers.ChoiceField(choices=TopicSource.choices)
    raised_on = serializers.DateField()
    raised_by = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    contact = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)


class HomeDropSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


@viewset_schema(
    tag=TAG,
    listing=_("议题列表（R-HM-07）"),
    detail=_("议题详情"),
    serializer=HomeTopicSerializer,
    create=write_schema(
        _("记录议题（走访、主席信箱）"), HomeTopicWriteSerializer, HomeTopicSerializer, 201
    ),
)
class TopicViewSet(ServiceViewSet):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = HomeTopicSerializer
    ordering = ["-raised_on", "-id"]
    filterset_class = None

    def get_queryset(self):
        return selectors.topics(self.request.user)

    def get_serializer_class(self):
        return HomeTopicWriteSerializer if self.action == "create" else HomeTopicSerializer

    def get_read_serializer(self, instance):
        return HomeTopicSerializer(instance, context=self.get_serializer_context())

    def service_create(self, data):
        return services.topic_create(actor=self.request.user, **data)

    @write_schema(_("不予议事（附理由）"), HomeDropSerializer, HomeTopicSerializer)
    @action(detail=True, methods=["post"], url_path="drop")
    def drop(self, request, pk=None):
        topic = self.get_object()
        data = validated(HomeDropSerializer, request)
        return call_service(
            lambda: services.topic_drop(actor=request.user, topic=topic, **data),
            read=self.read_data,
        )


class HomeParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participant
        fields = ["role", "name"]


class HomeMeetingSerializer(serializers.ModelSerializer):
    home_name = serializers.CharField(source="home.name", read_only=True)
    participants = HomeParticipantSerializer(many=True, read_only=True)
    topics = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    verdicts = HomeStoredVerdictSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "home",
            "home_name",
            "date",
            "form",
            "mode",
            "place",
            "chair",
            "minutes",
            "topics",
            "participants",
            "verdicts",
        ]


class HomeMeetingWriteSerializer(serializers.Serializer):
    home = ScopedHomeField(help_text=_("妇女之家编号"))
    date = serializers.DateField()
    form = serializers.ChoiceField(choices=MeetingForm.choices)
    mode = serializers.ChoiceField(choices=MeetingMode.choices, default=MeetingMode.IRREGULAR)
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    chair = serializers.CharField(max_length=50)
    minutes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    topics = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        allow_empty=False,
        max_length=100,
        help_text=_("本妇女之家待议议题的编号"),
    )
    participants = HomeParticipantSerializer(many=True, allow_empty=False)

    def validate_participants(self, value):
        return [(p["role"], p["name"]) for p in value]


@viewset_schema(
    tag=TAG,
    listing=_("议事会列表（R-HM-07）"),
    detail=_("议事会详情（参会人员、议题、判定记录）"),
    serializer=HomeMeetingSerializer,
    create=write_schema(_("记录议事会"), HomeMeetingWriteSerializer, HomeMeetingSerializer, 201),
)
class MeetingViewSet(ServiceViewSet):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = HomeMeetingSerializer
    ordering = ["-date", "-id"]
    filterset_class = None

    def get_queryset(self):
        return selectors.meetings(self.request.user)

    def get_serializer_class(self):
        return HomeMeetingWriteSerializer if self.action == "create" else HomeMeetingSerializer

    def get_read_serializer(self, instance):
        return HomeMeetingSerializer(instance, context=self.get_serializer_context())

    def service_create(self, data):
        return services.meeting_record(actor=self.request.user, **data)


class ScopedMeetingField(ScopedRowField):
    model = Meeting
    related = ("home__organization",)
    not_found = _("议事会不存在或不在您的管理范围内")


class HomeEscalationSerializer(serializers.Serializer):
    how = serializers.CharField(help_text=_("转为建议或转办案件"))
    state = serializers.CharField(help_text=_("建议或办件的当前状态"))
    answered = serializers.BooleanField(help_text=_("建议已答复或办件已办结（撤销）"))
    answer = serializers.CharField(help_text=_("建议的答复"))
    answered_on = serializers.DateField(allow_null=True)
    person = serializers.CharField(help_text=_("提出建议的执委"))
    case = serializers.IntegerField(allow_null=True)
    stage = serializers.CharField()


class HomeDecisionSerializer(serializers.ModelSerializer):
    topic_title = serializers.CharField(source="topic.title", read_only=True)
    # read-only: DRF drops a read-only model field's allow_blank, so the schema would
    # leave out the "" of a decision not carried on (found by the API fuzz)
    escalated_as = serializers.ChoiceField(
        choices=Escalation.choices, read_only=True, allow_blank=True, label=_("转办方式")
    )
    escalation = serializers.SerializerMethodField(
        help_text=_("重大问题的去向及其当前状态（读自建议或办件）")
    )
    verdict = serializers.SerializerMethodField(help_text=_("R-HM-07：反馈与上报的当前判定"))

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "topic",
            "topic_title",
            "text",
            "major",
            "feedback_on",
            "feedback",
            "reported_on",
            "reported_to",
            "report_note",
            "verdict",
            "escalated_as",
            "escalated_on",
            "suggestion_id",
            "case",
            "escalation",
        ]
        read_only_fields = ["escalated_as", "escalated_on", "suggestion_id", "case"]

    @extend_schema_field(HomeEscalationSerializer(allow_null=True))
    def get_escalation(self, obj):
        if not hasattr(obj, "escalation"):
            selectors.with_escalations([obj])
        if obj.escalation is None:
            return None
        found = obj.escalation
        return {
            "how": found["how"],
            "state": str(found["state"]),
            "answered": found["answered"],
            "answer": found["answer"],
            "answered_on": found["answered_on"],
            "person": found["person"],
            "case": found["case"].pk if found["case"] else None,
            "stage": found.get("stage", ""),
        }

    @extend_schema_field(HomeStoredVerdictSerializer)
    def get_verdict(self, obj):
        result = rules.decision_verdict(
            major=obj.major, feedback_on=obj.feedback_on, reported_on=obj.reported_on
        )
        return {**result.as_dict(), "at": ""}


class HomeDecisionWriteSerializer(serializers.Serializer):
    meeting = ScopedMeetingField(help_text=_("议事会编号"))
    topic = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    text = serializers.CharField(max_length=5000)
    major = serializers.BooleanField(default=False)


class HomeFeedbackSerializer(serializers.Serializer):
    feedback_on = serializers.DateField()
    feedback = serializers.CharField(max_length=300)


class HomeEscalateSerializer(serializers.Serializer):
    # the same choices as the decision's escalated_as (one enum name in the schema)
    escalate_as = serializers.CharField(
        max_length=12, help_text=_("suggestion：转为建议；case：转办案件")
    )
    person = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("转为建议：本会在任执委的人员编号")
    )
    organization = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("转办案件：本会或上级妇联的组织编号")
    )
    template = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("转办案件：已发布的流程模板编号")
    )
    title = serializers.CharField(required=False, allow_blank=True, max_length=300)


class HomeReportSerializer(serializers.Serializer):
    reported_on = serializers.DateField()
    reported_to = serializers.ChoiceField(choices=ReportTarget.choices)
    report_note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )


@viewset_schema(
    tag=TAG,
    listing=_("议事决定列表（R-HM-07）"),
    detail=_("议事决定详情"),
    serializer=HomeDecisionSerializer,
    create=write_schema(
        _("记录议事决定"), HomeDecisionWriteSerializer, HomeDecisionSerializer, 201
    ),
)
class DecisionViewSet(ServiceViewSet):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = HomeDecisionSerializer
    ordering = ["-id"]
    filterset_class = None

    def get_queryset(self):
        return selectors.decisions(self.request.user).select_related("case")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else selectors.with_escalations(page)

    def get_serializer_class(self):
        return HomeDecisionWriteSerializer if self.action == "create" else HomeDecisionSerializer

    def get_read_serializer(self, instance):
        return HomeDecisionSerializer(instance, context=self.get_serializer_context())

    def service_create(self, data):
        return services.decision_record(actor=self.request.user, **data)

    @write_schema(_("记录向妇女群众的反馈"), HomeFeedbackSerializer, HomeDecisionSerializer)
    @action(detail=True, methods=["post"], url_path="feedback")
    def feedback(self, request, pk=None):
        decision = self.get_object()
        data = validated(HomeFeedbackSerializer, request)
        return call_service(
            lambda: services.decision_feedback(actor=request.user, decision=decision, **data),
            read=self.read_data,
        )

    @write_schema(
        _("记录重大问题上报（上级妇联、两委）"), HomeReportSerializer, HomeDecisionSerializer
    )
    @action(detail=True, methods=["post"], url_path="report")
    def report(self, request, pk=None):
        decision = self.get_object()
        data = validated(HomeReportSerializer, request)
        return call_service(
            lambda: services.decision_report(actor=request.user, decision=decision, **data),
            read=self.read_data,
        )

    @write_schema(_("重大问题转为建议或转办案件"), HomeEscalateSerializer, HomeDecisionSerializer)
    @action(detail=True, methods=["post"], url_path="escalate")
    def escalate(self, request, pk=None):
        decision = self.get_object()
        validated(HomeEscalateSerializer, request)
        form = EscalateForm(
            request.data, home=decision.meeting.home, user=request.user, today=today_local()
        )
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        return call_service(
            lambda: services.decision_escalate(
                actor=request.user, decision=decision, **form.cleaned_data
            ),
            read=self.read_data,
        )


ROUTES = [
    ("topics", TopicViewSet, "homes-topic"),
    ("meetings", MeetingViewSet, "homes-meeting"),
    ("decisions", DecisionViewSet, "homes-decision"),
]
