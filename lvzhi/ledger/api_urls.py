"""/api/v1/ledger/ (included from lvzhi/urls.py ahead of /api/v1/)."""

from rest_framework.routers import DefaultRouter

from .api import ROUTES

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
for prefix, viewset, basename in ROUTES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = router.urls
