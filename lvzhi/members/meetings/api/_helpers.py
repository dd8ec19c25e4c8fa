"""Schema pieces and request helpers shared by the meetings API."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from lvzhi.core.api import ID_MAX, YEAR_MAX, YEAR_MIN
from lvzhi.core.periods import today_local
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings import services as svc
from lvzhi.members.models import Meeting
from lvzhi.orgs.models import Organization, Person

TAG = "members 会议述职评议培训"
NOT_FOUND = OpenApiResponse(description=gettext_lazy("不存在或不在您的范围内"))
BAD_REQUEST = OpenApiResponse(description=gettext_lazy("数据有误，按字段给出中文说明"))
ORG_PARAM = OpenApiParameter(
    "organization", int, required=True, description=gettext_lazy("组织编号")
)
ORG_FILTER = OpenApiParameter("organization", int, description=gettext_lazy("组织编号"))
YEAR_PARAM = OpenApiParameter("year", int, description=gettext_lazy("年度（默认今年）"))
PERSON_FILTER = OpenApiParameter("person", int, description=gettext_lazy("执委（人员编号）"))


# Helpers ---------------------------------------------------------------------------------


def _int(value, field: str, required: bool = True):
    if value in (None, ""):
        if required:
            raise serializers.ValidationError({field: _("请填写%(field)s") % {"field": field}})
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise serializers.ValidationError({field: _("应为整数")}) from None
    if abs(number) > ID_MAX:
        raise serializers.ValidationError({field: _("数值超出允许范围")})
    return number


def _organization(user, pk, action: str = "view") -> Organization:
    """An organization in the user's scope for ``action``, else 404."""
    return get_object_or_404(Organization.objects.restrict(user, action), pk=pk)


def _org_param(request, action: str = "view") -> Organization:
    return _organization(
        request.user, _int(request.query_params.get("organization"), "organization"), action
    )


def _year_param(request) -> int:
    today = today_local()
    year = _int(request.query_params.get("year"), "year", required=False)
    if year is None:
        return today.year
    if not svc.FIRST_YEAR <= year <= today.year:
        raise serializers.ValidationError(
            {
                "year": _("年度应在%(first)d年至%(last)d年之间")
                % {"first": svc.FIRST_YEAR, "last": today.year}
            }
        )
    return year


def _person(user, pk, field: str = "person") -> Person:
    person = Person.objects.restrict(user, "view").filter(pk=pk).first() if pk else None
    if person is None:
        raise serializers.ValidationError({field: _("人员不存在或不在您的范围内")})
    return person


def _meeting(user, pk, field: str = "meeting") -> Meeting | None:
    if pk is None:
        return None
    meeting = Meeting.objects.restrict(user, "view").select_related("organization").filter(pk=pk)
    meeting = meeting.first()
    if meeting is None:
        raise serializers.ValidationError({field: _("会议不存在或不在您的范围内")})
    return meeting


def _filter(queryset, request, **fields):
    """Exact filters from the query string (integers), e.g. ``organization``, ``year``."""
    for param, lookup in fields.items():
        value = _int(request.query_params.get(param), param, required=False)
        if value is not None and param == "year" and not YEAR_MIN <= value <= YEAR_MAX:
            raise serializers.ValidationError(
                {
                    "year": _("年度应在%(first)d年至%(last)d年之间")
                    % {"first": YEAR_MIN, "last": YEAR_MAX}
                }
            )
        if value is not None:
            queryset = queryset.filter(**{lookup: value})
    return queryset


def _person_records(request, model):
    """``model`` rows (Report, Evaluation, YearResult, Incentive) the user may read, filtered
    by ``organization``, ``year`` and ``person`` from the query string, latest year first."""
    queryset = sel.person_records(model, request.user).select_related("person")
    queryset = _filter(
        queryset, request, organization="organization_id", year="year", person="person_id"
    )
    return queryset.order_by("-year", "person__name", "id")


def _statuses(items) -> dict[int, str]:
    return {item["person"]: item["status"] for item in items or ()}
