"""/api/v1/: each module registers its viewsets on this router and adds its paths."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from lvzhi.catalog import api_writes
from lvzhi.catalog.api import ROUTES as CATALOG_ROUTES
from lvzhi.catalog.api_exports import VersionExportView
from lvzhi.catalog.urls_messages import api_urlpatterns as catalog_message_api
from lvzhi.core.api import not_found as api_not_found
from lvzhi.core.jobs.api import ROUTES as CORE_JOB_ROUTES
from lvzhi.core.tokens.api import ROUTES as CORE_TOKEN_ROUTES
from lvzhi.members.api_urls import ROUTES as MEMBERS_ROUTES
from lvzhi.members.api_urls import api_urlpatterns as members_api
from lvzhi.orgs.api import ROUTES as ORGS_ROUTES
from lvzhi.processes import api_catalog
from lvzhi.processes.api import ROUTES as PROCESS_ROUTES
from lvzhi.processes.api_writes import PATHS as PROCESS_PATHS

router = DefaultRouter()
for prefix, viewset, basename in [
    *ORGS_ROUTES,
    *CATALOG_ROUTES,
    *MEMBERS_ROUTES,
    *PROCESS_ROUTES,
    *CORE_TOKEN_ROUTES,
    *CORE_JOB_ROUTES,
]:
    router.register(prefix, viewset, basename=basename)

catalog_api = [
    path("catalog/imports/", api_writes.ImportView.as_view(), name="catalog-import"),
    path("catalog/duties/", api_writes.DutyListView.as_view(), name="catalog-duties"),
    path(
        "catalog/versions/<int:pk>/findings/",
        api_writes.FindingListView.as_view(),
        name="catalog-version-findings",
    ),
    path(
        "catalog/versions/<int:pk>/publish/",
        api_catalog.CatalogPublishView.as_view(),  # derives templates: a processes view
        name="catalog-version-publish",
    ),
    path(
        "catalog/findings/<int:pk>/decide/",
        api_writes.DecideView.as_view(),
        name="catalog-finding-decide",
    ),
    path(
        "catalog/catalogs/<int:pk>/new-draft/",
        api_writes.NewDraftView.as_view(),
        name="catalog-new-draft",
    ),
    path(
        "catalog/draft-items/<int:pk>/",
        api_writes.DraftItemView.as_view(),
        name="catalog-draft-item",
    ),
    path(
        "catalog/versions/<int:pk>/export/<str:fmt>/",
        VersionExportView.as_view(),
        name="catalog-version-export",
    ),
]

urlpatterns = [*router.urls, *catalog_api, *catalog_message_api, *members_api, *PROCESS_PATHS]
# Last: a path no route matches answers JSON 404 (with its slash, so APPEND_SLASH still works).
urlpatterns.append(re_path(r"^.*/$", api_not_found))
