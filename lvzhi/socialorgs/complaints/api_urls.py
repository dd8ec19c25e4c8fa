"""/api/v1/socialorgs/complaints/ (included from lvzhi/urls.py before /api/v1/socialorgs/)."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("", api.ComplaintViewSet, basename="socialorgs-complaint")

urlpatterns = router.urls
