"""Small checks shared by the services of the members areas (meetings, changes)."""

import datetime as dt

from django.utils.translation import gettext as _


def parse_date(value) -> dt.date | None:
    """A date from a date, a datetime (its day) or an ISO string (2026-03-15); None for
    anything else."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            value = None
    if isinstance(value, dt.datetime):
        value = value.date()
    return value if isinstance(value, dt.date) else None


def clean_text(value, name: str, errors: dict, *, limit: int, required_label: str = "") -> str:
    """``value`` stripped; a message under ``errors[name]`` when it is required and empty, or
    longer than ``limit`` characters."""
    value = (value or "").strip()
    if required_label and not value:
        errors[name] = _("请填写%(what)s") % {"what": required_label}
    elif len(value) > limit:
        errors[name] = _("不能超过%(n)d个字") % {"n": limit}
    return value
