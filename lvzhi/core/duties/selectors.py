"""Reads of the administrators' area: who holds a duty, role assignments, accounts that
combine duties."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from lvzhi.core.models import Role, RoleAssignment
from lvzhi.core.scopes import user_assignments

from . import rules


def enforced() -> bool:
    """三员分立 enforced (production): see ``LVZHI_ENFORCE_SEPARATION``."""
    return bool(settings.LVZHI_ENFORCE_SEPARATION)


def holds_duty(user, action: str) -> bool:
    """An administrator's duties are platform-wide: any assignment of a role that lists
    ``action`` grants it. A superuser and the platform admin's global role: in development
    every duty; in production only the system administrator's (``manage_accounts``,
    ``manage_system``) — roles and the audit log need an explicit security or audit
    administrator's assignment (``lvzhi grant_admin_duty`` at the console)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    global_holds = rules.global_holds(action, enforced())
    if user.is_superuser and global_holds:
        return True
    return any(
        global_holds if a.role.is_global else action in a.role.actions
        for a in user_assignments(user)
    )


def account_duties(
    user, *, roles=None, superuser: bool | None = None, strict: bool | None = None
) -> list[frozenset]:
    """The duty sets of ``user``'s roles (or of ``roles`` when given: the roles she would
    hold after a change); a superuser flag counts as a global role (the platform admin in
    development, the system administrator in production)."""
    strict = enforced() if strict is None else strict
    if roles is None:
        roles = [a.role for a in RoleAssignment.objects.filter(user=user).select_related("role")]
    sets = [rules.role_duties(r.actions, r.is_global, strict) for r in roles]
    if superuser if superuser is not None else getattr(user, "is_superuser", False):
        sets.append(rules.role_duties((), True, strict))
    return sets


def admin_roles():
    return Role.objects.filter(
        code__in=[Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN]
    ).order_by("id")


def role_assignments(*, user_query: str = "", role=None, organization=None):
    """Every role assignment (the security administrator's duty is platform-wide)."""
    qs = RoleAssignment.objects.select_related("user", "role", "organization", "department")
    if user_query:
        qs = qs.filter(
            Q(user__username__icontains=user_query)
            | Q(user__first_name__icontains=user_query)
            | Q(user__last_name__icontains=user_query)
        )
    if role is not None:
        qs = qs.filter(role=role)
    if organization is not None:
        qs = qs.filter(organization=organization)
    return qs.order_by("user__username", "role_id", "organization__path")


def separation_conflicts(limit: int = 50) -> list[tuple]:
    """Accounts holding more than one administrator duty (allowed, and flagged, only in
    development): (user, duties) pairs."""
    duty_roles = [r for r in Role.objects.all() if rules.role_duties(r.actions, r.is_global)]
    User = get_user_model()
    candidates = User.objects.filter(
        Q(role_assignments__role__in=duty_roles) | Q(is_superuser=True)
    ).distinct()
    found = []
    for user in candidates.order_by("username")[:1000]:
        duties = rules.combined(account_duties(user))
        if duties:
            found.append((user, duties))
            if len(found) >= limit:
                break
    return found
