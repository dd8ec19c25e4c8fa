"""Evaluations (one evaluator's grades at once) and their summary, yearly results and
优秀执委 selection, ranked candidates, incentives."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api_errors import validated
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for
from lvzhi.members.filters import query_values
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings import serializers as s
from lvzhi.members.meetings import services as svc
from lvzhi.members.meetings.api import _helpers as h
from lvzhi.members.meetings.filters import OrganizationYearParameters
from lvzhi.members.models import Evaluation, Incentive, YearResult


@h.viewset_schema(
    listing=gettext_lazy("评议记录（执委只见对本人的评议，不含评议人）"),
    parameters=h.RECORD_FILTERS,
    detail=gettext_lazy("一条评议"),
    serializer=s.EvaluationSerializer,
    create=h.write_schema(
        gettext_lazy("记录一位评议人对各执委的评议"),
        s.EvaluationWriteSerializer,
        s.EvaluationSerializer(many=True),
        201,
        filters=False,  # a write answering a list: the list's filters are not its parameters
    ),
)
class EvaluationViewSet(h.PersonRecordViewSet):
    serializer_class = s.EvaluationSerializer
    queryset = Evaluation.objects.none()

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
        organization = h.organization(request.user, data["organization"], "create")
        meeting = h.meeting(request.user, data.get("meeting"))
        year = data.get("year") or (meeting.date.year if meeting else None)
        if year is None:
            raise serializers.ValidationError({"year": _("请填写年度")})
        evaluator = (
            h.person(request.user, data["evaluator"], "evaluator")
            if data.get("evaluator")
            else None
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
    tags=[h.TAG],
    summary=gettext_lazy("各执委评议分布与年度评议结果"),
    parameters=[h.ORG_PARAM, h.YEAR_PARAM],
    responses={200: s.EvaluationSummarySerializer(many=True), 404: h.NOT_FOUND},
)
class EvaluationSummaryView(APIView):
    def get(self, request):
        values = query_values(request, OrganizationYearParameters)
        organization = h.org_param(request, values, "change")
        rows = sel.evaluation_rows(organization, h.year(values))
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


@h.viewset_schema(
    listing=gettext_lazy("年度评议结果（执委只见本人）"),
    parameters=h.RECORD_FILTERS,
    detail=gettext_lazy("年度评议结果详情"),
    serializer=s.YearResultSerializer,
    create=extend_schema(
        summary=gettext_lazy("确定（或改定）执委的年度评议结果"),
        request=s.YearResultWriteSerializer,
        responses={
            200: s.YearResultSerializer,
            201: s.YearResultSerializer,
            400: h.BAD_REQUEST,
            404: h.NOT_FOUND,
        },
    ),
    excellent=h.write_schema(
        gettext_lazy("评为（或取消）年度优秀执委（R-EX-10）"),
        s.ExcellentSerializer,
        s.YearResultSerializer,
    ),
)
class YearResultViewSet(h.PersonRecordViewSet):
    serializer_class = s.YearResultSerializer
    queryset = YearResult.objects.none()

    def create(self, request, *args, **kwargs):
        data = validated(s.YearResultWriteSerializer, request)
        organization = h.organization(request.user, data["organization"], "change")
        person = h.person(request.user, data["person"])
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
        return self.answer(result, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def excellent(self, request, pk=None):
        result = h.changeable(YearResult, request.user, pk, "person", "organization")
        data = validated(s.ExcellentSerializer, request)
        result = svc.excellent_select(
            actor=request.user, result=result, is_excellent=data["is_excellent"]
        )
        return self.answer(result, status.HTTP_200_OK)


@extend_schema(
    tags=[h.TAG],
    summary=gettext_lazy("优秀执委候选排序（年度评议结果、“优秀”占比、七个一达标）"),
    parameters=[h.ORG_PARAM, h.YEAR_PARAM],
    responses={200: s.CandidateListSerializer, 404: h.NOT_FOUND},
)
class CandidatesView(APIView):
    def get(self, request):
        values = query_values(request, OrganizationYearParameters)
        organization = h.org_param(request, values, "change")
        listing = sel.excellent_candidates(organization, h.year(values))
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


@h.viewset_schema(
    listing=gettext_lazy("激励记录（执委只见本人）"),
    parameters=h.RECORD_FILTERS,
    detail=gettext_lazy("激励详情"),
    serializer=s.IncentiveSerializer,
    create=h.write_schema(
        gettext_lazy("对优秀执委给予激励（CQ-BZ 第四条、第五条）"),
        s.IncentiveWriteSerializer,
        s.IncentiveSerializer,
        201,
    ),
)
class IncentiveViewSet(h.PersonRecordViewSet):
    serializer_class = s.IncentiveSerializer
    queryset = Incentive.objects.none()

    def create(self, request, *args, **kwargs):
        data = validated(s.IncentiveWriteSerializer, request)
        organization = h.organization(request.user, data.pop("organization"), "create")
        person = h.person(request.user, data.pop("person"))
        incentive = svc.incentive_give(
            actor=request.user,
            person=person,
            organization=organization,
            today=today_local(),
            **data,
        )
        return self.answer(incentive)
