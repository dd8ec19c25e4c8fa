"""Authorization matrix rows for the ledger (妇女信息台账): pages and /api/v1/ledger/.

Each target organization gets, the first time a row asks, one ledger entry and one grid,
built with the ORM (no audit). A grid is created only at a community (新河一社区, the
descendant): at the street (own) the API refuses it with 400. The ledger is read by who may *change* at the community:
the world's cadre (新河街道 with its subtree) reads own and descendant; department staff,
members without a grid and party approvers read no entry (least privilege, 404)."""

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import (
    LOGIN,
    NONE,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHORIZED,
    VIEW_SUBTREE,
    Row,
    by_relation,
)

CHANGE_SUBTREE_REDIRECT = by_relation(REDIRECT, NOT_FOUND, NOT_FOUND, REDIRECT)
CADRE_SUBTREE = {
    "cadre": VIEW_SUBTREE,
    "department_staff": NONE,
    "member": NONE,
    "party_approver": NONE,
}
LOGGED_IN = {"cadre": OK, "department_staff": OK, "member": OK, "party_approver": OK}


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


def page(name, method, url, expect, **kwargs):
    return Row(f"ledger {name}", method, url, {**expect, "anonymous": LOGIN}, **kwargs)


def api(name, method, url, expect, **kwargs):
    return Row(
        f"ledger api {name}", method, url, {**expect, "anonymous": UNAUTHORIZED}, api=True, **kwargs
    )


def _entry_page(name):
    return lambda o: reverse(name, args=[entry_of(o).pk])


LEDGER_ROWS = [
    page("list", "GET", lambda o: reverse("ledger:list") + f"?organization={o.pk}", LOGGED_IN),
    page("my grids", "GET", lambda o: reverse("ledger:my"), LOGGED_IN),
    page("recheck list", "GET", lambda o: reverse("ledger:recheck"), LOGGED_IN),
    page("counts", "GET", lambda o: reverse("ledger:counts") + f"?org={o.pk}", CADRE_SUBTREE),
    page("transfers", "GET", lambda o: reverse("ledger:transfers"), LOGGED_IN),
    page("entry detail", "GET", _entry_page("ledger:entry"), CADRE_SUBTREE),
    page("entry edit page", "GET", _entry_page("ledger:edit"), CADRE_SUBTREE),
    page(
        "entry edit submit",
        "POST",
        _entry_page("ledger:edit"),
        {**CADRE_SUBTREE, "cadre": CHANGE_SUBTREE_REDIRECT},
        data=lambda o: {"name": f"{o.code}台账人", "gender": "F", "address": "新址"},
        writes=True,
    ),
    page("new entry page", "GET", lambda o: reverse("ledger:create", args=[o.pk]), CADRE_SUBTREE),
    page(
        "reveal form",
        "GET",
        lambda o: reverse("ledger:reveal", args=[entry_of(o).pk, "phone"]),
        CADRE_SUBTREE,
    ),
    page(
        "reveal phone",
        "POST",
        lambda o: reverse("ledger:reveal", args=[entry_of(o).pk, "phone"]),
        CADRE_SUBTREE,
        data=lambda o: {"reason": "核对联系方式"},
        writes=True,
    ),
    page(
        "category add",
        "POST",
        _entry_page("ledger:category-add"),
        {**CADRE_SUBTREE, "cadre": CHANGE_SUBTREE_REDIRECT},
        data=lambda o: {"category": _category_pk(), "start_date": "2026-01-05"},
        writes=True,
    ),
    page("transfer page", "GET", _entry_page("ledger:transfer"), CADRE_SUBTREE),
    page("visit page", "GET", _entry_page("ledger:visit"), CADRE_SUBTREE),
    page("grids page", "GET", lambda o: reverse("ledger:grids", args=[o.pk]), CADRE_SUBTREE),
    page(
        "grid detail", "GET", lambda o: reverse("ledger:grid", args=[grid_of(o).pk]), CADRE_SUBTREE
    ),
    page(
        "grid edit page",
        "GET",
        lambda o: reverse("ledger:grid-edit", args=[grid_of(o).pk]),
        CADRE_SUBTREE,
    ),
    page(
        "grid edit submit",
        "POST",
        lambda o: reverse("ledger:grid-edit", args=[grid_of(o).pk]),
        {**CADRE_SUBTREE, "cadre": CHANGE_SUBTREE_REDIRECT},
        data=lambda o: {"name": f"{o.code}网格", "note": "1-4号楼"},
        writes=True,
    ),
    api("entries", "GET", lambda o: f"/api/v1/ledger/entries/?organization={o.pk}", LOGGED_IN),
    api("entry", "GET", lambda o: f"/api/v1/ledger/entries/{entry_of(o).pk}/", CADRE_SUBTREE),
    api(
        "entry patch",
        "PATCH",
        lambda o: f"/api/v1/ledger/entries/{entry_of(o).pk}/",
        CADRE_SUBTREE,
        data=lambda o: {"address": "新址"},
        writes=True,
    ),
    api(
        "entry reveal",
        "POST",
        lambda o: f"/api/v1/ledger/entries/{entry_of(o).pk}/reveal/",
        CADRE_SUBTREE,
        data=lambda o: {"field": "phone", "reason": "核对"},
        writes=True,
    ),
    api("grid", "GET", lambda o: f"/api/v1/ledger/grids/{grid_of(o).pk}/", CADRE_SUBTREE),
    api("categories", "GET", lambda o: "/api/v1/ledger/categories/", LOGGED_IN),
    api(
        "entry add category",
        "POST",
        lambda o: f"/api/v1/ledger/entries/{entry_of(o).pk}/add-category/",
        CADRE_SUBTREE,
        data=lambda o: {"category": "volunteers", "start_date": "2026-01-05"},
        writes=True,
    ),
    api(
        "grid create",
        "POST",
        lambda o: "/api/v1/ledger/grids/",
        {**CADRE_SUBTREE, "cadre": by_relation(400, NOT_FOUND, NOT_FOUND, 201)},
        data=lambda o: {"organization": o.pk, "name": f"{o.code}新网格"},
        writes=True,
    ),
    api("counts", "GET", lambda o: f"/api/v1/ledger/counts/?organization={o.pk}", CADRE_SUBTREE),
    api("transfers", "GET", lambda o: "/api/v1/ledger/transfers/", LOGGED_IN),
    api("visits", "GET", lambda o: "/api/v1/ledger/visits/", LOGGED_IN),
]
