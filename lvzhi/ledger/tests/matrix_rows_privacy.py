"""Authorization matrix rows of the ledger's personal-information pages (PIPL): the read
log, legal bases, closing an entry and the per-person report. Only the community's
cadres (``change``) act; the report also needs ``reveal_pii``; the read log lists only
what the reader may review (others get an empty page, or 404 for one entry)."""

from django.urls import reverse

from lvzhi.core.tests.matrix import (
    CADRE_WRITES,
    CADRES,
    CREATED_SUBTREE,
    SIGNED_IN,
    api_read,
    api_write,
    cadres,
    page,
    page_submit,
    url,
)

from .matrix_rows_ledger import API, entry_of

PRIVACY_ROWS = [
    page("ledger read log", lambda o: reverse("ledger:reads"), SIGNED_IN),
    page(
        "ledger read log of an entry",
        lambda o: reverse("ledger:reads") + f"?entry={entry_of(o).pk}",
        CADRES,
    ),
    page_submit(
        "ledger consent add",
        url("ledger:consent-add", entry_of),
        CADRE_WRITES,
        lambda o: {
            "basis": "consent",
            "scope": "建立台账、走访帮扶",
            "given_on": "2026-01-05",
            "given_by": "本人",
        },
    ),
    page_submit(
        "ledger entry close",
        url("ledger:close", entry_of),
        CADRE_WRITES,
        lambda o: {"reason": "moved_away", "date": "2026-01-05"},
    ),
    page("ledger report form", url("ledger:report", entry_of), CADRES),
    page_submit(
        "ledger report",
        url("ledger:report", entry_of),
        CADRES,
        lambda o: {"purpose": "本人申请查阅"},
    ),
    api_read("ledger api reads", lambda o: f"{API}/reads/", SIGNED_IN),
    api_read(
        "ledger api entry privacy", lambda o: f"{API}/entries/{entry_of(o).pk}/privacy/", CADRES
    ),
    api_write(
        "ledger api consent",
        "POST",
        lambda o: f"{API}/entries/{entry_of(o).pk}/consent/",
        cadres(CREATED_SUBTREE),
        lambda o: {
            "basis": "statutory",
            "scope": "台账",
            "duty": "妇女权益保障法",
            "given_on": "2026-01-05",
        },
    ),
    api_write(
        "ledger api close",
        "POST",
        lambda o: f"{API}/entries/{entry_of(o).pk}/close/",
        CADRES,
        lambda o: {"reason": "deceased", "date": "2026-01-05"},
    ),
]
