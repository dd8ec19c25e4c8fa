"""Writes of the second factor: prepare a device (unconfirmed until a code proves the
app holds its key), confirm it, remove it; and check a code after the password, with
django-otp's throttling (each failure doubles the wait) and an audit event per failure."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from lvzhi.core.services import audit

DEVICE_NAME = "authenticator"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def otp_device_prepare(*, user) -> TOTPDevice:
    """The unconfirmed device whose key the enrolment page shows (the same one until it
    is confirmed, so reloading the page keeps the QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@dataclass
class CodeCheck:
    ok: bool
    message: str = ""


def _check(device: TOTPDevice, code: str, now: dt.datetime | None = None) -> CodeCheck:
    """A code against ``device``, inside django-otp's throttle: while locked, even the
    right code is refused."""
    allowed, data = device.verify_is_allowed()
    if not allowed:
        locked_until = (data or {}).get("locked_until")
        seconds = 0
        if locked_until is not None:
            seconds = max(1, int((locked_until - (now or timezone.now())).total_seconds()) + 1)
        return CodeCheck(
            False, _("尝试过于频繁，请 %(seconds)d 秒后再试。") % {"seconds": seconds or 1}
        )
    code = (code or "").strip().replace(" ", "")
    if not (code.isdigit() and len(code) == device.digits):
        device.throttle_increment()
        return CodeCheck(False, _("请输入验证器显示的 6 位数字验证码。"))
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if locked.verify_token(code):
            return CodeCheck(True)
    return CodeCheck(False, _("验证码不正确或已过期，请重新输入。"))


def otp_enrol(*, actor, code: str) -> TOTPDevice:
    """Confirm the prepared device with a code from the app; the audit event names the
    device, never its key."""
    device = otp_device_prepare(user=actor)
    result = _check(device, code)
    if not result.ok:
        raise ValidationError({"code": result.message})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor, confirmed=True).delete()
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit(actor=actor, action="otp_enrol", obj=device, changes={"confirmed": [False, True]})
    return device


def otp_remove(*, actor, user, code: str | None) -> None:
    """Remove ``user``'s device: by herself with a current code, or by the system (the
    ``otp_remove`` command, ``code=None``) when the phone is lost."""
    device = confirmed_device(user)
    if device is None:
        raise ValidationError(_("该账号没有绑定动态验证码。"))
    if code is not None:
        result = _check(device, code)
        if not result.ok:
            raise ValidationError({"code": result.message})
    with transaction.atomic():
        audit(actor=actor, action="otp_remove", obj=device, changes={"confirmed": [True, None]})
        TOTPDevice.objects.filter(user=user).delete()


def otp_verify(*, user, code: str) -> tuple[TOTPDevice | None, str]:
    """The device that accepts ``code`` after the password, or ``None`` and the reason;
    each failure is an audit event (who, when, under which request)."""
    device = confirmed_device(user)
    if device is None:
        return None, _("该账号没有绑定动态验证码。")
    result = _check(device, code)
    if result.ok:
        device.refresh_from_db()
        return device, ""
    audit(
        actor=user,
        action="otp_verify_failed",
        obj=device,
        changes={"reason": [None, result.message]},
    )
    return None, result.message
