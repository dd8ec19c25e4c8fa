"""What the ledger offers the 妇女之家 lending register through ``lvzhi.core.hooks`` (same
layer, no import either way): the women of the ledger a cadre may pick as a borrower,
each named with her grid and a masked phone, never an ID number or an address."""

from lvzhi.core.pii import mask_phone
from lvzhi.orgs.filters import subtree_q

from .selectors import entries

LIMIT = 20


def home_borrowers(*, user, organization, query: str = "", ids=()) -> list[dict]:
    """Hook ``home_borrowers``: the registered (not closed, not anonymised) entries under
    ``organization`` the user may read (``selectors.entries``: her communities as a
    cadre, her grids as a worker), found by name (``query``) or by id (``ids``); at most
    :data:`LIMIT`. ``{"id", "name", "label"}`` each; the label masks the phone."""
    query = (query or "").strip()
    ids = [int(i) for i in ids if str(i).isdigit()]
    if not query and not ids:
        return []
    rows = (
        entries(user)
        .prefetch_related(None)
        .filter(subtree_q(organization.path, "org_path"))
        .filter(closed_on__isnull=True, anonymised_at__isnull=True)
    )
    rows = rows.filter(pk__in=ids) if ids else rows.filter(name__contains=query)
    found = []
    for entry in rows.order_by("name", "id")[:LIMIT]:
        place = entry.grid.name if entry.grid_id else entry.organization.name
        phone = mask_phone(entry.phone)
        label = f"{entry.name}（{place}{'，' + phone if phone else ''}）"
        found.append({"id": entry.pk, "name": entry.name, "label": label})
    return found
