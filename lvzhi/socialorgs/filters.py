"""Filters of the social-organization pages and of /api/v1/socialorgs/. They narrow a
queryset already restricted to the user's scope; a malformed value, or a parameter no
filter knows, answers 400 naming it (never silently ignored)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy

from lvzhi.core.filters import LIST_PARAMETERS, IdFilter, YearFilter
from lvzhi.core.filters import StrictFilterSet as CoreStrictFilterSet
from lvzhi.orgs.filters import SubtreeFilterMixin

from .models import (
    Adviser,
    AdviserKind,
    DutyKind,
    EntryKind,
    Field,
    KeyMember,
    Kind,
    LedgerEntry,
    SocialOrganization,
    Status,
    Tier,
    YearlyDuty,
)

NOT_FILTERS = (*LIST_PARAMETERS, "org")  # ``org``: the pages' organization chooser


class StrictFilterSet(CoreStrictFilterSet):
    not_filters = NOT_FILTERS


def _search(queryset, value, *fields):
    value = (value or "").strip()
    if not value:
        return queryset
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__contains": value})
    return queryset.filter(condition)


class OrganizationFilter(SubtreeFilterMixin, StrictFilterSet):
    ancestor = IdFilter(
        method="filter_ancestor", label=gettext_lazy("妇联编号（该妇联及其全部下级备案的组织）")
    )
    federation = IdFilter(field_name="federation_id", label=gettext_lazy("备案妇联编号"))
    q = django_filters.CharFilter(method="filter_q", label=gettext_lazy("按名称、信用代码检索"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=gettext_lazy("状态"))
    party = django_filters.BooleanFilter(
        field_name="has_party_organization", label=gettext_lazy("已建党组织")
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=gettext_lazy("类别"))
    service_field = django_filters.ChoiceFilter(
        choices=Field.choices, label=gettext_lazy("服务领域")
    )
    filed_tier = django_filters.ChoiceFilter(choices=Tier.choices, label=gettext_lazy("备案层级"))
    at_boundary = django_filters.BooleanFilter(label=gettext_lazy("人数恰在两档交界"))

    class Meta:
        model = SocialOrganization
        fields = [
            "ancestor",
            "federation",
            "q",
            "status",
            "party",
            "kind",
            "service_field",
            "filed_tier",
            "at_boundary",
        ]

    def filter_q(self, queryset, name, value):
        return _search(queryset, value, "name", "credit_code")


class AdviserFilter(SubtreeFilterMixin, StrictFilterSet):
    ancestor = IdFilter(method="filter_ancestor", label=gettext_lazy("妇联编号（含下级）"))
    federation = IdFilter(field_name="federation_id", label=gettext_lazy("聘请妇联编号"))
    kind = django_filters.ChoiceFilter(choices=AdviserKind.choices, label=gettext_lazy("类别"))

    class Meta:
        model = Adviser
        fields = ["ancestor", "federation", "kind"]


class KeyMemberFilter(StrictFilterSet):
    organization = IdFilter(field_name="organization_id", label=gettext_lazy("社会组织编号"))

    class Meta:
        model = KeyMember
        fields = ["organization"]


class LedgerFilter(SubtreeFilterMixin, StrictFilterSet):
    ancestor = IdFilter(method="filter_ancestor", label=gettext_lazy("妇联编号（含下级）"))
    organization = IdFilter(field_name="organization_id", label=gettext_lazy("社会组织编号"))
    kind = django_filters.ChoiceFilter(choices=EntryKind.choices, label=gettext_lazy("类别"))
    year = YearFilter(field_name="date__year", label=gettext_lazy("年度"))

    class Meta:
        model = LedgerEntry
        fields = ["ancestor", "organization", "kind", "year"]


class DutyFilter(SubtreeFilterMixin, StrictFilterSet):
    ancestor = IdFilter(method="filter_ancestor", label=gettext_lazy("妇联编号（含下级）"))
    federation = IdFilter(field_name="federation_id", label=gettext_lazy("妇联编号"))
    kind = django_filters.ChoiceFilter(choices=DutyKind.choices, label=gettext_lazy("事项"))
    year = YearFilter(field_name="year", label=gettext_lazy("年度"))

    class Meta:
        model = YearlyDuty
        fields = ["ancestor", "federation", "kind", "year"]


class PublicOrganizationFilter(StrictFilterSet):
    area = IdFilter(
        method="filter_area", label=gettext_lazy("地区（妇联编号）：该妇联及其下级备案的组织")
    )
    q = django_filters.CharFilter(method="filter_q", label=gettext_lazy("按名称检索"))
    service_field = django_filters.ChoiceFilter(
        choices=Field.choices, label=gettext_lazy("服务领域")
    )

    class Meta:
        model = SocialOrganization
        fields = ["area", "q", "service_field"]

    def filter_area(self, queryset, name, value):
        from .selectors import public_area, subtree_q

        area = public_area(value)
        return queryset.filter(subtree_q(area.path)) if area else queryset.none()

    def filter_q(self, queryset, name, value):
        return _search(queryset, value, "name")
