"""Rows of the authorization matrix for the activity log (appended to MATRIX by the lead).

Each target organization's person gets, the first time a row asks, a committee seat and
an activity (and a suggestion), built with the ORM (no audit). The world's member has
no person record of her own, so every activity here is someone else's: she sees none of
them (404), and neither do department staff or party approvers — only the member herself
and the cadres who verify (the organization's subtree) read an activity.
"""

import datetime as dt

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import (
    LOGIN,
    NONE,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHORIZED,
    VIEW_SUBTREE,
    Row,
    by_relation,
    everyone,
)

CHANGE_SUBTREE_REDIRECT = by_relation(REDIRECT, NOT_FOUND, NOT_FOUND, REDIRECT)
CHANGE_SUBTREE_OK = by_relation(OK, NOT_FOUND, NOT_FOUND, OK)
CREATED_SUBTREE = by_relation(201, NOT_FOUND, NOT_FOUND, 201)
LOGGED_IN = {"cadre": OK, "department_staff": OK, "member": OK, "party_approver": OK}
CADRE_ONLY = {"cadre": OK, "department_staff": NONE, "member": NONE, "party_approver": NONE}
BAD_REQUEST = 400


def _today():
    from lvzhi.core.periods import today_local

    return today_local()


def seated(o):
    """``o.person`` with a committee seat at ``o`` (since 2024)."""
    if not getattr(o, "_seated", False):
        from lvzhi.orgs.models import Position, Title

        Position.objects.create(
            person=o.person,
            organization=o,
            org_path=o.path,
            title=Title.MEMBER,
            start_date=dt.date(2024, 1, 1),
        )
        o._seated = True
    return o.person


def activity_of(o, kind="lecture"):
    """An activity (or a suggestion) of ``o.person`` at ``o``."""
    key = f"_activity_{kind}"
    if getattr(o, key, None) is None:
        from lvzhi.members.models import Activity

        setattr(
            o,
            key,
            Activity.objects.create(
                person=seated(o),
                organization=o,
                org_path=o.path,
                kind=kind,
                date=_today(),
                place="妇女之家",
                note="建议增设托育点" if kind == "suggestion" else "",
            ),
        )
    return getattr(o, key)


def _record_body(o):
    return {"person": seated(o).pk, "kind": "contact", "date": _today().isoformat()}


ACTIVITY_ROWS = [
    # The installable web app's files: public, no personal data (issue 11 offline recording).
    Row(
        "members web app service worker",
        "GET",
        lambda o: reverse("members:service-worker"),
        everyone(OK),
    ),
    Row("members web app manifest", "GET", lambda o: reverse("members:manifest"), everyone(OK)),
    Row(
        "member phone home",
        "GET",
        lambda o: reverse("members:my"),
        {**LOGGED_IN, "anonymous": LOGIN},
    ),
    Row(
        "activity list page",
        "GET",
        lambda o: reverse("members:activities"),
        {**LOGGED_IN, "anonymous": LOGIN},
    ),
    Row(
        "activity list filtered by organization",
        "GET",
        lambda o: reverse("members:activities") + f"?org={activity_of(o).organization_id}",
        {**LOGGED_IN, "anonymous": LOGIN},
    ),
    Row(
        "new activity page for a member",
        "GET",
        lambda o: reverse("members:activity-new") + f"?person={seated(o).pk}",
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "new activity submit for a member",
        "POST",
        lambda o: reverse("members:activity-new") + f"?person={seated(o).pk}",
        {
            "cadre": CHANGE_SUBTREE_REDIRECT,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
        data=_record_body,
        writes=True,
    ),
    Row(
        "activity detail page",
        "GET",
        lambda o: reverse("members:activity", args=[activity_of(o).pk]),
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "activity edit page",
        "GET",
        lambda o: reverse("members:activity-edit", args=[activity_of(o).pk]),
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "activity confirm submit",
        "POST",
        lambda o: reverse("members:activity-verify", args=[activity_of(o).pk]),
        {
            "cadre": CHANGE_SUBTREE_REDIRECT,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
        data=lambda o: {"confirm": "1"},
        writes=True,
    ),
    Row(
        "activity bulk confirm submit",
        "POST",
        lambda o: reverse("members:activities-verify"),
        {
            "cadre": CHANGE_SUBTREE_REDIRECT,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
        data=lambda o: {"ids": [activity_of(o).pk]},
        writes=True,
    ),
    Row(
        "activity delete submit",
        "POST",
        lambda o: reverse("members:activity-delete", args=[activity_of(o).pk]),
        {
            "cadre": CHANGE_SUBTREE_REDIRECT,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
        writes=True,
    ),
    Row(
        "suggestions page",
        "GET",
        lambda o: reverse("members:suggestions"),
        {**CADRE_ONLY, "anonymous": LOGIN},
    ),
    Row(
        "suggestion answer submit",
        "POST",
        lambda o: reverse("members:suggestion-answer", args=[activity_of(o, "suggestion").pk]),
        {
            "cadre": CHANGE_SUBTREE_REDIRECT,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": LOGIN,
        },
        data=lambda o: {"answer": "已列入计划"},
        writes=True,
    ),
    Row(
        "API my activities",
        "GET",
        lambda o: "/api/v1/members/me/activities/",
        {**LOGGED_IN, "anonymous": UNAUTHORIZED},
        api=True,
    ),
    Row(
        "API my activity (someone else's)",
        "GET",
        lambda o: f"/api/v1/members/me/activities/{activity_of(o).pk}/",
        {
            "cadre": NONE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": UNAUTHORIZED,
        },
        api=True,
    ),
    Row(
        "API my activity change (someone else's)",
        "PATCH",
        lambda o: f"/api/v1/members/me/activities/{activity_of(o).pk}/",
        {
            "cadre": NONE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": UNAUTHORIZED,
        },
        data=lambda o: {"note": "改"},
        api=True,
        writes=True,
    ),
    Row(
        "API record own activity without a member record",
        "POST",
        lambda o: "/api/v1/members/me/activities/",
        {
            "cadre": BAD_REQUEST,
            "department_staff": BAD_REQUEST,
            "member": BAD_REQUEST,
            "party_approver": BAD_REQUEST,
            "anonymous": UNAUTHORIZED,
        },
        data=lambda o: {"kind": "lecture", "date": _today().isoformat()},
        api=True,
        writes=True,
    ),
    Row(
        "API my compliance",
        "GET",
        lambda o: "/api/v1/members/me/compliance/",
        {**LOGGED_IN, "anonymous": UNAUTHORIZED},
        api=True,
    ),
    Row(
        "API activity",
        "GET",
        lambda o: f"/api/v1/members/activities/{activity_of(o).pk}/",
        {
            "cadre": VIEW_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": UNAUTHORIZED,
        },
        api=True,
    ),
    Row(
        "API record for a member",
        "POST",
        lambda o: "/api/v1/members/activities/",
        {
            "cadre": CREATED_SUBTREE,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": UNAUTHORIZED,
        },
        data=_record_body,
        api=True,
        writes=True,
    ),
    Row(
        "API activity verify",
        "POST",
        lambda o: f"/api/v1/members/activities/{activity_of(o).pk}/verify/",
        {
            "cadre": CHANGE_SUBTREE_OK,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": UNAUTHORIZED,
        },
        data=lambda o: {"confirm": True},
        api=True,
        writes=True,
    ),
    Row(
        "API suggestions",
        "GET",
        lambda o: "/api/v1/members/suggestions/",
        {**LOGGED_IN, "anonymous": UNAUTHORIZED},
        api=True,
    ),
    Row(
        "API suggestion answer",
        "POST",
        lambda o: f"/api/v1/members/suggestions/{activity_of(o, 'suggestion').pk}/answer/",
        {
            "cadre": CHANGE_SUBTREE_OK,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": NONE,
            "anonymous": UNAUTHORIZED,
        },
        data=lambda o: {"answer": "已列入计划"},
        api=True,
        writes=True,
    ),
]
