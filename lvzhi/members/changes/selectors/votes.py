"""Vote sessions (R-MB-13, R-MB-14) and the seats a vote is counted against: the term,
the extra seats (R-MB-03) and who is seated on a day."""

import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.shortcuts import get_object_or_404

from lvzhi.members.changes.selectors._helpers import vote_sessions
from lvzhi.members.common.selectors import seats
from lvzhi.members.models import Nomination, NominationStatus, VoteSession
from lvzhi.orgs.models import Organization, Person, Term


def vote_session_list(user, organization: Organization | None = None):
    queryset = vote_sessions(user).select_related("organization", "meeting", "recorded_by")
    if organization is not None:
        queryset = queryset.filter(organization=organization)
    return queryset.order_by("-date", "-id")


def get_vote_session(user, pk) -> VoteSession:
    return get_object_or_404(
        vote_sessions(user)
        .select_related("organization", "meeting", "recorded_by")
        .prefetch_related("scrutineers", "tallies__nomination__person"),
        pk=pk,
    )


def term_on(organization: Organization, day: dt.date) -> Term | None:
    """The term current on ``day`` (the latest one that started by then and has not ended)."""
    return (
        Term.objects.filter(organization=organization, start_date__lte=day, end_date__gte=day)
        .order_by("-start_date")
        .first()
    )


def extra_seats_on(organization: Organization, day: dt.date) -> dict[str, int]:
    """R-MB-03 seats held on ``day``: members elected above the limit, counted by the kind
    recorded on their nomination."""
    counts: dict[str, int] = defaultdict(int)
    rows = (
        Nomination.objects.filter(
            organization=organization,
            status=NominationStatus.ELECTED,
            position__isnull=False,
            position__start_date__lte=day,
        )
        .exclude(extra_seat_kind="")
        .filter(Q(position__end_date__isnull=True) | Q(position__end_date__gte=day))
        .values_list("extra_seat_kind", "person_id")
        .distinct()
    )
    for kind, _person in rows:
        counts[kind] += 1
    return dict(counts)


def seated_person_ids(organization: Organization, day: dt.date) -> set[int]:
    return set(seats(organization, day).values_list("person_id", flat=True))


def seated_titles(organization: Organization, person: Person, day: dt.date) -> set[str]:
    return set(
        seats(organization, day).filter(person=person).values_list("title", flat=True).distinct()
    )
