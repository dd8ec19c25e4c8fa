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

from lvzhi.core.tests.matrix import (
    CHANGE_SUBTREE_REDIRECT,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    REDIRECT,
    VIEW_OWN_ONLY,
    by_relation,
    cadres,
)
from lvzhi.members.tests.matrix_shapes import (
    CADRE_CREATES,
    CADRE_WRITES,
    CADRES,
    SIGNED_IN,
    VIEWERS,
    api_read,
    api_write,
    page,
    page_submit,
)

COMMITTEE = 6
# Exits: cadres of the subtree and the same-level party approver.
EXIT_VIEW = cadres(party_approver=VIEW_OWN_ONLY)
# Visible but not theirs to act on: 403; out of sight: 404.
SEES_NOT_HIS = by_relation(FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND)
CADRE_SEES_NOT_HIS = by_relation(FORBIDDEN, NOT_FOUND, NOT_FOUND, FORBIDDEN)
# The exit proposal: the cadre proposes, the same-level approver sees it but may not.
PROPOSE = cadres(CHANGE_SUBTREE_REDIRECT, party_approver=SEES_NOT_HIS)
PROPOSE_API = cadres(by_relation(OK, NOT_FOUND, NOT_FOUND, OK), party_approver=SEES_NOT_HIS)


def party_review(approver):
    """Only the same-level party approver reviews a nomination by the masses (``approver``
    at her own organization); whoever else sees it gets 403."""
    return {
        "cadre": CADRE_SEES_NOT_HIS,
        "department_staff": SEES_NOT_HIS,
        "member": SEES_NOT_HIS,
        "party_approver": by_relation(approver, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    }


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


def _exit_enter_data(o):
    return {"person": committee_of(o)[3].pk, "ground": "resigned", "date": _today().isoformat()}


def _exit_open_data(o):
    return {"organization": o.pk, **_exit_enter_data(o)}


def _proposal_data(o):
    return {"step": "proposal", "date": _today().isoformat()}


def _nomination_api_data(o):
    return {
        "organization": o.pk,
        "committee": len(committee_of(o)),  # ignored; seats the committee first
        "channel": "masses",
        "new_person": {"name": "新候选人"},
        "supporters_women": 20,
    }


def _party_review_data(o):
    return {"action": "party_review"}


def _url(name, of=None):
    """``o`` -> the URL of page ``name`` for ``of(o)`` (``o`` itself when not given)."""
    return lambda o: reverse(f"members:{name}", args=[(of(o) if of else o).pk])


API = "/api/v1/members"

CHANGE_ROWS = [
    # 退出 ------------------------------------------------------------------
    page("exit list page", _url("exit-list"), EXIT_VIEW),
    page("exit detail page", _url("exit-detail", exit_of), EXIT_VIEW),
    page("exit enter page", _url("exit-create"), CADRES),
    page_submit("exit enter submit", _url("exit-create"), CADRE_WRITES, _exit_enter_data),
    page_submit("exit proposal submit", _url("exit-step", exit_of), PROPOSE, _proposal_data),
    api_read(
        "API exit recommendations",
        lambda o: f"{API}/exit-recommendations/?organization={o.pk}",
        EXIT_VIEW,
    ),
    api_read("API exit", lambda o: f"{API}/exits/{exit_of(o).pk}/", EXIT_VIEW),
    api_read("API exits list", lambda o: f"{API}/exits/", SIGNED_IN),
    api_write("API exit open", "POST", lambda o: f"{API}/exits/", CADRE_CREATES, _exit_open_data),
    api_write(
        "API exit proposal",
        "POST",
        lambda o: f"{API}/exits/{exit_of(o).pk}/step/",
        PROPOSE_API,
        _proposal_data,
    ),
    # 提名 ------------------------------------------------------------------
    page("nomination list page", _url("nomination-list"), VIEWERS),
    page("nomination detail page", _url("nomination-detail", masses_nomination_of), VIEWERS),
    page("nomination form page", _url("nomination-create"), CADRES),
    page_submit(
        "nomination submit",
        _url("nomination-create"),
        CADRE_WRITES,
        lambda o: {"channel": "party", "new_name": "新候选人", "title": "member"},
    ),
    page_submit(
        "nomination party review submit",
        _url("nomination-review", masses_nomination_of),
        party_review(REDIRECT),
        _party_review_data,
    ),
    api_read("API nominations list", lambda o: f"{API}/nominations/", SIGNED_IN),
    api_read(
        "API nomination",
        lambda o: f"{API}/nominations/{masses_nomination_of(o).pk}/",
        VIEWERS,
    ),
    api_write(
        "API nomination create",
        "POST",
        lambda o: f"{API}/nominations/",
        CADRE_CREATES,
        _nomination_api_data,
    ),
    api_write(
        "API nomination party review",
        "POST",
        lambda o: f"{API}/nominations/{masses_nomination_of(o).pk}/review/",
        party_review(OK),
        _party_review_data,
    ),
    # 表决 ------------------------------------------------------------------
    page("vote list page", _url("vote-list"), VIEWERS),
    page("vote detail page", _url("vote-detail", vote_of), VIEWERS),
    page("vote form page", _url("vote-create"), CADRES),
    page_submit("vote record submit", _url("vote-create"), CADRE_WRITES, _vote_page_data),
    api_read("API vote sessions list", lambda o: f"{API}/vote-sessions/", SIGNED_IN),
    api_read("API vote session", lambda o: f"{API}/vote-sessions/{vote_of(o).pk}/", VIEWERS),
    api_write(
        "API vote session record",
        "POST",
        lambda o: f"{API}/vote-sessions/",
        CADRE_CREATES,
        _vote_api_data,
    ),
    api_write(
        "API vote session preview",
        "POST",
        lambda o: f"{API}/vote-sessions/preview/",
        cadres(by_relation(OK, NOT_FOUND, NOT_FOUND, OK)),
        _vote_api_data,
        writes=False,
    ),
]
