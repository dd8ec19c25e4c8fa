"""Export pages, appended to the catalog app's urlpatterns (names under ``catalog:``)."""

from django.urls import path

from . import views_exports

urlpatterns = [
    path("versions/<int:pk>/export/<str:fmt>/", views_exports.version_export, name="export"),
    path("export/schema.json", views_exports.export_schema, name="export-schema"),
]
