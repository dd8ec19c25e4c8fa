"""/api/v1/grassroots/ (included from lvzhi/urls.py before /api/v1/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from lvzhi.core.api import not_found

from . import api
from .elections.api import ElectionViewSet

router = SimpleRouter()
router.register("sixin", api.SixinViewSet, basename="grassroots-sixin")
router.register("elections", ElectionViewSet, basename="grassroots-election")

urlpatterns = [
    *router.urls,
    path("coverage/<int:pk>/", api.CoverageView.as_view(), name="grassroots-coverage"),
    path("renewals/<int:pk>/", api.RenewalsView.as_view(), name="grassroots-renewals"),
    path("women-groups/<int:pk>/", api.WomenGroupsView.as_view(), name="grassroots-women-groups"),
    path("<path:rest>", not_found),
]
