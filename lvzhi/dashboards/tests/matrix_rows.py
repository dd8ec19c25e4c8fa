"""Rows of the authorization matrix for the workbench (工作台) and the list of terms past
their end it links to.

The workbench is every signed-in user's own page (200; a member whose only role is 执委
is sent to her phone page, 302); the terms list reads organizations through the user's
view scope, like the organization page."""

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import (
    LOGIN,
    OK,
    REDIRECT,
    VIEW_OWN_ONLY,
    VIEW_SUBTREE,
    Row,
)

WORKBENCH_ROWS = [
    Row(
        "workbench page",
        "GET",
        lambda o: reverse("dashboards:workbench"),
        {
            "cadre": OK,
            "department_staff": OK,
            "member": REDIRECT,
            "party_approver": OK,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "terms past their end page",
        "GET",
        lambda o: reverse("dashboards:terms-overdue") + f"?org={o.pk}",
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": VIEW_OWN_ONLY,
            "member": VIEW_OWN_ONLY,
            "party_approver": VIEW_OWN_ONLY,
            "anonymous": LOGIN,
        },
    ),
]
