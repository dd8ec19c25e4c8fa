"""Serializer fields shared by the API modules."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from lvzhi.core.api import parse_id


def request_user(field):
    """The user of the request a serializer field is bound to (None outside a request)."""
    request = field.context.get("request")
    return getattr(request, "user", None)


class ScopedRowField(serializers.PrimaryKeyRelatedField):
    """The row a write targets, named by id: among the ``model`` rows the actor may
    ``action`` (``related`` selected with it), else 404 with ``not_found`` — like every
    out-of-scope id. A malformed id (not a positive integer) is a 400 field error.
    A subclass names ``model`` and ``not_found``."""

    model = None
    action = "change"
    related: tuple[str, ...] = ()
    not_found = _("不存在或不在您的管理范围内")

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", self.model.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        rows = self.model.objects.restrict(request_user(self), self.action)
        return rows.select_related(*self.related) if self.related else rows

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        pk = parse_id(data)
        if pk is None:
            self.fail("incorrect_type", data_type=type(data).__name__)
        row = self.get_queryset().filter(pk=pk).first()
        if row is None:
            raise NotFound(self.not_found)
        return row
