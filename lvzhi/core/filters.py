"""Query filters shared by the API lists: row ids and years, bounded so that a value the
database cannot hold (2**70, year 99999) answers 400 naming the parameter, never 500; and
``StrictFilterSet``, which answers 400 naming a parameter no filter knows."""

import django_filters
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from lvzhi.core.api import ID_MAX, YEAR_MAX, YEAR_MIN


class _BoundedIntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField
    minimum = 1
    maximum = ID_MAX
    message = _("{label}应为 {min} 至 {max} 之间的整数")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", self.minimum)
        kwargs.setdefault("max_value", self.maximum)
        message = format_lazy(
            self.message,
            label=kwargs.get("label") or _("编号"),
            min=self.minimum,
            max=self.maximum,
        )
        kwargs.setdefault(
            "error_messages", dict.fromkeys(("invalid", "min_value", "max_value"), message)
        )
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": ID_MAX})
class IdFilter(_BoundedIntegerFilter):
    """A row id: a positive 64-bit integer, documented as one."""


@extend_schema_field({"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX})
class YearFilter(_BoundedIntegerFilter):
    """A year from 1949 to 2100."""

    minimum = YEAR_MIN
    maximum = YEAR_MAX


# Query parameters of the list machinery rather than of a filter.
LIST_PARAMETERS = ("page", "page_size", "ordering", "format")


class StrictFilterSet(FilterSet):
    """A FilterSet that refuses a parameter none of its filters knows (a form error naming
    it, so a 400) instead of silently ignoring it. ``not_filters``: the parameters read
    elsewhere (the list's paging; a page's ``org`` chooser where it has one)."""

    not_filters = LIST_PARAMETERS

    def is_valid(self):
        valid = super().is_valid()
        unknown = sorted(set(self.data) - set(self.filters) - set(self.not_filters))
        for name in unknown:
            message = gettext("不支持的筛选条件“%(name)s”") % {"name": name}
            # django-filter renders errors as ``message % params``: double the client's %.
            self.form.errors[name] = self.form.error_class([message.replace("%", "%%")])
        return valid and not unknown


_BOOLEAN_VALUES = {"true", "false", "1", "0"}


class ApiFilterBackend(DjangoFilterBackend):
    """django-filter's backend, stricter where its forms are lenient: a boolean parameter
    must be ``true``/``false``/``1``/``0`` (``null`` or ``abc`` would mean "no filter"), and
    a number filter on an integer column must be a whole number (``0.5`` would be accepted)."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        errors = {}
        for name, flt in filterset.filters.items():
            values = request.query_params.getlist(name)
            if not values:
                continue
            if isinstance(flt, django_filters.BooleanFilter):
                if any(v.strip().lower() not in _BOOLEAN_VALUES for v in values):
                    errors[name] = [
                        format_lazy(_("{label}应为 true 或 false"), label=flt.label or name)
                    ]
            elif type(flt) is django_filters.NumberFilter and _integer_column(flt, queryset):
                if any(_integer(v) is None for v in values):
                    errors[name] = [
                        format_lazy(
                            _("{label}应为 {min} 至 {max} 之间的整数"),
                            label=flt.label or name,
                            min=-ID_MAX,
                            max=ID_MAX,
                        )
                    ]
        if errors:
            raise ValidationError(errors)
        return filterset


def _integer(value: str) -> int | None:
    value = value.strip()
    digits = value[1:] if value[:1] in "+-" else value
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 18:
        return None
    return int(value)


def _integer_column(flt, queryset) -> bool:
    try:
        field = queryset.model._meta.get_field(flt.field_name)
    except Exception:  # a method filter or a path across relations: leave it to the form
        return False
    return field.get_internal_type() in (
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "BigIntegerField",
        "AutoField",
        "BigAutoField",
    )
