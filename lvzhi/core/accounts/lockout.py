"""django-axes configuration callables: limits read from the settings at each request (so
``LVZHI_LOGIN_FAILURE_LIMIT`` / ``LVZHI_LOGIN_LOCKOUT_SECONDS`` and tests apply), the
account key, and the lockout answer (HTTP 429, the login page with a Chinese sentence)."""

import datetime as dt
import math

from axes.handlers.cache import AxesCacheHandler
from axes.helpers import get_client_username, get_credentials, make_cache_key_list
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def failure_limit(request, credentials) -> int:
    return settings.LOGIN_FAILURE_LIMIT


def cool_off(request) -> dt.timedelta:
    return dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def username_key(request, credentials) -> str | None:
    """The account's counter key. Prefixed so that a username spelled like an address
    (``10.0.0.5``) never shares the counter of that address; case folded so that
    ``Victim`` and ``victim`` count together."""
    name = (credentials or {}).get("username")
    if name is None and request is not None:
        name = getattr(request, "data", request.POST).get("username")
    name = (name or "").strip().lower()
    return f"user:{name}" if name else None


def lockout_message() -> str:
    minutes = max(1, math.ceil(settings.LOGIN_LOCKOUT_SECONDS / 60))
    return _("登录失败次数过多，请 %(minutes)d 分钟后再试。") % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """The login page (platform or admin login alike) with the lockout sentence, 429."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    context = {
        "form": AuthenticationForm(request),
        "lockout_message": message,
        "next": request.POST.get("next") or request.GET.get("next") or "",
    }
    return render(request, "core/login.html", context, status=429)


class AccountOnlyResetHandler(AxesCacheHandler):
    """django-axes' cache handler, except that a successful login clears only her account's
    counter. Clearing the address counter as well (axes' ``AXES_RESET_ON_SUCCESS``) would
    let someone who signs in to her own account wipe it between guesses at other
    accounts' passwords; the address counter runs out with the cool-off instead."""

    def user_logged_in(self, sender, request, user, **kwargs):
        credentials = get_credentials(user.get_username())
        account = get_client_username(request, credentials)
        if account:
            self.cache.delete_many(make_cache_key_list([{"username": account}]))
