"""/api/v1/catalog/: catalogs, versions, items and the legal-basis index, read-only.

Published data is readable by anyone, signed in or not; drafts and superseded versions
only within the reader's view scope. Out-of-scope ids answer 404.
"""

import django_filters
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets

from lvzhi.core.api import ApiPagination
from lvzhi.core.search import search_queryset

from . import selectors, serializers
from .models import LegalCitation, LegalDocument, VersionStatus

TAG = "catalog 职责目录"


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]
    pagination_class = ApiPagination


@extend_schema_view(
    list=extend_schema(summary=_("职责目录列表")), retrieve=extend_schema(summary=_("职责目录详情"))
)
@extend_schema(tags=[TAG])
class CatalogViewSet(ReadOnly):
    serializer_class = serializers.CatalogSerializer
    filterset_fields = ["organization"]
    ordering = ["org_path", "id"]

    def get_queryset(self):
        return selectors.visible_catalogs(self.request.user).select_related("organization")


@extend_schema_view(
    list=extend_schema(summary=_("目录版本列表")), retrieve=extend_schema(summary=_("目录版本详情"))
)
@extend_schema(tags=[TAG])
class CatalogVersionViewSet(ReadOnly):
    serializer_class = serializers.CatalogVersionSerializer
    filterset_fields = ["catalog", "status"]
    ordering = ["org_path", "-number"]

    def get_queryset(self):
        return selectors.visible_versions(self.request.user).select_related("catalog")


class DutyItemFilter(django_filters.FilterSet):
    version = django_filters.NumberFilter(field_name="version_id")
    department = django_filters.NumberFilter(field_name="department_id")
    organization = django_filters.NumberFilter(field_name="version__catalog__organization_id")
    q = django_filters.CharFilter(method="search", label=_("全文检索"))

    def search(self, queryset, name, value):
        return search_queryset(queryset, value)


@extend_schema_view(
    list=extend_schema(summary=_("职责事项列表（按部门、版本筛选，q 全文检索）")),
    retrieve=extend_schema(summary=_("职责事项详情（信息表与法定依据）")),
)
@extend_schema(tags=[TAG])
class DutyItemViewSet(ReadOnly):
    filterset_class = DutyItemFilter
    ordering = ["org_path", "version", "order", "id"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.DutyItemDetailSerializer
        return serializers.DutyItemSerializer

    def get_queryset(self):
        queryset = selectors.visible_items(self.request.user).select_related("duty", "department")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("citations", queryset=LegalCitation.objects.select_related("document"))
            )
        return queryset


@extend_schema_view(
    list=extend_schema(summary=_("法定依据文件及引用它的已发布职责事项")),
    retrieve=extend_schema(summary=_("法定依据文件详情")),
)
@extend_schema(tags=[TAG])
class LegalDocumentViewSet(ReadOnly):
    serializer_class = serializers.LegalDocumentSerializer
    ordering = ["title", "id"]

    def get_queryset(self):
        published = Q(citations__item__version__status=VersionStatus.PUBLISHED)
        citations = (
            LegalCitation.objects.filter(item__version__status=VersionStatus.PUBLISHED)
            .select_related("item__version__catalog")
            .order_by("item__org_path", "item__order")
        )
        return LegalDocument.objects.filter(
            pk__in=LegalDocument.objects.filter(published).values("pk")
        ).prefetch_related(Prefetch("citations", queryset=citations, to_attr="published_citations"))


ROUTES = [
    ("catalog/catalogs", CatalogViewSet, "catalog-catalog"),
    ("catalog/versions", CatalogVersionViewSet, "catalog-version"),
    ("catalog/items", DutyItemViewSet, "catalog-item"),
    ("catalog/legal-documents", LegalDocumentViewSet, "catalog-legal-document"),
]
