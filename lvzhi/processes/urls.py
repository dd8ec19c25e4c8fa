"""/processes/: case pages (views.py) and template pages (views_templates.py)."""

from django.urls import path

from . import views
from .urls_templates import urlpatterns as template_urlpatterns

app_name = "processes"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_start, name="case-start"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/assign/", views.case_assign, name="case-assign"),
    path("cases/<int:pk>/cancel/", views.case_cancel, name="case-cancel"),
    path("cases/<int:pk>/reopen/", views.case_reopen, name="case-reopen"),
    path(
        "cases/<int:pk>/steps/<int:step_pk>/transition/",
        views.step_transition,
        name="case-transition",
    ),
    path("cases/<int:pk>/steps/<int:step_pk>/upload/", views.step_upload, name="case-upload"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("departments/<int:pk>/", views.department, name="department"),
    path("overdue/", views.overdue, name="overdue"),
    path("year-plan/", views.year_plan, name="year-plan"),
    *template_urlpatterns,
]
