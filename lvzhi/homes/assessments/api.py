"""/api/v1/homes/assessments/: the six-standard assessments (R-HM-01/02) read from
``restrict(user, "view")`` and moved through the same services as the pages: start, a
part's self-assessment with evidence (multipart), submit, the township's review, the
district's decision, and the district's re-check. A step not routed to the caller answers
403, a step moved meanwhile 409, out of scope 404."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from lvzhi.core.api import parse_id
from lvzhi.core.api_errors import call_service, error_response, validated
from lvzhi.core.api_schema import NOT_FOUND, viewset_schema, write_schema
from lvzhi.orgs.api import ServiceViewSet
from lvzhi.orgs.selectors import get_organization
from lvzhi.processes.services import StepConflict

from .. import rules
from ..models import Assessment, AssessmentPart, Evidence
from ..serializers import ScopedHomeField
from . import closest, selectors, services

TAG = "homes 妇女之家"


class HomeEvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("经权限检查的下载地址"))

    class Meta:
        model = Evidence
        fields = ["id", "original_name", "is_image", "size", "url"]

    def get_url(self, obj) -> str:
        return reverse("homes:evidence", args=[obj.pk])


class HomePartSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    evidence = HomeEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = AssessmentPart
        fields = ["code", "name", "met", "note", "review", "review_reason", "evidence"]

    def get_name(self, obj) -> str:
        return rules.part_name(obj.code)


class HomeVerdictSerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    source = serializers.CharField()
    outcome = serializers.CharField()
    detail = serializers.CharField()
    step = serializers.CharField()
    at = serializers.CharField()


class HomeAssessmentSerializer(serializers.ModelSerializer):
    home_name = serializers.CharField(source="home.name", read_only=True)
    parts = HomePartSerializer(many=True, read_only=True)
    verdicts = HomeVerdictSerializer(
        many=True, read_only=True, help_text=_("每次判定：规则编号、依据条款、结论、说明")
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "home",
            "home_name",
            "kind",
            "year",
            "status",
            "case",
            "decided_on",
            "parts",
            "verdicts",
        ]


class HomeStartSerializer(serializers.Serializer):
    home = ScopedHomeField(help_text=_("妇女之家编号"))


class HomePartWriteSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=[])
    met = serializers.BooleanField(allow_null=True, help_text=_("达到、未达到；null 为未核查"))
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    evidence = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, help_text=_("照片或文件")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = rules.part_codes()


class HomeReviewItemSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=[])
    decision = serializers.ChoiceField(choices=["agreed", "returned"])
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = rules.part_codes()


class HomeReviewSerializer(serializers.Serializer):
    reviews = HomeReviewItemSerializer(many=True)


class HomeDecideSerializer(serializers.Serializer):
    designate = serializers.BooleanField()
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class HomeRecheckItemSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=[])
    met = serializers.BooleanField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = rules.part_codes()


class HomeRecheckSerializer(serializers.Serializer):
    home = ScopedHomeField(help_text=_("妇女之家编号"))
    results = HomeRecheckItemSerializer(many=True)


@viewset_schema(
    tag=TAG,
    listing=_("规范化评估列表"),
    detail=_("规范化评估详情（各项自评、佐证、审核与判定记录）"),
    serializer=HomeAssessmentSerializer,
    create=write_schema(
        _("开始申报规范化妇女之家（村、社区妇联自评）"),
        HomeStartSerializer,
        HomeAssessmentSerializer,
        201,
    ),
)
class AssessmentViewSet(ServiceViewSet):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = HomeAssessmentSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    ordering = ["-id"]
    filterset_class = None

    def get_queryset(self):
        return selectors.assessments(self.request.user).prefetch_related("parts__evidence")

    def get_serializer_class(self):
        return HomeStartSerializer if self.action == "create" else HomeAssessmentSerializer

    def get_read_serializer(self, instance):
        return HomeAssessmentSerializer(instance, context=self.get_serializer_context())

    def service_create(self, data):
        return services.assessment_start(actor=self.request.user, home=data["home"])

    def _move(self, call):
        try:
            return call_service(call, read=self.read_data)
        except StepConflict as exc:
            return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)

    @write_schema(
        _("自评一项（达到与否、说明、佐证材料）"), HomePartWriteSerializer, HomePartSerializer
    )
    @action(detail=True, methods=["post"], url_path="parts")
    def part(self, request, pk=None):
        assessment = self.get_object()
        data = validated(HomePartWriteSerializer, request)
        data["evidence"] = request.FILES.getlist("evidence") or data["evidence"]
        try:
            part = services.part_record(actor=request.user, assessment=assessment, **data)
        except StepConflict as exc:
            return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
        except Exception as exc:
            response = error_response(exc)
            if response is None:
                raise
            return response
        return Response(HomePartSerializer(part).data)

    @write_schema(_("提交自评（R-HM-01）"), None, HomeAssessmentSerializer)
    @action(detail=True, methods=["post"], url_path="submit", serializer_class=None)
    def submit(self, request, pk=None):
        assessment = self.get_object()
        return self._move(
            lambda: services.assessment_submit(actor=request.user, assessment=assessment)
        )

    @write_schema(
        _("乡镇（街道）妇联审核：逐项通过或退回（附理由）"),
        HomeReviewSerializer,
        HomeAssessmentSerializer,
    )
    @action(detail=True, methods=["post"], url_path="review")
    def review(self, request, pk=None):
        assessment = self.get_object()
        data = validated(HomeReviewSerializer, request)
        reviews = {r["code"]: (r["decision"], r["reason"]) for r in data["reviews"]}
        return self._move(
            lambda: services.assessment_review(
                actor=request.user, assessment=assessment, reviews=reviews
            )
        )

    @write_schema(
        _("区县妇联命名或退回（R-HM-01、R-HM-02）"), HomeDecideSerializer, HomeAssessmentSerializer
    )
    @action(detail=True, methods=["post"], url_path="decide")
    def decide(self, request, pk=None):
        assessment = self.get_object()
        data = validated(HomeDecideSerializer, request)
        return self._move(
            lambda: services.assessment_decide(actor=request.user, assessment=assessment, **data)
        )

    @extend_schema(
        summary=_("区县妇联复核已命名的妇女之家（未达到即撤销命名）"),
        request=HomeRecheckSerializer,
        responses={201: HomeAssessmentSerializer, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["post"], url_path="recheck")
    def recheck(self, request):
        data = validated(HomeRecheckSerializer, request, context={"request": request})
        results = {r["code"]: r["met"] for r in data["results"]}
        notes = {r["code"]: r["note"] for r in data["results"]}
        return call_service(
            lambda: services.recheck_record(
                actor=request.user, home=data["home"], results=results, notes=notes
            ),
            read=self.read_data,
            status=status.HTTP_201_CREATED,
        )


class HomeClosestSerializer(serializers.Serializer):
    home = serializers.IntegerField(source="home.pk")
    name = serializers.CharField(source="home.name")
    organization = serializers.IntegerField(source="home.organization_id")
    organization_name = serializers.CharField(source="home.organization.name")
    designation = serializers.CharField(source="home.designation")
    assessment = serializers.IntegerField(source="assessment_id", allow_null=True)
    met = serializers.IntegerField(help_text=_("最近一次评估达到的项目数"))
    total = serializers.IntegerField(help_text=_("六项标准的项目总数"))
    missing = serializers.ListField(child=serializers.CharField(), help_text=_("尚缺的项目"))


class ClosestViewSet(viewsets.ViewSet):
    """/api/v1/homes/closest/?org=: the subtree's homes not designated, nearest first."""

    @extend_schema(
        tags=[TAG],
        summary=_("最接近规范化的妇女之家（本组织及下级，按已达到项目数排列）"),
        parameters=[OpenApiParameter("org", int, required=True, description=_("组织编号"))],
        responses={200: HomeClosestSerializer(many=True), 400: None, 404: NOT_FOUND},
    )
    def list(self, request):
        pk = parse_id(request.query_params.get("org", ""))
        if pk is None:
            return Response({"org": [_("请给出组织编号")]}, status=status.HTTP_400_BAD_REQUEST)
        org = get_organization(request.user, pk, "view")
        rows = closest.closest(request.user, org)
        return Response(HomeClosestSerializer(rows, many=True).data)
