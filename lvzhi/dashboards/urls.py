from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("terms-overdue/", views.terms_overdue, name="terms-overdue"),
]
