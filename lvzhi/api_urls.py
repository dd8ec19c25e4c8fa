"""/api/v1/: each module registers its viewsets on this router."""

from rest_framework.routers import DefaultRouter

from lvzhi.catalog.api import ROUTES as CATALOG_ROUTES
from lvzhi.orgs.api import ROUTES as ORGS_ROUTES

router = DefaultRouter()
for prefix, viewset, basename in [*ORGS_ROUTES, *CATALOG_ROUTES]:
    router.register(prefix, viewset, basename=basename)

urlpatterns = router.urls
