"""Rows of the authorization matrix for committee changes: exits (R-MB-08…11), nominations
(R-MB-12) and vote sessions (R-MB-13/14), pages and API (appended to MATRIX by the lead).

Each target organization gets, the first time a row asks, a committee of six seated today in
a current term, an exit case (a recommendation, not yet proposed), a nomination by the masses
awaiting the party's review, a party nomination ready for the vote and a recorded vote
session, built with the ORM (no audit events).

Who may do what:
- exits are seen by cadres (change scope) and the same-level party approver only: members
  and department staff get 404; the approver may not propose (403), the cadre may;
- nominations and vote sessions are seen by whoever may view the federation; only cadres
  record them; only the same-level party approver reviews a nomination by the masses (a cadre
  or anyone else who sees it gets 403).
"""

import datetime as dt

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import (
    FORBIDDEN,
    LOGIN,
    NONE,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHORIZED,
    VIEW_OWN_ONLY,
    VIEW_SUBTREE,
    Row,
    by_relation,
)

CREATED = 201
COMMITTEE = 6
CHANGE_SUBTREE_REDIRECT = by_relation(REDIRECT, NOT_FOUND, NOT_FOUND, REDIRECT)
CHANGE_SUBTREE_OK = by_relation(OK, NOT_FOUND, NOT_FOUND, OK)
CREATE_SUBTREE = by_relation(CREATED, NOT_FOUND, NOT_FOUND, CREATED)
LOGGED_IN = {"cadre": OK, "department_staff": OK, "member": OK, "party_approver": OK}
# Exits: cadres of the subtree and the same-level party approver.
EXIT_VIEW = {
    "cadre": VIEW_SUBTREE,
    "department_staff": NONE,
    "member": NONE,
    "party_approver": VIEW_OWN_ONLY,
}
VIEW = {
    "cadre": VIEW_SUBTREE,
    "department_staff": VIEW_OWN_ONLY,
    "member": VIEW_OWN_ONLY,
    "party_approver": VIEW_OWN_ONLY,
}
CADRE_ONLY = {"department_staff": NONE, "member": NONE, "party_approver": NONE}
# Visible but not theirs to act on: 403; out of sight: 404.
SEES_NOT_HIS = by_relation(FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND)
CADRE_SEES_NOT_HIS = by_relation(FORBIDDEN, NOT_FOUND, NOT_FOUND, FORBIDDEN)


def _today():
    from lvzhi.core.periods import today_local

    return today_local()


def committee_of(o):
    """Six members seated in a term current today."""
    if getattr(o, "_committee", None) is None:
        from lvzhi.orgs.models import Person, Position, Term, Title

        today = _today()
        term = Term.objects.create(
            organization=o,
            org_path=o.path,
            number=90,
            start_date=today - dt.timedelta(days=365),
            end_date=today + dt.timedelta(days=3 * 365),
        )
        people = []
        for index in range(COMMITTEE):
            person = Person.objects.create(
                organization=o, org_path=o.path, name=f"{o.code}执委{index + 1}"
            )
            Position.objects.create(
                person=person,
                organization=o,
                org_path=o.path,
                term=term,
                title=Title.CHAIR if index == 0 else Title.MEMBER,
                start_date=term.start_date,
            )
            people.append(person)
        o._committee = people
    return o._committee


def exit_of(o):
    if getattr(o, "_exit", None) is None:
        from lvzhi.members.models import ExitCase
        from lvzhi.orgs.models import Position

        person = committee_of(o)[1]
        o._exit = ExitCase.objects.create(
            person=person,
            organization=o,
            org_path=o.path,
            position=Position.objects.get(person=person),
            kind="self_release",
            ground="resigned",
            rule_id="R-MB-08",
            source="CQ-ZT 第十一条",
            evidence=[{"text": "本人提出辞去执委职务"}],
            status="recommended",
            steps=[{"step": "opened"}],
        )
    return o._exit


def _nomination(o, channel, name):
    from lvzhi.members.models import Nomination
    from lvzhi.orgs.models import Person

    person = Person.objects.create(organization=o, org_path=o.path, name=name)
    return Nomination.objects.create(
        organization=o,
        org_path=o.path,
        person=person,
        channel=channel,
        supporters_women=20 if channel == "masses" else 0,
        steps=[{"step": "nominated", "committee_size": len(committee_of(o))}],
    )


def masses_nomination_of(o):
    if getattr(o, "_masses", None) is None:
        o._masses = _nomination(o, "masses", f"{o.code}群众推荐候选人")
    return o._masses


def party_nomination_of(o):
    if getattr(o, "_party", None) is None:
        o._party = _nomination(o, "party", f"{o.code}组织推荐候选人")
    return o._party


def vote_of(o):
    if getattr(o, "_vote", None) is None:
        from lvzhi.members.models import VoteSession

        committee_of(o)
        o._vote = VoteSession.objects.create(
            organization=o,
            org_path=o.path,
            date=_today(),
            expected=COMMITTEE,
            present=COMMITTEE,
            counters=["计票员"],
            is_valid=True,
            arithmetic=["应到6人，实到6人"],
        )
    return o._vote


def _vote_page_data(o):
    nomination = party_nomination_of(o)
    return {
        "date": _today().isoformat(),
        "present": COMMITTEE,
        "scrutineers": [committee_of(o)[2].pk],
        "scrutineers_approved": "on",
        "counters": "计票员",
        f"yes_{nomination.pk}": COMMITTEE,
        "action": "record",
    }


def _vote_api_data(o):
    return {
        "organization": o.pk,
        "date": _today().isoformat(),
        "present": COMMITTEE,
        "scrutineers": [committee_of(o)[2].pk],
        "scrutineers_approved": True,
        "counters": ["计票员"],
        "tallies": [{"nomination": party_nomination_of(o).pk, "yes": COMMITTEE}],
    }


CHANGE_ROWS = [
    # 退出 ------------------------------------------------------------------
    Row(
        "exit list page",
        "GET",
        lambda o: reverse("members:exit-list", args=[o.pk]),
        {**EXIT_VIEW, "anonymous": LOGIN},
    ),
    Row(
        "exit detail page",
        "GET",
        lambda o: reverse("members:exit-detail", args=[exit_of(o).pk]),
        {**EXIT_VIEW, "anonymous": LOGIN},
    ),
    Row(
        "exit enter page",
        "GET",
        lambda o: reverse("members:exit-create", args=[o.pk]),
        {"cadre": VIEW_SUBTREE, **CADRE_ONLY, "anonymous": LOGIN},
    ),
    Row(
        "exit enter submit",
        "POST",
        lambda o: reverse("members:exit-create", args=[o.pk]),
        {"cadre": CHANGE_SUBTREE_REDIRECT, **CADRE_ONLY, "anonymous": LOGIN},
        data=lambda o: {
            "person": committee_of(o)[3].pk,
            "ground": "resigned",
            "date": _today().isoformat(),
        },
        writes=True,
    ),
    Row(
        "exit proposal submit",
        "POST",
        lambda o: reverse("members:exit-step", args=[exit_of(o).pk]),
        {
            "cadre": CHANGE_SUBTREE_REDIRECT,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": SEES_NOT_HIS,
            "anonymous": LOGIN,
        },
        data=lambda o: {"step": "proposal", "date": _today().isoformat()},
        writes=True,
    ),
    Row(
        "API exit recommendations",
        "GET",
        lambda o: f"/api/v1/members/exit-recommendations/?organization={o.pk}",
        {**EXIT_VIEW, "anonymous": UNAUTHORIZED},
        api=True,
    ),
    Row(
        "API exit",
        "GET",
        lambda o: f"/api/v1/members/exits/{exit_of(o).pk}/",
        {**EXIT_VIEW, "anonymous": UNAUTHORIZED},
        api=True,
    ),
    Row(
        "API exits list",
        "GET",
        lambda o: "/api/v1/members/exits/",
        {**LOGGED_IN, "anonymous": UNAUTHORIZED},
        api=True,
    ),
    Row(
        "API exit open",
        "POST",
        lambda o: "/api/v1/members/exits/",
        {"cadre": CREATE_SUBTREE, **CADRE_ONLY, "anonymous": UNAUTHORIZED},
        data=lambda o: {
            "organization": o.pk,
            "person": committee_of(o)[3].pk,
            "ground": "resigned",
            "date": _today().isoformat(),
        },
        api=True,
        writes=True,
    ),
    Row(
        "API exit proposal",
        "POST",
        lambda o: f"/api/v1/members/exits/{exit_of(o).pk}/step/",
        {
            "cadre": CHANGE_SUBTREE_OK,
            "department_staff": NONE,
            "member": NONE,
            "party_approver": SEES_NOT_HIS,
            "anonymous": UNAUTHORIZED,
        },
        data=lambda o: {"step": "proposal", "date": _today().isoformat()},
        api=True,
        writes=True,
    ),
    # 提名 ------------------------------------------------------------------
    Row(
        "nomination list page",
        "GET",
        lambda o: reverse("members:nomination-list", args=[o.pk]),
        {**VIEW, "anonymous": LOGIN},
    ),
    Row(
        "nomination detail page",
        "GET",
        lambda o: reverse("members:nomination-detail", args=[masses_nomination_of(o).pk]),
        {**VIEW, "anonymous": LOGIN},
    ),
    Row(
        "nomination form page",
        "GET",
        lambda o: reverse("members:nomination-create", args=[o.pk]),
        {"cadre": VIEW_SUBTREE, **CADRE_ONLY, "anonymous": LOGIN},
    ),
    Row(
        "nomination submit",
        "POST",
        lambda o: reverse("members:nomination-create", args=[o.pk]),
        {"cadre": CHANGE_SUBTREE_REDIRECT, **CADRE_ONLY, "anonymous": LOGIN},
        data=lambda o: {"channel": "party", "new_name": "新候选人", "title": "member"},
        writes=True,
    ),
    Row(
        "nomination party review submit",
        "POST",
        lambda o: reverse("members:nomination-review", args=[masses_nomination_of(o).pk]),
        {
            "cadre": CADRE_SEES_NOT_HIS,
            "department_staff": SEES_NOT_HIS,
            "member": SEES_NOT_HIS,
            "party_approver": by_relation(REDIRECT, NOT_FOUND, NOT_FOUND, NOT_FOUND),
            "anonymous": LOGIN,
        },
        data=lambda o: {"action": "party_review"},
        writes=True,
    ),
    Row(
        "API nominations list",
        "GET",
        lambda o: "/api/v1/members/nominations/",
        {**LOGGED_IN, "anonymous": UNAUTHORIZED},
        api=True,
    ),
    Row(
        "API nomination",
        "GET",
        lambda o: f"/api/v1/members/nominations/{masses_nomination_of(o).pk}/",
        {**VIEW, "anonymous": UNAUTHORIZED},
        api=True,
    ),
    Row(
        "API nomination create",
        "POST",
        lambda o: "/api/v1/members/nominations/",
        {"cadre": CREATE_SUBTREE, **CADRE_ONLY, "anonymous": UNAUTHORIZED},
        data=lambda o: {
            "organization": o.pk,
            "committee": len(committee_of(o)),  # ignored; seats the committee first
            "channel": "masses",
            "new_person": {"name": "新候选人"},
            "supporters_women": 20,
        },
        api=True,
        writes=True,
    ),
    Row(
        "API nomination party review",
        "POST",
        lambda o: f"/api/v1/members/nominations/{masses_nomination_of(o).pk}/review/",
        {
            "cadre": CADRE_SEES_NOT_HIS,
            "department_staff": SEES_NOT_HIS,
            "member": SEES_NOT_HIS,
            "party_approver": by_relation(OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
            "anonymous": UNAUTHORIZED,
        },
        data=lambda o: {"action": "party_review"},
        api=True,
        writes=True,
    ),
    # 表决 ------------------------------------------------------------------
    Row(
        "vote list page",
        "GET",
        lambda o: reverse("members:vote-list", args=[o.pk]),
        {**VIEW, "anonymous": LOGIN},
    ),
    Row(
        "vote detail page",
        "GET",
        lambda o: reverse("members:vote-detail", args=[vote_of(o).pk]),
        {**VIEW, "anonymous": LOGIN},
    ),
    Row(
        "vote form page",
        "GET",
        lambda o: reverse("members:vote-create", args=[o.pk]),
        {"cadre": VIEW_SUBTREE, **CADRE_ONLY, "anonymous": LOGIN},
    ),
    Row(
        "vote record submit",
        "POST",
        lambda o: reverse("members:vote-create", args=[o.pk]),
        {"cadre": CHANGE_SUBTREE_REDIRECT, **CADRE_ONLY, "anonymous": LOGIN},
        data=_vote_page_data,
        writes=True,
    ),
    Row(
        "API vote sessions list",
        "GET",
        lambda o: "/api/v1/members/vote-sessions/",
        {**LOGGED_IN, "anonymous": UNAUTHORIZED},
        api=True,
    ),
    Row(
        "API vote session",
        "GET",
        lambda o: f"/api/v1/members/vote-sessions/{vote_of(o).pk}/",
        {**VIEW, "anonymous": UNAUTHORIZED},
        api=True,
    ),
    Row(
        "API vote session record",
        "POST",
        lambda o: "/api/v1/members/vote-sessions/",
        {"cadre": CREATE_SUBTREE, **CADRE_ONLY, "anonymous": UNAUTHORIZED},
        data=_vote_api_data,
        api=True,
        writes=True,
    ),
    Row(
        "API vote session preview",
        "POST",
        lambda o: "/api/v1/members/vote-sessions/preview/",
        {"cadre": CHANGE_SUBTREE_OK, **CADRE_ONLY, "anonymous": UNAUTHORIZED},
        data=_vote_api_data,
        api=True,
    ),
]
