"""/api/v1/: each module registers its viewsets on this router."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from lvzhi.catalog.api import ROUTES as CATALOG_ROUTES
from lvzhi.catalog.api_exports import VersionExportView
from lvzhi.orgs.api import ROUTES as ORGS_ROUTES

router = DefaultRouter()
for prefix, viewset, basename in [*ORGS_ROUTES, *CATALOG_ROUTES]:
    router.register(prefix, viewset, basename=basename)

urlpatterns = router.urls
urlpatterns += [path("catalog/versions/<int:pk>/export/<str:fmt>/", VersionExportView.as_view(),
                    name="catalog-version-export")]

from lvzhi.catalog.urls_messages import api_urlpatterns as catalog_message_api  # noqa: E402

urlpatterns += [*catalog_message_api]
