"""Meetings with nested attendance, R-EX-10 checks and the subtree list of federations
without an executive meeting."""

from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import ApiPagination
from lvzhi.core.api_errors import validated
from lvzhi.core.periods import today_local
from lvzhi.members.filters import query_values
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings import serializers as s
from lvzhi.members.meetings import services as svc
from lvzhi.members.meetings.api import _helpers as h
from lvzhi.members.meetings.filters import (
    MeetingFilter,
    MissingMeetingsParameters,
    YearParameters,
)
from lvzhi.members.models import Meeting


@h.viewset_schema(
    listing=gettext_lazy("会议列表（含出席、请假、无故缺席人数）"),
    parameters=[h.ORG_FILTER, h.YEAR_PARAM],
    detail=gettext_lazy("会议详情（含出席情况）"),
    serializer=s.MeetingDetailSerializer,
    create=h.write_schema(
        gettext_lazy("记录会议及出席情况"), s.MeetingWriteSerializer, s.MeetingDetailSerializer, 201
    ),
    partial_update=h.write_schema(
        gettext_lazy("修改会议"), s.MeetingUpdateSerializer, s.MeetingDetailSerializer
    ),
    attendance=h.write_schema(
        gettext_lazy("记录或更正出席情况"), s.AttendanceWriteSerializer, s.MeetingDetailSerializer
    ),
)
class MeetingViewSet(h.ReadViewSet):
    http_method_names = ["get", "post", "patch", "put", "head", "options"]
    serializer_class = s.MeetingSerializer
    filterset_class = MeetingFilter
    queryset = Meeting.objects.none()

    def get_queryset(self):
        queryset = sel.with_counts(
            Meeting.objects.restrict(self.request.user, "view").select_related("organization")
        ).order_by("-date", "-id")
        if self.action != "list":
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
        data = validated(s.MeetingWriteSerializer, request)
        organization = h.organization(request.user, data.pop("organization"), "create")
        attendance = h.statuses(data.pop("attendance", None))
        meeting = svc.meeting_create(
            actor=request.user,
            organization=organization,
            attendance=attendance,
            today=today_local(),
            **data,
        )
        return self._answer(meeting, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        meeting = h.changeable(Meeting, request.user, kwargs["pk"], "organization")
        data = validated(s.MeetingUpdateSerializer, request, partial=True)
        meeting = svc.meeting_update(
            actor=request.user, meeting=meeting, today=today_local(), **data
        )
        return self._answer(meeting)

    @action(detail=True, methods=["put"])
    def attendance(self, request, pk=None):
        meeting = h.changeable(Meeting, request.user, pk, "organization")
        data = validated(s.AttendanceWriteSerializer, request)
        svc.attendance_set(
            actor=request.user,
            meeting=meeting,
            statuses=h.statuses(data["attendance"]),
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
    tags=[h.TAG],
    summary=gettext_lazy("本组织每半年召开执委会的判定（R-EX-10）"),
    parameters=[h.YEAR_PARAM],
    responses={200: s.MeetingCheckSerializer(many=True), 404: h.NOT_FOUND},
)
class MeetingChecksView(APIView):
    def get(self, request, org_pk):
        organization = h.organization(request.user, org_pk)
        year = h.year(query_values(request, YearParameters))
        checks = sel.meeting_checks(organization, year, today_local())
        return Response([_check_data(organization, c) for c in checks])


@extend_schema(
    tags=[h.TAG],
    summary=gettext_lazy("半年未召开执委会议的组织（本组织及下级，R-EX-10）"),
    parameters=[
        h.ORG_PARAM,
        OpenApiParameter(
            "half", str, description=gettext_lazy("半年，如 2026H1；默认最近结束的半年")
        ),
    ],
    responses={404: h.NOT_FOUND},
)
class MissingMeetingsView(generics.ListAPIView):
    serializer_class = s.MeetingCheckSerializer
    pagination_class = ApiPagination
    filter_backends = []

    def get_queryset(self):
        values = query_values(self.request, MissingMeetingsParameters)
        organization = h.org_param(self.request, values)
        self.period = values["half"] or sel.period_from_code("", today_local())
        return sel.missing_meetings_queryset(self.request.user, organization, self.period)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = sel.missing_meeting_rows(page, self.period, today_local())
        return self.get_paginated_response([_check_data(r.organization, r.check) for r in rows])
