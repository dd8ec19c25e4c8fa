"""Training sessions with attendees, and coverage of the current term."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api_errors import validated
from lvzhi.core.periods import today_local
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings import serializers as s
from lvzhi.members.meetings import services as svc
from lvzhi.members.meetings.api import _helpers as h
from lvzhi.members.meetings.filters import TrainingFilter
from lvzhi.members.models import Training


@h.viewset_schema(
    listing=gettext_lazy("培训列表"),
    parameters=[h.ORG_FILTER],
    detail=gettext_lazy("培训详情（含参训执委）"),
    serializer=s.TrainingSerializer,
    create=h.write_schema(
        gettext_lazy("记录培训及参训执委"), s.TrainingWriteSerializer, s.TrainingSerializer, 201
    ),
    attendance=h.write_schema(
        gettext_lazy("更正参训名单"), s.TrainingAttendanceSerializer, s.TrainingSerializer
    ),
)
class TrainingViewSet(h.ReadViewSet):
    http_method_names = ["get", "post", "put", "head", "options"]
    serializer_class = s.TrainingSerializer
    filterset_class = TrainingFilter
    queryset = Training.objects.none()

    def get_queryset(self):
        return (
            Training.objects.restrict(self.request.user, "view")
            .prefetch_related("attendance")
            .order_by("-date", "-id")
        )

    def _answer(self, training, code=status.HTTP_200_OK):
        fresh = self.get_queryset().filter(pk=training.pk).first() or training
        return Response(s.TrainingSerializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        data = validated(s.TrainingWriteSerializer, request)
        organization = h.organization(request.user, data.pop("organization"), "create")
        training = svc.training_create(
            actor=request.user, organization=organization, today=today_local(), **data
        )
        return self._answer(training, status.HTTP_201_CREATED)

    @action(detail=True, methods=["put"])
    def attendance(self, request, pk=None):
        training = h.changeable(Training, request.user, pk, "organization")
        data = validated(s.TrainingAttendanceSerializer, request)
        svc.training_attendance_set(
            actor=request.user, training=training, attendees=data["attendees"]
        )
        return self._answer(training)


@extend_schema(
    tags=[h.TAG],
    summary=gettext_lazy("本届执委培训覆盖情况与未培训执委（R-EX-11）"),
    responses={200: s.CoverageSerializer, 404: h.NOT_FOUND},
)
class CoverageView(APIView):
    def get(self, request, org_pk):
        organization = h.organization(request.user, org_pk)
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
