"""Meetings with nested attendance, R-EX-10 checks and the subtree list of federations
without an executive meeting."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import ApiPagination
from lvzhi.core.api_errors import validated
from lvzhi.core.periods import today_local
from lvzhi.members.filters import BACKENDS, query_values
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings import serializers as s
from lvzhi.members.meetings import services as svc
from lvzhi.members.meetings.api._helpers import (
    BAD_REQUEST,
    NOT_FOUND,
    ORG_FILTER,
    ORG_PARAM,
    TAG,
    YEAR_PARAM,
    _org_param,
    _organization,
    _statuses,
    _year,
)
from lvzhi.members.meetings.filters import (
    MeetingFilter,
    MissingMeetingsParameters,
    YearParameters,
)
from lvzhi.members.models import Meeting


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
    filter_backends = BACKENDS
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
        data = validated(s.MeetingUpdateSerializer, request, partial=True)
        meeting = svc.meeting_update(
            actor=request.user, meeting=meeting, today=today_local(), **data
        )
        return self._answer(meeting)

    @action(detail=True, methods=["put"])
    def attendance(self, request, pk=None):
        meeting = get_object_or_404(
            Meeting.objects.restrict(request.user, "change").select_related("organization"),
            pk=pk,
        )
        data = validated(s.AttendanceWriteSerializer, request)
        svc.attendance_set(
            actor=request.user,
            meeting=meeting,
            statuses=_statuses(data["attendance"]),
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
        year = _year(query_values(request, YearParameters))
        checks = sel.meeting_checks(organization, year, today_local())
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
        values = query_values(self.request, MissingMeetingsParameters)
        organization = _org_param(self.request, values)
        self.period = values["half"] or sel.period_from_code("", today_local())
        return sel.missing_meetings_queryset(self.request.user, organization, self.period)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = sel.missing_meeting_rows(page, self.period, today_local())
        return self.get_paginated_response([_check_data(r.organization, r.check) for r in rows])
