"""Reads of organizations, committees and people; every one starts from restrict()."""

import datetime as dt
from typing import NamedTuple

from django.db.models import Q
from django.shortcuts import get_object_or_404

from lvzhi.core.scopes import PATH_END, scope_for
from lvzhi.core.search import search_queryset

from . import rules
from .models import SMALL_UNIT_KINDS, Kind, Level, Organization, Person, Position, Term, Title

# The columns a list or the tree shows. Rows are read as tuples, not model instances:
# building 350 deferred model objects costs 5× the query itself.
ORG_LIST_FIELDS = ("id", "path", "depth", "numchild", "name", "code", "system", "kind", "level")
_KIND_LABELS = dict(Kind.choices)
_LEVEL_LABELS = dict(Level.choices)


class OrgRow(NamedTuple):
    """An organization as a list shows it."""

    id: int
    path: str
    depth: int
    numchild: int
    name: str
    code: str
    system: str
    kind: str
    level: str

    @property
    def pk(self) -> int:
        return self.id

    def get_kind_display(self) -> str:
        return str(_KIND_LABELS.get(self.kind, self.kind))

    def get_level_display(self) -> str:
        return str(_LEVEL_LABELS.get(self.level, self.level))


def organization_list(user, action: str = "view", queryset=None) -> list[OrgRow]:
    queryset = Organization.objects.restrict(user, action) if queryset is None else queryset
    make = OrgRow._make
    return [make(values) for values in queryset.values_list(*ORG_LIST_FIELDS)]


def visible_organizations(user, action: str = "view"):
    return Organization.objects.restrict(user, action)


def get_organization(user, pk, action: str = "view") -> Organization:
    return get_object_or_404(
        visible_organizations(user, action).select_related("region", "party_organization"), pk=pk
    )


def subtree_filter(org: Organization, field: str = "org_path") -> Q:
    return Q(**{f"{field}__gte": org.path, f"{field}__lt": org.path + PATH_END})


def tree_roots(user):
    """The tops of the user's scope: where her tree starts."""
    scope = scope_for(user, "view")
    if scope.everything:
        return list(Organization.objects.get_root_nodes())
    paths = list(scope.subtrees) + [p for p in scope.exact if p not in scope.subtrees]
    return list(Organization.objects.filter(path__in=paths))


def children(user, org: Organization) -> list[OrgRow]:
    return organization_list(
        user,
        queryset=visible_organizations(user).filter(
            depth=org.depth + 1, path__gte=org.path, path__lt=org.path + PATH_END
        ),
    )


def search_organizations(user, query: str, limit: int = 30) -> list[OrgRow]:
    return organization_list(
        user, queryset=search_queryset(visible_organizations(user), query)[:limit]
    )


def ancestors_in_scope(user, org: Organization):
    """Breadcrumb: the ancestors the user may open."""
    prefixes = [org.path[: i * org.steplen] for i in range(1, org.depth)]
    return list(visible_organizations(user).filter(path__in=prefixes))


def current_term(org: Organization, today: dt.date):
    """The latest term and its R-OR-08 verdict (overdue when past its end)."""
    terms = list(Term.objects.filter(organization=org).order_by("-start_date")[:1])
    if not terms:
        return None, None
    term = terms[0]
    return term, rules.term_verdict(end_date=term.end_date, today=today, renewed=False)


def committee(org: Organization, today: dt.date) -> dict:
    """Current seats grouped as the organization's committee."""
    seats = list(
        Position.objects.filter(organization=org)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("person")
        .order_by("title", "start_date", "id")
    )
    return {
        "chairs": [s for s in seats if s.title == Title.CHAIR],
        "vice_chairs": [s for s in seats if s.title == Title.VICE_CHAIR],
        "standing": [s for s in seats if s.is_standing],
        "members": [s for s in seats if s.title == Title.MEMBER],
        "leaders": [s for s in seats if s.title == Title.LEADER],
        "size": len(seats),
    }


def organization_overview(user, org: Organization, today: dt.date) -> dict:
    kids = children(user, org)
    term, term_status = current_term(org, today)
    return {
        "ancestors": ancestors_in_scope(user, org),
        "departments": list(org.departments.all()),
        "term": term,
        "term_status": term_status,
        "terms": list(Term.objects.filter(organization=org).order_by("-start_date")),
        "committee": committee(org, today),
        "sub_federations": [k for k in kids if k.kind not in SMALL_UNIT_KINDS],
        "small_units": [k for k in kids if k.kind in SMALL_UNIT_KINDS],
    }


def people(user, org: Organization | None = None, query: str = "", action: str = "view"):
    qs = Person.objects.restrict(user, action).select_related("organization")
    if org is not None:
        qs = qs.filter(subtree_filter(org))
    if query:
        qs = search_queryset(qs, query)
    return qs.order_by("org_path", "name", "id")


def get_person(user, pk, action: str = "view") -> Person:
    return get_object_or_404(
        Person.objects.restrict(user, action).select_related("organization"), pk=pk
    )
