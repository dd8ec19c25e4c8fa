"""Pages of members: meetings and attendance (R-EX-10), reports (R-EX-09) and the 述职报告
template, evaluations and yearly results, 优秀执委 and incentives, training (R-EX-11)."""

from django.urls import path

from lvzhi.members.meetings import views

urlpatterns = [
    path("meetings/", views.home, name="meetings-home"),
    path("meetings/org/<int:org_pk>/", views.meeting_list, name="meetings"),
    path("meetings/org/<int:org_pk>/new/", views.meeting_new, name="meeting-new"),
    path("meetings/org/<int:org_pk>/missing/", views.meetings_missing, name="meetings-missing"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/oral-report/", views.meeting_oral, name="meeting-oral"),
    path("meetings/<int:pk>/evaluate/", views.meeting_evaluate, name="meeting-evaluate"),
    path("meetings/org/<int:org_pk>/reports/", views.report_status, name="report-status"),
    path("meetings/org/<int:org_pk>/reports/written/", views.report_written, name="report-written"),
    path(
        "meetings/org/<int:org_pk>/reports/template/<int:person_pk>/<int:year>/",
        views.report_template,
        name="report-template",
    ),
    path("meetings/reports/<int:pk>/", views.report_detail, name="report"),
    path("meetings/reports/<int:pk>/file/", views.report_file, name="report-file"),
    path("meetings/org/<int:org_pk>/evaluations/", views.evaluations, name="evaluations"),
    path("meetings/org/<int:org_pk>/evaluations/new/", views.evaluation_new, name="evaluation-new"),
    path("meetings/org/<int:org_pk>/evaluations/result/", views.year_result, name="year-result"),
    path("meetings/org/<int:org_pk>/excellent/", views.excellent, name="excellent"),
    path(
        "meetings/org/<int:org_pk>/excellent/select/",
        views.excellent_select,
        name="excellent-select",
    ),
    path(
        "meetings/org/<int:org_pk>/excellent/incentives/new/",
        views.incentive_new,
        name="incentive-new",
    ),
    path("meetings/org/<int:org_pk>/trainings/", views.trainings, name="trainings"),
    path("meetings/org/<int:org_pk>/trainings/new/", views.training_new, name="training-new"),
    path("meetings/trainings/<int:pk>/", views.training_detail, name="training"),
]
