"""/account/2fa/: an administrator binds an authenticator app (QR code and secret, then
a code to confirm) or removes it; /account/2fa/verify/: the code after the password."""

from base64 import b32encode

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lvzhi.core.forms import errors_to_form
from lvzhi.core.twofactor import rules, services
from lvzhi.core.twofactor.forms import CodeForm


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return target


@login_required
def setup(request):
    user = request.user
    if not rules.eligible(is_staff=user.is_staff, is_superuser=user.is_superuser):
        raise Http404(_("页面不存在"))
    device = services.confirmed_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if device is not None:
                services.otp_remove(actor=user, user=user, code=form.cleaned_data["code"])
                messages.success(request, _("已解除动态验证码绑定。"))
                return redirect("twofactor:setup")
            device = services.otp_enrol(actor=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            django_otp.login(request, device)
            messages.success(request, _("已绑定动态验证码，以后登录时需输入验证码。"))
            return redirect(_next(request) or "twofactor:setup")
    context = {"form": form, "device": device, "next": _next(request)}
    if device is None:
        pending = services.otp_device_prepare(user=user)
        context["secret"] = rules.grouped_secret(b32encode(pending.bin_key).decode())
        context["qr_svg"] = mark_safe(  # noqa: S308 (segno's own markup of our own URL)
            segno.make(pending.config_url, error="m").svg_inline(scale=4, border=2)
        )
    return render(request, "core/twofactor/setup.html", context)


@login_required
def verify(request):
    if services.confirmed_device(request.user) is None or request.user.is_verified():
        return redirect(_next(request) or "home")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, message = services.otp_verify(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next(request) or "home")
        form.add_error("code", message)
    return render(request, "core/twofactor/verify.html", {"form": form, "next": _next(request)})
