from django.urls import path

app_name = "orgs_import"

urlpatterns: list = []
