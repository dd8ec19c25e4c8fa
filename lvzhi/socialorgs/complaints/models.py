"""A public complaint about a filed social organization (第十二条). The complaint itself is
a supervision message (lvzhi.catalog: tracking code, rate limit, reply deadline, answered
by the filing federation's cadres in their message inbox); this row ties it to the
organization and to the dated entry it made in the organization's supervision ledger."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import OrgScopedModel


class Complaint(OrgScopedModel):
    """``org_path``: the filing federation's path (the organization's own)."""

    organization = models.ForeignKey(
        "socialorgs.SocialOrganization",
        on_delete=models.CASCADE,
        related_name="complaints",
        verbose_name=_("社会组织"),
    )
    message = models.OneToOneField(
        "catalog.SupervisionMessage",
        on_delete=models.CASCADE,
        related_name="social_complaint",
        verbose_name=_("监督留言"),
    )
    entry = models.OneToOneField(
        "socialorgs.LedgerEntry",
        on_delete=models.CASCADE,
        related_name="complaint",
        verbose_name=_("台账记录"),
    )

    class Meta:
        verbose_name = _("公众投诉")
        verbose_name_plural = _("公众投诉")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.organization_id} {self.message_id}"
