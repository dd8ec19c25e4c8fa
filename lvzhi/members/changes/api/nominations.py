"""Nominations (R-MB-12) and their reviews."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from lvzhi.core.api_errors import validated
from lvzhi.members.changes import filters, selectors, services
from lvzhi.members.changes import serializers as s
from lvzhi.members.changes.api._helpers import (
    BAD_REQUEST,
    FORBIDDEN,
    NOT_FOUND,
    TAG,
    ReadViewSet,
    _person,
)
from lvzhi.members.models import Nomination
from lvzhi.orgs.models import Position


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("提名（?organization=，?status=open 待表决）"),
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("提名详情（R-MB-12 结论与程序记录）"),
        responses={200: s.NominationSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary=gettext_lazy(
            "新增提名：组织推荐、群众推荐（三分之一以上执委或20名以上妇女群众）、个人自荐"
        ),
        request=s.NominationCreateSerializer,
        responses={201: s.NominationSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    review=extend_schema(
        summary=gettext_lazy(
            "审查：initial_review 妇联初审（个人自荐），party_review 同级党组织审议，reject 不予通过"
        ),
        request=s.NominationReviewSerializer,
        responses={
            200: s.NominationSerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    ),
)
@extend_schema(tags=[TAG])
class NominationViewSet(mixins.CreateModelMixin, ReadViewSet):
    filterset_class = filters.NominationFilter
    serializer_class = s.NominationSerializer
    queryset = Nomination.objects.none()

    def get_queryset(self):
        return selectors.nomination_list(self.request.user)

    def get_object(self):
        return selectors.get_nomination(self.request.user, self.kwargs["pk"])

    def _answer(self, nomination, code=status.HTTP_200_OK):
        nomination = selectors.get_nomination(self.request.user, nomination.pk)
        return Response(self.get_serializer(nomination).data, status=code)

    def create(self, request, *args, **kwargs):
        data = validated(s.NominationCreateSerializer, request)
        organization = selectors.get_federation(request.user, data["organization"], "create")
        replaces = None
        if data.get("replaces"):
            replaces = Position.objects.filter(
                pk=data["replaces"], organization=organization
            ).first()
            if replaces is None:
                raise serializers.ValidationError({"replaces": _("被替补的应是本组织的在任执委")})
        nomination = services.nomination_create(
            actor=request.user,
            organization=organization,
            channel=data["channel"],
            person=_person(request.user, data["person"]) if data.get("person") else None,
            new_person=dict(data.get("new_person") or {}),
            residence=data.get("residence", ""),
            title=data.get("title"),
            supporters_members=data.get("supporters_members", 0),
            supporters_women=data.get("supporters_women", 0),
            extra_seat_kind=data.get("extra_seat_kind", ""),
            replaces=replaces,
            note=data.get("note", ""),
        )
        return self._answer(nomination, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        nomination = self.get_object()
        data = validated(s.NominationReviewSerializer, request)
        nomination = services.nomination_review(
            actor=request.user,
            nomination=nomination,
            action=data["action"],
            note=data.get("note", ""),
        )
        return self._answer(nomination)
