"""Request id (carried into logs and audit events), the current request (read by the list
exports to start a background job, lvzhi.core.export_jobs) and the production CSP header."""

import contextvars
import logging
import re
import uuid

from django.conf import settings

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_request: contextvars.ContextVar = contextvars.ContextVar("request", default=None)
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id() -> str:
    return _request_id.get()


def current_request():
    """The request being answered in this thread or task (None outside a request)."""
    return _request.get()


class RequestIdMiddleware:
    """Takes X-Request-ID from a trusted proxy when well-formed, else makes one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        current = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(current)
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record):
        record.request_id = _request_id.get()
        return True


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SEND_CSP and not request.path.startswith("/api/docs"):
            response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
