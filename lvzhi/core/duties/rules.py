"""Which administrator duties a role carries, and when an account combines too many.

Pure functions over plain values (role actions, the global flag)."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

SYSTEM, SECURITY, AUDIT, PLATFORM = "system", "security", "audit", "platform"

# An action belongs to the duty of the administrator who alone should hold it.
DUTY_ACTIONS = {
    SYSTEM: frozenset({"manage_accounts", "manage_system"}),
    SECURITY: frozenset({"manage_roles"}),
    AUDIT: frozenset({"view_audit"}),
}
DUTY_LABELS = {
    SYSTEM: _("系统管理员"),
    SECURITY: _("安全管理员"),
    AUDIT: _("审计管理员"),
    PLATFORM: _("平台管理员（含三员全部职责）"),
}
DUTY_ORDER = (PLATFORM, SYSTEM, SECURITY, AUDIT)


def role_duties(actions: Iterable[str], is_global: bool, enforced: bool = False) -> frozenset[str]:
    """The duties a role carries. A global role (the platform admin, and a superuser):
    where separation is ``enforced`` (production) it is only the system administrator
    (the security and audit administrators are always explicit assignments); in
    development it holds every duty at once, counted as one duty of its own, so it
    cannot be combined with any of the three."""
    if is_global:
        return frozenset({SYSTEM if enforced else PLATFORM})
    actions = set(actions)
    return frozenset(duty for duty, needed in DUTY_ACTIONS.items() if needed & actions)


def global_holds(action: str, enforced: bool) -> bool:
    """Whether a global role or a superuser holds the duty whose action is ``action``:
    always in development; in production only the system administrator's actions."""
    return not enforced or action not in DUTY_ACTIONS[SECURITY] | DUTY_ACTIONS[AUDIT]


def combined(duty_sets: Iterable[Iterable[str]]) -> tuple[str, ...]:
    """The duties an account holds across its roles, when they are more than one (in the
    fixed order 平台, 系统, 安全, 审计); empty when the account is within the rule."""
    held = set()
    for duties in duty_sets:
        held |= set(duties)
    return tuple(d for d in DUTY_ORDER if d in held) if len(held) > 1 else ()


def labels(duties: Iterable[str]) -> str:
    return "、".join(str(DUTY_LABELS[d]) for d in duties)
