"""/processes/: case pages (views.py) and template pages (views_templates.py)."""

from django.urls import path  # noqa: F401

from .urls_templates import urlpatterns as template_urlpatterns

app_name = "processes"

urlpatterns = [
    *template_urlpatterns,
]
