"""/processes/: pages over many cases (views.py), pages of one case (views_cases.py) and
template pages (views_templates.py)."""

from django.urls import path

from . import views, views_cases
from .urls_templates import urlpatterns as template_urlpatterns

app_name = "processes"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views_cases.case_start, name="case-start"),
    path("cases/<int:pk>/", views_cases.case_detail, name="case"),
    path("cases/<int:pk>/assign/", views_cases.case_assign, name="case-assign"),
    path("cases/<int:pk>/cancel/", views_cases.case_cancel, name="case-cancel"),
    path("cases/<int:pk>/reopen/", views_cases.case_reopen, name="case-reopen"),
    path(
        "cases/<int:pk>/steps/<int:step_pk>/transition/",
        views_cases.step_transition,
        name="case-transition",
    ),
    path(
        "cases/<int:pk>/steps/<int:step_pk>/upload/",
        views_cases.step_upload,
        name="case-upload",
    ),
    path("attachments/<int:pk>/", views_cases.attachment, name="attachment"),
    path("departments/<int:pk>/", views.department, name="department"),
    path("overdue/", views.overdue, name="overdue"),
    path("year-plan/", views.year_plan, name="year-plan"),
    *template_urlpatterns,
]
