"""Filters of the 四新 register (pages and /api/v1/grassroots/). They narrow a queryset
already restricted to the user's scope; a malformed or unknown value answers 400."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.filters import IdFilter
from lvzhi.orgs.filters import SubtreeFilterMixin

from .models import Category, ExpectedForm, SixinOrganization

STATUS_CHOICES = (
    ("standalone_due", _("应单独建立妇联、尚未建立（R-OR-01）")),
    ("joint_due", _("应联合、区域或行业覆盖、尚未覆盖（R-OR-02）")),
    ("blank", _("空白点：尚无妇联覆盖")),
    ("covered", _("已有妇联覆盖")),
)


class SixinFilter(SubtreeFilterMixin, django_filters.FilterSet):
    organization = IdFilter(field_name="organization_id", label="登记组织编号")
    ancestor = IdFilter(method="filter_ancestor", label="组织编号（该组织及其全部下级的登记）")
    category = django_filters.MultipleChoiceFilter(choices=Category.choices, label="类别")
    expected_form = django_filters.ChoiceFilter(choices=ExpectedForm.choices, label="应建形式")
    status = django_filters.ChoiceFilter(
        method="filter_status", choices=STATUS_CHOICES, label="状态"
    )
    has_party_organization = django_filters.BooleanFilter(label="已建党组织")
    q = django_filters.CharFilter(method="filter_q", label="按名称、统一社会信用代码检索")

    class Meta:
        model = SixinOrganization
        fields = [
            "organization",
            "ancestor",
            "category",
            "expected_form",
            "status",
            "has_party_organization",
            "q",
        ]

    def filter_status(self, queryset, name, value):
        if value == "covered":
            return queryset.filter(covered_by__isnull=False)
        queryset = queryset.filter(covered_by__isnull=True)
        if value == "standalone_due":
            return queryset.filter(expected_form=ExpectedForm.STANDALONE)
        if value == "joint_due":
            return queryset.filter(expected_form=ExpectedForm.JOINT)
        return queryset

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__contains=value) | Q(uscc=value.upper()))
