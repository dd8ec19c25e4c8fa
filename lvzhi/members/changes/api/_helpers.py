"""Schema pieces, request helpers and the read viewset shared by the committee-change API."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import mixins, serializers, viewsets

from lvzhi.core.api import ApiPagination
from lvzhi.members.changes import selectors
from lvzhi.members.filters import BACKENDS
from lvzhi.members.models import Meeting
from lvzhi.orgs.models import Person

TAG = "members 执委增替补与退出"
NOT_FOUND = OpenApiResponse(description=gettext_lazy("不存在或不在您的管理范围内"))
BAD_REQUEST = OpenApiResponse(description=gettext_lazy("数据有误，按字段给出中文说明"))
FORBIDDEN = OpenApiResponse(description=gettext_lazy("该步骤不由您办理"))
ORGANIZATION = OpenApiParameter("organization", int, description=gettext_lazy("组织编号"))


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
    filter_backends = BACKENDS  # each viewset's FilterSet (changes/filters.py)
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
