"""Filters of the compliance endpoints of the API. The reminder list has none: any query
parameter but the page's answers 400 naming it, rather than being ignored. The roll-ups
(``rollup/``, ``rollup/by-child/``, ``members/``) read ``organization`` (required) and
``period`` (a quarter among the last eight, the current one when absent) through
``ComplianceParameters``: a malformed or unknown parameter answers 400 naming it."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.periods import Period, today_local
from lvzhi.core.reminders.models import Reminder
from lvzhi.members.compliance import selectors
from lvzhi.members.filters import StrictFilterSet, literal, required_id
from lvzhi.orgs.models import Organization


class ReminderFilter(StrictFilterSet):
    class Meta:
        model = Reminder
        fields = []


class _QuarterField(forms.CharField):
    def clean(self, value) -> Period:
        code = super().clean(value)
        try:
            return selectors.parse_quarter(code, today_local())
        except selectors.PeriodError as exc:
            raise forms.ValidationError(literal(str(exc))) from None


class QuarterFilter(django_filters.CharFilter):
    """A quarter code such as ``2026Q4`` among the last eight (the current one when absent)."""

    field_class = _QuarterField


class ComplianceParameters(StrictFilterSet):
    organization = required_id(_("组织编号（含下级）"))
    period = QuarterFilter(label=_("季度代码"))

    class Meta:
        model = Organization
        fields = []
