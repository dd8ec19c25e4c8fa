"""Vote sessions (R-MB-13, R-MB-14): record, and preview without saving."""

from django.http import Http404
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
    NOT_FOUND,
    TAG,
    ReadViewSet,
    _meeting,
)
from lvzhi.members.models import Nomination, VoteSession
from lvzhi.orgs.models import Person


def _vote_values(request):
    data = validated(s.VoteSessionCreateSerializer, request)
    organization = selectors.get_federation(request.user, data["organization"], "create")
    wanted = [t["nomination"] for t in data["tallies"]]
    found = {
        n.pk: n
        for n in Nomination.objects.filter(pk__in=wanted, organization=organization).select_related(
            "person"
        )
    }
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise serializers.ValidationError(
            {
                "tallies": _("提名不存在或不属于本组织：%(ids)s")
                % {"ids": "、".join(map(str, missing))}
            }
        )
    people = {
        p.pk: p
        for p in Person.objects.restrict(request.user, "view").filter(pk__in=data["scrutineers"])
    }
    unknown = [pk for pk in data["scrutineers"] if pk not in people]
    if unknown:
        raise serializers.ValidationError({"scrutineers": _("监票员应为本届执委")})
    values = {
        "date": data.get("date"),
        "meeting": _meeting(organization, data.get("meeting")),
        "present": data["present"],
        "scrutineers": [people[pk] for pk in data["scrutineers"]],
        "scrutineers_approved": data["scrutineers_approved"],
        "counters": data["counters"],
        "tallies": [
            (found[t["nomination"]], t["yes"], t.get("no", 0), t.get("abstain", 0))
            for t in data["tallies"]
        ],
    }
    return organization, values


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("执委会表决记录（?organization=）")),
    retrieve=extend_schema(
        summary=gettext_lazy("表决详情：是否有效、当选与计算过程、人数检查"),
        responses={200: s.VoteSessionSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary=gettext_lazy(
            "记录表决（R-MB-13、R-MB-14）：当选者自表决日期起任职；票数不可能时拒绝，不写入"
        ),
        request=s.VoteSessionCreateSerializer,
        responses={201: s.VoteSessionSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    preview=extend_schema(
        summary=gettext_lazy("核对表决（不保存）：应到、是否有效、谁当选及计算过程"),
        request=s.VoteSessionCreateSerializer,
        responses={200: s.VoteEvaluationSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class VoteSessionViewSet(mixins.CreateModelMixin, ReadViewSet):
    filterset_class = filters.VoteSessionFilter
    serializer_class = s.VoteSessionSerializer
    queryset = VoteSession.objects.none()

    def get_queryset(self):
        queryset = selectors.vote_session_list(self.request.user).prefetch_related(
            "scrutineers", "tallies__nomination__person"
        )
        return queryset

    def get_object(self):
        return selectors.get_vote_session(self.request.user, self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        organization, values = _vote_values(request)
        session = services.vote_session_record(
            actor=request.user, organization=organization, **values
        )
        session = selectors.get_vote_session(request.user, session.pk)
        return Response(self.get_serializer(session).data, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["post"])
    def preview(self, request):
        organization, values = _vote_values(request)
        if not selectors.is_cadre(request.user, organization, "create"):
            raise Http404
        evaluation = services.vote_session_evaluate(organization=organization, **values)
        return Response(s.VoteEvaluationSerializer(s.evaluation_data(evaluation)).data)
