"""Evaluations (one evaluator's grades at once) and their summary, yearly results and
优秀执委 selection, ranked candidates, incentives."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import ApiPagination
from lvzhi.core.api_errors import validated
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for
from lvzhi.members.filters import BACKENDS, query_values
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings import serializers as s
from lvzhi.members.meetings import services as svc
from lvzhi.members.meetings.api._helpers import (
    BAD_REQUEST,
    NOT_FOUND,
    ORG_FILTER,
    ORG_PARAM,
    PERSON_FILTER,
    TAG,
    YEAR_PARAM,
    _meeting,
    _org_param,
    _organization,
    _person,
    _person_records,
    _year,
)
from lvzhi.members.meetings.filters import OrganizationYearParameters, PersonRecordFilter
from lvzhi.members.models import Evaluation, Incentive, YearResult


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("评议记录（执委只见对本人的评议，不含评议人）"),
        parameters=[ORG_FILTER, OpenApiParameter("year", int), PERSON_FILTER],
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("一条评议"), responses={200: s.EvaluationSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary=gettext_lazy("记录一位评议人对各执委的评议"),
        request=s.EvaluationWriteSerializer,
        responses={201: s.EvaluationSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
        filters=False,  # a write answering a list: the list's filters are not its parameters
    ),
)
@extend_schema(tags=[TAG])
class EvaluationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = s.EvaluationSerializer
    pagination_class = ApiPagination
    filter_backends = BACKENDS
    filterset_class = PersonRecordFilter
    queryset = Evaluation.objects.none()

    def get_queryset(self):
        return _person_records(self.request, Evaluation)

    def get_serializer_class(self):
        return s.EvaluationSerializer

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self._data(page))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._data([self.get_object()])[0])

    def _data(self, rows):
        change = scope_for(self.request.user, "change")
        data = []
        for row in rows:
            item = s.EvaluationSerializer(row).data
            if not change.covers(row.org_path):  # a member does not see who graded her
                item["evaluator_name"] = ""
                item["evaluator"] = None
            data.append(item)
        return data

    def create(self, request, *args, **kwargs):
        data = validated(s.EvaluationWriteSerializer, request)
        organization = _organization(request.user, data["organization"], "create")
        meeting = _meeting(request.user, data.get("meeting"))
        year = data.get("year") or (meeting.date.year if meeting else None)
        if year is None:
            raise serializers.ValidationError({"year": _("请填写年度")})
        evaluator = (
            _person(request.user, data["evaluator"], "evaluator") if data.get("evaluator") else None
        )
        grades = {}
        for item in data["grades"]:
            if item["person"] in grades:
                raise serializers.ValidationError({"grades": _("同一执委只能评议一次")})
            grades[item["person"]] = item["grade"]
        rows = svc.evaluations_record(
            actor=request.user,
            organization=organization,
            year=year,
            evaluator_kind=data["evaluator_kind"],
            evaluator_name=data.get("evaluator_name", ""),
            evaluator=evaluator,
            grades=grades,
            meeting=meeting,
            today=today_local(),
        )
        return Response(
            s.EvaluationSerializer(rows, many=True).data, status=status.HTTP_201_CREATED
        )


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("各执委评议分布与年度评议结果"),
    parameters=[ORG_PARAM, YEAR_PARAM],
    responses={200: s.EvaluationSummarySerializer(many=True), 404: NOT_FOUND},
)
class EvaluationSummaryView(APIView):
    def get(self, request):
        values = query_values(request, OrganizationYearParameters)
        organization = _org_param(request, values, "change")
        rows = sel.evaluation_rows(organization, _year(values))
        return Response(
            [
                {
                    "person": row.person.pk,
                    "person_name": row.person.name,
                    "counts": dict(row.counts),
                    "total": row.total,
                    "most": row.most,
                    "result": row.result.grade if row.result else "",
                    "is_excellent": bool(row.result and row.result.is_excellent),
                }
                for row in rows
            ]
        )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("年度评议结果（执委只见本人）"),
        parameters=[ORG_FILTER, OpenApiParameter("year", int), PERSON_FILTER],
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("年度评议结果详情"),
        responses={200: s.YearResultSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary=gettext_lazy("确定（或改定）执委的年度评议结果"),
        request=s.YearResultWriteSerializer,
        responses={
            200: s.YearResultSerializer,
            201: s.YearResultSerializer,
            400: BAD_REQUEST,
            404: NOT_FOUND,
        },
    ),
    excellent=extend_schema(
        summary=gettext_lazy("评为（或取消）年度优秀执委（R-EX-10）"),
        request=s.ExcellentSerializer,
        responses={200: s.YearResultSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class YearResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = s.YearResultSerializer
    pagination_class = ApiPagination
    filter_backends = BACKENDS
    filterset_class = PersonRecordFilter
    queryset = YearResult.objects.none()

    def get_queryset(self):
        return _person_records(self.request, YearResult)

    def get_serializer_class(self):
        return s.YearResultSerializer

    def create(self, request, *args, **kwargs):
        data = validated(s.YearResultWriteSerializer, request)
        organization = _organization(request.user, data["organization"], "change")
        person = _person(request.user, data["person"])
        existed = YearResult.objects.filter(
            person=person, organization=organization, year=data["year"]
        ).exists()
        result = svc.year_result_decide(
            actor=request.user,
            person=person,
            organization=organization,
            year=data["year"],
            grade=data["grade"],
            today=today_local(),
        )
        return Response(
            s.YearResultSerializer(result).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"])
    def excellent(self, request, pk=None):
        result = get_object_or_404(
            YearResult.objects.restrict(request.user, "change").select_related(
                "person", "organization"
            ),
            pk=pk,
        )
        data = validated(s.ExcellentSerializer, request)
        result = svc.excellent_select(
            actor=request.user, result=result, is_excellent=data["is_excellent"]
        )
        return Response(s.YearResultSerializer(result).data)


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("优秀执委候选排序（年度评议结果、“优秀”占比、七个一达标）"),
    parameters=[ORG_PARAM, YEAR_PARAM],
    responses={200: s.CandidateListSerializer, 404: NOT_FOUND},
)
class CandidatesView(APIView):
    def get(self, request):
        values = query_values(request, OrganizationYearParameters)
        organization = _org_param(request, values, "change")
        listing = sel.excellent_candidates(organization, _year(values))
        return Response(
            {
                "year": listing.year,
                "compliance_rows": listing.compliance_rows,
                "verdict": listing.verdict.as_dict(),
                "candidates": [
                    {
                        "rank": c.rank,
                        "person": c.person.pk,
                        "person_name": c.person.name,
                        "grade": c.grade,
                        "is_excellent": c.is_excellent,
                        "evaluations": c.evaluations,
                        "excellent_votes": c.excellent_votes,
                        "excellent_percent": c.excellent_percent,
                        "compliance_met": c.compliance_met,
                        "compliance_counted": c.compliance_counted,
                        "compliance_percent": c.compliance_percent,
                    }
                    for c in listing.candidates
                ],
            }
        )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("激励记录（执委只见本人）"),
        parameters=[ORG_FILTER, OpenApiParameter("year", int), PERSON_FILTER],
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("激励详情"), responses={200: s.IncentiveSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary=gettext_lazy("对优秀执委给予激励（CQ-BZ 第四条、第五条）"),
        request=s.IncentiveWriteSerializer,
        responses={201: s.IncentiveSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class IncentiveViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = s.IncentiveSerializer
    pagination_class = ApiPagination
    filter_backends = BACKENDS
    filterset_class = PersonRecordFilter
    queryset = Incentive.objects.none()

    def get_queryset(self):
        return _person_records(self.request, Incentive)

    def get_serializer_class(self):
        return s.IncentiveSerializer

    def create(self, request, *args, **kwargs):
        data = validated(s.IncentiveWriteSerializer, request)
        organization = _organization(request.user, data.pop("organization"), "create")
        person = _person(request.user, data.pop("person"))
        incentive = svc.incentive_give(
            actor=request.user,
            person=person,
            organization=organization,
            today=today_local(),
            **data,
        )
        return Response(s.IncentiveSerializer(incentive).data, status=status.HTTP_201_CREATED)
