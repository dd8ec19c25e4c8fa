"""Limits and small helpers shared by the committee-change services."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.members.common.services import parse_date
from lvzhi.members.rules.common import RuleError
from lvzhi.orgs.models import Title

CANDIDATE_TITLES = (Title.CHAIR, Title.VICE_CHAIR, Title.MEMBER)
NAME_MAX = 50
NOTE_MAX = 2000
MAX_SUPPORTERS = 100_000


def _now() -> str:
    return timezone.now().isoformat(timespec="seconds")


def _by(actor) -> dict:
    return {"by": actor.get_username(), "by_id": actor.pk, "at": _now()}


def _as_date(value, name: str, errors: dict):
    value = parse_date(value)
    if value is None:
        errors[name] = _("请填写正确的日期")
    return value


def _rule_error(exc: RuleError, name: str = "__all__") -> ValidationError:
    return ValidationError({name: str(exc)})


def _count(value, name: str, errors: dict) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= MAX_SUPPORTERS:
        errors[name] = _("请填写0至%(max)d之间的整数") % {"max": MAX_SUPPORTERS}
        return 0
    return number
