"""/api/v1/ledger/ (included from lvzhi/urls.py ahead of /api/v1/)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import ROUTES, CountsView, TrendsView
from .api_io import ImportConfirmView, ImportPreviewView
from .api_needs import NeedViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
for prefix, viewset, basename in ROUTES:
    router.register(prefix, viewset, basename=basename)
router.register("needs", NeedViewSet, basename="ledger-need")

urlpatterns = [
    path("counts/", CountsView.as_view(), name="ledger-counts"),
    path("trends/", TrendsView.as_view(), name="ledger-trends"),
    path("imports/preview/", ImportPreviewView.as_view(), name="ledger-import-preview"),
    path("imports/confirm/", ImportConfirmView.as_view(), name="ledger-import-confirm"),
    *router.urls,
]
