"""The FilterSet base of every members list endpoint (each area's ``filters.py`` builds on
it). Used with ``lvzhi.core.filters.ApiFilterBackend`` (django-filter's backend, strict
about booleans and integers): a malformed value answers 400 naming its parameter, and so
does a parameter no filter knows — it is never silently ignored."""

import django_filters.rest_framework
from django.utils.translation import gettext as _

from lvzhi.core.filters import ApiFilterBackend

BACKENDS = [ApiFilterBackend]
# Query parameters of the list machinery rather than of a filter.
NOT_FILTERS = ("page", "page_size", "ordering", "format")


class StrictFilterSet(django_filters.rest_framework.FilterSet):
    def is_valid(self):
        valid = super().is_valid()
        unknown = sorted(set(self.data) - set(self.filters) - set(NOT_FILTERS))
        for name in unknown:
            self.form.errors[name] = self.form.error_class(
                [_("不支持的筛选条件“%(name)s”") % {"name": name}]
            )
        return valid and not unknown
