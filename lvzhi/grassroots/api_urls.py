"""/api/v1/grassroots/ (included from lvzhi/urls.py before /api/v1/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from lvzhi.core.api import not_found

from . import api

router = SimpleRouter()
router.register("sixin", api.SixinViewSet, basename="grassroots-sixin")

urlpatterns = [
    *router.urls,
    path("coverage/<int:pk>/", api.CoverageView.as_view(), name="grassroots-coverage"),
    path("<path:rest>", not_found),
]
