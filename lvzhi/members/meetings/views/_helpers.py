"""Helpers of the meetings pages: the year asked for, the navigation of the area."""

import datetime as dt

from lvzhi.core.scopes import scope_for
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings import services as svc


def _year(request, today: dt.date) -> int:
    value = request.GET.get("year", "")
    if value.isdigit() and svc.FIRST_YEAR <= int(value) <= today.year:
        return int(value)
    return today.year


def _years(today: dt.date) -> list[int]:
    return list(range(today.year, today.year - 5, -1))


def _can(user, action, org) -> bool:
    return scope_for(user, action).covers(org.path)


def _managed(request, org_pk):
    """The organization, for those who may change its records (cadres); else 404."""
    return sel.get_organization(request.user, org_pk, "change")


def _date_param(value, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return default


def _nav(org, user, active: str) -> dict:
    return {
        "org": org,
        "active": active,
        "can_manage": sel.manages(user, org),
        "can_create": _can(user, "create", org),
    }
