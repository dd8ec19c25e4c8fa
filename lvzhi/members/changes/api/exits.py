"""Exit cases with their procedure (R-MB-08…11) and the platform's recommendations."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
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
    _meeting,
    _person,
)
from lvzhi.members.common.selectors import ruleset_for
from lvzhi.members.filters import query_values
from lvzhi.members.models import ExitCase


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy(
            "退出事项（?organization=，?status=，?kind=，?unannounced=1 已生效未通报的资格终止）"
        ),
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("退出事项详情（依据、程序记录、待办步骤）"),
        responses={200: s.ExitCaseSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary=gettext_lazy("立案：平台建议的情形或妇联干部登记的情形"),
        request=s.ExitOpenSerializer,
        responses={201: s.ExitCaseSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    step=extend_schema(
        summary=gettext_lazy(
            "记录程序步骤（R-MB-11）：proposal 妇联提出，party_approval 党组织批准，"
            "plenary_vote 执委会表决，announcement 资格终止在执委会通报"
        ),
        request=s.ExitStepSerializer,
        responses={200: s.ExitCaseSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
    dismiss=extend_schema(
        summary=gettext_lazy("不予处理"),
        request=s.ExitDismissSerializer,
        responses={200: s.ExitCaseSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class ExitCaseViewSet(mixins.CreateModelMixin, ReadViewSet):
    filterset_class = filters.ExitCaseFilter
    serializer_class = s.ExitCaseSerializer
    queryset = ExitCase.objects.none()  # for the schema; reads use get_queryset

    def get_queryset(self):
        return selectors.exit_case_list(self.request.user)

    def get_object(self):
        return selectors.get_exit_case(self.request.user, self.kwargs["pk"])

    def _answer(self, case, code=status.HTTP_200_OK):
        case = selectors.get_exit_case(self.request.user, case.pk)
        return Response(self.get_serializer(case).data, status=code)

    def create(self, request, *args, **kwargs):
        data = validated(s.ExitOpenSerializer, request)
        organization = selectors.get_federation(request.user, data["organization"], "create")
        case = services.exit_open(
            actor=request.user,
            organization=organization,
            person=_person(request.user, data["person"]),
            ground=data["ground"],
            date=data.get("date"),
            note=data.get("note", ""),
        )
        return self._answer(case, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        case = self.get_object()
        data = validated(s.ExitStepSerializer, request)
        case = services.exit_step(
            actor=request.user,
            case=case,
            step=data["step"],
            date=data.get("date"),
            meeting=_meeting(case.organization, data.get("meeting")),
            note=data.get("note", ""),
        )
        return self._answer(case)

    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        case = self.get_object()
        data = validated(s.ExitDismissSerializer, request)
        case = services.exit_dismiss(actor=request.user, case=case, reason=data["reason"])
        return self._answer(case)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy(
            "平台退出建议（?organization= 必填）：离开本地满1年、连续两年评议不合格、"
            "无故连续3次不出席执委会，附依据与条款"
        ),
        parameters=[OpenApiParameter("organization", int, required=True)],
        responses={200: s.ExitRecommendationSerializer(many=True), 404: NOT_FOUND},
    )
)
@extend_schema(tags=[TAG])
class ExitRecommendationViewSet(viewsets.GenericViewSet):
    serializer_class = s.ExitRecommendationSerializer
    pagination_class = None
    filter_backends = []
    queryset = ExitCase.objects.none()  # for the schema

    def list(self, request):
        from lvzhi.core.periods import today_local

        values = query_values(request, filters.ExitRecommendationParameters)
        organization = selectors.get_federation(request.user, values["organization"], "exits")
        ruleset = ruleset_for(organization)
        labels = selectors.ground_labels(ruleset)
        rows = selectors.recommendations_for(organization, today_local(), ruleset=ruleset)
        for row in rows:
            row.ground_label = labels.get(row.ground, row.ground)
        return Response(self.get_serializer(rows, many=True).data)
