"""Rows of the authorization matrix for the duty catalog (appended to MATRIX by the lead).

Each target organization gets a small draft catalog, built with the ORM (no audit), the
first time a row asks for it."""

from django.urls import reverse

from lvzhi.core.tests.matrix import (
    CADRE_WRITES,
    CADRES,
    VIEWERS,
    api_read,
    api_write,
    named_url,
    page,
    page_submit,
    url,
)
from lvzhi.core.tests.test_authorization_matrix import (
    BAD,
    LOGIN,
    NOT_FOUND,
    OK,
    Row,
    by_relation,
    cadres,
    everyone,
    readers,
)


def draft_of(o):
    """A draft version with one duty, one item and one repairable finding, for ``o``."""
    if getattr(o, "_catalog_draft", None) is None:
        from lvzhi.catalog.models import Catalog, CatalogVersion, Duty, DutyItem, ImportFinding

        catalog = Catalog.objects.create(organization=o, org_path=o.path, title=f"{o.name}职责目录")
        version = CatalogVersion.objects.create(catalog=catalog, org_path=o.path, number=1)
        duty = Duty.objects.create(version=version, org_path=o.path, number="1", text="职责")
        DutyItem.objects.create(
            version=version, duty=duty, org_path=o.path, number="1.1", name="事项", workflow="甲→乙"
        )
        ImportFinding.objects.create(
            version=version,
            org_path=o.path,
            code="fields_shifted",
            message="错位",
            item_number="1.1",
            repair="shift_fields_back",
            repair_fields={"workflow": "乙→丙"},
        )
        o._catalog_draft = version
    return o._catalog_draft


ANYONE = OK

CATALOG_ROWS = [
    # a catalog import job is started only by the upload page (its signed, kept file)
    Row(
        "start a catalog import without its upload",
        "POST",
        lambda o: reverse("jobs:list"),
        {
            **{role: BAD for role in ("cadre", "department_staff", "member", "party_approver")},
            "anonymous": LOGIN,
        },
        data=lambda o: {"kind": "catalog_import", "signed": f"catalog-imports/jobs/{o.pk}/x.txt"},
    ),
    page("catalog org page", url("catalog:org"), VIEWERS),
    page("catalog upload page", url("catalog:upload"), CADRES),
    page("catalog draft preview", url("catalog:version", draft_of), VIEWERS),
    page_submit(
        "catalog accept repair",
        lambda o: reverse("catalog:finding-decide", args=[draft_of(o).findings.first().pk]),
        CADRE_WRITES,
        lambda o: {"accept": "1"},
    ),
    # the draft has a pending repair: refused, back to the draft with the reason
    page_submit(
        "catalog publish",
        url("catalog:publish", draft_of),
        CADRE_WRITES,
        writes=False,
    ),
    page(
        "catalog item edit page",
        lambda o: reverse("catalog:item-edit", args=[draft_of(o).items.first().pk]),
        CADRES,
    ),
    page("catalog public list", named_url("catalog:public"), everyone(OK)),
    page(
        "catalog public search",
        lambda o: reverse("catalog:public-search") + "?q=信访",
        everyone(OK),
    ),
    page("catalog legal index", named_url("catalog:legal-index"), everyone(OK)),
    page(
        "catalog public item of a draft",
        lambda o: reverse("catalog:public-item", args=[draft_of(o).items.first().pk]),
        everyone(NOT_FOUND),
    ),
    api_read(
        "API catalog draft version",
        lambda o: f"/api/v1/catalog/versions/{draft_of(o).pk}/",
        readers(anonymous=NOT_FOUND),
    ),
    api_read(
        "API catalog draft item",
        lambda o: f"/api/v1/catalog/items/{draft_of(o).items.first().pk}/",
        readers(anonymous=NOT_FOUND),
    ),
    api_read("API catalog items list", lambda o: "/api/v1/catalog/items/", everyone(OK)),
    api_read("API legal documents", lambda o: "/api/v1/catalog/legal-documents/", everyone(OK)),
    api_read(
        "API catalog draft findings",
        lambda o: f"/api/v1/catalog/versions/{draft_of(o).pk}/findings/",
        VIEWERS,
    ),
    api_write(
        "API catalog accept repair",
        "POST",
        lambda o: f"/api/v1/catalog/findings/{draft_of(o).findings.first().pk}/decide/",
        CADRES,
        lambda o: {"accept": True},
    ),
    api_write(
        "API catalog publish with a pending repair",
        "POST",
        lambda o: f"/api/v1/catalog/versions/{draft_of(o).pk}/publish/",
        cadres(by_relation(400, NOT_FOUND, NOT_FOUND, 400)),
        lambda o: {},
    ),
    api_write(
        "API catalog edit draft item",
        "PATCH",
        lambda o: f"/api/v1/catalog/draft-items/{draft_of(o).items.first().pk}/",
        CADRES,
        lambda o: {"boundary": "新边界"},
    ),
    api_write(
        "API catalog import",
        "POST",
        lambda o: "/api/v1/catalog/imports/",
        cadres(by_relation(400, NOT_FOUND, NOT_FOUND, 400)),
        lambda o: {"organization": o.pk},
    ),
]
