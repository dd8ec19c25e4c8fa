"""The audit administrator's reads: every event (her duty is platform-wide), filtered."""

import datetime as dt

from lvzhi.core.models import AuditEvent
from lvzhi.core.periods import CHINA_TZ
from lvzhi.core.scopes import PATH_END


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=CHINA_TZ)


def audit_events(*, start=None, end=None, organization=None, actor: str = "", action: str = ""):
    """Events from ``start`` to ``end`` (China dates, inclusive), of an organization's
    subtree, by an actor (user name), of an action; newest first."""
    qs = AuditEvent.objects.select_related("organization")
    if start:
        qs = qs.filter(created_at__gte=_start_of(start))
    if end:
        qs = qs.filter(created_at__lt=_start_of(end + dt.timedelta(days=1)))
    if organization is not None:
        qs = qs.filter(org_path__gte=organization.path, org_path__lt=organization.path + PATH_END)
    if actor:
        qs = qs.filter(actor_name=actor)
    if action:
        qs = qs.filter(action=action)
    return qs.order_by("-created_at", "-id")


def known_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())
