"""Filters of the 妇女之家 pages and of /api/v1/homes/. They narrow a queryset already
restricted to the user's scope; a malformed value, or a parameter no filter knows,
answers 400 naming it (never silently ignored)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy

from lvzhi.core.filters import LIST_PARAMETERS, IdFilter
from lvzhi.core.filters import StrictFilterSet as CoreStrictFilterSet
from lvzhi.core.periods import today_local
from lvzhi.orgs.filters import SubtreeFilterMixin

from .models import (
    Board,
    BoardUpdate,
    Designation,
    Home,
    Item,
    ItemKind,
    Loan,
    Location,
    OpeningException,
    RotaEntry,
    Status,
    Weekday,
)
from .selectors import stale_q

NOT_FILTERS = (*LIST_PARAMETERS, "org")  # ``org``: the pages' organization chooser


class StrictFilterSet(CoreStrictFilterSet):
    not_filters = NOT_FILTERS


class HomeFilter(SubtreeFilterMixin, StrictFilterSet):
    organization = IdFilter(field_name="organization_id", label=gettext_lazy("所属妇联编号"))
    ancestor = IdFilter(
        method="filter_ancestor", label=gettext_lazy("组织编号（该组织及其全部下级的妇女之家）")
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, label=gettext_lazy("状态"))
    designation = django_filters.ChoiceFilter(
        choices=Designation.choices, label=gettext_lazy("规范化命名")
    )
    location = django_filters.ChoiceFilter(choices=Location.choices, label=gettext_lazy("所在阵地"))
    stale = django_filters.BooleanFilter(
        method="filter_stale", label=gettext_lazy("宣传栏超过半年未更新（R-HM-04）")
    )
    q = django_filters.CharFilter(method="filter_q", label=gettext_lazy("按名称、地址检索"))

    class Meta:
        model = Home
        fields = ["organization", "ancestor", "status", "designation", "location", "stale", "q"]

    def filter_stale(self, queryset, name, value):
        condition = stale_q(today_local())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__contains=value) | Q(address__contains=value))


class HomeRowFilter(StrictFilterSet):
    home = IdFilter(field_name="home_id", label=gettext_lazy("妇女之家编号"))


class ExceptionFilter(HomeRowFilter):
    date_after = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=gettext_lazy("起始日期")
    )
    date_before = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=gettext_lazy("截止日期")
    )

    class Meta:
        model = OpeningException
        fields = ["home", "date_after", "date_before"]


class BoardUpdateFilter(HomeRowFilter):
    board = django_filters.ChoiceFilter(choices=Board.choices, label=gettext_lazy("宣传栏"))

    class Meta:
        model = BoardUpdate
        fields = ["home", "board"]


class ItemFilter(HomeRowFilter):
    kind = django_filters.ChoiceFilter(choices=ItemKind.choices, label=gettext_lazy("类别"))
    lendable = django_filters.BooleanFilter(label=gettext_lazy("可外借"))

    class Meta:
        model = Item
        fields = ["home", "kind", "lendable"]


class LoanFilter(HomeRowFilter):
    returned = django_filters.BooleanFilter(method="filter_returned", label=gettext_lazy("已归还"))
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=gettext_lazy("逾期未还（R-HM-05）")
    )

    class Meta:
        model = Loan
        fields = ["home", "returned", "overdue"]

    def filter_returned(self, queryset, name, value):
        return queryset.filter(returned_on__isnull=not value)

    def filter_overdue(self, queryset, name, value):
        overdue = Q(returned_on__isnull=True, due_date__lt=today_local())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class PublicHomeFilter(StrictFilterSet):
    area = IdFilter(
        method="filter_area", label=gettext_lazy("地区（妇联编号）：该妇联及其下级的妇女之家")
    )
    q = django_filters.CharFilter(method="filter_q", label=gettext_lazy("按名称、地址检索"))

    class Meta:
        model = Home
        fields = ["area", "q"]

    def filter_area(self, queryset, name, value):
        from .selectors import public_area, subtree_q

        area = public_area(value)
        return queryset.filter(subtree_q(area.path)) if area else queryset.none()

    filter_q = HomeFilter.filter_q


class RotaFilter(HomeRowFilter):
    weekday = django_filters.ChoiceFilter(
        choices=Weekday.choices, label=gettext_lazy("星期（0 为星期一）")
    )

    class Meta:
        model = RotaEntry
        fields = ["home", "weekday"]
