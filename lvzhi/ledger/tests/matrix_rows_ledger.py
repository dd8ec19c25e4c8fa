"""Authorization matrix rows for the ledger (妇女信息台账): pages and /api/v1/ledger/.

Each target organization gets, the first time a row asks, one ledger entry and one grid,
built with the ORM (no audit). A grid is created only at a community (新河一社区, the
descendant): at the street (own) the API refuses it with 400. The ledger is read by who may *change* at the community:
the world's cadre (新河街道 with its subtree) reads own and descendant; department staff,
members without a grid and party approvers read no entry (least privilege, 404)."""

from django.urls import reverse

from lvzhi.core.tests.matrix import (
    CADRE_WRITES,
    CADRES,
    NOT_FOUND,
    SIGNED_IN,
    api_read,
    api_write,
    by_relation,
    cadres,
    named_url,
    page,
    page_submit,
    url,
)

API = "/api/v1/ledger"
# A grid is created at a community only: the street (own) answers 400.
GRID_CREATES = cadres(by_relation(400, NOT_FOUND, NOT_FOUND, 201))


def entry_of(o):
    if getattr(o, "_ledger_entry", None) is None:
        from lvzhi.ledger.models import Entry

        o._ledger_entry = Entry.objects.create(
            organization=o, org_path=o.path, name=f"{o.code}台账人", phone="13812345678"
        )
    return o._ledger_entry


def grid_of(o):
    if getattr(o, "_ledger_grid", None) is None:
        from lvzhi.ledger.models import Grid

        o._ledger_grid = Grid.objects.create(organization=o, org_path=o.path, name=f"{o.code}网格")
    return o._ledger_grid


def _category_pk():
    from lvzhi.ledger.models import Category

    return Category.objects.get(code="left_behind_women").pk


def _reveal(o):
    return reverse("ledger:reveal", args=[entry_of(o).pk, "phone"])


LEDGER_ROWS = [
    page("ledger list", lambda o: reverse("ledger:list") + f"?organization={o.pk}", SIGNED_IN),
    page("ledger my grids", named_url("ledger:my"), SIGNED_IN),
    page("ledger recheck list", named_url("ledger:recheck"), SIGNED_IN),
    page("ledger counts", lambda o: reverse("ledger:counts") + f"?org={o.pk}", CADRES),
    page("ledger transfers", named_url("ledger:transfers"), SIGNED_IN),
    page("ledger entry detail", url("ledger:entry", entry_of), CADRES),
    page("ledger entry edit page", url("ledger:edit", entry_of), CADRES),
    page_submit(
        "ledger entry edit submit",
        url("ledger:edit", entry_of),
        CADRE_WRITES,
        lambda o: {"name": f"{o.code}台账人", "gender": "F", "address": "新址"},
    ),
    page("ledger new entry page", url("ledger:create"), CADRES),
    page("ledger reveal form", _reveal, CADRES),
    page_submit("ledger reveal phone", _reveal, CADRES, lambda o: {"reason": "核对联系方式"}),
    page_submit(
        "ledger category add",
        url("ledger:category-add", entry_of),
        CADRE_WRITES,
        lambda o: {"category": _category_pk(), "start_date": "2026-01-05"},
    ),
    page("ledger transfer page", url("ledger:transfer", entry_of), CADRES),
    page("ledger visit page", url("ledger:visit", entry_of), CADRES),
    page("ledger grids page", url("ledger:grids"), CADRES),
    page("ledger grid detail", url("ledger:grid", grid_of), CADRES),
    page("ledger grid edit page", url("ledger:grid-edit", grid_of), CADRES),
    page_submit(
        "ledger grid edit submit",
        url("ledger:grid-edit", grid_of),
        CADRE_WRITES,
        lambda o: {"name": f"{o.code}网格", "note": "1-4号楼"},
    ),
    api_read("ledger api entries", lambda o: f"{API}/entries/?organization={o.pk}", SIGNED_IN),
    api_read("ledger api entry", lambda o: f"{API}/entries/{entry_of(o).pk}/", CADRES),
    api_write(
        "ledger api entry patch",
        "PATCH",
        lambda o: f"{API}/entries/{entry_of(o).pk}/",
        CADRES,
        lambda o: {"address": "新址"},
    ),
    api_write(
        "ledger api entry reveal",
        "POST",
        lambda o: f"{API}/entries/{entry_of(o).pk}/reveal/",
        CADRES,
        lambda o: {"field": "phone", "reason": "核对"},
    ),
    api_read("ledger api grid", lambda o: f"{API}/grids/{grid_of(o).pk}/", CADRES),
    api_read("ledger api categories", lambda o: f"{API}/categories/", SIGNED_IN),
    api_write(
        "ledger api entry add category",
        "POST",
        lambda o: f"{API}/entries/{entry_of(o).pk}/add-category/",
        CADRES,
        lambda o: {"category": "volunteers", "start_date": "2026-01-05"},
    ),
    api_write(
        "ledger api grid create",
        "POST",
        lambda o: f"{API}/grids/",
        GRID_CREATES,
        lambda o: {"organization": o.pk, "name": f"{o.code}新网格"},
    ),
    api_read("ledger api counts", lambda o: f"{API}/counts/?organization={o.pk}", CADRES),
    api_read("ledger api transfers", lambda o: f"{API}/transfers/", SIGNED_IN),
    api_read("ledger api visits", lambda o: f"{API}/visits/", SIGNED_IN),
]
