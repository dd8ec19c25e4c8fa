"""Homes closest to designation (R-HM-01/02): the homes of a subtree not designated (nor
closed), read from ``restrict(user, "view")``, ordered by how many parts of the six
standards their latest assessment meets, each naming the parts still missing.

A part counts as met when the village assessed it 达到 and the township has not returned
it. A home never assessed meets none. Two queries whatever the number of homes: the homes
with their latest assessment and its count of met parts (subqueries), then the met parts
of the homes shown."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .. import rules
from ..models import (
    Assessment,
    AssessmentPart,
    Designation,
    Home,
    PartReview,
    Status,
)
from ..selectors import subtree_q

LIMIT = 200


@dataclass(frozen=True)
class Closest:
    home: Home
    assessment_id: int | None
    met: int
    total: int
    missing: list[str]


def _met_parts():
    return AssessmentPart.objects.filter(met=True).exclude(review=PartReview.RETURNED)


def candidates(user, org):
    """The homes not designated in ``org``'s subtree, with ``latest_assessment`` and
    ``met_parts``, nearest first (more parts met, then the tree's order and the name)."""
    latest = Assessment.objects.filter(home=OuterRef("pk")).order_by("-created_at", "-id")
    met = (
        _met_parts()
        .filter(assessment=OuterRef("latest_assessment"))
        .order_by()
        .values("assessment")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        Home.objects.restrict(user, "view")
        .filter(subtree_q(org.path))
        .exclude(status=Status.CLOSED)
        .exclude(designation=Designation.DESIGNATED)
        .select_related("organization")
        .annotate(latest_assessment=Subquery(latest.values("id")[:1]))
        .annotate(
            met_parts=Coalesce(Subquery(met, output_field=IntegerField()), Value(0)),
        )
        .order_by("-met_parts", "org_path", "name", "id")
    )


def closest(user, org, limit: int = LIMIT) -> list[Closest]:
    return rows_for(list(candidates(user, org)[:limit]))


def rows_for(homes) -> list[Closest]:
    """Each home (from :func:`candidates`) with the names of the parts it still misses."""
    codes = rules.part_codes()
    ids = [h.latest_assessment for h in homes if h.latest_assessment]
    met: dict[int, set[str]] = {}
    for assessment, code in (
        _met_parts().filter(assessment__in=ids).values_list("assessment", "code")
    ):
        met.setdefault(assessment, set()).add(code)
    rows = []
    for home in homes:
        done = met.get(home.latest_assessment, set())
        rows.append(
            Closest(
                home=home,
                assessment_id=home.latest_assessment,
                met=home.met_parts,
                total=len(codes),
                missing=[rules.part_name(c) for c in codes if c not in done],
            )
        )
    return rows
