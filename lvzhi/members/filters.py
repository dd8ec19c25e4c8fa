"""The FilterSet base of every members list endpoint (``lvzhi.core.filters.StrictFilterSet``;
each area's ``filters.py`` builds on it). Used with ``lvzhi.core.filters.ApiFilterBackend``
(django-filter's backend, strict about booleans and integers): a malformed value answers
400 naming its parameter, and so does a parameter no filter knows — it is never silently
ignored.

Endpoints that answer a summary rather than a list (a roll-up, a check) read their query
parameters through a FilterSet too, with ``query_values``: the same checks, the same 400."""

import django_filters
import django_filters.rest_framework
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import utils

from lvzhi.core.filters import ApiFilterBackend, IdFilter
from lvzhi.core.filters import StrictFilterSet as StrictFilterSet  # every members list's base
from lvzhi.core.periods import today_local

BACKENDS = [ApiFilterBackend]


def literal(message: str) -> str:
    """A form error holding the client's own text (a parameter name, a code): django-filter
    renders errors as ``message % params``, so a ``%`` in it must be doubled or the
    answer would be a 500."""
    return str(message).replace("%", "%%")


def required_id(label, **kwargs) -> IdFilter:
    """A required id parameter; absent, it answers 400 with "请填写<label>"."""
    flt = IdFilter(label=label, required=True, **kwargs)
    required = format_lazy(gettext_lazy("请填写{label}"), label=label)
    flt.extra["error_messages"] = {**flt.extra["error_messages"], "required": required}
    return flt


class _PastYearField(forms.IntegerField):
    def __init__(self, *args, first: int, **kwargs):
        self.first = first
        super().__init__(*args, **kwargs)

    def clean(self, value):
        last = today_local().year
        refused = forms.ValidationError(
            _("年度应在%(first)d年至%(last)d年之间") % {"first": self.first, "last": last}
        )
        try:
            year = super().clean(value)
        except forms.ValidationError:
            raise refused from None
        if year is not None and not self.first <= year <= last:
            raise refused
        return year


class PastYearFilter(django_filters.NumberFilter):
    """A year from ``first`` to this year (a summary's year; absent means this year)."""

    field_class = _PastYearField


class _ParameterView:
    def __init__(self, filterset_class):
        self.filterset_class = filterset_class


def query_values(request, filterset_class) -> dict:
    """The query parameters of ``request`` cleaned by ``filterset_class`` (through the list
    endpoints' backend), by filter name (None when absent); 400 naming a malformed or
    unknown one."""
    queryset = filterset_class._meta.model._default_manager.none()
    filterset = ApiFilterBackend().get_filterset(request, queryset, _ParameterView(filterset_class))
    if not filterset.is_valid():
        raise utils.translate_validation(filterset.errors)
    return filterset.form.cleaned_data
