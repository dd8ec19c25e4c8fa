"""Rows of the authorization matrix for catalog exports (appended to MATRIX by the lead).

A draft exports only within the reader's view scope (anonymous and out of scope: 404); a
published version exports for anyone, signed in or not; so does the JSON schema."""

from django.urls import reverse

from lvzhi.core.tests.matrix import api_read, named_url, page
from lvzhi.core.tests.test_authorization_matrix import (
    NOT_FOUND,
    OK,
    everyone,
    readers,
)

from .matrix_rows import draft_of

ANYONE = OK
DRAFT_EXPORT = readers(anonymous=NOT_FOUND)
PUBLIC_EXPORT = everyone(ANYONE)


def published_of(o):
    """A published version (number 2, one duty, one item) of ``o``'s catalog."""
    if getattr(o, "_catalog_published", None) is None:
        from django.utils import timezone

        from lvzhi.catalog.models import CatalogVersion, Duty, DutyItem

        catalog = draft_of(o).catalog
        version = CatalogVersion.objects.create(
            catalog=catalog,
            org_path=o.path,
            number=2,
            status="published",
            published_at=timezone.now(),
        )
        duty = Duty.objects.create(version=version, org_path=o.path, number="1", text="职责")
        DutyItem.objects.create(
            version=version, duty=duty, org_path=o.path, number="1.1", name="事项", workflow="甲→乙"
        )
        o._catalog_published = version
    return o._catalog_published


EXPORT_ROWS = [
    *(
        page(
            f"catalog export draft {fmt}",
            lambda o, fmt=fmt: reverse("catalog:export", args=[draft_of(o).pk, fmt]),
            DRAFT_EXPORT,
        )
        for fmt in ("xlsx", "docx", "json")
    ),
    page(
        "catalog export published xlsx",
        lambda o: reverse("catalog:export", args=[published_of(o).pk, "xlsx"]),
        PUBLIC_EXPORT,
    ),
    page("catalog export schema", named_url("catalog:export-schema"), PUBLIC_EXPORT),
    api_read(
        "API catalog export draft",
        lambda o: f"/api/v1/catalog/versions/{draft_of(o).pk}/export/json/",
        DRAFT_EXPORT,
    ),
    api_read(
        "API catalog export published",
        lambda o: f"/api/v1/catalog/versions/{published_of(o).pk}/export/docx/",
        PUBLIC_EXPORT,
    ),
]
