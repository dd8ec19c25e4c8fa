"""Authorization matrix rows for the 四新 register, blank spots and coverage: a federation
sees the register of its own subtree only; only cadres (create/change/import) write."""

from django.urls import reverse

from lvzhi.core.tests.matrix import (
    CADRE_CREATES,
    CADRE_WRITES,
    CADRES,
    OK,
    VIEWERS,
    api_read,
    api_write,
    cadres,
    named_url,
    page,
    page_submit,
    url,
)

from .conftest import add_sixin

API = "/api/v1/grassroots"
CADRES_ANYWHERE = cadres(OK)  # the import pages: any cadre, whichever organization


def _sixin(o):
    """The target organization's 四新 row, made on first use (before the matrix counts)."""
    if not hasattr(o, "sixin"):
        o.sixin = add_sixin(o, f"{o.name}辖区某公司", 35, party=True)
    return o.sixin


def _form(o):
    return {
        "name": "改名后的公司",
        "category": "economic",
        "fixed_staff": 50,
        "fixed_female_staff": 10,
    }


def _at(name):
    """``o`` -> the page named ``name`` for the organization ``o`` (``?org=``)."""
    return lambda o: reverse(name) + f"?org={o.pk}"


GRASSROOTS_ROWS = [
    page("sixin list page", _at("grassroots:sixin-list"), VIEWERS),
    page("sixin detail page", url("grassroots:sixin-detail", _sixin), VIEWERS),
    page("sixin edit page", url("grassroots:sixin-edit", _sixin), CADRES),
    page_submit("sixin edit submit", url("grassroots:sixin-edit", _sixin), CADRE_WRITES, _form),
    page("sixin new page", _at("grassroots:sixin-create"), CADRES),
    page_submit("sixin new submit", _at("grassroots:sixin-create"), CADRE_WRITES, _form),
    page("founding result page", url("grassroots:founding-result", _sixin), CADRES),
    page_submit("founding start", url("grassroots:founding-start", _sixin), CADRE_WRITES),
    page("coverage page", _at("grassroots:coverage"), VIEWERS),
    page("coverage export", _at("grassroots:coverage-export"), VIEWERS),
    page("renewals page", _at("grassroots:renewals"), VIEWERS),
    page("women groups page", _at("grassroots:women-groups"), VIEWERS),
    page("sixin import page", named_url("grassroots:import"), CADRES_ANYWHERE),
    page("sixin import template", named_url("grassroots:import-template"), CADRES_ANYWHERE),
    api_read("API sixin", lambda o: f"{API}/sixin/{_sixin(o).pk}/", VIEWERS),
    api_write(
        "API sixin update",
        "PATCH",
        lambda o: f"{API}/sixin/{_sixin(o).pk}/",
        CADRES,
        lambda o: {"note": "核实"},
    ),
    api_write(
        "API sixin create",
        "POST",
        lambda o: f"{API}/sixin/",
        CADRE_CREATES,
        lambda o: {
            "organization": o.pk,
            "name": "新登记公司",
            "category": "social",
            "fixed_staff": 5,
            "fixed_female_staff": 3,
        },
    ),
    api_read("API renewals", lambda o: f"{API}/renewals/{o.pk}/", VIEWERS),
    api_read("API women groups", lambda o: f"{API}/women-groups/{o.pk}/", VIEWERS),
    api_read("API coverage", lambda o: f"{API}/coverage/{o.pk}/", VIEWERS),
]
