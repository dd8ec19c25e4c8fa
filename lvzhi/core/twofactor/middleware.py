"""Holds an administrator's session at the second factor: after the password, a staff
user with a confirmed device reaches nothing (pages, session API, admin) until she has
entered a code; with ``LVZHI_ADMIN_OTP_REQUIRED`` one without a device must enrol first.
Goes after django_otp's OTPMiddleware (which provides ``user.is_verified()``)."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from lvzhi.core.twofactor import rules

EXEMPT_PREFIXES = ("/static/", "/i18n/")


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and rules.eligible(is_staff=user.is_staff, is_superuser=user.is_superuser)
            and not request.path.startswith(EXEMPT_PREFIXES)
            and request.path != reverse("logout")
        ):
            step = rules.required_step(
                eligible=True,
                verified=user.is_verified(),
                has_device=user_has_device(user, confirmed=True),
                enrolment_required=settings.LVZHI_ADMIN_OTP_REQUIRED,
            )
            if step == rules.VERIFY and request.path != reverse("twofactor:verify"):
                return self._hold(request, "twofactor:verify", _("请先输入动态验证码完成登录。"))
            if step == rules.SETUP and request.path != reverse("twofactor:setup"):
                return self._hold(
                    request, "twofactor:setup", _("管理员账号须先绑定动态验证码（两步验证）。")
                )
        return self.get_response(request)

    @staticmethod
    def _hold(request, url_name: str, message: str):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        url = reverse(url_name)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
