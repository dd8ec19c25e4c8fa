"""Reads of deliberation (议事, R-HM-07), all from ``restrict(user, action)``: topics name
who raised them, so they (and the meetings and decisions that carry them) are read by who
may change the home; anyone else gets 404. The public page shows no topic."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .. import rules
from ..models import Decision, Escalation, Home, Meeting, Participant, Topic, TopicStatus
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
    return Decision.objects.filter(meeting=meeting).select_related("topic", "case").order_by("id")


def with_escalations(decisions) -> list:
    """Each decision with ``escalation``: where its major issue went and how it stands
    now, read from the suggestion (hook ``member_activity_states``, one query for all) or
    the case, never copied: ``{"how", "state", "answer", "person", "case"}`` or None."""
    from lvzhi.core import hooks

    decisions = list(decisions)
    ids = [d.suggestion_id for d in decisions if d.suggestion_id]
    states: dict = {}
    if ids:
        for answer in hooks.collect("member_activity_states", ids=ids):
            states.update(answer)
    for d in decisions:
        d.escalation = None
        if d.escalated_as == Escalation.SUGGESTION:
            found = states.get(d.suggestion_id)
            d.escalation = {
                "how": d.get_escalated_as_display(),
                "state": found["state"] if found else _("建议已删除"),
                "answered": bool(found and found["answered"]),
                "answer": found["answer"] if found else "",
                "answered_on": found["answered_on"] if found else None,
                "person": found["person"] if found else "",
                "case": None,
            }
        elif d.escalated_as == Escalation.CASE:
            case = d.case
            d.escalation = {
                "how": d.get_escalated_as_display(),
                "state": case.get_status_display() if case else _("办件已删除"),
                "stage": case.stage if case else "",
                "answered": bool(case and case.status != "open"),
                "answer": "",
                "answered_on": case.finished_at.date() if case and case.finished_at else None,
                "person": "",
                "case": case,
            }
    return decisions


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
