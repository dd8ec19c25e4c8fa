"""Filters of the profile and contact lists of the API: ``organization`` and
``published`` for profiles; ``person``, ``organization`` and ``active`` (in force today)
for contacts. A malformed id or boolean, or an unknown parameter, answers 400."""

import django_filters
import django_filters.rest_framework
from django.utils.translation import gettext_lazy as _

from lvzhi.core.filters import IdFilter
from lvzhi.core.periods import today_local
from lvzhi.members.filters import StrictFilterSet
from lvzhi.members.models import ContactAssignment, MemberProfile
from lvzhi.members.profiles.selectors import active_contacts_q


class ProfileFilter(StrictFilterSet):
    organization = IdFilter(field_name="organization_id", label=_("所在组织编号"))
    published = django_filters.rest_framework.BooleanFilter(
        method="filter_published", label=_("只看已公开的")
    )

    class Meta:
        model = MemberProfile
        fields = []

    def filter_published(self, queryset, name, value):
        return queryset.filter(is_published=True) if value else queryset


class ContactFilter(StrictFilterSet):
    person = IdFilter(field_name="person_id", label=_("执委（人员编号）"))
    organization = IdFilter(field_name="organization_id", label=_("所在组织编号"))
    active = django_filters.rest_framework.BooleanFilter(
        method="filter_active", label=_("只看当前有效的")
    )

    class Meta:
        model = ContactAssignment
        fields = []

    def filter_active(self, queryset, name, value):
        return queryset.filter(active_contacts_q(today_local())) if value else queryset
