"""Rows of the authorization matrix for the duty catalog (appended to MATRIX by the lead).

Each target organization gets a small draft catalog, built with the ORM (no audit), the
first time a row asks for it."""

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import (
    CHANGE_SUBTREE_REDIRECT,
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
    Row(
        "catalog org page",
        "GET",
        lambda o: reverse("catalog:org", args=[o.pk]),
        readers(),
    ),
    Row(
        "catalog upload page",
        "GET",
        lambda o: reverse("catalog:upload", args=[o.pk]),
        cadres(),
    ),
    Row(
        "catalog draft preview",
        "GET",
        lambda o: reverse("catalog:version", args=[draft_of(o).pk]),
        readers(),
    ),
    Row(
        "catalog accept repair",
        "POST",
        lambda o: reverse("catalog:finding-decide", args=[draft_of(o).findings.first().pk]),
        cadres(CHANGE_SUBTREE_REDIRECT),
        data=lambda o: {"accept": "1"},
        writes=True,
    ),
    Row(  # the draft has a pending repair: refused, back to the draft with the reason
        "catalog publish",
        "POST",
        lambda o: reverse("catalog:publish", args=[draft_of(o).pk]),
        cadres(CHANGE_SUBTREE_REDIRECT),
    ),
    Row(
        "catalog item edit page",
        "GET",
        lambda o: reverse("catalog:item-edit", args=[draft_of(o).items.first().pk]),
        cadres(),
    ),
    Row(
        "catalog public list",
        "GET",
        lambda o: reverse("catalog:public"),
        everyone(OK),
    ),
    Row(
        "catalog public search",
        "GET",
        lambda o: reverse("catalog:public-search") + "?q=信访",
        everyone(OK),
    ),
    Row(
        "catalog legal index",
        "GET",
        lambda o: reverse("catalog:legal-index"),
        everyone(OK),
    ),
    Row(
        "catalog public item of a draft",
        "GET",
        lambda o: reverse("catalog:public-item", args=[draft_of(o).items.first().pk]),
        everyone(NOT_FOUND),
    ),
    Row(
        "API catalog draft version",
        "GET",
        lambda o: f"/api/v1/catalog/versions/{draft_of(o).pk}/",
        readers(anonymous=NOT_FOUND),
        api=True,
    ),
    Row(
        "API catalog draft item",
        "GET",
        lambda o: f"/api/v1/catalog/items/{draft_of(o).items.first().pk}/",
        readers(anonymous=NOT_FOUND),
        api=True,
    ),
    Row(
        "API catalog items list",
        "GET",
        lambda o: "/api/v1/catalog/items/",
        everyone(OK),
        api=True,
    ),
    Row(
        "API legal documents",
        "GET",
        lambda o: "/api/v1/catalog/legal-documents/",
        everyone(OK),
        api=True,
    ),
    Row(
        "API catalog draft findings",
        "GET",
        lambda o: f"/api/v1/catalog/versions/{draft_of(o).pk}/findings/",
        readers(),
        api=True,
    ),
    Row(
        "API catalog accept repair",
        "POST",
        lambda o: f"/api/v1/catalog/findings/{draft_of(o).findings.first().pk}/decide/",
        cadres(),
        data=lambda o: {"accept": True},
        api=True,
        writes=True,
    ),
    Row(
        "API catalog publish with a pending repair",
        "POST",
        lambda o: f"/api/v1/catalog/versions/{draft_of(o).pk}/publish/",
        cadres(by_relation(400, NOT_FOUND, NOT_FOUND, 400)),
        data=lambda o: {},
        api=True,
        writes=True,
    ),
    Row(
        "API catalog edit draft item",
        "PATCH",
        lambda o: f"/api/v1/catalog/draft-items/{draft_of(o).items.first().pk}/",
        cadres(),
        data=lambda o: {"boundary": "新边界"},
        api=True,
        writes=True,
    ),
    Row(
        "API catalog import",
        "POST",
        lambda o: "/api/v1/catalog/imports/",
        cadres(by_relation(400, NOT_FOUND, NOT_FOUND, 400)),
        data=lambda o: {"organization": o.pk},
        api=True,
        writes=True,
    ),
]
