"""Session lifetimes and the forced password change, for every page and session-authenticated
API call."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .selectors import must_change_password

SESSION_STARTED = "lvzhi_session_started"
SESSION_SEEN = "lvzhi_session_seen"
SESSION_PASSWORD_OK = "lvzhi_password_ok"
# The last-activity stamp is rewritten at most this often (fewer session writes).
TOUCH_EVERY = 60


def _now() -> float:
    """The clock of session lifetimes (tests move it)."""
    return time.time()


class SessionLifetimeMiddleware:
    """Logs out after ``SESSION_IDLE_MINUTES`` without a request and ``SESSION_MAX_HOURS``
    after login, whichever comes first (等保三级), and sends the user to the login page
    with "长时间未操作，请重新登录". The cookie and the stored session expire at the same
    moment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = _now()
            idle = settings.SESSION_IDLE_MINUTES * 60
            lifetime = settings.SESSION_MAX_HOURS * 3600
            session = request.session
            started = session.get(SESSION_STARTED)
            seen = session.get(SESSION_SEEN)
            if started is None:
                session[SESSION_STARTED] = started = now
            if (seen is not None and now - seen > idle) or now - started > lifetime:
                return self._expired(request)
            if seen is None or now - seen >= TOUCH_EVERY:
                session[SESSION_SEEN] = now
                session.set_expiry(max(1, int(min(idle, started + lifetime - now))))
        return self.get_response(request)

    def _expired(self, request):
        logout(request)
        message = _("长时间未操作，请重新登录")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=401)
        messages.warning(request, message)
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


# The second factor (lvzhi.core.twofactor) comes first: its pages stay open, or the two
# holds would send each other round in a loop.
EXEMPT_PREFIXES = ("/i18n/", "/account/2fa/")


def _exempt(path: str) -> bool:
    return path in {
        reverse("account-password"),
        reverse("logout"),
        reverse("login"),
    } or path.startswith((settings.STATIC_URL, *EXEMPT_PREFIXES))


class PasswordChangeRequiredMiddleware:
    """While an account must change its password, every page redirects to
    /account/password/ and the API answers 403 with a Chinese sentence. The answer is
    remembered in the session once the password is fine (one query per login, not per
    request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(SESSION_PASSWORD_OK)
            and not _exempt(request.path)
        ):
            if must_change_password(user):
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": password_change_message()}, status=403)
                return redirect("account-password")
            request.session[SESSION_PASSWORD_OK] = True
        return self.get_response(request)


def password_change_message() -> str:
    return _("首次登录须先修改口令，请在“修改密码”页面设置新口令后再使用。")


def on_user_logged_in(sender, request, user, **kwargs):
    """Connected to ``user_logged_in``: the absolute lifetime starts at each login, and the
    forced-change state is read once here rather than on the first page."""
    session = getattr(request, "session", None)
    if session is None:
        return
    now = _now()
    session[SESSION_STARTED] = now
    session[SESSION_SEEN] = now
    session.set_expiry(
        max(1, int(min(settings.SESSION_IDLE_MINUTES * 60, settings.SESSION_MAX_HOURS * 3600)))
    )
    session[SESSION_PASSWORD_OK] = not must_change_password(user)
