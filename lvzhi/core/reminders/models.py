"""Reminder: one in-platform reminder to one user, once per key (the module's daily job
names what it is about, e.g. ``R-OR-08:term12:6``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import OrgScopedModel


class Reminder(OrgScopedModel):
    """An in-platform reminder (written by `lvzhi run_daily`), once per key."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    key = models.CharField(max_length=120)
    text = models.CharField(_("提醒"), max_length=500)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_reminder")]

    def __str__(self):
        return self.text
