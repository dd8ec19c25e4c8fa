"""Reads of organizations, committees and people; every one starts from restrict()."""

import datetime as dt
from typing import NamedTuple

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lvzhi.core.api import parse_id
from lvzhi.core.scopes import PATH_END, scope_for
from lvzhi.core.search import search_queryset
from lvzhi.core.selectors import current_organization

from . import rules
from .models import (
    SMALL_UNIT_KINDS,
    Kind,
    Level,
    Organization,
    Person,
    Position,
    System,
    Term,
    Title,
)

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


def organization_from_request(request, action: str = "view") -> Organization:
    """The organization a module's page works on: ``?org=<pk>`` if the user may ``action``
    it, else the one chosen in the switcher; 404 otherwise."""
    if request.GET.get("org"):
        return get_organization(request.user, parse_id(request.GET["org"]) or 0, action)
    org = current_organization(request)
    if org is None:
        raise Http404(_("页面不存在"))
    return get_organization(request.user, org.pk, action)


def public_area(pk) -> Organization | None:
    """A women's federation (any level, active, not a small unit) whose rows a public list
    shows, or None."""
    return (
        Organization.objects.filter(pk=pk, system=System.WOMEN, is_active=True)
        .exclude(kind__in=SMALL_UNIT_KINDS)
        .first()
    )


def public_area_from_request(request) -> Organization | None:
    """``?area=<federation id>`` of a public list: None when absent, 404 when it names no
    federation :func:`public_area` answers."""
    raw = request.GET.get("area", "")
    if not raw:
        return None
    pk = parse_id(raw)
    area = public_area(pk) if pk else None
    if area is None:
        raise Http404(_("页面不存在"))
    return area


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


# 人名而非登录名 -----------------------------------------------------------------
# Timelines, history pages and lists show who acted as a person: 王芳（新河街道妇联 主席）.
# The login name is shown to platform administrators only.


def is_platform_admin(viewer) -> bool:
    """Superusers and holders of the platform administrator role (who see login names)."""
    from lvzhi.core.scopes import user_assignments

    if viewer is None or not viewer.is_authenticated:
        return False
    if viewer.is_superuser:
        return True
    return any(a.role.code == "platform_admin" for a in user_assignments(viewer))


def _org_label(organization) -> str:
    return (organization.short_name or organization.name) if organization else ""


def _full_name(account) -> str:
    """李丽 for a Chinese name (family name first, no space), "Ann Lee" otherwise."""
    first, last = account.first_name.strip(), account.last_name.strip()
    if any(ord(c) > 0x2E7F for c in first + last):
        return f"{last}{first}"
    return f"{first} {last}".strip()


def display_names(users, viewer=None, today: dt.date | None = None) -> dict[int, str]:
    """user id → "姓名（单位 职务）" for many users at once (two or three queries).

    The post is the person's current seat (latest start), else the department of her role,
    else her organization; without a person record, the account's full name. The login
    name appears only when ``viewer`` is a platform administrator."""
    from django.contrib.auth import get_user_model
    from django.utils.translation import gettext as _

    from lvzhi.core.models import RoleAssignment

    ids = set()
    for user in users:
        if user is None:
            continue
        ids.add(user if isinstance(user, int) else user.pk)
    ids.discard(None)
    if not ids:
        return {}
    today = today or dt.date.today()
    admin = is_platform_admin(viewer)
    accounts = (
        get_user_model()
        .objects.filter(pk__in=ids)
        .select_related("person__organization")
        .only(
            "id",
            "username",
            "first_name",
            "last_name",
            "person__id",
            "person__name",
            "person__organization__name",
            "person__organization__short_name",
        )
    )
    people, posts = {}, {}
    for account in accounts:
        person = getattr(account, "person", None)
        people[account.pk] = (account, person)
    seats = (
        Position.objects.filter(person__user_id__in=ids, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .order_by("-start_date", "-id")
        .values_list("person__user_id", "title", "organization__name", "organization__short_name")
    )
    titles = dict(Title.choices)
    for user_id, title, org_name, org_short in seats:
        posts.setdefault(user_id, f"{org_short or org_name} {titles.get(title, title)}")
    # Always asked (not only for those without a seat): the page's query count stays fixed.
    assignments = (
        RoleAssignment.objects.filter(user_id__in=ids, department__isnull=False)
        .order_by("id")
        .values_list(
            "user_id", "organization__name", "organization__short_name", "department__name"
        )
    )
    for user_id, org_name, org_short, department in assignments:
        posts.setdefault(user_id, f"{org_short or org_name} {department}")
    names = {}
    for pk, (account, person) in people.items():
        full = _full_name(account)
        name = person.name if person is not None else full
        post = posts.get(pk) or (_org_label(person.organization) if person is not None else "")
        if name and post:
            label = _("%(name)s（%(post)s）") % {"name": name, "post": post}
        elif name:
            label = name
        else:
            label = "" if admin else _("未登记姓名的账号")
        if admin:
            label = f"{label} · {account.username}" if label else account.username
        names[pk] = label
    return names


def label_actors(
    objects,
    viewer,
    *,
    user_field="actor",
    name_field="actor_name",
    target="actor_label",
    names: dict | None = None,
):
    """Set ``target`` on each object to its user's display name (one ``display_names``
    call, or ``names`` already resolved by the caller). A user since deleted shows its stored name to platform administrators only;
    "系统" (no user) stays."""
    from django.utils.translation import gettext as _

    objects = list(objects)
    if names is None:
        names = display_names([getattr(o, f"{user_field}_id") for o in objects], viewer)
    admin = None
    for obj in objects:
        user_id = getattr(obj, f"{user_field}_id")
        stored = getattr(obj, name_field, "") if name_field else ""
        if user_id in names:
            setattr(obj, target, names[user_id])
        elif stored == "系统" or not stored:
            setattr(obj, target, _("系统") if stored else "—")
        else:
            if admin is None:
                admin = is_platform_admin(viewer)
            setattr(obj, target, stored if admin else _("已删除的账号"))
    return objects
