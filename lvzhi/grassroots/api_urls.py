"""/api/v1/grassroots/ (included from lvzhi/urls.py before /api/v1/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from lvzhi.core.api import not_found

from . import api
from .elections.api import ElectionViewSet
from .system.api import SystemFoundingViewSet
from .units import api as units_api

router = SimpleRouter()
router.register("sixin", api.SixinViewSet, basename="grassroots-sixin")
router.register("elections", ElectionViewSet, basename="grassroots-election")
router.register("system-foundings", SystemFoundingViewSet, basename="grassroots-system-founding")

urlpatterns = [
    *router.urls,
    path("coverage/<int:pk>/", api.CoverageView.as_view(), name="grassroots-coverage"),
    path("renewals/<int:pk>/", api.RenewalsView.as_view(), name="grassroots-renewals"),
    path("women-groups/<int:pk>/", api.WomenGroupsView.as_view(), name="grassroots-women-groups"),
    path("units/", units_api.UnitCreateView.as_view(), name="grassroots-units"),
    path("units/<int:pk>/", units_api.UnitView.as_view(), name="grassroots-unit"),
    path(
        "units/<int:pk>/members/",
        units_api.UnitMembersView.as_view(),
        name="grassroots-unit-members",
    ),
    path(
        "units/<int:pk>/members/<int:position_pk>/end/",
        units_api.UnitMemberEndView.as_view(),
        name="grassroots-unit-member-end",
    ),
    path(
        "units/<int:pk>/activities/",
        units_api.UnitActivitiesView.as_view(),
        name="grassroots-unit-activities",
    ),
    path(
        "micro-homes/<int:pk>/", units_api.MicroHomesView.as_view(), name="grassroots-micro-homes"
    ),
    path("<path:rest>", not_found),
]
