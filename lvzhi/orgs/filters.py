"""Query filters of the /api/v1/orgs/ lists. They narrow a queryset that is already
restricted to the user's scope; a subtree is a path range, never ``LIKE``."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from lvzhi.core.filters import IdFilter
from lvzhi.core.scopes import PATH_END, scope_for
from lvzhi.core.search import search_queryset

from .models import (
    Department,
    Education,
    Gender,
    Kind,
    Level,
    Organization,
    PartyOrganization,
    Person,
    PoliticalStatus,
    Position,
    Region,
    System,
    Term,
    Title,
)


def _visible_org(request, pk):
    """The organization ``pk`` if the user may view it, else None."""
    user = getattr(request, "user", None)
    return Organization.objects.restrict(user, "view").filter(pk=pk).only("path", "depth").first()


def subtree_q(path: str, field: str) -> Q:
    return Q(**{f"{field}__gte": path, f"{field}__lt": path + PATH_END})


class SearchFilterMixin:
    def filter_search(self, queryset, name, value):
        return search_queryset(queryset, value) if value.strip() else queryset


class SubtreeFilterMixin:
    """``ancestor=<id>``: rows of that organization and all below it (path range)."""

    path_field = "org_path"

    def filter_ancestor(self, queryset, name, value):
        org = _visible_org(self.request, value)
        if org is None:
            return queryset.none()
        return queryset.filter(subtree_q(org.path, self.path_field))


class OrganizationFilter(SearchFilterMixin, SubtreeFilterMixin, django_filters.FilterSet):
    path_field = "path"

    system = django_filters.ChoiceFilter(choices=System.choices)
    kind = django_filters.MultipleChoiceFilter(choices=Kind.choices)
    level = django_filters.MultipleChoiceFilter(choices=Level.choices)
    parent = IdFilter(method="filter_parent", label="上级组织编号（列出其直接下级）")
    ancestor = IdFilter(method="filter_ancestor", label="组织编号（列出该组织及其全部下级）")
    top = django_filters.BooleanFilter(
        method="filter_top", label="只列出本人管理范围的顶层组织（组织树的起点）"
    )
    region = IdFilter(field_name="region_id", label="行政区划编号")
    is_active = django_filters.BooleanFilter()
    q = django_filters.CharFilter(method="filter_search", label="按名称、简称、代码检索")

    class Meta:
        model = Organization
        fields = [
            "system",
            "kind",
            "level",
            "parent",
            "ancestor",
            "top",
            "region",
            "is_active",
            "q",
        ]

    def filter_parent(self, queryset, name, value):
        org = _visible_org(self.request, value)
        if org is None:
            return queryset.none()
        return queryset.filter(subtree_q(org.path, "path"), depth=org.depth + 1)

    def filter_top(self, queryset, name, value):
        if not value:
            return queryset
        scope = scope_for(getattr(self.request, "user", None), "view")
        if scope.everything:
            return queryset.filter(depth=1)
        return queryset.filter(path__in=[*scope.subtrees, *scope.exact])


class DepartmentFilter(django_filters.FilterSet):
    organization = IdFilter(field_name="organization_id", label="所属组织编号")

    class Meta:
        model = Department
        fields = ["organization"]


class PersonFilter(SearchFilterMixin, SubtreeFilterMixin, django_filters.FilterSet):
    organization = IdFilter(field_name="organization_id", label="所属组织编号")
    ancestor = IdFilter(method="filter_ancestor", label="组织编号（该组织及其全部下级的人员）")
    gender = django_filters.ChoiceFilter(choices=Gender.choices)
    political_status = django_filters.MultipleChoiceFilter(choices=PoliticalStatus.choices)
    education = django_filters.MultipleChoiceFilter(choices=Education.choices)
    q = django_filters.CharFilter(method="filter_search", label="按姓名、工作单位检索")

    class Meta:
        model = Person
        fields = ["organization", "ancestor", "gender", "political_status", "education", "q"]


class TermFilter(django_filters.FilterSet):
    organization = IdFilter(field_name="organization_id", label="所属组织编号")

    class Meta:
        model = Term
        fields = ["organization", "number"]


class PositionFilter(SubtreeFilterMixin, django_filters.FilterSet):
    organization = IdFilter(field_name="organization_id", label="任职组织编号")
    ancestor = IdFilter(method="filter_ancestor", label="组织编号（该组织及其全部下级的职务）")
    person = IdFilter(field_name="person_id", label="人员编号")
    term = IdFilter(field_name="term_id", label="届次编号")
    title = django_filters.MultipleChoiceFilter(choices=Title.choices)
    is_standing = django_filters.BooleanFilter()
    current = django_filters.BooleanFilter(
        method="filter_current", label="true: 在任（未离任或离任日期不早于今天）；false: 已离任"
    )

    class Meta:
        model = Position
        fields = ["organization", "ancestor", "person", "term", "title", "is_standing", "current"]

    def filter_current(self, queryset, name, value):
        today = timezone.localdate()
        current = Q(end_date__isnull=True) | Q(end_date__gte=today)
        return queryset.filter(current) if value else queryset.exclude(current)


class RegionFilter(django_filters.FilterSet):
    parent = IdFilter(field_name="parent_id", label="上级区划编号")
    level = django_filters.ChoiceFilter(choices=Level.choices)
    code = django_filters.CharFilter(
        field_name="code", lookup_expr="startswith", label="区划代码前缀"
    )
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="名称包含")

    class Meta:
        model = Region
        fields = ["parent", "level", "code", "q"]


class PartyOrganizationFilter(SubtreeFilterMixin, django_filters.FilterSet):
    organization = IdFilter(field_name="organization_id", label="登记所在组织编号")
    ancestor = IdFilter(method="filter_ancestor", label="组织编号（该组织及其全部下级的党组织）")

    class Meta:
        model = PartyOrganization
        fields = ["organization", "ancestor"]
