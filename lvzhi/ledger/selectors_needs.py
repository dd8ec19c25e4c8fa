"""Reads of needs (需求转办) and their outcomes. A need is read by whoever reads her entry
(``selectors.entries``: her community's cadres, the workers of her grid). The outcome is
read from where the need went, never copied onto the need:

- a case (办件): its status, stage, finish date and result, through the foreign key;
- a 建议: members' answer (answered or not, when, what), through hook
  ``member_activity_states`` (members is on the ledger's layer: no import either way).

The outcome is part of her entry: whoever reads the entry reads it."""

import datetime as dt
from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import hooks
from lvzhi.processes.models import CaseStatus

from . import selectors
from .models import Need, ReferralKind


@dataclass
class Outcome:
    """What became of a referred need: ``status`` a code, ``label`` its words, ``on`` the
    date it was answered or finished, ``result`` the answer or the case's result."""

    status: str
    label: str
    on: dt.date | None = None
    result: str = ""

    @property
    def done(self) -> bool:
        return self.status in ("answered", "finished")


NOT_REFERRED = Outcome("not_referred", "")


def needs(user):
    """Needs of the entries ``user`` reads (cadre: her communities; worker: her grids)."""
    managed = Need.objects.restrict(user, selectors.READ_ACTION)
    mine = Need.objects.filter(entry__grid__in=selectors.my_grids(user).values("pk"))
    return (managed | mine).select_related(
        "entry", "visit__visitor", "case__current_step", "recorded_by"
    )


def get_need(user, pk) -> Need:
    return get_object_or_404(needs(user), pk=pk)


def _suggestion_states(ids: list[int]) -> dict[int, dict]:
    """``{activity id: state}`` of the suggestions ``ids`` (members' answer: ``answered``,
    ``answer``, ``answered_on``); one query through the hook, none without ids."""
    if not ids:
        return {}
    found = {}
    for states in hooks.collect("member_activity_states", ids=ids):
        found.update(states)
    return found


def _case_outcome(case) -> Outcome:
    if case is None:
        return Outcome("case_gone", _("办件已删除"))
    if case.status == CaseStatus.FINISHED:
        on = timezone.localdate(case.finished_at) if case.finished_at else None
        return Outcome("finished", case.get_status_display(), on, case.result)
    if case.status == CaseStatus.CANCELLED:
        return Outcome("cancelled", case.get_status_display())
    label = case.get_status_display()
    if case.stage:
        label = _("%(status)s（%(stage)s）") % {"status": label, "stage": case.stage}
    return Outcome("open", label)


def attach_outcomes(items) -> list[Need]:
    """Set ``need.outcome`` on each need of ``items``; one query for the suggestions."""
    items = list(items)
    states = _suggestion_states(
        [n.suggestion_id for n in items if n.referred_as == ReferralKind.SUGGESTION]
    )
    for need in items:
        if need.referred_as == ReferralKind.CASE:
            need.outcome = _case_outcome(need.case)
        elif need.referred_as == ReferralKind.SUGGESTION:
            state = states.get(need.suggestion_id)
            if state is None:
                need.outcome = Outcome("suggestion_gone", _("建议已删除"))
            elif state["answered"]:
                need.outcome = Outcome(
                    "answered", _("已答复"), state["answered_on"], state["answer"]
                )
            else:
                need.outcome = Outcome("waiting", _("待答复"))
        else:
            need.outcome = NOT_REFERRED
    return items


def entry_needs(user, entry) -> list[Need]:
    """An entry's needs, newest first, each with its outcome."""
    return attach_outcomes(needs(user).filter(entry=entry).order_by("-recorded_on", "-id"))
