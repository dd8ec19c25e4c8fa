"""Authorization matrix rows of the ledger's monthly trends (page and API): read by who
reads the ledger there (``change``), 404 for the others."""

from django.urls import reverse

from lvzhi.core.tests.matrix import CADRES, api_read, page

from .matrix_rows_ledger import API

TREND_ROWS = [
    page("ledger trends", lambda o: reverse("ledger:trends") + f"?org={o.pk}", CADRES),
    api_read("ledger api trends", lambda o: f"{API}/trends/?organization={o.pk}&by=grid", CADRES),
]
