"""/api/v1/: each module registers its viewsets on this router."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = router.urls
