"""Authorization matrix rows of the ledger's Excel import (cadres with ``import`` in the
subtree; others 404) and export (anyone signed in exports what she reads, masked; the
export is an audit event)."""

from django.urls import reverse

from lvzhi.core.tests.matrix import CADRES, SIGNED_IN, page, url

EXCEL_ROWS = [
    page("ledger import page", url("ledger:import"), CADRES),
    page("ledger import template", url("ledger:import-template"), CADRES),
    page(
        "ledger export",
        lambda o: reverse("ledger:list") + f"?organization={o.pk}&format=xlsx",
        SIGNED_IN,
        writes=True,
    ),
]
