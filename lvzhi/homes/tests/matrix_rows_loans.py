"""Authorization matrix rows of lending to a woman of the ledger (R-HM-05): the search page
and the borrowers endpoint name women, so they answer who may change the home
(``cadres()``); anyone else 404."""

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import Row, cadres

from .matrix_rows_homes import API, home_of

LOAN_LEDGER_ROWS = [
    Row(
        "homes lend from the ledger",
        "GET",
        lambda o: reverse("homes:loan-ledger", args=[home_of(o).pk]) + "?q=李",
        cadres(),
    ),
    Row(
        "homes api borrowers",
        "GET",
        lambda o: f"{API}/borrowers/?home={home_of(o).pk}&q=李",
        cadres(),
        api=True,
    ),
]
