"""Authorization matrix rows of needs (需求转办): recorded by whoever may visit her (the
world's cadre, with her subtree: own and descendant), read by whoever reads her entry,
referred by her community's cadre. A case without its process answers 400 and writes
nothing; everyone else gets 404 and nothing written."""

import datetime as dt

from lvzhi.core.tests.matrix import (
    CADRE_CREATES,
    CADRE_WRITES,
    CADRES,
    REFUSED_SUBTREE,
    SIGNED_IN,
    api_read,
    api_write,
    cadres,
    page_submit,
    url,
)

from .matrix_rows_ledger import API, entry_of


def need_of(o):
    if getattr(o, "_ledger_need", None) is None:
        from lvzhi.ledger.models import Need

        entry = entry_of(o)
        o._ledger_need = Need.objects.create(
            entry=entry,
            org_path=entry.org_path,
            kind="employment",
            description="希望参加技能培训",
            recorded_on=dt.date(2026, 1, 5),
        )
    return o._ledger_need


NEEDS_ROWS = [
    page_submit(
        "ledger need add",
        url("ledger:need-add", entry_of),
        CADRE_WRITES,
        lambda o: {"kind": "legal_aid", "description": "咨询赡养费问题"},
    ),
    page_submit(
        "ledger need refer (case without process)",
        url("ledger:need-refer", need_of),
        CADRE_WRITES,
        lambda o: {"referred_as": "case"},
        writes=False,
    ),
    api_read("ledger api needs", lambda o: f"{API}/needs/", SIGNED_IN),
    api_read("ledger api need", lambda o: f"{API}/needs/{need_of(o).pk}/", CADRES),
    api_write(
        "ledger api need create",
        "POST",
        lambda o: f"{API}/needs/",
        CADRE_CREATES,
        lambda o: {"entry": entry_of(o).pk, "kind": "hardship", "description": "生活困难"},
    ),
    api_write(
        "ledger api need refer (case without process)",
        "POST",
        lambda o: f"{API}/needs/{need_of(o).pk}/refer/",
        cadres(REFUSED_SUBTREE),
        lambda o: {"referred_as": "case"},
        writes=False,
    ),
]
