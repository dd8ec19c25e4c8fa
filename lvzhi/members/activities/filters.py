"""Filters of the activity lists of the API (``person``, ``org``/``organization`` with its
subtree, ``kind``, ``status``, ``from``, ``to``; ``answered`` for suggestions). An
organization out of the user's reach empties the list, as on the page; an unknown kind or
status, a malformed date or id, or an unknown parameter answers 400."""

import django_filters
import django_filters.rest_framework
from django.utils.translation import gettext_lazy as _

from lvzhi.core.filters import IdFilter
from lvzhi.core.scopes import PATH_END
from lvzhi.members.filters import PastYearFilter, StrictFilterSet
from lvzhi.members.models import Activity, ActivityKind, ActivityStatus
from lvzhi.orgs.models import Organization


def _dates():
    # "from" is a Python keyword: the date filters are added by name below.
    return {
        "from": django_filters.DateFilter(
            field_name="date", lookup_expr="gte", label=_("起始日期")
        ),
        "to": django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("截止日期")),
    }


class OwnActivityFilter(StrictFilterSet):
    """Her own activities (``/members/me/activities/``)."""

    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices, label=_("活动类型"))
    status = django_filters.ChoiceFilter(choices=ActivityStatus.choices, label=_("状态"))

    class Meta:
        model = Activity
        fields = []


class ActivityFilter(OwnActivityFilter):
    person = IdFilter(field_name="person_id", label=_("执委（人员编号）"))
    org = IdFilter(method="filter_org", label=_("组织编号（含下级）"))
    organization = IdFilter(method="filter_org", label=_("组织编号（含下级）"))

    class Meta:
        model = Activity
        fields = []

    def filter_org(self, queryset, name, value):
        user = self.request.user if self.request is not None else None
        organization = Organization.objects.restrict(user, "view").filter(pk=value).first()
        if organization is None:
            return queryset.none()
        path = organization.path
        return queryset.filter(org_path__gte=path, org_path__lt=path + PATH_END)


class SuggestionFilter(ActivityFilter):
    answered = django_filters.rest_framework.BooleanFilter(
        field_name="answered_at", lookup_expr="isnull", exclude=True, label=_("是否已答复")
    )

    class Meta:
        model = Activity
        fields = []


for _filterset in (OwnActivityFilter, ActivityFilter, SuggestionFilter):
    _filterset.base_filters.update(_dates())
    _filterset.declared_filters.update(_dates())
SuggestionFilter.base_filters.pop("kind")
SuggestionFilter.declared_filters.pop("kind")


class MyComplianceParameters(StrictFilterSet):
    """``members/me/compliance/``: ``year`` from 2000 to this year (this year when absent)."""

    year = PastYearFilter(first=2000, label=_("年度，默认今年"))

    class Meta:
        model = Activity
        fields = []
