"""Writes for login accounts: the forced-change flag at creation and the password change."""

from django.conf import settings
from django.contrib.auth import password_validation
from django.db import transaction
from django.utils import timezone

from lvzhi.core.services import audit

from .models import AccountSecurity


def account_created(*, user) -> None:
    """Called once for every new account, whatever created it (``createsuperuser``, the
    admin, a service, the shell: connected to the user model's ``post_save`` in
    ``CoreConfig.ready``). In production (``PASSWORD_CHANGE_ON_FIRST_LOGIN``, on when
    ``LVZHI_DEBUG=0`` at that moment) the account must change its password at first
    login; the demo's accounts, created in development, keep their printed password."""
    if settings.PASSWORD_CHANGE_ON_FIRST_LOGIN:
        AccountSecurity.objects.update_or_create(user=user, defaults={"must_change_password": True})


@transaction.atomic
def password_change(*, actor, user, new_password: str) -> None:
    """Sets a password that satisfies the policy (raises ValidationError otherwise), clears
    the forced-change flag, and records the change (never the password) in the audit log."""
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    AccountSecurity.objects.update_or_create(
        user=user,
        defaults={"must_change_password": False, "password_changed_at": timezone.now()},
    )
    audit(actor=actor, action="password_change", obj=user, organization=None)


def on_user_saved(sender, instance, created, raw=False, **kwargs):
    """The one hook on account creation: every path that creates a user (including
    ``createsuperuser`` and the admin, which call no service of ours) passes here."""
    if created and not raw:
        account_created(user=instance)
