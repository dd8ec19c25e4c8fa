"""/api/v1/members/: meetings and attendance (R-EX-10), reports (R-EX-09) and the 述职报告
template, evaluations and yearly results, 优秀执委 candidates and incentives, training
(R-EX-11).

* ``members/meetings/`` — list (``organization``, ``year``), create with nested
  ``attendance`` [{person, status}], read (with attendance), change; ``{id}/attendance/``
  (PUT) records or corrects attendance;
* ``members/meeting-checks/{org}/?year=`` — R-EX-10 for each half of the year;
  ``members/meetings-missing/?organization=&half=2026H1`` — the subtree's federations
  flagged for a half-year;
* ``members/reports/`` — oral (``kind=oral``, ``meeting``) and written reports (``kind=written``,
  JSON text or multipart ``file``); ``{id}/file/``; ``members/report-status/`` and
  ``members/report-template/`` (Word);
* ``members/evaluations/`` — one evaluator's grades [{person, grade}] at once;
  ``members/evaluation-summary/``; ``members/year-results/`` (decide; ``{id}/excellent/``);
* ``members/excellent-candidates/``; ``members/incentives/``;
* ``members/trainings/`` with nested ``attendees``; ``{id}/attendance/`` (PUT);
  ``members/training-coverage/{org}/``.

Reads start from ``restrict`` (selectors.meetings); person-level records are seen in full
by cadres, by a member only her own. Out of scope answers 404; writes go through
services.meetings, whose Chinese messages come back by field.
"""

import os

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.catalog.exports import content_disposition
from lvzhi.core.api import ApiPagination
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for
from lvzhi.orgs.models import Organization, Person

from . import serializers_meetings as s
from .models import (
    Evaluation,
    Incentive,
    Meeting,
    Report,
    ReportKind,
    Training,
    YearResult,
)
from .reports_docx import build_report_docx, report_filename
from .selectors import meetings as sel
from .selectors.common import member_person
from .services import meetings as svc
from .views_meetings import DOCX, template_person

TAG = "members 会议述职评议培训"
NOT_FOUND = OpenApiResponse(description=gettext_lazy("不存在或不在您的范围内"))
BAD_REQUEST = OpenApiResponse(description=gettext_lazy("数据有误，按字段给出中文说明"))
ORG_PARAM = OpenApiParameter(
    "organization", int, required=True, description=gettext_lazy("组织编号")
)
ORG_FILTER = OpenApiParameter("organization", int, description=gettext_lazy("组织编号"))
YEAR_PARAM = OpenApiParameter("year", int, description=gettext_lazy("年度（默认今年）"))
PERSON_FILTER = OpenApiParameter("person", int, description=gettext_lazy("执委（人员编号）"))


# Helpers ---------------------------------------------------------------------------------


def _int(value, field: str, required: bool = True):
    if value in (None, ""):
        if required:
            raise serializers.ValidationError({field: _("请填写%(field)s") % {"field": field}})
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise serializers.ValidationError({field: _("应为整数")}) from None


def _organization(user, pk, action: str = "view") -> Organization:
    """An organization in the user's scope for ``action``, else 404."""
    return get_object_or_404(Organization.objects.restrict(user, action), pk=pk)


def _org_param(request, action: str = "view") -> Organization:
    return _organization(
        request.user, _int(request.query_params.get("organization"), "organization"), action
    )


def _year_param(request) -> int:
    today = today_local()
    year = _int(request.query_params.get("year"), "year", required=False)
    if year is None:
        return today.year
    if not svc.FIRST_YEAR <= year <= today.year:
        raise serializers.ValidationError(
            {
                "year": _("年度应在%(first)d年至%(last)d年之间")
                % {"first": svc.FIRST_YEAR, "last": today.year}
            }
        )
    return year


def _person(user, pk, field: str = "person") -> Person:
    person = Person.objects.restrict(user, "view").filter(pk=pk).first() if pk else None
    if person is None:
        raise serializers.ValidationError({field: _("人员不存在或不在您的范围内")})
    return person


def _meeting(user, pk, field: str = "meeting") -> Meeting | None:
    if pk is None:
        return None
    meeting = Meeting.objects.restrict(user, "view").select_related("organization").filter(pk=pk)
    meeting = meeting.first()
    if meeting is None:
        raise serializers.ValidationError({field: _("会议不存在或不在您的范围内")})
    return meeting


def _filter(queryset, request, **fields):
    """Exact filters from the query string (integers), e.g. ``organization``, ``year``."""
    for param, lookup in fields.items():
        value = _int(request.query_params.get(param), param, required=False)
        if value is not None:
            queryset = queryset.filter(**{lookup: value})
    return queryset


def _statuses(items) -> dict[int, str]:
    return {item["person"]: item["status"] for item in items or ()}


# Meetings --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("会议列表（含出席、请假、无故缺席人数）"),
        parameters=[ORG_FILTER, YEAR_PARAM],
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("会议详情（含出席情况）"),
        responses={200: s.MeetingDetailSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary=gettext_lazy("记录会议及出席情况"),
        request=s.MeetingWriteSerializer,
        responses={201: s.MeetingDetailSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改会议"),
        request=s.MeetingUpdateSerializer,
        responses={200: s.MeetingDetailSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    attendance=extend_schema(
        summary=gettext_lazy("记录或更正出席情况"),
        request=s.AttendanceWriteSerializer,
        responses={200: s.MeetingDetailSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    http_method_names = ["get", "post", "patch", "put", "head", "options"]
    serializer_class = s.MeetingSerializer
    pagination_class = ApiPagination
    filter_backends = []
    queryset = Meeting.objects.none()

    def get_queryset(self):
        queryset = sel.with_counts(
            Meeting.objects.restrict(self.request.user, "view").select_related("organization")
        ).order_by("-date", "-id")
        if self.action == "list":
            queryset = _filter(
                queryset, self.request, organization="organization_id", year="date__year"
            )
        else:
            queryset = queryset.prefetch_related("attendance__person")
        return queryset

    def get_serializer_class(self):
        if self.action == "list":
            return s.MeetingSerializer
        return s.MeetingDetailSerializer

    def _answer(self, meeting, code=status.HTTP_200_OK):
        fresh = self.get_queryset().filter(pk=meeting.pk).first()
        if fresh is None:
            raise Http404
        return Response(s.MeetingDetailSerializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        body = s.MeetingWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        organization = _organization(request.user, data.pop("organization"), "create")
        attendance = _statuses(data.pop("attendance", None))
        meeting = svc.meeting_create(
            actor=request.user,
            organization=organization,
            attendance=attendance,
            today=today_local(),
            **data,
        )
        return self._answer(meeting, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        meeting = get_object_or_404(
            Meeting.objects.restrict(request.user, "change").select_related("organization"),
            pk=kwargs["pk"],
        )
        body = s.MeetingUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        meeting = svc.meeting_update(
            actor=request.user, meeting=meeting, today=today_local(), **body.validated_data
        )
        return self._answer(meeting)

    @action(detail=True, methods=["put"])
    def attendance(self, request, pk=None):
        meeting = get_object_or_404(
            Meeting.objects.restrict(request.user, "change").select_related("organization"),
            pk=pk,
        )
        body = s.AttendanceWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        svc.attendance_set(
            actor=request.user,
            meeting=meeting,
            statuses=_statuses(body.validated_data["attendance"]),
        )
        return self._answer(meeting)


def _check_data(organization, check) -> dict:
    return {
        "organization": organization.pk,
        "organization_name": organization.name,
        "level": organization.level,
        "period": check.period.code,
        "period_label": check.period.label,
        "held": check.held,
        "status": check.status,
        "flagged": check.flagged,
        "verdict": check.verdict.as_dict(),
    }


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("本组织每半年召开执委会的判定（R-EX-10）"),
    parameters=[YEAR_PARAM],
    responses={200: s.MeetingCheckSerializer(many=True), 404: NOT_FOUND},
)
class MeetingChecksView(APIView):
    def get(self, request, org_pk):
        organization = _organization(request.user, org_pk)
        checks = sel.meeting_checks(organization, _year_param(request), today_local())
        return Response([_check_data(organization, c) for c in checks])


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("半年未召开执委会议的组织（本组织及下级，R-EX-10）"),
    parameters=[
        ORG_PARAM,
        OpenApiParameter(
            "half", str, description=gettext_lazy("半年，如 2026H1；默认最近结束的半年")
        ),
    ],
    responses={404: NOT_FOUND},
)
class MissingMeetingsView(generics.ListAPIView):
    serializer_class = s.MeetingCheckSerializer
    pagination_class = ApiPagination
    filter_backends = []

    def get_queryset(self):
        organization = _org_param(self.request)
        self.period = sel.period_from_code(self.request.query_params.get("half", ""), today_local())
        return sel.missing_meetings_queryset(self.request.user, organization, self.period)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = sel.missing_meeting_rows(page, self.period, today_local())
        return self.get_paginated_response([_check_data(r.organization, r.check) for r in rows])


# Reports ---------------------------------------------------------------------------------


class AnyAccept(BaseContentNegotiation):
    """A download answers whatever the client accepts; errors come back as JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


REPORT_BODY = {
    "application/json": s.ReportWriteSerializer,
    "multipart/form-data": s.ReportWriteSerializer,
}
BINARY = OpenApiResponse(OpenApiTypes.BINARY, description=gettext_lazy("文件"))


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("述职记录（执委只见本人）"),
        parameters=[
            ORG_FILTER,
            OpenApiParameter("year", int, description=gettext_lazy("年度")),
            PERSON_FILTER,
        ],
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("述职详情"), responses={200: s.ReportSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary=gettext_lazy("记录口头述职（会议上）或提交书面述职（文字或 .doc/.docx/.pdf 文件）"),
        request=REPORT_BODY,
        responses={201: s.ReportSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    file=extend_schema(
        summary=gettext_lazy("下载书面述职文件"),
        responses={(200, "application/octet-stream"): BINARY, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = s.ReportSerializer
    pagination_class = ApiPagination
    filter_backends = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    queryset = Report.objects.none()

    def get_queryset(self):
        queryset = sel.person_records(Report, self.request.user).select_related("person")
        queryset = _filter(
            queryset, self.request, organization="organization_id", year="year", person="person_id"
        )
        return queryset.order_by("-year", "person__name", "id")

    def get_serializer_class(self):
        return s.ReportSerializer

    def create(self, request, *args, **kwargs):
        body = s.ReportWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data["kind"] == ReportKind.ORAL:
            if data.get("meeting") is None:
                raise serializers.ValidationError({"meeting": _("口头述职请填写述职的会议")})
            meeting = get_object_or_404(
                Meeting.objects.restrict(request.user, "change").select_related("organization"),
                pk=data["meeting"],
            )
            report = svc.report_oral_record(
                actor=request.user,
                meeting=meeting,
                person=_person(request.user, data["person"]),
                text=data.get("text", ""),
            )
        else:
            if data.get("organization") is None:
                raise serializers.ValidationError({"organization": _("请填写组织编号")})
            if data.get("year") is None:
                raise serializers.ValidationError({"year": _("请填写年度")})
            organization = _organization(request.user, data["organization"])
            report = svc.report_written_submit(
                actor=request.user,
                person=_person(request.user, data["person"]),
                organization=organization,
                year=data["year"],
                text=data.get("text", ""),
                file=data.get("file"),
                meeting=_meeting(request.user, data.get("meeting")),
                today=today_local(),
            )
        return Response(s.ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"], content_negotiation_class=AnyAccept)
    def file(self, request, pk=None):
        report = sel.get_report(request.user, pk)
        if not report.file:
            raise Http404(_("该述职没有上传文件"))
        ext = os.path.splitext(report.file.name)[1].lower()
        with report.file.open("rb") as handle:
            content = handle.read()
        response = HttpResponse(content, content_type="application/octet-stream")
        response["Content-Disposition"] = content_disposition(
            _("%(year)d年度书面述职-%(name)s%(ext)s")
            % {"year": report.year, "name": report.person.name, "ext": ext}
        )
        return response


def _status_data(kind, status_) -> dict:
    return {
        "kind": kind,
        "period": status_.period.code,
        "period_label": status_.period.label,
        "required": status_.required,
        "done": status_.done,
        "status": status_.status,
        "verdict": status_.verdict.as_dict(),
    }


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("述职情况（R-EX-09：每半年口头述职、每年书面述职；执委只见本人）"),
    parameters=[ORG_PARAM, YEAR_PARAM],
    responses={200: s.ReportStatusSerializer(many=True), 404: NOT_FOUND},
)
class ReportStatusView(APIView):
    def get(self, request):
        organization = _org_param(request)
        year = _year_param(request)
        today = today_local()
        if sel.manages(request.user, organization):
            rows = sel.report_status_rows(organization, year, today)
        else:
            own = member_person(request.user)
            rows = sel.report_status_rows(organization, year, today, only_person=own) if own else []
        kinds = [kind for kind, _period in sel.report_periods(year)]
        return Response(
            [
                {
                    "person": row.person.pk,
                    "person_name": row.person.name,
                    "title": row.title_label,
                    "statuses": [
                        _status_data(kind, st) for kind, st in zip(kinds, row.statuses, strict=True)
                    ],
                }
                for row in rows
            ]
        )


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("述职报告 Word 模板（填入本人年度履职数据）"),
    parameters=[ORG_PARAM, OpenApiParameter("person", int, required=True), YEAR_PARAM],
    responses={(200, DOCX): BINARY, 404: NOT_FOUND},
)
class ReportTemplateView(APIView):
    content_negotiation_class = AnyAccept

    def get(self, request):
        organization = _org_param(request)
        person_pk = _int(request.query_params.get("person"), "person")
        person = template_person(request.user, organization, person_pk)
        figures = sel.report_figures(person, organization, _year_param(request))
        response = HttpResponse(build_report_docx(figures), content_type=DOCX)
        response["Content-Disposition"] = content_disposition(report_filename(figures))
        return response


# Evaluations and yearly results ----------------------------------------------------------


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
    ),
)
@extend_schema(tags=[TAG])
class EvaluationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = s.EvaluationSerializer
    pagination_class = ApiPagination
    filter_backends = []
    queryset = Evaluation.objects.none()

    def get_queryset(self):
        queryset = sel.person_records(Evaluation, self.request.user).select_related("person")
        queryset = _filter(
            queryset, self.request, organization="organization_id", year="year", person="person_id"
        )
        return queryset.order_by("-year", "person__name", "id")

    def get_serializer_class(self):
        return s.EvaluationSerializer

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
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
        body = s.EvaluationWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
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
        organization = _org_param(request, "change")
        rows = sel.evaluation_rows(organization, _year_param(request))
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
    filter_backends = []
    queryset = YearResult.objects.none()

    def get_queryset(self):
        queryset = sel.person_records(YearResult, self.request.user).select_related("person")
        queryset = _filter(
            queryset, self.request, organization="organization_id", year="year", person="person_id"
        )
        return queryset.order_by("-year", "person__name", "id")

    def get_serializer_class(self):
        return s.YearResultSerializer

    def create(self, request, *args, **kwargs):
        body = s.YearResultWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
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
        body = s.ExcellentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = svc.excellent_select(
            actor=request.user, result=result, is_excellent=body.validated_data["is_excellent"]
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
        organization = _org_param(request, "change")
        listing = sel.excellent_candidates(organization, _year_param(request))
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
    filter_backends = []
    queryset = Incentive.objects.none()

    def get_queryset(self):
        queryset = sel.person_records(Incentive, self.request.user).select_related("person")
        queryset = _filter(
            queryset, self.request, organization="organization_id", year="year", person="person_id"
        )
        return queryset.order_by("-year", "person__name", "id")

    def get_serializer_class(self):
        return s.IncentiveSerializer

    def create(self, request, *args, **kwargs):
        body = s.IncentiveWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
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


# Training --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("培训列表"), parameters=[ORG_FILTER]),
    retrieve=extend_schema(
        summary=gettext_lazy("培训详情（含参训执委）"),
        responses={200: s.TrainingSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary=gettext_lazy("记录培训及参训执委"),
        request=s.TrainingWriteSerializer,
        responses={201: s.TrainingSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    attendance=extend_schema(
        summary=gettext_lazy("更正参训名单"),
        request=s.TrainingAttendanceSerializer,
        responses={200: s.TrainingSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class TrainingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    http_method_names = ["get", "post", "put", "head", "options"]
    serializer_class = s.TrainingSerializer
    pagination_class = ApiPagination
    filter_backends = []
    queryset = Training.objects.none()

    def get_queryset(self):
        queryset = (
            Training.objects.restrict(self.request.user, "view")
            .prefetch_related("attendance")
            .order_by("-date", "-id")
        )
        return _filter(queryset, self.request, organization="organization_id")

    def get_serializer_class(self):
        return s.TrainingSerializer

    def _answer(self, training, code=status.HTTP_200_OK):
        fresh = self.get_queryset().filter(pk=training.pk).first() or training
        return Response(s.TrainingSerializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        body = s.TrainingWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        organization = _organization(request.user, data.pop("organization"), "create")
        training = svc.training_create(
            actor=request.user, organization=organization, today=today_local(), **data
        )
        return self._answer(training, status.HTTP_201_CREATED)

    @action(detail=True, methods=["put"])
    def attendance(self, request, pk=None):
        training = get_object_or_404(
            Training.objects.restrict(request.user, "change").select_related("organization"),
            pk=pk,
        )
        body = s.TrainingAttendanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        svc.training_attendance_set(
            actor=request.user, training=training, attendees=body.validated_data["attendees"]
        )
        return self._answer(training)


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("本届执委培训覆盖情况与未培训执委（R-EX-11）"),
    responses={200: s.CoverageSerializer, 404: NOT_FOUND},
)
class CoverageView(APIView):
    def get(self, request, org_pk):
        organization = _organization(request.user, org_pk)
        view = sel.training_coverage(organization, today_local())
        coverage = view.coverage
        return Response(
            {
                "organization": organization.pk,
                "term": str(view.term) if view.term else None,
                "members": coverage.members if coverage else 0,
                "trained": coverage.trained if coverage else 0,
                "percent": view.percent,
                "status": coverage.status if coverage else None,
                "verdict": coverage.verdict.as_dict() if coverage else None,
                "untrained": [
                    {"person": m.person.pk, "person_name": m.person.name} for m in view.untrained
                ],
            }
        )


ROUTES = [
    ("members/meetings", MeetingViewSet, "members-meetings"),
    ("members/reports", ReportViewSet, "members-reports"),
    ("members/evaluations", EvaluationViewSet, "members-evaluations"),
    ("members/year-results", YearResultViewSet, "members-year-results"),
    ("members/incentives", IncentiveViewSet, "members-incentives"),
    ("members/trainings", TrainingViewSet, "members-trainings"),
]

api_urlpatterns = [
    path(
        "members/meeting-checks/<int:org_pk>/",
        MeetingChecksView.as_view(),
        name="members-meeting-checks",
    ),
    path(
        "members/meetings-missing/",
        MissingMeetingsView.as_view(),
        name="members-meetings-missing",
    ),
    path("members/report-status/", ReportStatusView.as_view(), name="members-report-status"),
    path("members/report-template/", ReportTemplateView.as_view(), name="members-report-template"),
    path(
        "members/evaluation-summary/",
        EvaluationSummaryView.as_view(),
        name="members-evaluation-summary",
    ),
    path(
        "members/excellent-candidates/",
        CandidatesView.as_view(),
        name="members-excellent-candidates",
    ),
    path(
        "members/training-coverage/<int:org_pk>/",
        CoverageView.as_view(),
        name="members-training-coverage",
    ),
]
