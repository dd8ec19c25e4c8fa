"""Rows of the authorization matrix for the administrators' pages (三员分立): the audit log
and its export (审计管理员), role assignments (安全管理员). Every data role — cadre,
department staff, member, party approver — gets 404 at every organization, and nothing is
written; anonymous users are sent to the login page. The administrators themselves are
let in by lvzhi/core/tests/test_audit_pages.py."""

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import NONE, Row, signed_in

NOBODY = signed_in(NONE)


def _assignment_at(o):
    """An assignment held at the target's organization (the matrix's users sit at 新河), or
    a made-up id: either way no data role may end it."""
    from lvzhi.core.models import RoleAssignment

    found = RoleAssignment.objects.filter(organization=o).first()
    return found.pk if found else 999999


AUDIT_ROWS = [
    Row(
        "audit log page",
        "GET",
        lambda o: reverse("core:audit") + f"?organization={o.code}",
        NOBODY,
    ),
    Row(
        "audit export",
        "GET",
        lambda o: (
            reverse("core:audit-export")
            + f"?start=2026-01-01&end=2026-12-31&format=json&organization={o.code}"
        ),
        NOBODY,
    ),
    Row("role assignments page", "GET", lambda o: reverse("core:role-assignments"), NOBODY),
    Row(
        "role assignment add",
        "POST",
        lambda o: reverse("core:role-assignments"),
        NOBODY,
        data=lambda o: {
            "username": "m_member",
            "role": 2,
            "organization": o.code,
            "include_descendants": "on",
        },
        writes=True,
    ),
    Row(
        "role assignment end",
        "POST",
        lambda o: reverse("core:role-assignment-end", args=[_assignment_at(o)]),
        NOBODY,
        writes=True,
    ),
]
