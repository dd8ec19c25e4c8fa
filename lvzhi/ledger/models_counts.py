"""The ledger's counts per organization (统计): kept by the ledger's services on every
write that changes what is counted, so a roll-up over any subtree is a path-range SUM
over a few rows per organization instead of a count over the entries (issue 15: the
province's counts in < 1 s at 3,000,000 entries). Counts only: no personal data.

One row per organization with ``category`` empty holds its entries still registered (not
closed), and among them the children (an open children's category) and the women (the
other female entries); one row per organization and category holds its registered entries
with that category open. ``lvzhi.ledger.counts`` keeps them and checks them against a
count of the entries."""

from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import PathField


class OrgCount(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("组织")
    )
    org_path = PathField(_("组织路径"), max_length=255, editable=False)
    category = models.ForeignKey(
        "ledger.Category",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("类别"),
    )
    entries = models.IntegerField(_("在册人数"), default=0)
    women = models.IntegerField(_("妇女"), default=0)
    children = models.IntegerField(_("儿童"), default=0)

    class Meta:
        verbose_name = _("台账统计")
        verbose_name_plural = _("台账统计")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "category"],
                condition=models.Q(category__isnull=False),
                name="unique_ledger_org_category_count",
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(category__isnull=True),
                name="unique_ledger_org_count",
            ),
        ]
        # A subtree's roll-up reads every column from the index alone (org_path first:
        # the path range), as members' OrgCompliance does.
        indexes = [
            models.Index(
                fields=["org_path", "category", "entries", "women", "children"],
                name="ledger_orgcount_rollup",
            )
        ]

    def __str__(self):
        return f"{self.organization_id} {self.category_id or '-'} {self.entries}"


@receiver(pre_delete, sender="ledger.Entry", dispatch_uid="ledger_counts_entry_deleted")
def _entry_deleted(sender, instance, **kwargs):
    from .counts import entry_deleted

    entry_deleted(instance.pk)
