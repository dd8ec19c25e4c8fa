"""Rows of the authorization matrix for the Excel exports of the list pages
(lvzhi/core/exports.py, ``?format=xlsx``): each export answers exactly as its page — the
organization asked for must be in the user's view scope (404 otherwise), and a list
without an organization holds only the user's own scope."""

from django.urls import reverse

from lvzhi.catalog.tests.matrix_rows_messages import message_of
from lvzhi.core.tests.test_authorization_matrix import (
    LOGIN,
    NONE,
    OK,
    VIEW_OWN_ONLY,
    VIEW_SUBTREE,
    Row,
)
from lvzhi.members.tests.matrix_rows_compliance import counted
from lvzhi.members.tests.matrix_rows_meetings import meeting_of
from lvzhi.members.tests.matrix_shapes import CADRES, VIEWERS

READ_OWN = {
    "cadre": VIEW_SUBTREE,
    "department_staff": VIEW_OWN_ONLY,
    "member": VIEW_OWN_ONLY,
    "party_approver": VIEW_OWN_ONLY,
    "anonymous": LOGIN,
}
CADRE_ONLY = {
    "cadre": OK,
    "department_staff": NONE,
    "member": NONE,
    "party_approver": NONE,
    "anonymous": LOGIN,
}
CADRE_SUBTREE = {**READ_OWN, "department_staff": NONE, "member": NONE, "party_approver": NONE}
ANY_USER = {
    "cadre": OK,
    "department_staff": OK,
    "member": OK,
    "party_approver": OK,
    "anonymous": LOGIN,
}

LIST_EXPORT_ROWS = [
    Row(
        "people list Excel export",
        "GET",
        lambda o: reverse("orgs:people") + f"?org={o.pk}&format=xlsx",
        READ_OWN,
    ),
    Row(
        "process templates list Excel export",
        "GET",
        lambda o: reverse("processes:templates") + f"?org={o.pk}&format=xlsx",
        READ_OWN,
    ),
    Row(
        "terms past their end Excel export",
        "GET",
        lambda o: reverse("dashboards:terms-overdue") + f"?org={o.pk}&format=xlsx",
        READ_OWN,
    ),
    Row(
        "case list Excel export",
        "GET",
        lambda o: reverse("processes:cases") + "?format=xlsx",
        ANY_USER,
    ),
    Row(
        "my inbox Excel export",
        "GET",
        lambda o: reverse("processes:inbox") + "?format=xlsx",
        ANY_USER,
    ),
]
LIST_EXPORT_ROWS += [
    Row(
        "members activities list Excel export",
        "GET",
        lambda o: reverse("members:activities") + f"?org={o.pk}&format=xlsx",
        ANY_USER,
    ),
]
LIST_EXPORT_ROWS += [
    Row(
        "members suggestions list Excel export",
        "GET",
        lambda o: reverse("members:suggestions") + "?format=xlsx",
        CADRE_ONLY,
    ),
]
LIST_EXPORT_ROWS += [
    Row(
        "七个一 compliance by child organization Excel export",
        "GET",
        lambda o: reverse("members:rollup") + f"?org={counted(o).pk}&format=xlsx",
        CADRE_SUBTREE,
    ),
    Row(
        "七个一 compliance by member Excel export",
        "GET",
        lambda o: reverse("members:compliance-org", args=[counted(o).pk]) + "?format=xlsx",
        CADRE_SUBTREE,
    ),
]
LIST_EXPORT_ROWS += [
    Row(
        "members meetings list Excel export",
        "GET",
        lambda o: (
            reverse("members:meetings", args=[meeting_of(o).organization_id]) + "?format=xlsx"
        ),
        VIEWERS,
    ),
]
LIST_EXPORT_ROWS += [
    Row(
        "members 述职 report status Excel export",
        "GET",
        lambda o: reverse("members:report-status", args=[o.pk]) + "?format=xlsx",
        VIEWERS,
    ),
]
LIST_EXPORT_ROWS += [
    Row(
        "members evaluations Excel export",
        "GET",
        lambda o: reverse("members:evaluations", args=[o.pk]) + "?format=xlsx",
        CADRES,
    ),
]
LIST_EXPORT_ROWS += [
    Row(
        "members contact gaps Excel export",
        "GET",
        lambda o: reverse("members:contact-gaps", args=[o.pk]) + "?format=xlsx",
        CADRE_SUBTREE,
    ),
]
LIST_EXPORT_ROWS += [
    Row(
        "七个一 compliance by rule Excel export",
        "GET",
        lambda o: reverse("members:rollup") + f"?org={counted(o).pk}&format=xlsx&table=rules",
        CADRE_SUBTREE,
    ),
]
LIST_EXPORT_ROWS += [
    Row(
        # every signed-in user gets her inbox's file, as the page (a message of the target
        # organization exists first); which rows it holds is tested in test_message_exports
        "supervision message inbox Excel export",
        "GET",
        lambda o: message_of(o) and reverse("catalog:message-inbox") + "?format=xlsx",
        ANY_USER,
    ),
]
