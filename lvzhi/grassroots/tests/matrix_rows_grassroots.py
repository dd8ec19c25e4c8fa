"""Authorization matrix rows for the 四新 register, blank spots and coverage: a federation
sees the register of its own subtree only; only cadres (create/change/import) write."""

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import (
    CHANGE_SUBTREE_REDIRECT,
    LOGIN,
    NONE,
    NOT_FOUND,
    OK,
    UNAUTHORIZED,
    VIEW_OWN_ONLY,
    VIEW_SUBTREE,
    Row,
    by_relation,
)

from .conftest import add_sixin


def _sixin(o):
    """The target organization's 四新 row, made on first use (before the matrix counts)."""
    if not hasattr(o, "sixin"):
        o.sixin = add_sixin(o, f"{o.name}辖区某公司", 35, party=True)
    return o.sixin


VIEWERS = {
    "cadre": VIEW_SUBTREE,
    "department_staff": VIEW_OWN_ONLY,
    "member": VIEW_OWN_ONLY,
    "party_approver": VIEW_OWN_ONLY,
    "anonymous": LOGIN,
}
API_VIEWERS = {**VIEWERS, "anonymous": UNAUTHORIZED}
CADRES = {
    "cadre": VIEW_SUBTREE,
    "department_staff": NONE,
    "member": NONE,
    "party_approver": NONE,
    "anonymous": LOGIN,
}
CADRES_ANYWHERE = {**CADRES, "cadre": OK}


def _form(o):
    return {
        "name": "改名后的公司",
        "category": "economic",
        "fixed_staff": 50,
        "fixed_female_staff": 10,
    }


GRASSROOTS_ROWS = [
    Row(
        "sixin list page",
        "GET",
        lambda o: reverse("grassroots:sixin-list") + f"?org={o.pk}",
        VIEWERS,
    ),
    Row(
        "sixin detail page",
        "GET",
        lambda o: reverse("grassroots:sixin-detail", args=[_sixin(o).pk]),
        VIEWERS,
    ),
    Row(
        "sixin edit page",
        "GET",
        lambda o: reverse("grassroots:sixin-edit", args=[_sixin(o).pk]),
        CADRES,
    ),
    Row(
        "sixin edit submit",
        "POST",
        lambda o: reverse("grassroots:sixin-edit", args=[_sixin(o).pk]),
        {**CADRES, "cadre": CHANGE_SUBTREE_REDIRECT},
        data=_form,
        writes=True,
    ),
    Row(
        "sixin new page",
        "GET",
        lambda o: reverse("grassroots:sixin-create") + f"?org={o.pk}",
        CADRES,
    ),
    Row(
        "sixin new submit",
        "POST",
        lambda o: reverse("grassroots:sixin-create") + f"?org={o.pk}",
        {**CADRES, "cadre": CHANGE_SUBTREE_REDIRECT},
        data=_form,
        writes=True,
    ),
    Row(
        "founding result page",
        "GET",
        lambda o: reverse("grassroots:founding-result", args=[_sixin(o).pk]),
        CADRES,
    ),
    Row(
        "founding start",
        "POST",
        lambda o: reverse("grassroots:founding-start", args=[_sixin(o).pk]),
        {**CADRES, "cadre": CHANGE_SUBTREE_REDIRECT},
        writes=True,
    ),
    Row("coverage page", "GET", lambda o: reverse("grassroots:coverage") + f"?org={o.pk}", VIEWERS),
    Row(
        "coverage export",
        "GET",
        lambda o: reverse("grassroots:coverage-export") + f"?org={o.pk}",
        VIEWERS,
    ),
    Row("renewals page", "GET", lambda o: reverse("grassroots:renewals") + f"?org={o.pk}", VIEWERS),
    Row(
        "women groups page",
        "GET",
        lambda o: reverse("grassroots:women-groups") + f"?org={o.pk}",
        VIEWERS,
    ),
    Row("sixin import page", "GET", lambda o: reverse("grassroots:import"), CADRES_ANYWHERE),
    Row(
        "sixin import template",
        "GET",
        lambda o: reverse("grassroots:import-template"),
        CADRES_ANYWHERE,
    ),
    Row(
        "API sixin",
        "GET",
        lambda o: f"/api/v1/grassroots/sixin/{_sixin(o).pk}/",
        API_VIEWERS,
        api=True,
    ),
    Row(
        "API sixin update",
        "PATCH",
        lambda o: f"/api/v1/grassroots/sixin/{_sixin(o).pk}/",
        {**CADRES, "anonymous": UNAUTHORIZED},
        data=lambda o: {"note": "核实"},
        api=True,
        writes=True,
    ),
    Row(
        "API sixin create",
        "POST",
        lambda o: "/api/v1/grassroots/sixin/",
        {
            **CADRES,
            "cadre": by_relation(201, NOT_FOUND, NOT_FOUND, 201),
            "anonymous": UNAUTHORIZED,
        },
        data=lambda o: {
            "organization": o.pk,
            "name": "新登记公司",
            "category": "social",
            "fixed_staff": 5,
            "fixed_female_staff": 3,
        },
        api=True,
        writes=True,
    ),
    Row(
        "API renewals",
        "GET",
        lambda o: f"/api/v1/grassroots/renewals/{o.pk}/",
        API_VIEWERS,
        api=True,
    ),
    Row(
        "API women groups",
        "GET",
        lambda o: f"/api/v1/grassroots/women-groups/{o.pk}/",
        API_VIEWERS,
        api=True,
    ),
    Row(
        "API coverage",
        "GET",
        lambda o: f"/api/v1/grassroots/coverage/{o.pk}/",
        API_VIEWERS,
        api=True,
    ),
]
