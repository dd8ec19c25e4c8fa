"""Filters of the committee-change lists of the API: ``organization`` on each;
``status`` (``open``: not yet voted on) for nominations; ``status``, ``kind`` and
``unannounced`` (effective terminations not yet announced) for exit cases. An unknown
status or kind, a malformed id or boolean, or an unknown parameter answers 400."""

import django_filters
import django_filters.rest_framework
from django.utils.translation import gettext_lazy as _

from lvzhi.core.filters import IdFilter
from lvzhi.members.changes.selectors import OPEN_NOMINATION_STATUSES
from lvzhi.members.filters import StrictFilterSet, required_id
from lvzhi.members.models import (
    ExitCase,
    ExitKind,
    ExitStatus,
    Nomination,
    NominationStatus,
    VoteSession,
)


class _OrganizationFilter(StrictFilterSet):
    organization = IdFilter(field_name="organization_id", label=_("组织编号"))


class NominationFilter(_OrganizationFilter):
    status = django_filters.ChoiceFilter(
        choices=[("open", _("待表决")), *NominationStatus.choices],
        method="filter_status",
        label=_("状态（open：待表决）"),
    )

    class Meta:
        model = Nomination
        fields = []

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=OPEN_NOMINATION_STATUSES)
        return queryset.filter(status=value)


class ExitCaseFilter(_OrganizationFilter):
    status = django_filters.ChoiceFilter(choices=ExitStatus.choices, label=_("状态"))
    kind = django_filters.ChoiceFilter(choices=ExitKind.choices, label=_("退出方式"))
    unannounced = django_filters.rest_framework.BooleanFilter(
        method="filter_unannounced", label=_("仅已生效未通报的资格终止")
    )

    class Meta:
        model = ExitCase
        fields = []

    def filter_unannounced(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            kind=ExitKind.TERMINATION, status=ExitStatus.EFFECTIVE, announced_at__isnull=True
        )


class VoteSessionFilter(_OrganizationFilter):
    class Meta:
        model = VoteSession
        fields = []


class ExitRecommendationParameters(StrictFilterSet):
    """The recommendations' one parameter, ``organization`` (required); read with
    ``lvzhi.members.filters.query_values`` (the list is computed, not a queryset)."""

    organization = required_id(_("组织编号"))

    class Meta:
        model = ExitCase
        fields = []
