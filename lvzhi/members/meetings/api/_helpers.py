"""Schema pieces and request helpers shared by the meetings API."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from lvzhi.core.periods import today_local
from lvzhi.members.meetings import selectors as sel
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


def _organization(user, pk, action: str = "view") -> Organization:
    """An organization in the user's scope for ``action``, else 404."""
    return get_object_or_404(Organization.objects.restrict(user, action), pk=pk)


def _org_param(request, values: dict, action: str = "view") -> Organization:
    """The ``organization`` parameter (checked by a FilterSet) in the user's scope, else 404."""
    return _organization(request.user, values["organization"], action)


def _year(values: dict) -> int:
    """The ``year`` parameter (checked by a FilterSet), this year when absent."""
    return values.get("year") or today_local().year


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


def _person_records(request, model):
    """``model`` rows (Report, Evaluation, YearResult, Incentive) the user may read, latest
    year first (filtered by ``filters.PersonRecordFilter``)."""
    queryset = sel.person_records(model, request.user).select_related("person")
    return queryset.order_by("-year", "person__name", "id")


def _statuses(items) -> dict[int, str]:
    return {item["person"]: item["status"] for item in items or ()}
