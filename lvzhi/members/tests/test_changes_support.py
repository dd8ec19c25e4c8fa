"""Fixtures and helpers shared by the committee-change tests (exits, nominations, votes).

``people`` places users around the ``committees`` fixture: a cadre of 新河街道妇联 with its
subtree, the same-level party approver (role held at 新河街道妇联 only), a cadre of the
sibling 大沽街道妇联, and a member of the 新河街道 committee (xinhe_member1)."""

import datetime as dt
import secrets

import pytest

from lvzhi.core.models import AuditEvent
from lvzhi.members.models import (
    Attendance,
    ExitCase,
    Meeting,
    MemberProfile,
    Nomination,
    VoteSession,
    VoteTally,
    YearResult,
)
from lvzhi.members.tests.conftest import SEATED_ON, seat_committee  # noqa: F401
from lvzhi.orgs.models import Person, Position, Term, Title

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def people(committees, make_user, django_user_model):
    class People:
        cadre = make_user("xinhe_cadre", "cadre", committees.tree.xinhe)
        approver = make_user(
            "xinhe_party", "party_approver", committees.tree.xinhe, include_descendants=False
        )
        sibling = make_user("dagu_cadre", "cadre", committees.tree.dagu)
        member = django_user_model.objects.get(username="xinhe_member1")
        township = committees.township
        village = committees.village
        tree = committees.tree

    return People


def counts():
    """Rows that a refused change must not touch."""
    return {
        model.__name__: model.objects.count()
        for model in (
            AuditEvent,
            ExitCase,
            Nomination,
            VoteSession,
            VoteTally,
            Position,
            Person,
        )
    }


def seat_extra(organization, n, prefix="增补", start=SEATED_ON):
    """Seat ``n`` more members (no accounts) in the organization's current term."""
    term = Term.objects.filter(organization=organization).order_by("-start_date").first()
    seated = []
    for index in range(n):
        person = Person.objects.create(
            organization=organization, org_path=organization.path, name=f"{prefix}{index + 1}"
        )
        Position.objects.create(
            person=person,
            organization=organization,
            org_path=organization.path,
            term=term,
            title=Title.MEMBER,
            start_date=start,
        )
        seated.append(person)
    return seated


def year_result(person, organization, year, grade):
    return YearResult.objects.create(
        person=person, organization=organization, org_path=organization.path, year=year, grade=grade
    )


def meeting(organization, title, day, kind="executive"):
    return Meeting.objects.create(
        organization=organization, org_path=organization.path, title=title, date=day, kind=kind
    )


def attend(meeting_, person, status):
    return Attendance.objects.create(
        meeting=meeting_, person=person, org_path=meeting_.org_path, status=status
    )


def away(person, since):
    return MemberProfile.objects.create(
        person=person,
        organization=person.organization,
        org_path=person.org_path,
        away_since=since,
        public_token=secrets.token_hex(8),
    )
