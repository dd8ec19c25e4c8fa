"""Rows of the authorization matrix for the duty catalog (appended to MATRIX by the lead).

Each target organization gets a small draft catalog, built with the ORM (no audit), the
first time a row asks for it."""

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import (
    LOGIN,
    NONE,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHORIZED,
    VIEW_OWN_ONLY,
    VIEW_SUBTREE,
    Row,
    by_relation,
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


CHANGE_SUBTREE_REDIRECT = by_relation(REDIRECT, NOT_FOUND, NOT_FOUND, REDIRECT)
ANYONE = OK

CATALOG_ROWS = [
    Row(
        "catalog org page",
        "GET",
        lambda o: reverse("catalog:org", args=[o.pk]),
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": VIEW_OWN_ONLY,
            "member": VIEW_OWN_ONLY,
            "party_approver": VIEW_OWN_ONLY,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "catalog upload page",
        "GET",
        lambda o: reverse("catalog:upload", args=[o.pk]),
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "catalog draft preview",
        "GET",
        lambda o: reverse("catalog:version", args=[draft_of(o).pk]),
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": VIEW_OWN_ONLY,
            "member": VIEW_OWN_ONLY,
            "party_approver": VIEW_OWN_ONLY,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "catalog accept repair",
        "POST",
        lambda o: reverse("catalog:finding-decide", args=[draft_of(o).findings.first().pk]),
        {
            "cadre": CHANGE_SUBTREE_REDIRECT,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
        data=lambda o: {"accept": "1"},
        writes=True,
    ),
    Row(
        "catalog publish",
        "POST",
        lambda o: reverse("catalog:publish", args=[draft_of(o).pk]),
        {
            "cadre": CHANGE_SUBTREE_REDIRECT,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
        writes=True,
    ),
    Row(
        "catalog item edit page",
        "GET",
        lambda o: reverse("catalog:item-edit", args=[draft_of(o).items.first().pk]),
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "catalog public list",
        "GET",
        lambda o: reverse("catalog:public"),
        {
            "cadre": ANYONE,
            "department_staff": ANYONE,
            "member": ANYONE,
            "party_approver": ANYONE,
            "anonymous": ANYONE,
        },
    ),
    Row(
        "catalog public search",
        "GET",
        lambda o: reverse("catalog:public-search") + "?q=信访",
        {
            "cadre": ANYONE,
            "department_staff": ANYONE,
            "member": ANYONE,
            "party_approver": ANYONE,
            "anonymous": ANYONE,
        },
    ),
    Row(
        "catalog legal index",
        "GET",
        lambda o: reverse("catalog:legal-index"),
        {
            "cadre": ANYONE,
            "department_staff": ANYONE,
            "member": ANYONE,
            "party_approver": ANYONE,
            "anonymous": ANYONE,
        },
    ),
    Row(
        "catalog public item of a draft",
        "GET",
        lambda o: reverse("catalog:public-item", args=[draft_of(o).items.first().pk]),
        {
            "cadre": NOT_FOUND,
            "department_staff": NOT_FOUND,
            "member": NOT_FOUND,
            "party_approver": NOT_FOUND,
            "anonymous": NOT_FOUND,
        },
    ),
    Row(
        "API catalog draft version",
        "GET",
        lambda o: f"/api/v1/catalog/versions/{draft_of(o).pk}/",
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": VIEW_OWN_ONLY,
            "member": VIEW_OWN_ONLY,
            "party_approver": VIEW_OWN_ONLY,
            "anonymous": NOT_FOUND,
        },
        api=True,
    ),
    Row(
        "API catalog draft item",
        "GET",
        lambda o: f"/api/v1/catalog/items/{draft_of(o).items.first().pk}/",
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": VIEW_OWN_ONLY,
            "member": VIEW_OWN_ONLY,
            "party_approver": VIEW_OWN_ONLY,
            "anonymous": NOT_FOUND,
        },
        api=True,
    ),
    Row(
        "API catalog items list",
        "GET",
        lambda o: "/api/v1/catalog/items/",
        {
            "cadre": ANYONE,
            "department_staff": ANYONE,
            "member": ANYONE,
            "party_approver": ANYONE,
            "anonymous": ANYONE,
        },
        api=True,
    ),
    Row(
        "API legal documents",
        "GET",
        lambda o: "/api/v1/catalog/legal-documents/",
        {
            "cadre": ANYONE,
            "department_staff": ANYONE,
            "member": ANYONE,
            "party_approver": ANYONE,
            "anonymous": ANYONE,
        },
        api=True,
    ),
    Row(
        "API catalog draft findings",
        "GET",
        lambda o: f"/api/v1/catalog/versions/{draft_of(o).pk}/findings/",
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": VIEW_OWN_ONLY,
            "member": VIEW_OWN_ONLY,
            "party_approver": VIEW_OWN_ONLY,
            "anonymous": UNAUTHORIZED,
        },
        api=True,
    ),
    Row(
        "API catalog accept repair",
        "POST",
        lambda o: f"/api/v1/catalog/findings/{draft_of(o).findings.first().pk}/decide/",
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": UNAUTHORIZED,
        },
        data=lambda o: {"accept": True},
        api=True,
        writes=True,
    ),
    Row(
        "API catalog publish with a pending repair",
        "POST",
        lambda o: f"/api/v1/catalog/versions/{draft_of(o).pk}/publish/",
        {
            "cadre": by_relation(400, NOT_FOUND, NOT_FOUND, 400),
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": UNAUTHORIZED,
        },
        data=lambda o: {},
        api=True,
        writes=True,
    ),
    Row(
        "API catalog edit draft item",
        "PATCH",
        lambda o: f"/api/v1/catalog/draft-items/{draft_of(o).items.first().pk}/",
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": UNAUTHORIZED,
        },
        data=lambda o: {"boundary": "新边界"},
        api=True,
        writes=True,
    ),
    Row(
        "API catalog import",
        "POST",
        lambda o: "/api/v1/catalog/imports/",
        {
            "cadre": by_relation(400, NOT_FOUND, NOT_FOUND, 400),
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": UNAUTHORIZED,
        },
        data=lambda o: {"organization": o.pk},
        api=True,
        writes=True,
    ),
]
