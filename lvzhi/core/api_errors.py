"""From a service call to an API answer: one place that says which service error becomes
which status and body, so API modules do not each catch and shape them.

- ``ValidationError`` (bad input, a rule refused): 400 with the messages by field,
  ``{"field": ["…"]}``, or ``{"non_field_errors": ["…"]}`` when it names no field;
- ``OutOfScope`` and any ``Http404``: 404 with its message, by default
  ``{"detail": "不存在或不在您的管理范围内"}`` (never a word about the object);
- ``PermissionDenied`` (visible, but not hers to do — a step routed to someone else): 403;
- ``Conflict`` (someone else changed it first, a stale revision): 409 with its message
  and what the client needs to try again.

Typical use in a view::

    data = validated(serializers.TermSerializer, request)
    return call_service(
        lambda: services.term_create(actor=request.user, **data),
        read=lambda term: serializers.TermSerializer(term).data,
        status=201,
    )

Errors raised outside ``call_service`` still reach ``lvzhi.core.api.exception_handler``,
which answers ValidationError the same way.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status as http
from rest_framework.response import Response


class Conflict(Exception):
    """A write that lost a race (or used a stale revision): answered 409 with ``message``
    and ``details`` (e.g. the current stage and revision)."""

    def __init__(self, message: str, **details):
        super().__init__(message)
        self.message = message
        self.details = details


def validation_body(exc: ValidationError) -> dict:
    """A ValidationError's messages by field, ``non_field_errors`` when it names none
    (the same body ``lvzhi.core.api.exception_handler`` gives)."""
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"non_field_errors": exc.messages}


def error_response(exc: Exception) -> Response | None:
    """The answer to a service error, or None for an exception that is not one."""
    if isinstance(exc, ValidationError):
        return Response(validation_body(exc), status=http.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):  # OutOfScope included: its own words, or the general ones
        detail = str(exc) or _("不存在或不在您的管理范围内")
        return Response({"detail": detail}, status=http.HTTP_404_NOT_FOUND)
    if isinstance(exc, PermissionDenied):
        detail = str(exc) or _("您无权办理此项")
        return Response({"detail": detail}, status=http.HTTP_403_FORBIDDEN)
    if isinstance(exc, Conflict):
        return Response({"detail": exc.message, **exc.details}, status=http.HTTP_409_CONFLICT)
    return None


def call_service(call: Callable, *, read: Callable | None = None, status=http.HTTP_200_OK):
    """Run ``call()`` (a service with ``actor`` first); answer ``read(result)`` with
    ``status``, or the service's error as described above. Other exceptions propagate."""
    try:
        result = call()
    except (ValidationError, Http404, PermissionDenied, Conflict) as exc:
        return error_response(exc)
    return Response(read(result) if read is not None else result, status=status)


def validated(serializer_class, request, **kwargs) -> dict:
    """The request body checked by ``serializer_class`` (400 with messages by field
    otherwise), as a plain dict."""
    body = serializer_class(data=request.data, **kwargs)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)
