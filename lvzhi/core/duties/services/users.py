"""User accounts: the system administrator's duty. Accounts are deactivated, never
deleted, so the audit trail keeps who acted."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.services import audit, diff

from . import SEPARATION_KEY, check_separation, require_duty

FIELDS = ("username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser")
PRIVILEGES = ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")


def _duty_message():
    return _("只有系统管理员可以管理用户账号。")


def user_snapshot(user) -> dict:
    values = {name: getattr(user, name) for name in FIELDS}
    if user.pk:
        values["groups"] = sorted(user.groups.values_list("name", flat=True))
        values["user_permissions"] = sorted(
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        )
    return values


def validate_user_change(*, actor, user, changes: dict) -> str:
    """Refusals shared by the services and the admin's form; returns the separation
    warning ('' if none)."""
    require_duty(actor, "manage_accounts", _duty_message())
    own_privileges = [
        name
        for name in PRIVILEGES
        if name in changes and (name not in FIELDS or changes[name] != getattr(user, name))
    ]
    if user.pk and user.pk == actor.pk and own_privileges and not actor.is_superuser:
        raise ValidationError(_("不能更改自己账号的权限或停用自己的账号。"))
    if changes.get("is_superuser") and not user.is_superuser and not actor.is_superuser:
        raise ValidationError({"is_superuser": _("只有超级用户可以授予超级用户权限。")})
    if "username" in changes:
        User = get_user_model()
        if User.objects.filter(username=changes["username"]).exclude(pk=user.pk).exists():
            raise ValidationError({"username": _("该用户名已被使用。")})
    if "is_superuser" in changes and user.pk:
        return check_separation(user, superuser=bool(changes["is_superuser"]))
    return ""


def _apply(user, changes: dict) -> None:
    for name in FIELDS:
        if name in changes:
            setattr(user, name, changes[name])
    user.full_clean(exclude=["password"], validate_unique=False)
    user.save()
    if "groups" in changes:
        user.groups.set(list(changes["groups"]))
    if "user_permissions" in changes:
        user.user_permissions.set(list(changes["user_permissions"]))


def _audit(actor, action, user, before, warning="", extra=None):
    changes = diff(before, user_snapshot(user))
    changes.update(extra or {})
    if warning:
        changes[SEPARATION_KEY] = [None, warning]
    if changes:
        audit(actor=actor, action=action, obj=user, organization=None, changes=changes)
    return changes


@transaction.atomic
def user_account_create(*, actor, username: str, password: str | None = None, **fields):
    """A new account; ``password`` None leaves it without a usable password. Fields:
    first_name, last_name, email, is_active, is_staff, is_superuser, groups,
    user_permissions."""
    User = get_user_model()
    user = User(username=username)
    changes = {"username": username, **fields}
    validate_user_change(actor=actor, user=user, changes=changes)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    _apply(user, changes)
    _audit(
        actor, "create", user, {}, extra={"password": [None, _("（已设置）")]} if password else None
    )
    return user


@transaction.atomic
def user_account_update(*, actor, user, **changes):
    """Change an account's names, e-mail, flags, groups or permissions (only those given)."""
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    before = user_snapshot(user)
    changes = {
        k: v for k, v in changes.items() if k in FIELDS or k in ("groups", "user_permissions")
    }
    warning = validate_user_change(actor=actor, user=user, changes=changes)
    _apply(user, changes)
    _audit(actor, "update", user, before, warning)
    return user


def user_account_deactivate(*, actor, user):
    return user_account_update(actor=actor, user=user, is_active=False)


def password_set_audit(*, actor, user, usable: bool = True) -> None:
    """Audit a password an administrator set for someone (the admin's password form saves
    it; the value never reaches the audit log). Call inside the same transaction."""
    require_duty(actor, "manage_accounts", _duty_message())
    changes = {"password": [None, _("（已重设）") if usable else _("（已停用密码登录）")]}
    audit(actor=actor, action="update", obj=user, organization=None, changes=changes)
