"""Filters of the ledger lists (pages and API). They narrow a queryset already restricted
to what the user may read; a malformed or unknown value answers 400."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from lvzhi.core.filters import IdFilter, YearFilter

from .models import Category, Gender, NeedKind, ReadKind, ReferralKind, TransferStatus


@extend_schema_field({"type": "string", "description": "类别代码，如 left_behind_women"})
class CategoryCodeFilter(django_filters.ModelChoiceFilter):
    """A category by its code; an unknown code answers 400."""


class EntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("姓名或住址"), max_length=50)
    grid = IdFilter(field_name="grid", label=_("网格"))
    organization = IdFilter(field_name="organization", label=_("社区"))
    category = CategoryCodeFilter(
        queryset=Category.objects.all(),
        to_field_name="code",
        method="filter_category",
        label=_("类别"),
    )
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("性别"))
    birth_year = YearFilter(field_name="birth_year", label=_("出生年份"))
    id_number = django_filters.CharFilter(
        method="filter_id_number",
        label=_("身份证号（精确查找，仅本人管理的社区）"),
        max_length=18,
    )

    def filter_id_number(self, queryset, name, value):
        from . import selectors

        if self.request is None:
            return queryset.none()
        return selectors.by_id_number(queryset, self.request.user, value)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(Q(name__contains=value) | Q(address__contains=value))
            if value
            else queryset
        )

    def filter_category(self, queryset, name, value):
        return queryset.filter(
            categories__category=value, categories__end_date__isnull=True
        ).distinct()


class GridFilter(django_filters.FilterSet):
    organization = IdFilter(field_name="organization", label=_("社区"))


class TransferFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=TransferStatus.choices, label=_("状态"))
    entry = IdFilter(field_name="entry", label=_("台账人员"))


class VisitFilter(django_filters.FilterSet):
    entry = IdFilter(field_name="entry", label=_("走访对象"))
    date_after = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("起始日期")
    )
    date_before = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("截止日期")
    )


class NeedFilter(django_filters.FilterSet):
    entry = IdFilter(field_name="entry", label=_("台账人员"))
    kind = django_filters.ChoiceFilter(choices=NeedKind.choices, label=_("需求类型"))
    referred_as = django_filters.ChoiceFilter(choices=ReferralKind.choices, label=_("转办方式"))


class ReadLogFilter(django_filters.FilterSet):
    entry = IdFilter(field_name="entry", label=_("台账人员"))
    kind = django_filters.ChoiceFilter(choices=ReadKind.choices, label=_("查阅内容"))


def unknown_params(
    params, filterset_class, allowed=("page", "page_size", "ordering", "format")
) -> list[str]:
    """Query parameters no filter knows: answered 400 rather than silently ignored."""
    known = set(filterset_class.base_filters) | set(allowed)
    return sorted(name for name in params if name not in known)
