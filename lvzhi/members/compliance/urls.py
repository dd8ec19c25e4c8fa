"""Pages of members: compliance roll-ups, drill-downs, a member's year, reminders."""

from django.urls import path

from lvzhi.members.compliance import views

urlpatterns = [
    path("compliance/", views.rollup, name="rollup"),
    path("compliance/<int:org_pk>/", views.organization_members, name="compliance-org"),
    path("compliance/people/<int:person_pk>/", views.person, name="compliance-person"),
    path("reminders/", views.reminders, name="reminders"),
    path("reminders/<int:pk>/read/", views.reminder_read, name="reminder-read"),
    path("reminders/read-all/", views.reminders_read_all, name="reminders-read-all"),
]
