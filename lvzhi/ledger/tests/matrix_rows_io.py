"""Authorization matrix rows of the ledger API's import (preview, confirm), per-person
report, and a visit's edit and deletion. The import needs ``import`` at a community: the
street (own) and a body without a file answer 400, out of scope 404. The report needs
``reveal_pii`` (the cadre's); a visit is edited by the community's cadre (or its visitor)."""

import datetime as dt

from lvzhi.core.tests.matrix import (
    CADRE_WRITES,
    CADRES,
    NOT_FOUND,
    REFUSED_SUBTREE,
    api_read,
    api_write,
    by_relation,
    cadres,
    page,
    page_submit,
    url,
)

from .matrix_rows_ledger import API, entry_of

DELETED_SUBTREE = by_relation(204, NOT_FOUND, NOT_FOUND, 204)


def visit_of(o):
    if getattr(o, "_ledger_visit", None) is None:
        from lvzhi.ledger.models import Visit

        entry = entry_of(o)
        o._ledger_visit = Visit.objects.create(
            entry=entry,
            org_path=entry.org_path,
            visitor=o.person,
            date=dt.date(2026, 1, 5),
            findings="在家",
        )
    return o._ledger_visit


IO_ROWS = [
    page("ledger visit edit page", url("ledger:visit-edit", visit_of), CADRES),
    page_submit(
        "ledger visit edit",
        url("ledger:visit-edit", visit_of),
        CADRE_WRITES,
        lambda o: {"date": "2026-01-06", "findings": "在家，身体好"},
    ),
    page_submit("ledger visit delete", url("ledger:visit-delete", visit_of), CADRE_WRITES),
    api_write(
        "ledger api import preview (no file)",
        "POST",
        lambda o: f"{API}/imports/preview/",
        cadres(REFUSED_SUBTREE),
        lambda o: {"organization": o.pk},
        writes=False,
    ),
    api_write(
        "ledger api import confirm (no file)",
        "POST",
        lambda o: f"{API}/imports/confirm/",
        cadres(REFUSED_SUBTREE),
        lambda o: {"organization": o.pk, "digest": "0" * 64},
        writes=False,
    ),
    api_write(
        "ledger api person report",
        "POST",
        lambda o: f"{API}/entries/{entry_of(o).pk}/report/",
        CADRES,
        lambda o: {"purpose": "本人申请查阅"},
    ),
    api_read("ledger api visit", lambda o: f"{API}/visits/{visit_of(o).pk}/", CADRES),
    api_write(
        "ledger api visit patch",
        "PATCH",
        lambda o: f"{API}/visits/{visit_of(o).pk}/",
        CADRES,
        lambda o: {"needs": "就业培训"},
    ),
    api_write(
        "ledger api visit delete",
        "DELETE",
        lambda o: f"{API}/visits/{visit_of(o).pk}/",
        cadres(DELETED_SUBTREE),
    ),
]
