"""Reads of elections: from ``restrict(user, action)``, the lists and rounds prefetched
(a fixed number of queries whatever the size of the lists)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from ..models import Candidate, Election, ElectionRound


def with_lists(queryset):
    return queryset.select_related(
        "organization", "organization__party_organization", "sixin", "system_founding", "term"
    ).prefetch_related(
        "delegates",
        Prefetch("candidates", queryset=Candidate.objects.order_by("stage", "order")),
        Prefetch("rounds", queryset=ElectionRound.objects.order_by("stage")),
    )


def election_queryset(user, action: str = "view"):
    return with_lists(Election.objects.restrict(user, action))


def election_of(sixin) -> Election | None:
    """The founding election of a register row already read in scope, with its lists."""
    return with_lists(Election.objects.filter(sixin=sixin)).first()


def get_election(user, pk, action: str = "view") -> Election:
    return get_object_or_404(election_queryset(user, action), pk=pk)


def rounds_by_stage(election: Election) -> dict:
    """{stage: {"round": ElectionRound | None, "candidates": [...]}} in the rule's order."""
    from ..models import Stage

    rounds = {r.stage: r for r in election.rounds.all()}
    return {
        stage: {
            "stage": stage,
            "label": label,
            "round": rounds.get(stage),
            "candidates": [c for c in election.candidates.all() if c.stage == stage],
        }
        for stage, label in Stage.choices
    }


def election_steps(election: Election, stages: dict) -> list[dict]:
    """The election's steps in R-OR-05's order for its kind (``rules.election_steps``: the
    candidate list before the delegates for a system federation), each with the stage
    whose list or ballots it shows (``rounds_by_stage``'s entry) or None."""
    from .. import rules
    from ..models import Stage

    stage_of = {
        "delegates": None,
        "candidates": Stage.CONGRESS,
        "congress": Stage.CONGRESS,
        "first_meeting": Stage.FIRST_MEETING,
    }
    return [
        {"code": code, "stage": stages[stage_of[code]] if stage_of[code] else None}
        for code in rules.election_steps(system_federation=election.system_federation)
    ]
