"""Reads of the six-standard assessments: from ``restrict(user, action)`` (out of scope:
404), the parts grouped by standard with their evidence in two queries, who acts now."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from lvzhi.core.rulesets import Verdict
from lvzhi.processes.selectors import acts_on

from .. import rules
from ..models import (
    OPEN_ASSESSMENT,
    Assessment,
    AssessmentPart,
    Designation,
    Evidence,
    Home,
    Status,
)
from ..selectors import subtree_q

OPEN_STATUSES = [str(s) for s in OPEN_ASSESSMENT]


def assessments(user, action: str = "view"):
    return Assessment.objects.restrict(user, action).select_related(
        "home__organization", "case__current_step__actor_organization"
    )


def get_assessment(user, pk, action: str = "view") -> Assessment:
    return get_object_or_404(assessments(user, action), pk=pk)


def assessments_of(home: Home):
    return home.assessments.select_related("case").order_by("-created_at", "-id")


def open_assessment(home: Home) -> Assessment | None:
    return assessments_of(home).filter(status__in=OPEN_STATUSES).first()


def evidence_counts(assessment: Assessment) -> dict[str, int]:
    return dict(
        AssessmentPart.objects.filter(assessment=assessment)
        .annotate(n=Count("evidence"))
        .values_list("code", "n")
    )


def checklist_rows(assessment: Assessment) -> list[dict]:
    """The six standards, each with its parts (row, evidence list) in checklist order."""
    parts = {
        p.code: p
        for p in AssessmentPart.objects.filter(assessment=assessment).prefetch_related("evidence")
    }
    rows = []
    for standard in rules.checklist():
        rows.append(
            {
                "standard": standard,
                "parts": [(spec, parts.get(spec.code)) for spec in standard.parts],
            }
        )
    return rows


def may_act(user, assessment: Assessment) -> bool:
    """She acts on the case's active step (the village, the township or the district)."""
    case = assessment.case
    if case is None or assessment.status not in OPEN_STATUSES or case.current_step is None:
        return False
    return acts_on(user, case.current_step)


def get_evidence(user, pk, action: str = "view") -> Evidence:
    return get_object_or_404(
        Evidence.objects.restrict(user, action).select_related("part__assessment__home"), pk=pk
    )


def district_target(county) -> Verdict:
    """R-HM-02 over the district's homes (not closed), whoever asks."""
    counts = (
        Home.objects.filter(subtree_q(county.path))
        .exclude(status=Status.CLOSED)
        .aggregate(
            homes=Count("id"),
            designated=Count("id", filter=Q(designation=Designation.DESIGNATED)),
        )
    )
    return rules.district_target_verdict(homes=counts["homes"], designated=counts["designated"])


def pending(user, org):
    """Open assessments in ``org``'s subtree, the nearest to designation first."""
    order = {"district": 0, "township": 1, "self": 2}
    rows = list(
        assessments(user).filter(subtree_q(org.path), status__in=OPEN_STATUSES).order_by("id")[:500]
    )
    rows.sort(key=lambda a: (order.get(a.status, 9), a.home.org_path, a.home.name))
    return rows
