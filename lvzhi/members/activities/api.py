"""/api/v1/members/: the activity log.

* ``members/me/activities/`` — a member's own activities: list, record (JSON, or multipart
  with ``photos``; with a ``client_id`` sent again: 200 and the activity already saved),
  read, change and delete while not confirmed;
* ``members/me/compliance/?year=`` — her 七个一 statuses per rule and period, each with
  its rule id, clause and the rule's text;
* ``members/activities/`` — the activities a cadre verifies (her subtree; filters
  ``person``, ``org``, ``kind``, ``status``, ``from``, ``to``), recording on behalf of a
  member (``person``), and ``{id}/verify/`` (confirm, or return with a reason);
* ``members/suggestions/`` — 建议 to answer, unanswered first; ``{id}/answer/``.

Reads start from ``restrict``; writes go through activities/services.py. The record
endpoint is kept lean (token, person, seat, the service's writes): it is the one a
province of members calls every day.
"""

import datetime as dt

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import ApiPagination
from lvzhi.core.api_errors import validated
from lvzhi.core.periods import today_local
from lvzhi.core.tokens.authentication import ApiTokenAuthentication
from lvzhi.members.activities import filters, selectors, services
from lvzhi.members.activities import serializers as s
from lvzhi.members.common.selectors import member_person
from lvzhi.members.filters import BACKENDS, query_values
from lvzhi.members.models import ActivityPhoto

TAG = "members 履职活动"
NOT_FOUND = OpenApiResponse(description=gettext_lazy("不存在或不在您的范围内"))
BAD_REQUEST = OpenApiResponse(description=gettext_lazy("数据有误，按字段给出中文说明"))
WRITE_BODY = {
    "application/json": s.ActivityWriteSerializer,
    "multipart/form-data": s.ActivityWriteSerializer,
}
CADRE_WRITE_BODY = {
    "application/json": s.CadreActivityWriteSerializer,
    "multipart/form-data": s.CadreActivityWriteSerializer,
}


class MemberTokenAuthentication(ApiTokenAuthentication):
    """API token authentication that loads the member's person record with the token (one
    query instead of two on the endpoint members call most)."""

    related = ("user", "user__person", "user__account_security")


def _record(request, person, data) -> Response:
    """Record through the service and answer with the activity, reading back only what
    was written (nothing when there are no photos or units)."""
    photos = data.pop("photos", None) or []
    units = data.pop("units", None) or []
    activity, created = services.activity_record_once(
        actor=request.user, person=person, units=units, photos=photos, today=today_local(), **data
    )
    if not created:  # sent again (same client_id): the activity saved the first time
        activity = selectors.get_activity(request.user, activity.pk)
        return Response(s.ActivitySerializer(activity, context={"request": request}).data)
    body = s.activity_body(
        activity,
        request,
        units=activity.units.all() if units else (),
        photos=ActivityPhoto.objects.filter(activity=activity).order_by("id") if photos else (),
    )
    return Response(body, status=status.HTTP_201_CREATED)


class _ActivityReadMixin:
    serializer_class = s.ActivitySerializer
    pagination_class = ApiPagination
    filter_backends = BACKENDS  # the area's FilterSets (filters.py): unknown or bad values 400

    def get_serializer_class(self):
        return s.ActivitySerializer


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("我的履职活动")),
    retrieve=extend_schema(
        summary=gettext_lazy("我的一条活动"), responses={200: s.ActivitySerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary=gettext_lazy("记录本人履职活动（可带照片）"),
        request=WRITE_BODY,
        responses={
            201: s.ActivitySerializer,
            200: OpenApiResponse(
                s.ActivitySerializer, description=gettext_lazy("同一客户端编号已记录：返回原活动")
            ),
            400: BAD_REQUEST,
        },
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改本人未确认的活动"),
        request=s.ActivityUpdateSerializer,
        responses={200: s.ActivitySerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        summary=gettext_lazy("删除本人未确认的活动"),
        responses={204: None, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
)
class MyActivityViewSet(
    _ActivityReadMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    authentication_classes = [MemberTokenAuthentication, SessionAuthentication]
    filterset_class = filters.OwnActivityFilter

    def get_queryset(self):
        person = member_person(self.request.user)
        if person is None:
            return selectors.visible_activities(self.request.user).none()
        return selectors.own_activities(self.request.user, person)

    def create(self, request, *args, **kwargs):
        person = member_person(request.user)
        if person is None:
            raise serializers.ValidationError(
                {"person": _("您的账号没有关联执委信息，不能记录履职活动")}
            )
        data = validated(s.ActivityWriteSerializer, request)
        return _record(request, person, data)

    def partial_update(self, request, *args, **kwargs):
        activity = self.get_object()
        data = validated(s.ActivityUpdateSerializer, request, partial=True)
        services.activity_update(actor=request.user, activity=activity, today=today_local(), **data)
        fresh = self.get_queryset().get(pk=activity.pk)
        return Response(s.ActivitySerializer(fresh, context={"request": request}).data)

    def destroy(self, request, *args, **kwargs):
        activity = self.get_object()
        services.activity_delete(actor=request.user, activity=activity, today=today_local())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("执委履职活动（本人及所管理范围）")),
    retrieve=extend_schema(
        summary=gettext_lazy("一条履职活动"), responses={200: s.ActivitySerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary=gettext_lazy("为执委代录履职活动"),
        request=CADRE_WRITE_BODY,
        responses={201: s.ActivitySerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
)
class ActivityViewSet(
    _ActivityReadMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = filters.ActivityFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.activity_list(self.request.user)

    def create(self, request, *args, **kwargs):
        data = validated(s.CadreActivityWriteSerializer, request)
        person_id = data.pop("person")
        person = selectors.recordable_person(request.user, person_id, today_local())
        if person is None:
            raise Http404(_("执委不存在或不在您的管理范围内"))
        return _record(request, person, data)

    @extend_schema(
        summary=gettext_lazy("核实活动：确认，或填写理由退回"),
        request=s.VerifySerializer,
        responses={200: s.ActivitySerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        data = validated(s.VerifySerializer, request)
        activity = selectors.get_activity_for_verify(request.user, pk)
        services.activity_verify(
            actor=request.user,
            activity=activity,
            confirm=data["confirm"],
            reason=data["reason"],
            today=today_local(),
        )
        fresh = selectors.get_activity(request.user, pk)
        return Response(s.ActivitySerializer(fresh, context={"request": request}).data)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("执委建议（未答复在前）"),
    ),
)
class SuggestionViewSet(_ActivityReadMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = filters.SuggestionFilter

    def get_queryset(self):
        return selectors.suggestion_list(self.request.user).prefetch_related("photos", "units")

    @extend_schema(
        summary=gettext_lazy("答复执委建议"),
        request=s.SuggestionAnswerSerializer,
        responses={200: s.ActivitySerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        data = validated(s.SuggestionAnswerSerializer, request)
        activity = selectors.get_activity_for_verify(request.user, pk)
        services.suggestion_answer(actor=request.user, activity=activity, answer=data["answer"])
        fresh = selectors.get_activity(request.user, pk)
        return Response(s.ActivitySerializer(fresh, context={"request": request}).data)


class MyComplianceView(APIView):
    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("我的“七个一”：每条规则、每个期间的要求、完成数与状态"),
        parameters=[OpenApiParameter("year", int, description=gettext_lazy("年度，默认今年"))],
        responses={200: s.MyComplianceSerializer, 400: BAD_REQUEST},
    )
    def get(self, request):
        today = today_local()
        year = query_values(request, filters.MyComplianceParameters)["year"] or today.year
        person = member_person(request.user)
        organization = services.seat_organization(person, today) if person else None
        if organization is None and person is not None:
            organization = services.seat_organization(person, dt.date(year, 12, 31))
        entries = (
            selectors.member_compliance(person, organization, year, today) if organization else []
        )
        body = {
            "person": person.pk if person else None,
            "organization": organization.pk if organization else None,
            "organization_name": organization.name if organization else "",
            "year": year,
            "results": entries,
        }
        return Response(s.MyComplianceSerializer(body).data)


for viewset in (ActivityViewSet, SuggestionViewSet):
    extend_schema(tags=[TAG])(viewset)
# The same token and session as everywhere (the subclass only loads the person along).
extend_schema(tags=[TAG], auth=[{"tokenAuth": []}, {"cookieAuth": []}])(MyActivityViewSet)

ROUTES = [
    ("members/me/activities", MyActivityViewSet, "members-my-activity"),
    ("members/activities", ActivityViewSet, "members-activity"),
    ("members/suggestions", SuggestionViewSet, "members-suggestion"),
]
api_urlpatterns = [
    path("members/me/compliance/", MyComplianceView.as_view(), name="members-my-compliance"),
]
