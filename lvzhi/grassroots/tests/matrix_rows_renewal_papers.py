"""Authorization matrix rows for a term renewal's papers (R-OR-08): whoever sees the
renewal's election prints its papers; the results report before the committee is elected
answers 400 with the reason to those in scope (404 to the others); nothing is written."""

from django.contrib.auth import get_user_model

from lvzhi.core.tests.matrix import (
    BAD,
    NOT_FOUND,
    VIEWERS,
    api_read,
    by_relation,
    page,
    readers,
)
from lvzhi.grassroots.elections import services

API = "/api/v1/grassroots/elections"
REFUSED_TO_READERS = readers(
    by_relation(BAD, NOT_FOUND, NOT_FOUND, BAD), by_relation(BAD, NOT_FOUND, NOT_FOUND, NOT_FOUND)
)


def _renewal(o):
    """The target federation's renewal election, opened (made before the matrix counts)."""
    if not hasattr(o, "renewal"):
        admin = get_user_model().objects.get(username="admin")
        o.renewal = services.election_open_renewal(actor=admin, federation=o)
    return o.renewal


RENEWAL_PAPER_ROWS = [
    page(
        "renewal paper (Word) page",
        lambda o: f"/grassroots/elections/{_renewal(o).pk}/renewal-documents/request.docx",
        VIEWERS,
    ),
    api_read(
        "API renewal paper (Word)",
        lambda o: f"{API}/{_renewal(o).pk}/renewal-documents/candidates/",
        VIEWERS,
    ),
    page(
        "renewal results report before the results page",
        lambda o: f"/grassroots/elections/{_renewal(o).pk}/renewal-documents/results.docx",
        REFUSED_TO_READERS,
    ),
    api_read(
        "API renewal results report before the results",
        lambda o: f"{API}/{_renewal(o).pk}/renewal-documents/results/",
        REFUSED_TO_READERS,
    ),
]
