"""Query filters of the /api/v1/processes/ lists. They narrow querysets that are already
restricted to the user (``restrict()`` through the selectors); a subtree is a path range."""

import django_filters
from django.utils.translation import gettext_lazy as _

from lvzhi.core.filters import IdFilter, YearFilter
from lvzhi.orgs.models import Organization

from . import selectors
from .models import CaseStatus, ProcessTemplate, ProcessTemplateVersion, VersionStatus


def _visible_org(request, pk):
    """The organization ``pk`` if the user may view it, else None (only its path is read)."""
    return Organization.objects.restrict(request.user, "view").filter(pk=pk).only("path").first()


class TemplateFilter(django_filters.FilterSet):
    organization = IdFilter(field_name="organization_id", label=_("所属组织编号"))
    item_number = django_filters.CharFilter(label=_("事项序号"))
    recurring = django_filters.BooleanFilter(label=_("每年办理"))
    is_active = django_filters.BooleanFilter(label=_("在用"))

    class Meta:
        model = ProcessTemplate
        fields = ["organization", "item_number", "recurring", "is_active"]


class TemplateVersionFilter(django_filters.FilterSet):
    template = IdFilter(field_name="template_id", label=_("流程模板编号"))
    status = django_filters.ChoiceFilter(choices=VersionStatus.choices, label=_("状态"))

    class Meta:
        model = ProcessTemplateVersion
        fields = ["template", "status"]


class CaseFilter(django_filters.FilterSet):
    """The case list's query parameters, checked here and handed to
    ``selectors.case_list`` — the one place that knows how a case list is narrowed (and
    that starts from ``visible_cases``, i.e. ``restrict()`` plus the department rule).
    The filters themselves do nothing; ``filter_queryset`` calls the selector."""

    status = django_filters.ChoiceFilter(
        choices=CaseStatus.choices, method="given", label=_("状态")
    )
    overdue = django_filters.BooleanFilter(method="given", label=_("只列出逾期办件"))
    department = IdFilter(method="given", label=_("承办部门编号"))
    organization = IdFilter(method="given", label=_("组织编号（该组织及其全部下级的办件）"))
    template = IdFilter(method="given", label=_("流程模板编号"))
    year = YearFilter(method="given", label=_("年度"))
    q = django_filters.CharFilter(method="given", label=_("按办件名称或事项序号检索"))

    def given(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        user = self.request.user
        organization = None
        if data.get("organization") is not None:
            organization = _visible_org(self.request, data["organization"])
            if organization is None:
                return queryset.none()
        return selectors.case_list(
            user,
            status=data.get("status") or "",
            overdue=bool(data.get("overdue")),
            department=data.get("department"),
            organization=organization,
            template=data.get("template"),
            year=int(data["year"]) if data.get("year") is not None else None,
            query=(data.get("q") or "").strip(),
        )
