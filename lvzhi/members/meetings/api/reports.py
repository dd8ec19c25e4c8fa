"""Reports (R-EX-09): oral and written (JSON text or a multipart file), the file, the
status per member and the 述职报告 Word template."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core import files
from lvzhi.core.api_errors import validated
from lvzhi.core.periods import today_local
from lvzhi.members.common.selectors import member_person
from lvzhi.members.filters import query_values
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings import serializers as s
from lvzhi.members.meetings import services as svc
from lvzhi.members.meetings.api import _helpers as h
from lvzhi.members.meetings.filters import OrganizationYearParameters, TemplateParameters
from lvzhi.members.meetings.reports_docx import DOCX, report_file_name, template_response
from lvzhi.members.models import Meeting, Report, ReportKind


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


@h.viewset_schema(
    listing=gettext_lazy("述职记录（执委只见本人）"),
    parameters=h.RECORD_FILTERS,
    detail=gettext_lazy("述职详情"),
    serializer=s.ReportSerializer,
    create=h.write_schema(
        gettext_lazy("记录口头述职（会议上）或提交书面述职（文字或 .doc/.docx/.pdf 文件）"),
        REPORT_BODY,
        s.ReportSerializer,
        201,
    ),
    file=extend_schema(
        summary=gettext_lazy("下载书面述职文件"),
        responses={(200, "application/octet-stream"): BINARY, 404: h.NOT_FOUND},
    ),
)
class ReportViewSet(h.PersonRecordViewSet):
    serializer_class = s.ReportSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    queryset = Report.objects.none()

    def create(self, request, *args, **kwargs):
        data = validated(s.ReportWriteSerializer, request)
        if data["kind"] == ReportKind.ORAL:
            if data.get("meeting") is None:
                raise serializers.ValidationError({"meeting": _("口头述职请填写述职的会议")})
            meeting = h.changeable(Meeting, request.user, data["meeting"], "organization")
            report = svc.report_oral_record(
                actor=request.user,
                meeting=meeting,
                person=h.person(request.user, data["person"]),
                text=data.get("text", ""),
            )
        else:
            if data.get("organization") is None:
                raise serializers.ValidationError({"organization": _("请填写组织编号")})
            if data.get("year") is None:
                raise serializers.ValidationError({"year": _("请填写年度")})
            organization = h.organization(request.user, data["organization"])
            report = svc.report_written_submit(
                actor=request.user,
                person=h.person(request.user, data["person"]),
                organization=organization,
                year=data["year"],
                text=data.get("text", ""),
                file=data.get("file"),
                meeting=h.meeting(request.user, data.get("meeting")),
                today=today_local(),
            )
        return self.answer(report)

    @action(detail=True, methods=["get"], content_negotiation_class=AnyAccept)
    def file(self, request, pk=None):
        report = sel.get_report(request.user, pk)
        if not report.file:
            raise Http404(_("该述职没有上传文件"))
        return files.serve(report.file, filename=report_file_name(report))


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
    tags=[h.TAG],
    summary=gettext_lazy("述职情况（R-EX-09：每半年口头述职、每年书面述职；执委只见本人）"),
    parameters=[h.ORG_PARAM, h.YEAR_PARAM],
    responses={200: s.ReportStatusSerializer(many=True), 404: h.NOT_FOUND},
)
class ReportStatusView(APIView):
    def get(self, request):
        values = query_values(request, OrganizationYearParameters)
        organization = h.org_param(request, values)
        year = h.year(values)
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
    tags=[h.TAG],
    summary=gettext_lazy("述职报告 Word 模板（填入本人年度履职数据）"),
    parameters=[h.ORG_PARAM, OpenApiParameter("person", int, required=True), h.YEAR_PARAM],
    responses={(200, DOCX): BINARY, 404: h.NOT_FOUND},
)
class ReportTemplateView(APIView):
    content_negotiation_class = AnyAccept

    def get(self, request):
        values = query_values(request, TemplateParameters)
        organization = h.org_param(request, values)
        person = sel.template_person(request.user, organization, values["person"])
        figures = sel.report_figures(person, organization, h.year(values))
        return template_response(figures)
