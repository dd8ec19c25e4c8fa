"""Core pages under /core/: the security administrator's role assignments and the audit
administrator's audit log."""

from django.urls import path

from lvzhi.core.audit import views as audit_views
from lvzhi.core.duties import views as duty_views

app_name = "core"

urlpatterns = [
    path("role-assignments/", duty_views.role_assignments, name="role-assignments"),
    path(
        "role-assignments/<int:pk>/end/",
        duty_views.role_assignment_end,
        name="role-assignment-end",
    ),
    path("audit/", audit_views.audit_log, name="audit"),
    path("audit/export/", audit_views.audit_export, name="audit-export"),
]
