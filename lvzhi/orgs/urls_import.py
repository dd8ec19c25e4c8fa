from django.urls import path

from . import views_import

app_name = "orgs_import"

urlpatterns = [
    path("", views_import.upload, name="upload"),
    path("template/", views_import.template, name="template"),
    path("confirm/", views_import.confirm, name="confirm"),
]
