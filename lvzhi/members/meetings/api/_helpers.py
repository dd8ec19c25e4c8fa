"""Schema pieces, request helpers and the person-record viewset shared by the meetings API."""

from functools import partial

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from lvzhi.core import api_schema
from lvzhi.core.api import ApiPagination
from lvzhi.core.periods import today_local
from lvzhi.members.filters import BACKENDS
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings.filters import PersonRecordFilter
from lvzhi.members.models import Meeting
from lvzhi.orgs.models import Organization, Person

TAG = "members 会议述职评议培训"
NOT_FOUND = OpenApiResponse(description=gettext_lazy("不存在或不在您的范围内"))
BAD_REQUEST = api_schema.BAD_REQUEST
# The viewsets' schema (``lvzhi.core.api_schema``) with this area's tag and 404 answer.
viewset_schema = partial(api_schema.viewset_schema, tag=TAG, not_found=NOT_FOUND)
write_schema = partial(api_schema.write_schema, not_found=NOT_FOUND)
ORG_PARAM = OpenApiParameter(
    "organization", int, required=True, description=gettext_lazy("组织编号")
)
ORG_FILTER = OpenApiParameter("organization", int, description=gettext_lazy("组织编号"))
YEAR_PARAM = OpenApiParameter("year", int, description=gettext_lazy("年度（默认今年）"))
PERSON_FILTER = OpenApiParameter("person", int, description=gettext_lazy("执委（人员编号）"))
RECORD_FILTERS = [
    ORG_FILTER,
    OpenApiParameter("year", int, description=gettext_lazy("年度")),
    PERSON_FILTER,
]


# Helpers ---------------------------------------------------------------------------------


def organization(user, pk, action: str = "view") -> Organization:
    """An organization in the user's scope for ``action``, else 404."""
    return get_object_or_404(Organization.objects.restrict(user, action), pk=pk)


def changeable(model, user, pk, *related):
    """The ``model`` row ``pk`` the user may change (404 otherwise), ``related`` loaded."""
    return get_object_or_404(model.objects.restrict(user, "change").select_related(*related), pk=pk)


def org_param(request, values: dict, action: str = "view") -> Organization:
    """The ``organization`` parameter (checked by a FilterSet) in the user's scope, else 404."""
    return organization(request.user, values["organization"], action)


def year(values: dict) -> int:
    """The ``year`` parameter (checked by a FilterSet), this year when absent."""
    return values.get("year") or today_local().year


def person(user, pk, field: str = "person") -> Person:
    person = Person.objects.restrict(user, "view").filter(pk=pk).first() if pk else None
    if person is None:
        raise serializers.ValidationError({field: _("人员不存在或不在您的范围内")})
    return person


def meeting(user, pk, field: str = "meeting") -> Meeting | None:
    if pk is None:
        return None
    meeting = Meeting.objects.restrict(user, "view").select_related("organization").filter(pk=pk)
    meeting = meeting.first()
    if meeting is None:
        raise serializers.ValidationError({field: _("会议不存在或不在您的范围内")})
    return meeting


def statuses(items) -> dict[int, str]:
    return {item["person"]: item["status"] for item in items or ()}


# Viewsets ---------------------------------------------------------------------------------


# The viewsets' own comments stay comments: drf-spectacular would show a base class's
# docstring as the description of every operation of every subclass.


# List (paginated, filtered by the subclass's ``filterset_class``) and read; writes are the
# subclass's own ``create`` and actions, each through a service.
class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pagination_class = ApiPagination
    filter_backends = BACKENDS


# Reports, evaluations, yearly results and incentives: rows of ``queryset.model`` the user
# may read (``sel.person_records``: cadres all in scope, a member her own), latest year
# first, filtered by ``PersonRecordFilter``; a subclass names ``queryset``
# (``Model.objects.none()``) and ``serializer_class`` and writes in ``create``.
class PersonRecordViewSet(ReadViewSet):
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = PersonRecordFilter

    def get_queryset(self):
        queryset = sel.person_records(self.queryset.model, self.request.user)
        return queryset.select_related("person").order_by("-year", "person__name", "id")

    def answer(self, row, code=status.HTTP_201_CREATED) -> Response:
        """``row`` (as a service wrote it) read by ``serializer_class``."""
        return Response(self.serializer_class(row).data, status=code)
