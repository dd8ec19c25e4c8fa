"""Rows of the authorization matrix for compliance and reminders (appended to MATRIX by
the lead).

Roll-ups, drill-downs and a member's year are for cadres over the organization (its
subtree): department staff, party approvers and members get 404 even at their own
federation (a member reads her own compliance on her own page). Each target gets, the
first time a row asks, its person seated with compliance computed (ORM and the rebuild,
no audit) and a reminder that belongs to another user: nobody but that user may mark it
read (404), and reading one's own list is open to every signed-in user.
"""

import datetime as dt

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import (
    LOGIN,
    NONE,
    OK,
    UNAUTHORIZED,
    VIEW_SUBTREE,
    Row,
)

CADRE_SUBTREE = {
    "cadre": VIEW_SUBTREE,
    "department_staff": NONE,
    "member": NONE,
    "party_approver": NONE,
}
LOGGED_IN = {"cadre": OK, "department_staff": OK, "member": OK, "party_approver": OK}
NOBODY = {"cadre": NONE, "department_staff": NONE, "member": NONE, "party_approver": NONE}


def counted(o):
    """``o`` with its person seated and this year's compliance computed."""
    if not getattr(o, "_counted", False):
        from lvzhi.core.periods import today_local
        from lvzhi.members.compliance import services as compliance
        from lvzhi.orgs.models import Position, Title

        Position.objects.create(
            person=o.person,
            organization=o,
            org_path=o.path,
            title=Title.MEMBER,
            start_date=dt.date(2024, 1, 1),
        )
        today = today_local()
        compliance.rebuild(organizations=[o], year=today.year, today=today)
        o._counted = True
    return o


def reminder_of(o):
    """A reminder at ``o`` for a user of its own (nobody in the matrix world)."""
    if getattr(o, "_reminder", None) is None:
        from django.contrib.auth import get_user_model

        from lvzhi.core.reminders.models import Reminder

        owner = get_user_model().objects.create_user(username=f"reminded_{o.pk}")
        o._reminder = Reminder.objects.create(
            user=owner, org_path=o.path, key=f"matrix:{o.pk}", text="请完成本季度宣讲"
        )
    return o._reminder


def _page(name, url):
    return Row(name, "GET", url, {**CADRE_SUBTREE, "anonymous": LOGIN})


def _api(name, url):
    return Row(name, "GET", url, {**CADRE_SUBTREE, "anonymous": UNAUTHORIZED}, api=True)


COMPLIANCE_ROWS = [
    _page(
        "compliance roll-up page",
        lambda o: reverse("members:rollup") + f"?org={counted(o).pk}",
    ),
    _page(
        "compliance drill-down page",
        lambda o: reverse("members:compliance-org", args=[counted(o).pk]),
    ),
    _page(
        "compliance person page",
        lambda o: reverse("members:compliance-person", args=[counted(o).person.pk]),
    ),
    Row(
        "reminders page",
        "GET",
        lambda o: reverse("members:reminders"),
        {**LOGGED_IN, "anonymous": LOGIN},
    ),
    Row(
        "mark someone else's reminder read",
        "POST",
        lambda o: reverse("members:reminder-read", args=[reminder_of(o).pk]),
        {**NOBODY, "anonymous": LOGIN},
        writes=True,
    ),
    _api(
        "API compliance roll-up",
        lambda o: f"/api/v1/members/compliance/rollup/?organization={counted(o).pk}",
    ),
    _api(
        "API compliance by child",
        lambda o: f"/api/v1/members/compliance/rollup/by-child/?organization={counted(o).pk}",
    ),
    _api(
        "API compliance members",
        lambda o: f"/api/v1/members/compliance/members/?organization={counted(o).pk}",
    ),
    Row(
        "API reminders",
        "GET",
        lambda o: "/api/v1/members/reminders/",
        {**LOGGED_IN, "anonymous": UNAUTHORIZED},
        api=True,
    ),
    Row(
        "API mark someone else's reminder read",
        "POST",
        lambda o: f"/api/v1/members/reminders/{reminder_of(o).pk}/read/",
        {**NOBODY, "anonymous": UNAUTHORIZED},
        data=lambda o: {},
        api=True,
        writes=True,
    ),
]
