"""Reads of the 四新 register, blank spots and coverage. Every read starts from
``restrict(user, action)``; counts over a subtree are single aggregates (no query per
row or per child)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404

from lvzhi.core.rulesets import Verdict
from lvzhi.core.scopes import PATH_END
from lvzhi.orgs.models import SMALL_UNIT_KINDS, Kind, Level, Organization, Region, System

from . import rules
from .models import ExpectedForm, SixinOrganization

FEDERATION_KINDS = [k for k in Kind.values if k not in SMALL_UNIT_KINDS]


def subtree_q(path: str, field_name: str = "org_path") -> Q:
    return Q(**{f"{field_name}__gte": path, f"{field_name}__lt": path + PATH_END})


def sixin_queryset(user, action: str = "view"):
    return SixinOrganization.objects.restrict(user, action).select_related(
        "organization", "covered_by", "region"
    )


def get_sixin(user, pk, action: str = "view") -> SixinOrganization:
    return get_object_or_404(
        sixin_queryset(user, action).select_related("party_organization"), pk=pk
    )


def founding_committee(sixin: SixinOrganization):
    """The first term of the federation a founding filed, and its seats as (title label,
    name), chair first, then vice-chairs, then members; (None, []) before the results."""
    from lvzhi.orgs.models import Position, Title

    if not (sixin.covered_by_id and sixin.founding_case_id):
        return None, []
    term = sixin.covered_by.terms.order_by("number").first()
    if term is None:
        return None, []
    order = {Title.CHAIR: 0, Title.VICE_CHAIR: 1}
    seats = sorted(
        Position.objects.filter(term=term).select_related("person").order_by("start_date", "id"),
        key=lambda seat: order.get(seat.title, 2),
    )
    return term, [(seat.get_title_display(), seat.person.name) for seat in seats]


def verdict_of(sixin: SixinOrganization) -> Verdict:
    return rules.sixin_verdict(
        fixed_female_staff=sixin.fixed_female_staff,
        has_party_organization=sixin.has_party_organization,
        covered_by=sixin.covered_by.name if sixin.covered_by_id else None,
    )


def with_verdicts(rows):
    rows = list(rows)
    for row in rows:
        row.verdict = verdict_of(row)
    return rows


def register_organizations(user, action: str = "create"):
    """Women's federations where ``user`` may keep a register (for choosing one)."""
    return (
        Organization.objects.restrict(user, action)
        .filter(system=System.WOMEN)
        .exclude(kind__in=SMALL_UNIT_KINDS)
    )


# 空白点与覆盖率 --------------------------------------------------------------------------


@dataclass
class SubtreeCounts:
    """Blank spots and R-OR-07 coverage of one organization's subtree."""

    org_id: int
    name: str
    sixin_total: int = 0
    standalone_due: int = 0  # R-OR-01, not covered
    joint_due: int = 0  # R-OR-02, not covered
    villages: int | None = None  # None: no region to count villages in
    villages_covered: int = 0

    @property
    def blank(self) -> int:
        return self.standalone_due + self.joint_due

    @property
    def villages_uncovered(self) -> int | None:
        return None if self.villages is None else self.villages - self.villages_covered

    @property
    def verdicts(self) -> dict:
        """R-OR-07's verdict once there are villages to count (worked out when shown, not
        for every child when counted)."""
        if self.villages is None:
            return {}
        return {
            "R-OR-07": rules.coverage_verdict(villages=self.villages, covered=self.villages_covered)
        }

    @property
    def coverage(self) -> rules.Coverage | None:
        return (
            None if self.villages is None else rules.Coverage(self.villages, self.villages_covered)
        )


def _federation_regions(user, org: Organization):
    """Ids of the regions where an active women's federation of ``org``'s subtree (that
    the user may view) sits: a village among them is covered (R-OR-07). Some may be
    NULL (a federation without a region); ``id IN (…)`` matches none of them."""
    return (
        Organization.objects.restrict(user, "view")
        .filter(
            subtree_q(org.path, "path"),
            system=System.WOMEN,
            kind__in=FEDERATION_KINDS,
            is_active=True,
        )
        .values("region_id")
    )


def _village_regions(user, org: Organization):
    """Village-level regions annotated with ``covered`` (see ``_federation_regions``)."""
    federations = (
        Organization.objects.restrict(user, "view")
        .order_by()
        .filter(
            subtree_q(org.path, "path"),
            region_id=OuterRef("pk"),
            system=System.WOMEN,
            kind__in=FEDERATION_KINDS,
            is_active=True,
        )
    )
    return Region.objects.filter(level=Level.VILLAGE).annotate(covered=Exists(federations))


def code_range(prefix: str) -> Q:
    """Region codes starting with ``prefix`` (digits) as a range, which the code index
    serves on both databases (a ``LIKE 'prefix%'`` is a full scan on SQLite)."""
    if not prefix:
        return Q()
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(code__gte=prefix, code__lt=upper)


def _sixin_counts(user, org: Organization, children: list[Organization]) -> list[dict]:
    """Totals and blank spots by form for ``org`` and each child, in one pass over the
    subtree's rows, grouped by the federation that registered them (``org_path``) and their
    form: the groups come in the order of the (org_path, expected_form, covered_by) index,
    so neither database sorts the rows (grouping by the path cut at the children's depth
    made SQLite sort a province's 200,000 rows), and there are only as many as registering
    federations × forms. Each group is added to the child its path starts with. The blank
    ones are the group's rows less those covered (``COUNT(covered_by_id)``)."""
    width = len(org.path) + Organization.steplen
    index = {child.path: position for position, child in enumerate(children, start=1)}
    counts = [{"total": 0, "standalone": 0, "joint": 0} for _ in range(len(children) + 1)]
    grouped = (
        SixinOrganization.objects.restrict(user, "view")
        .filter(subtree_q(org.path))
        .values_list("org_path", "expected_form")
        .annotate(total=Count("id"), covered=Count("covered_by"))
        .order_by()
    )
    for path, expected_form, total, covered in grouped:
        form = "standalone" if expected_form == ExpectedForm.STANDALONE else "joint"
        for position in {0, index.get(path[:width], 0)}:
            counts[position]["total"] += total
            counts[position][form] += total - covered
    return counts


def _village_counts(user, org: Organization, prefixes: dict[int, str]) -> dict[int, tuple]:
    """(villages, covered) per position of ``prefixes`` (node → region prefix), from one
    grouped pass over the village-level regions under the outermost prefixes: each group
    (code cut at the longest prefix) counts its villages and, in the same pass, those where
    a federation sits (a filtered count over one semi-join); a node's figures are the sums
    of the groups under its prefix."""
    outer = []
    for prefix in sorted(set(prefixes.values())):  # a child's prefix extends its parent's
        if not any(prefix.startswith(kept) for kept in outer):
            outer.append(prefix)
    within = Q()
    for prefix in outer:
        within |= code_range(prefix)
    width = max(len(prefix) for prefix in prefixes.values())
    groups = list(
        Region.objects.filter(within, level=Level.VILLAGE)
        .values_list(Substr("code", 1, width))
        .annotate(
            villages=Count("id"),
            covered=Count("id", filter=Q(pk__in=_federation_regions(user, org))),
        )
        .order_by()
    )
    return {
        position: (
            sum(villages for group, villages, _covered in groups if group.startswith(prefix)),
            sum(covered for group, _villages, covered in groups if group.startswith(prefix)),
        )
        for position, prefix in prefixes.items()
    }


def coverage_for(user, org: Organization, children: list[Organization]) -> tuple:
    """(``org``'s SubtreeCounts, one per child) from two aggregate queries: the 四新 rows
    and the villages."""
    nodes = [org, *children]
    sixin_counts = _sixin_counts(user, org, children)
    prefixes = {
        position: rules.region_prefix(node.region.code)
        for position, node in enumerate(nodes)
        if node.region_id is not None
    }
    village_counts = _village_counts(user, org, prefixes) if prefixes else {}
    results = []
    for position, node in enumerate(nodes):
        counts = SubtreeCounts(
            org_id=node.pk,
            name=node.name,
            sixin_total=sixin_counts[position]["total"],
            standalone_due=sixin_counts[position]["standalone"],
            joint_due=sixin_counts[position]["joint"],
        )
        if position in village_counts:
            counts.villages, counts.villages_covered = village_counts[position]
        results.append(counts)
    return results[0], results[1:]


def federation_children(user, org: Organization) -> list[Organization]:
    return list(
        Organization.objects.restrict(user, "view")
        .filter(subtree_q(org.path, "path"), depth=org.depth + 1, system=System.WOMEN)
        .exclude(kind__in=SMALL_UNIT_KINDS)
        .select_related("region")
    )


def uncovered_villages(user, org: Organization):
    """Village-level regions of ``org``'s region without a federation, with their
    township (parent) read in the same query."""
    if org.region_id is None:
        return Region.objects.none()
    prefix = rules.region_prefix(org.region.code)
    return (
        _village_regions(user, org)
        .filter(code__startswith=prefix, covered=False)
        .select_related("parent")
        .order_by("code")
    )
