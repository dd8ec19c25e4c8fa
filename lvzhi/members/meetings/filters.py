"""Filters of the meetings API: ``organization`` (and ``year``) on the meeting list;
``organization``, ``year`` and ``person`` on the person-level records (reports,
evaluations, yearly results, incentives); ``organization`` on trainings. The summaries
(report status, evaluation summary, candidates, the 述职报告 template, meeting checks, the
federations missing a meeting) read their parameters through FilterSets too
(``lvzhi.members.filters.query_values``). A malformed id, year or half-year, or an unknown
parameter, answers 400 naming it."""

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.api import YEAR_MAX, YEAR_MIN
from lvzhi.core.filters import IdFilter, YearFilter
from lvzhi.core.periods import Period, half
from lvzhi.members.filters import PastYearFilter, StrictFilterSet, required_id
from lvzhi.members.meetings.services import FIRST_YEAR
from lvzhi.members.models import Meeting, Training
from lvzhi.orgs.models import Organization

ORGANIZATION = gettext_lazy("组织编号")


class _HalfField(forms.CharField):
    """A half-year code such as ``2026H1``."""

    def clean(self, value) -> Period | None:
        code = (super().clean(value) or "").strip().upper()
        if not code:
            return None
        if (
            len(code) == 6
            and code[:4].isdigit()
            and code[4] == "H"
            and code[5] in "12"
            and YEAR_MIN <= int(code[:4]) <= YEAR_MAX
        ):
            return half(int(code[:4]), int(code[5]))
        raise forms.ValidationError(_("半年应写作如 2026H1 的形式"))


class HalfFilter(django_filters.CharFilter):
    field_class = _HalfField


def _organization_filter(**kwargs):
    return IdFilter(field_name="organization_id", label=ORGANIZATION, **kwargs)


class MeetingFilter(StrictFilterSet):
    organization = _organization_filter()
    year = YearFilter(field_name="date__year", label=gettext_lazy("年度"))

    class Meta:
        model = Meeting
        fields = []


class PersonRecordFilter(StrictFilterSet):
    """Reports, evaluations, yearly results and incentives (any model with these columns)."""

    organization = _organization_filter()
    year = YearFilter(field_name="year", label=gettext_lazy("年度"))
    person = IdFilter(field_name="person_id", label=gettext_lazy("执委（人员编号）"))


class TrainingFilter(StrictFilterSet):
    organization = _organization_filter()

    class Meta:
        model = Training
        fields = []


# Parameters of the summaries (no list to filter: each is read by ``query_values``).


class YearParameters(StrictFilterSet):
    """``year`` (this year when absent) — the meeting checks of one organization."""

    year = PastYearFilter(first=FIRST_YEAR, label=gettext_lazy("年度"))

    class Meta:
        model = Organization
        fields = []


class OrganizationYearParameters(YearParameters):
    """``organization`` (required) and ``year``: report status, evaluation summary,
    candidates."""

    organization = required_id(ORGANIZATION)

    class Meta:
        model = Organization
        fields = []


class TemplateParameters(OrganizationYearParameters):
    """The 述职报告 template: ``organization``, ``person`` (both required) and ``year``."""

    person = required_id(gettext_lazy("执委（人员编号）"))

    class Meta:
        model = Organization
        fields = []


class MissingMeetingsParameters(StrictFilterSet):
    """``organization`` (required, with its subtree) and ``half`` (the last half-year that
    has ended when absent)."""

    organization = required_id(ORGANIZATION)
    half = HalfFilter(label=gettext_lazy("半年"))

    class Meta:
        model = Organization
        fields = []
