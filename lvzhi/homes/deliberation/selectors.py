"""Reads of deliberation (议事, R-HM-07), all from ``restrict(user, action)``: topics name
who raised them, so they (and the meetings and decisions that carry them) are read by who
may change the home; anyone else gets 404. The public page shows no topic."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from .. import rules
from ..models import Decision, Home, Meeting, Participant, Topic, TopicStatus
from ..selectors import subtree_q

READ_ACTION = "change"


def topics(user):
    return Topic.objects.restrict(user, READ_ACTION).select_related("home")


def topics_of(user, home: Home):
    return topics(user).filter(home=home).annotate(n_decisions=Count("decisions"))


def open_topics(home: Home):
    return Topic.objects.filter(home=home, status=TopicStatus.OPEN).order_by("raised_on", "id")


def get_topic(user, pk) -> Topic:
    return get_object_or_404(topics(user), pk=pk)


def meetings(user):
    return (
        Meeting.objects.restrict(user, READ_ACTION)
        .select_related("home")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.order_by("id")),
            "topics",
        )
    )


def meetings_of(user, home: Home):
    return meetings(user).filter(home=home)


def get_meeting(user, pk) -> Meeting:
    return get_object_or_404(meetings(user), pk=pk)


def decisions(user):
    return Decision.objects.restrict(user, READ_ACTION).select_related(
        "topic", "meeting", "meeting__home"
    )


def decisions_of(meeting: Meeting):
    return Decision.objects.filter(meeting=meeting).select_related("topic").order_by("id")


def get_decision(user, pk) -> Decision:
    return get_object_or_404(decisions(user), pk=pk)


def with_verdict(decision: Decision) -> Decision:
    decision.verdict = rules.decision_verdict(
        major=decision.major, feedback_on=decision.feedback_on, reported_on=decision.reported_on
    )
    return decision


def pending_decisions(user, org):
    """Decisions of ``org``'s subtree still waiting for feedback or, if major, a report."""
    return (
        decisions(user)
        .filter(subtree_q(org.path))
        .filter(Q(feedback_on__isnull=True) | Q(major=True, reported_on__isnull=True))
        .order_by("meeting__date", "id")
    )
