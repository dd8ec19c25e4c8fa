"""``restrict(user, action)``: the one permission choke point.

A user's role assignments become a filter on the organization path: an assignment
with descendants is the range ``path >= p AND path < p + '~'``; without, ``path = p``.
Out-of-scope rows simply are not in the queryset, so views answer 404.
"""

from dataclasses import dataclass

from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

PATH_END = "~"  # sorts after every character of treebeard's alphabet (0-9A-Z)


@dataclass(frozen=True)
class Scope:
    everything: bool
    subtrees: tuple[str, ...]  # paths whose whole subtree is in scope
    exact: tuple[str, ...]  # paths in scope without their descendants

    @property
    def empty(self) -> bool:
        return not self.everything and not self.subtrees and not self.exact

    def covers(self, path: str) -> bool:
        return (
            self.everything
            or path in self.exact
            or any(path.startswith(prefix) for prefix in self.subtrees)
        )

    def q(self, field: str) -> models.Q:
        if self.everything:
            return models.Q()
        parts = [
            models.Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + PATH_END})
            for prefix in self.subtrees
        ]
        if self.exact:
            parts.append(models.Q(**{f"{field}__in": list(self.exact)}))
        condition = parts[0]
        for part in parts[1:]:
            condition |= part
        return condition


NO_SCOPE = Scope(False, (), ())


def _minimal_prefixes(paths: set[str]) -> tuple[str, ...]:
    kept: list[str] = []
    for path in sorted(paths):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return tuple(kept)


def scope_for(user, action: str) -> Scope:
    """The organizations where ``user`` may perform ``action`` (cached on the user)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    if user.is_superuser:
        return Scope(True, (), ())
    cache = user.__dict__.setdefault("_lvzhi_scopes", {})
    if action in cache:
        return cache[action]
    subtrees: set[str] = set()
    exact: set[str] = set()
    everything = False
    for assignment in user_assignments(user):
        if not assignment.role.allows(action):
            continue
        if assignment.role.is_global:
            everything = True
            break
        path = assignment.organization.path
        (subtrees if assignment.include_descendants else exact).add(path)
    if everything:
        scope = Scope(True, (), ())
    else:
        prefixes = _minimal_prefixes(subtrees)
        exact_only = tuple(sorted(p for p in exact if not any(p.startswith(s) for s in prefixes)))
        scope = Scope(False, prefixes, exact_only)
    cache[action] = scope
    return scope


def user_assignments(user):
    cached = user.__dict__.get("_lvzhi_assignments")
    if cached is None:
        cached = list(user.role_assignments.select_related("role", "organization", "department"))
        user.__dict__["_lvzhi_assignments"] = cached
    return cached


def forget_scopes(user) -> None:
    user.__dict__.pop("_lvzhi_scopes", None)
    user.__dict__.pop("_lvzhi_assignments", None)
    user.__dict__.pop("_lvzhi_switcher", None)


class RestrictedQuerySet(models.QuerySet):
    scope_field = "org_path"

    def restrict(self, user, action: str = "view"):
        field = getattr(self.model, "scope_field", self.scope_field)
        scope = scope_for(user, action)
        if scope.empty:
            return self.none()
        return self.filter(scope.q(field))


class OutOfScope(Http404):
    """The actor may not act on this organization: answered as 404, never with data."""


def ensure_scope(actor, action: str, organization) -> None:
    """Refuse a write on an organization outside the actor's scope (the ``orgs`` row or None)."""
    if organization is None or not scope_for(actor, action).covers(organization.path):
        raise OutOfScope(_("不在您的管理范围内"))
