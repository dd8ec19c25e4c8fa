"""The shared FilterSet base that refuses unknown query parameters (homes, socialorgs)."""

import django_filters
import pytest
from django_filters import utils

from lvzhi.core.filters import LIST_PARAMETERS, StrictFilterSet
from lvzhi.core.models import AuditEvent


class EventFilter(StrictFilterSet):
    action = django_filters.CharFilter()

    class Meta:
        model = AuditEvent
        fields = ["action"]


class PageEventFilter(EventFilter):
    not_filters = (*LIST_PARAMETERS, "org")


def _filterset(cls, data):
    return cls(data=data, queryset=AuditEvent.objects.none())


@pytest.mark.parametrize("data", [{}, {"action": "create"}, {"page": "2", "format": "xlsx"}])
def test_known_parameters_pass(data):
    assert _filterset(EventFilter, data).is_valid()


def test_unknown_parameter_is_named():
    filterset = _filterset(EventFilter, {"action": "create", "colour": "red"})
    assert not filterset.is_valid()
    assert filterset.errors["colour"] == ["不支持的筛选条件“colour”"]


def test_percent_in_the_name_is_kept_literally():
    filterset = _filterset(EventFilter, {"a%sb": "1"})
    assert not filterset.is_valid()
    # as the list backend answers it (django-filter renders ``message % params``)
    answer = utils.translate_validation(filterset.errors)
    assert answer.detail["a%sb"] == ["不支持的筛选条件“a%sb”"]


def test_not_filters_widen_what_is_read_elsewhere():
    assert not _filterset(EventFilter, {"org": "3"}).is_valid()
    assert _filterset(PageEventFilter, {"org": "3"}).is_valid()
