"""/api/v1/grassroots/units/ (women's groups and 微家: create, read, members, activities)
and micro-homes/<org>/ (a subtree's 微家). From ``restrict``: out-of-scope ids answer 404;
refusals answer 400 with nothing written."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api_errors import call_service, validated
from lvzhi.core.api_schema import BAD_REQUEST, NOT_FOUND
from lvzhi.core.periods import today_local
from lvzhi.orgs.models import Position

from ..api import SubtreeListView
from . import selectors, serializers, services

TAG = "grassroots 基层组织建设"


def unit_data(user, pk):
    unit = selectors.get_unit(user, pk)
    members = selectors.unit_members(unit, today_local())
    activities = list(unit.micro_home_activities.order_by("-held_on", "-id")[:50])
    return serializers.SmallUnitSerializer(
        (unit, members, selectors.unit_verdict(members), activities)
    ).data


@extend_schema(tags=[TAG])
class UnitCreateView(APIView):
    @extend_schema(
        summary=gettext_lazy(
            "新建妇女小组或妇女微家（R-OR-03：组长为成员之一，或由上级妇联执委兼任）"
        ),
        request=serializers.SmallUnitCreateSerializer,
        responses={201: serializers.SmallUnitSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def post(self, request):
        data = validated(
            serializers.SmallUnitCreateSerializer, request, context={"request": request}
        )
        return call_service(
            lambda: services.small_unit_create(actor=request.user, **data),
            read=lambda unit: unit_data(request.user, unit.pk),
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=[TAG])
class UnitView(APIView):
    @extend_schema(
        summary=gettext_lazy("妇女小组或微家：在任成员、组长、R-OR-03 判定、微家活动"),
        responses={200: serializers.SmallUnitSerializer, 404: NOT_FOUND},
    )
    def get(self, request, pk):
        return Response(unit_data(request.user, pk))


@extend_schema(tags=[TAG])
class UnitMembersView(APIView):
    @extend_schema(
        summary=gettext_lazy("增加成员"),
        request=serializers.SmallUnitMemberWriteSerializer,
        responses={201: serializers.SmallUnitSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def post(self, request, pk):
        unit = selectors.get_unit(request.user, pk, "change")
        data = validated(serializers.SmallUnitMemberWriteSerializer, request)
        return call_service(
            lambda: services.unit_member_add(actor=request.user, unit=unit, **data),
            read=lambda _position: unit_data(request.user, unit.pk),
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=[TAG])
class UnitMemberEndView(APIView):
    @extend_schema(
        summary=gettext_lazy("成员退出（任职自退出日期起结束，记入审计；R-OR-03 判定随之更新）"),
        request=serializers.SmallUnitMemberEndSerializer,
        responses={200: serializers.SmallUnitSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def post(self, request, pk, position_pk):
        unit = selectors.get_unit(request.user, pk, "change")
        position = get_object_or_404(Position.objects.filter(organization=unit), pk=position_pk)
        data = validated(serializers.SmallUnitMemberEndSerializer, request)
        return call_service(
            lambda: services.unit_member_end(actor=request.user, position=position, **data),
            read=lambda _position: unit_data(request.user, unit.pk),
            status=status.HTTP_200_OK,
        )


@extend_schema(tags=[TAG])
class UnitActivitiesView(APIView):
    @extend_schema(
        summary=gettext_lazy("登记微家活动"),
        request=serializers.MicroHomeActivitySerializer,
        responses={201: serializers.SmallUnitSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def post(self, request, pk):
        unit = selectors.get_unit(request.user, pk, "change")
        data = validated(serializers.MicroHomeActivitySerializer, request)
        return call_service(
            lambda: services.micro_home_activity_add(actor=request.user, unit=unit, **data),
            read=lambda _activity: unit_data(request.user, unit.pk),
            status=status.HTTP_201_CREATED,
        )


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("妇女微家：本级及下级的微家、组建方式、在任成员数与活动"),
    responses={200: serializers.MicroHomeRowSerializer(many=True), 404: NOT_FOUND},
)
class MicroHomesView(SubtreeListView):
    serializer_class = serializers.MicroHomeRowSerializer

    def get_queryset(self):
        return selectors.micro_homes(self.request.user, self.organization(), today_local())
