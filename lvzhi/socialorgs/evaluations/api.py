"""/api/v1/socialorgs/evaluations/: the evaluator's own projects (``mine``: list, detail,
score, report), the federation's plans (cadres: list, detail, create, weights), and the
published results (public). The evaluator reads only her own (404 otherwise); cadres read
from ``restrict``; writes go through the services; bad input answers 400 in Chinese."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action

from lvzhi.core import files
from lvzhi.core.api import ApiPagination
from lvzhi.core.api_errors import call_service, validated
from lvzhi.core.api_schema import NOT_FOUND, viewset_schema, write_schema
from lvzhi.orgs.models import Organization

from . import report_docx, selectors, services
from .models import EvaluationStatus

TAG = "socialorgs 第三方评估"
ID = {"min_value": 1, "max_value": 2**63 - 1}


class ProjectEvaluationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField(source="plan.year")
    plan = serializers.IntegerField(source="plan_id")
    application = serializers.IntegerField(source="application_id")
    project = serializers.CharField(source="application.title")
    organization = serializers.IntegerField(source="application.organization_id")
    organization_name = serializers.CharField(source="application.organization.name")
    batch = serializers.CharField(source="application.batch.title")
    funded_amount = serializers.DecimalField(
        source="application.funded_amount", max_digits=12, decimal_places=2, allow_null=True
    )
    status = serializers.CharField()
    satisfaction_score = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    satisfaction_from_ratings = serializers.BooleanField()
    capacity_score = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    results_score = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    weighted_score = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    passed = serializers.BooleanField(allow_null=True)
    verdict = serializers.JSONField()
    comment = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    rating_key = serializers.CharField(
        source="public_key",
        help_text=gettext_lazy("公开评价页 /socialorgs/evaluations/rate/{key}/"),
    )


class ProjectEvaluationScoreSerializer(serializers.Serializer):
    satisfaction = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("满意度调查得分（无在线评价时必填）"),
    )
    capacity = serializers.CharField(required=False, allow_blank=True)
    results = serializers.CharField(required=False, allow_blank=True)
    comment = serializers.CharField(required=False, allow_blank=True)


class EvaluationPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    federation = serializers.IntegerField(source="federation_id")
    federation_name = serializers.CharField(source="federation.name")
    year = serializers.IntegerField()
    evaluator = serializers.IntegerField(source="evaluator_id")
    agency = serializers.CharField()
    weight_satisfaction = serializers.IntegerField()
    weight_capacity = serializers.IntegerField()
    weight_results = serializers.IntegerField()
    threshold = serializers.IntegerField()
    count = serializers.IntegerField(help_text=gettext_lazy("分配的项目数"))


class EvaluationPlanWriteSerializer(serializers.Serializer):
    federation = serializers.IntegerField(**ID)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    evaluator = serializers.IntegerField(**ID)
    agency = serializers.CharField(required=False, allow_blank=True)
    weight_satisfaction = serializers.IntegerField(required=False, min_value=0, max_value=100)
    weight_capacity = serializers.IntegerField(required=False, min_value=0, max_value=100)
    weight_results = serializers.IntegerField(required=False, min_value=0, max_value=100)
    threshold = serializers.IntegerField(required=False, min_value=0, max_value=100)


class EvaluationPlanUpdateSerializer(serializers.Serializer):
    agency = serializers.CharField(required=False, allow_blank=True)
    weight_satisfaction = serializers.IntegerField(required=False, min_value=0, max_value=100)
    weight_capacity = serializers.IntegerField(required=False, min_value=0, max_value=100)
    weight_results = serializers.IntegerField(required=False, min_value=0, max_value=100)
    threshold = serializers.IntegerField(required=False, min_value=0, max_value=100)


class PublicEvaluationResultSerializer(serializers.Serializer):
    year = serializers.IntegerField(source="plan.year")
    project = serializers.CharField(source="application.title")
    organization_name = serializers.CharField(source="application.organization.name")
    federation_name = serializers.CharField(source="plan.federation.name")
    agency = serializers.CharField(source="plan.agency")
    satisfaction_score = serializers.DecimalField(max_digits=4, decimal_places=1)
    capacity_score = serializers.DecimalField(max_digits=4, decimal_places=1)
    results_score = serializers.DecimalField(max_digits=4, decimal_places=1)
    weighted_score = serializers.DecimalField(max_digits=4, decimal_places=1)
    passed = serializers.BooleanField()


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("评估人员本人的评估项目"),
    detail=gettext_lazy("评估项目详情（只限本人）"),
    serializer=ProjectEvaluationSerializer,
    score=write_schema(
        gettext_lazy("评分并生成评估报告"),
        ProjectEvaluationScoreSerializer,
        ProjectEvaluationSerializer,
    ),
    report=extend_schema(
        summary=gettext_lazy("评估报告（Word）"),
        responses={
            (200, report_docx.DOCX): OpenApiResponse(OpenApiTypes.BINARY),
            404: NOT_FOUND,
        },
    ),
)
class MyEvaluationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProjectEvaluationSerializer
    pagination_class = ApiPagination
    filter_backends = []

    def get_queryset(self):
        return selectors.own_evaluations(self.request.user).order_by("id")

    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        row = self.get_object()
        data = validated(ProjectEvaluationScoreSerializer, request)
        return call_service(
            lambda: services.evaluation_score(actor=request.user, evaluation=row, **data),
            read=lambda scored: (
                ProjectEvaluationSerializer(
                    selectors.get_own_evaluation(request.user, scored.pk)
                ).data
            ),
        )

    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        row = self.get_object()
        if row.status != EvaluationStatus.SUBMITTED:
            raise Http404
        return files.serve(row.report, filename=report_docx.report_filename(row), max_age=0)


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("第三方评估安排（本人范围内）"),
    detail=gettext_lazy("第三方评估安排详情"),
    serializer=EvaluationPlanSerializer,
    create=write_schema(
        gettext_lazy("委托评估：评估账号、年度、三项权重（和为100）与合格分数线"),
        EvaluationPlanWriteSerializer,
        EvaluationPlanSerializer,
        201,
    ),
    partial_update=write_schema(
        gettext_lazy("修改权重、合格分数线或评估机构（有项目提交评估后不能改权重）"),
        EvaluationPlanUpdateSerializer,
        EvaluationPlanSerializer,
    ),
)
class PlanViewSet(
    viewsets.mixins.CreateModelMixin,
    viewsets.mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = EvaluationPlanSerializer
    pagination_class = ApiPagination
    filter_backends = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.plans(self.request.user).order_by("-year", "id")

    def _read(self, plan):
        return EvaluationPlanSerializer(selectors.get_plan(self.request.user, plan.pk)).data

    def create(self, request):
        data = validated(EvaluationPlanWriteSerializer, request)
        federation = get_object_or_404(
            Organization.objects.restrict(request.user, "change"), pk=data.pop("federation")
        )
        data["evaluator"] = get_user_model().objects.filter(pk=data["evaluator"]).first()
        return call_service(
            lambda: services.plan_create(actor=request.user, federation=federation, **data),
            read=self._read,
            status=201,
        )

    def partial_update(self, request, pk=None):
        plan = selectors.get_plan(request.user, pk, "change")
        data = validated(EvaluationPlanUpdateSerializer, request)
        return call_service(
            lambda: services.plan_update(actor=request.user, plan=plan, **data), read=self._read
        )


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("公开的评估结果"),
    detail=gettext_lazy("公开的评估结果"),
    serializer=PublicEvaluationResultSerializer,
)
class PublicResultViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PublicEvaluationResultSerializer
    pagination_class = ApiPagination
    filter_backends = []
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return selectors.public_results()


ROUTES = [
    ("mine", MyEvaluationViewSet, "socialorgs-evaluation-mine"),
    ("plans", PlanViewSet, "socialorgs-evaluation-plan"),
    ("public", PublicResultViewSet, "socialorgs-evaluation-public"),
]
