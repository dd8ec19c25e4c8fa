"""Reads of duty catalogs. Cadres' reads start from restrict(); public reads see only
published versions."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from lvzhi.core.scopes import scope_for
from lvzhi.core.search import search_queryset
from lvzhi.orgs.models import Organization

from . import rules
from .models import (
    Catalog,
    CatalogVersion,
    Decision,
    Duty,
    DutyItem,
    ImportFinding,
    LegalCitation,
    LegalDocument,
    VersionStatus,
)

PUBLISHED = VersionStatus.PUBLISHED


def visible_q(user, published_field: str) -> Q:
    """Published rows for everyone, plus every row within the user's view scope."""
    condition = Q(**{published_field: PUBLISHED})
    scope = scope_for(user, "view")
    if scope.everything:
        # Q() | condition is just condition: an unrestricted scope must not be ORed.
        return Q()
    if not scope.empty:
        condition |= scope.q("org_path")
    return condition


# 干部 -----------------------------------------------------------------------


def catalogs_of(user, organization: Organization):
    return (
        Catalog.objects.restrict(user, "view")
        .filter(organization=organization)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=CatalogVersion.objects.annotate(
                    item_count=Count("items", distinct=True),
                    pending_count=Count(
                        "findings",
                        filter=Q(findings__decision=Decision.PENDING)
                        & ~Q(findings__repair="")
                        & ~Q(findings__repair__in=rules.OPTIONAL_REPAIRS),
                        distinct=True,
                    ),
                ).order_by("-number"),
            )
        )
    )


def get_version(user, pk, action: str = "view") -> CatalogVersion:
    return get_object_or_404(
        CatalogVersion.objects.restrict(user, action).select_related(
            "catalog__organization", "created_by", "published_by"
        ),
        pk=pk,
    )


def get_catalog(user, pk, action: str = "view") -> Catalog:
    return get_object_or_404(
        Catalog.objects.restrict(user, action).select_related("organization"), pk=pk
    )


def get_finding(user, pk, action: str = "view") -> ImportFinding:
    return get_object_or_404(ImportFinding.objects.restrict(user, action), pk=pk)


def get_item(user, pk, action: str = "view") -> DutyItem:
    return get_object_or_404(
        DutyItem.objects.restrict(user, action).select_related("version__catalog__organization"),
        pk=pk,
    )


def duties_with_items(version: CatalogVersion) -> list[Duty]:
    return list(
        version.duties.prefetch_related(
            Prefetch(
                "items",
                queryset=DutyItem.objects.select_related("department").order_by("order", "id"),
            )
        ).order_by("order", "id")
    )


def version_preview(version: CatalogVersion) -> dict:
    duties = duties_with_items(version)
    items = [item for duty in duties for item in duty.items.all()]
    findings = list(version.findings.order_by("order", "id"))
    return {
        "duties": duties,
        "item_count": len(items),
        "findings": findings,
        "pending_repairs": [
            f
            for f in findings
            if f.repair
            and f.repair not in rules.OPTIONAL_REPAIRS
            and f.decision == Decision.PENDING
        ],
        "unmatched_bodies": sorted(
            {
                i.implementing_body.strip()
                for i in items
                if i.department_id is None and i.implementing_body.strip()
            }
        ),
    }


def version_diff(version: CatalogVersion, other: CatalogVersion | None) -> dict | None:
    if other is None:
        return None
    fields = rules.EDITABLE_ITEM_FIELDS

    def values(v):
        return {
            row["number"]: {k: row[k] for k in fields}
            for row in v.items.order_by("order", "id").values("number", *fields)
        }

    return rules.version_diff(values(other), values(version))


# 公开 -----------------------------------------------------------------------


def published_versions():
    return CatalogVersion.objects.filter(status=PUBLISHED)


def public_organizations():
    """Organizations with a published catalog, with their item counts."""
    return list(
        published_versions()
        .select_related("catalog__organization")
        .annotate(item_count=Count("items"))
        .order_by("org_path")
    )


def public_version(org_pk) -> CatalogVersion:
    return get_object_or_404(
        published_versions().select_related("catalog__organization"), catalog__organization=org_pk
    )


def public_item(pk) -> DutyItem:
    return get_object_or_404(
        DutyItem.objects.filter(version__status=PUBLISHED)
        .select_related("version__catalog__organization", "duty", "department")
        .prefetch_related(
            Prefetch("citations", queryset=LegalCitation.objects.select_related("document"))
        ),
        pk=pk,
    )


def public_search(query: str, limit: int = 100):
    if not query.strip():
        return []
    queryset = DutyItem.objects.filter(version__status=PUBLISHED).select_related(
        "version__catalog__organization", "department"
    )
    return list(search_queryset(queryset, query).order_by("org_path", "order", "id")[:limit])


def legal_index(query: str = ""):
    """Each cited document with the published items citing it."""
    citations = (
        LegalCitation.objects.filter(item__version__status=PUBLISHED)
        .select_related("item__version__catalog__organization")
        .order_by("item__org_path", "item__order")
    )
    documents = LegalDocument.objects.filter(citations__item__version__status=PUBLISHED)
    if query.strip():
        documents = documents.filter(Q(title__icontains=query) | Q(doc_number__icontains=query))
    return list(
        documents.distinct()
        .annotate(
            item_count=Count("citations", filter=Q(citations__item__version__status=PUBLISHED))
        )
        .prefetch_related(Prefetch("citations", queryset=citations, to_attr="published_citations"))
        .order_by("-item_count", "title")
    )


def visible_items(user):
    return DutyItem.objects.filter(visible_q(user, "version__status"))


def visible_versions(user):
    return CatalogVersion.objects.filter(visible_q(user, "status"))


def visible_catalogs(user):
    scope = scope_for(user, "view")
    if scope.everything:
        return Catalog.objects.all()
    condition = Q(versions__status=PUBLISHED)
    if not scope.empty:
        condition |= scope.q("org_path")
    return Catalog.objects.filter(pk__in=Catalog.objects.filter(condition).values("pk"))
