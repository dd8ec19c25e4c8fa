"""Shared API pieces: the exception handler that turns service errors into clear answers,
the pagination every list uses, the schema class that documents the error answers, and the
middleware that answers 404 to a path id that cannot be a row id.

Bad input answers 400 (or 404 for a path id) with a Chinese message, never 500: fields bound
their values (``bounded_integer``, ``YEAR_MIN``/``YEAR_MAX``) and the handler below only
catches what reaches the database unbounded (``OverflowError``)."""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

# Row ids are 64-bit signed integers on both databases.
ID_MAX = 2**63 - 1
# Years a record may carry (the People's Republic's founding to the end of the century).
YEAR_MIN = 1949
YEAR_MAX = 2100

_ID_VALUE = re.compile(r"^[0-9]{1,18}$")


def parse_id(value) -> int | None:
    """``value`` as a row id (ASCII digits, at most 18 of them), else None."""
    value = str(value if value is not None else "").strip()
    return int(value) if _ID_VALUE.match(value) else None


def query_id(request, name: str) -> int | None:
    """The query parameter ``name`` as a row id; absent or empty: None; anything else: 400."""
    raw = request.query_params.get(name, "")
    if raw.strip() == "":
        return None
    value = parse_id(raw)
    if value is None:
        raise ValidationError({name: [_("应为不超过 18 位的正整数编号")]})
    return value


def is_id_kwarg(name: str) -> bool:
    return name in ("pk", "id") or name.endswith("_pk") or name.endswith("_id")


class ApiPathIdMiddleware:
    """A path id under /api/ that is not a positive 64-bit integer answers 404 (JSON).

    The router's ``[^/.]+`` and the ``<int:pk>`` converter let through ``abc`` or 2**70,
    which then fail in ``int()`` or in the database; one check here covers every view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith("/api/"):
            return None
        for name, value in view_kwargs.items():
            if is_id_kwarg(name) and not _ID_VALUE.match(str(value)):
                return JsonResponse(
                    {"detail": _("未找到：编号应为不超过 18 位的正整数。")},
                    status=status.HTTP_404_NOT_FOUND,
                )
        return None


@csrf_exempt  # a POST to no route is a 404, not a CSRF failure page
def not_found(request, *args, **kwargs):
    """Any /api/v1/ path no route matches (``…/abc/`` where an id belongs): JSON 404, also
    in development, where Django would answer its HTML debug page."""
    return JsonResponse({"detail": _("未找到该接口或对象。")}, status=status.HTTP_404_NOT_FOUND)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            data = exc.message_dict
        else:
            data = {"non_field_errors": exc.messages}
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, OverflowError):
        # A number too large for the database: bad input, not a server fault.
        return Response(
            {"non_field_errors": [_("数值超出允许范围（应在 64 位整数范围内）。")]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return drf_exception_handler(exc, context)


class ApiPagination(PageNumberPagination):
    """``?page=`` and ``?page_size=``: a whole number from 1; above 200 it is taken as 200.
    Any other ``page_size`` answers 400; a page past the end answers 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        value = raw[-1].strip()
        if len(raw) > 1 or not value.isascii() or not value.isdigit() or int(value) < 1:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("每页条数应为不小于 1 的整数（最大 %(max)d，超过按 %(max)d 计）。")
                        % {"max": self.max_page_size}
                    ]
                }
            )
        return min(int(value), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_query_param, self.page_size_query_param):
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters


class AnyAccept(BaseContentNegotiation):
    """A file download answers whatever the client accepts; errors come back as JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
