"""Rows of the authorization matrix for the workbench (工作台) and the list of terms past
their end it links to.

The workbench is every signed-in user's own page (200; a member whose only role is 执委
is sent to her phone page, 302); the terms list reads organizations through the user's
view scope, like the organization page."""

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import REDIRECT, Row, readers, signed_in

WORKBENCH_ROWS = [
    Row(
        "workbench page",
        "GET",
        lambda o: reverse("dashboards:workbench"),
        signed_in(member=REDIRECT),
    ),
    Row(
        "terms past their end page",
        "GET",
        lambda o: reverse("dashboards:terms-overdue") + f"?org={o.pk}",
        readers(),
    ),
]
