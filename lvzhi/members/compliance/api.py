"""/api/v1/members/: 七个一 compliance for cadres, and the user's reminders.

* ``members/compliance/rollup/?organization=&period=`` — the subtree's counts per rule;
* ``members/compliance/rollup/by-child/?organization=&period=`` — the same per direct
  child organization (the organization's own committee first);
* ``members/compliance/members/?organization=&period=`` — each member of the
  federation and her status per rule, with rule id, clause and the verdict detail, and
  the federation's own counts per rule;
* ``members/reminders/`` — the user's reminders, unread first; ``{id}/read/`` and
  ``read-all/`` mark them read.

``period`` is a quarter code (``2026Q4``) among the last eight, the current one by
default. Compliance answers 404 for an organization outside the user's cadre scope (a
member reads her own compliance at ``members/me/compliance/``); a malformed or unknown
parameter answers 400 naming it (filters.ComplianceParameters).
"""

import abc

from django.urls import path
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import ApiPagination
from lvzhi.core.periods import today_local
from lvzhi.core.reminders.models import Reminder
from lvzhi.members.compliance import filters, selectors, services
from lvzhi.members.compliance import serializers as s
from lvzhi.members.filters import BACKENDS, query_values

TAG = "members 履职达标"
NOT_FOUND = OpenApiResponse(description=gettext_lazy("不存在或不在您的范围内"))
BAD_REQUEST = OpenApiResponse(description=gettext_lazy("参数有误，按字段给出中文说明"))
PARAMETERS = [
    OpenApiParameter(
        "organization", int, required=True, description=gettext_lazy("组织编号（含下级）")
    ),
    OpenApiParameter(
        "period", str, description=gettext_lazy("季度代码，如 2026Q4；默认本季度，可选最近八个季度")
    ),
]


def _period(period) -> dict:
    return {"code": period.code, "label": period.label, "start": period.start, "end": period.end}


def _rule(r) -> dict:
    return {
        "rule_id": r.rule_id,
        "label": r.label,
        "source": r.source,
        "period": _period(r.period),
        **{name: getattr(r, name) for name in selectors.COUNTS},
        "required": r.required,
        "share_met": r.share_met,
    }


def _org(organization) -> dict:
    return {"id": organization.pk, "name": organization.name}


def _schema(summary, serializer):
    return extend_schema(
        tags=[TAG],
        summary=summary,
        parameters=PARAMETERS,
        responses={200: serializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )


class _ComplianceView(APIView, abc.ABC):
    serializer_class = None  # of the whole answer

    # The organization and quarter asked for (400 for a malformed or unknown parameter,
    # filters.ComplianceParameters; 404 out of scope), then the subclass's ``figures``.
    def get(self, request):
        values = query_values(request, filters.ComplianceParameters)
        organization = selectors.compliance_organization(request.user, values["organization"])
        quarter = values["period"]
        body = {
            "organization": _org(organization),
            "quarter": _period(quarter),
            **self.figures(request.user, organization, quarter, today_local()),
        }
        return Response(self.serializer_class(body).data)

    @abc.abstractmethod
    def figures(self, user, organization, quarter, today) -> dict:
        """The answer's figures besides the organization and quarter."""


@_schema(gettext_lazy("履职达标汇总：下级全部执委按“七个一”规则的人数、达标率"), s.RollupSerializer)
class RollupView(_ComplianceView):
    serializer_class = s.RollupSerializer

    def figures(self, user, organization, quarter, today) -> dict:
        return {"rules": [_rule(r) for r in selectors.rollup(user, organization, quarter)]}


@_schema(gettext_lazy("履职达标汇总：按下级组织（含本级执委会）"), s.ByChildSerializer)
class ByChildView(_ComplianceView):
    serializer_class = s.ByChildSerializer

    def figures(self, user, organization, quarter, today) -> dict:
        children = selectors.children_rollup(user, organization, quarter)
        return {
            "children": [
                {
                    "organization": _org(child.organization),
                    "own": child.own,
                    "members": child.members,
                    "rules": [_rule(r) for r in child.rules],
                }
                for child in children
            ],
        }


@_schema(
    gettext_lazy("本级执委会每位执委各项要求的状态（含规则、依据条款和判断依据）"),
    s.OrganizationMembersSerializer,
)
class MembersView(_ComplianceView):
    serializer_class = s.OrganizationMembersSerializer

    def figures(self, user, organization, quarter, today) -> dict:
        rules = selectors.own_rollup(user, organization, quarter)
        members = selectors.member_verdicts(user, organization, quarter, today)
        return {
            "rules": [_rule(r) for r in rules],
            "members": [
                {
                    "person": {"id": member.person.pk, "name": member.person.name},
                    "statuses": [
                        {
                            "rule_id": cell.rule_id,
                            "label": cell.label,
                            "source": cell.source,
                            "period_code": cell.row.period_code,
                            "status": cell.status,
                            "status_label": cell.status_label,
                            "required": cell.row.required,
                            "done": cell.row.done,
                            "detail": cell.detail,
                        }
                        for cell in member.cells([r.rule_id for r in rules])
                        if cell is not None
                    ],
                }
                for member in members
            ],
        }


@extend_schema(tags=[TAG])
class ReminderViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The user's own reminders (written by the daily job), unread first."""

    serializer_class = s.ReminderSerializer
    pagination_class = ApiPagination
    filter_backends = BACKENDS
    filterset_class = filters.ReminderFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Reminder.objects.none()
        return selectors.reminders_of(self.request.user)

    @extend_schema(summary=gettext_lazy("我的提醒（未读在前）"))
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary=gettext_lazy("将一条提醒标为已读"),
        request=None,
        responses={200: s.ReminderSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        reminder = selectors.get_reminder(request.user, pk)
        services.reminder_mark_read(actor=request.user, reminder=reminder)
        reminder.refresh_from_db()
        return Response(s.ReminderSerializer(reminder).data)

    @extend_schema(
        summary=gettext_lazy("将全部提醒标为已读"),
        request=None,
        responses={200: s.ReadAllSerializer},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        marked = services.reminders_mark_all_read(actor=request.user)
        return Response(s.ReadAllSerializer({"marked": marked}).data)


ROUTES = [("members/reminders", ReminderViewSet, "members-reminder")]
api_urlpatterns = [
    path("members/compliance/rollup/", RollupView.as_view(), name="members-compliance-rollup"),
    path(
        "members/compliance/rollup/by-child/",
        ByChildView.as_view(),
        name="members-compliance-by-child",
    ),
    path("members/compliance/members/", MembersView.as_view(), name="members-compliance-members"),
]
