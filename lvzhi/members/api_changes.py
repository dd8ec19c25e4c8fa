"""/api/v1/members/: committee changes — exit recommendations and cases with their procedure
(R-MB-08…11), nominations (R-MB-12), vote sessions (R-MB-13, R-MB-14).

Every read starts from ``restrict`` (through selectors.changes), so out-of-scope ids answer
404; writes go through services.changes, whose ValidationErrors answer 400 in Chinese and
whose PermissionDenied (a step that is not the user's to record) answers 403. Lists read a
fixed number of queries whatever the page size.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from lvzhi.core.api import ApiPagination
from lvzhi.orgs.models import Person, Position

from . import serializers_changes as s
from .models import ExitCase, Meeting, Nomination, VoteSession
from .selectors import changes as selectors
from .services import changes as services

TAG = "members 执委增替补与退出"
NOT_FOUND = OpenApiResponse(description=gettext_lazy("不存在或不在您的管理范围内"))
BAD_REQUEST = OpenApiResponse(description=gettext_lazy("数据有误，按字段给出中文说明"))
FORBIDDEN = OpenApiResponse(description=gettext_lazy("该步骤不由您办理"))
ORGANIZATION = OpenApiParameter("organization", int, description=gettext_lazy("组织编号"))


def _int_param(request, name):
    value = request.query_params.get(name, "")
    return int(value) if value.isdigit() else None


def _person(user, pk) -> Person:
    person = Person.objects.restrict(user, "view").filter(pk=pk).first() if pk else None
    if person is None:
        raise serializers.ValidationError({"person": _("人员不存在或不在您的管理范围内")})
    return person


def _meeting(organization, pk):
    if pk is None:
        return None
    meeting = Meeting.objects.filter(pk=pk, organization=organization).first()
    if meeting is None:
        raise serializers.ValidationError({"meeting": _("请选择本组织的会议")})
    return meeting


class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Lists read the rule set of every organization on the page in one query."""

    pagination_class = ApiPagination
    filter_backends = []
    http_method_names = ["get", "post", "head", "options"]

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self._rulesets = selectors.ruleset_map({row.organization for row in page})
        return page

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "_rulesets", None) is not None:
            context["_rulesets"] = dict(self._rulesets)
        return context


# 退出 -----------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy(
            "退出事项（?organization=，?status=，?kind=，?unannounced=1 已生效未通报的资格终止）"
        ),
        parameters=[
            ORGANIZATION,
            OpenApiParameter("status", str),
            OpenApiParameter("kind", str),
            OpenApiParameter("unannounced", str),
        ],
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
    serializer_class = s.ExitCaseSerializer
    queryset = ExitCase.objects.none()  # for the schema; reads use get_queryset

    def get_queryset(self):
        params = self.request.query_params
        queryset = selectors.exit_case_list(
            self.request.user, status=params.get("status"), kind=params.get("kind")
        )
        organization = _int_param(self.request, "organization")
        if organization is not None:
            queryset = queryset.filter(organization_id=organization)
        if params.get("unannounced") in ("1", "true"):
            queryset = queryset.filter(
                kind="termination", status="effective", announced_at__isnull=True
            )
        return queryset

    def get_object(self):
        return selectors.get_exit_case(self.request.user, self.kwargs["pk"])

    def _answer(self, case, code=status.HTTP_200_OK):
        case = selectors.get_exit_case(self.request.user, case.pk)
        return Response(self.get_serializer(case).data, status=code)

    def create(self, request, *args, **kwargs):
        body = s.ExitOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
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
        body = s.ExitStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
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
        body = s.ExitDismissSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case = services.exit_dismiss(
            actor=request.user, case=case, reason=body.validated_data["reason"]
        )
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

        pk = _int_param(request, "organization")
        if pk is None:
            raise serializers.ValidationError({"organization": _("请填写组织编号")})
        organization = selectors.get_federation(request.user, pk, "exits")
        ruleset = selectors.ruleset_for(organization)
        labels = selectors.ground_labels(ruleset)
        rows = selectors.recommendations_for(organization, today_local(), ruleset=ruleset)
        for row in rows:
            row.ground_label = labels.get(row.ground, row.ground)
        return Response(self.get_serializer(rows, many=True).data)


# 提名 -----------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("提名（?organization=，?status=open 待表决）"),
        parameters=[ORGANIZATION, OpenApiParameter("status", str)],
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
    serializer_class = s.NominationSerializer
    queryset = Nomination.objects.none()

    def get_queryset(self):
        queryset = selectors.nomination_list(
            self.request.user, status=self.request.query_params.get("status")
        )
        organization = _int_param(self.request, "organization")
        if organization is not None:
            queryset = queryset.filter(organization_id=organization)
        return queryset

    def get_object(self):
        return selectors.get_nomination(self.request.user, self.kwargs["pk"])

    def _answer(self, nomination, code=status.HTTP_200_OK):
        nomination = selectors.get_nomination(self.request.user, nomination.pk)
        return Response(self.get_serializer(nomination).data, status=code)

    def create(self, request, *args, **kwargs):
        body = s.NominationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
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
        body = s.NominationReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        nomination = services.nomination_review(
            actor=request.user,
            nomination=nomination,
            action=body.validated_data["action"],
            note=body.validated_data.get("note", ""),
        )
        return self._answer(nomination)


# 表决 -----------------------------------------------------------------------


def _vote_values(request):
    body = s.VoteSessionCreateSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    data = body.validated_data
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
    list=extend_schema(
        summary=gettext_lazy("执委会表决记录（?organization=）"), parameters=[ORGANIZATION]
    ),
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
    serializer_class = s.VoteSessionSerializer
    queryset = VoteSession.objects.none()

    def get_queryset(self):
        queryset = selectors.vote_session_list(self.request.user).prefetch_related(
            "scrutineers", "tallies__nomination__person"
        )
        organization = _int_param(self.request, "organization")
        if organization is not None:
            queryset = queryset.filter(organization_id=organization)
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


ROUTES = [
    ("members/exits", ExitCaseViewSet, "members-exit"),
    ("members/exit-recommendations", ExitRecommendationViewSet, "members-exit-recommendation"),
    ("members/nominations", NominationViewSet, "members-nomination"),
    ("members/vote-sessions", VoteSessionViewSet, "members-vote-session"),
]
api_urlpatterns = []  # extra paths under /api/v1/
