"""Nominations (R-MB-12): their state, lists and the people a cadre may nominate."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from lvzhi.members import rules
from lvzhi.members.changes.selectors._helpers import (
    OPEN_NOMINATION_STATUSES,
    nominations,
)
from lvzhi.members.models import Nomination, NominationChannel
from lvzhi.orgs.models import Organization, Person

NOMINATION_STEP_LABELS = {
    "nominated": gettext_lazy("提名"),
    "initial_review": gettext_lazy("本级妇联组织初审"),
    "party_review": gettext_lazy("同级党组织审议通过"),
    "rejected": gettext_lazy("未通过审查"),
    "plenary_vote": gettext_lazy("执委会全体会议表决"),
}


def nomination_reviews(nomination: Nomination) -> set[str]:
    return {s["step"] for s in nomination.steps}


def nomination_committee_size(nomination: Nomination) -> int:
    """The committee size the supporters were counted against (when nominated)."""
    for step in nomination.steps:
        if step.get("step") == "nominated":
            return int(step.get("committee_size") or 0)
    return 0


def nomination_state(nomination: Nomination, ruleset: str | None = None) -> rules.NominationCheck:
    """R-MB-12: what the nomination still needs before the plenary vote."""
    done = nomination_reviews(nomination)
    channel = nomination.channel
    masses = channel == NominationChannel.MASSES
    return rules.nomination_check(
        channel,
        committee_size=max(nomination_committee_size(nomination), 1) if masses else 0,
        supporting_members=nomination.supporters_members if masses else 0,
        supporting_women=nomination.supporters_women if masses else 0,
        initial_review="initial_review" in done,
        party_review="party_review" in done,
        ruleset=ruleset,
    )


def nomination_list(user, organization: Organization | None = None, *, status=None):
    queryset = nominations(user).select_related(
        "person", "person__organization", "organization", "replaces__person", "position"
    )
    if organization is not None:
        queryset = queryset.filter(organization=organization)
    if status == "open":
        queryset = queryset.filter(status__in=OPEN_NOMINATION_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "-id")


def get_nomination(user, pk) -> Nomination:
    return get_object_or_404(
        nominations(user).select_related(
            "person",
            "person__organization",
            "organization",
            "organization__party_organization",
            "replaces__person",
            "position",
        ),
        pk=pk,
    )


def ready_nominations(organization: Organization, ruleset: str | None = None) -> list[Nomination]:
    """Open nominations that may be put to the plenary vote (R-MB-12 complete)."""
    candidates = (
        Nomination.objects.filter(organization=organization, status__in=OPEN_NOMINATION_STATUSES)
        .select_related("person")
        .order_by("created_at", "id")
    )
    return [n for n in candidates if nomination_state(n, ruleset).ready]


def candidate_people(user, organization: Organization):
    """People a cadre may nominate for the federation: those on record in its subtree."""
    from lvzhi.orgs.selectors import subtree_filter

    return (
        Person.objects.restrict(user, "view")
        .filter(subtree_filter(organization))
        .select_related("organization")
        .order_by("org_path", "name", "id")
    )
