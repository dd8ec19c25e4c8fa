"""Security state of a login account, beside Django's user (one row per account that
needs one)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountSecurity(models.Model):
    """``must_change_password`` is set for accounts created in production
    (``PASSWORD_CHANGE_ON_FIRST_LOGIN``) and cleared by ``password_change``; while it is
    set, every page sends the user to /account/password/ and the API answers 403."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account_security",
        verbose_name=_("用户"),
    )
    must_change_password = models.BooleanField(_("须修改口令"), default=False)
    password_changed_at = models.DateTimeField(_("口令修改时间"), null=True, blank=True)

    class Meta:
        app_label = "core"
        verbose_name = _("账号安全状态")
        verbose_name_plural = _("账号安全状态")

    def __str__(self):
        return str(self.user)
