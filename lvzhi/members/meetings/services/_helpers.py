"""Checks shared by the meetings services: scope, dates and years, texts, the people named
in a message, seats held in a year."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lvzhi.core.scopes import ensure_scope
from lvzhi.members.common.selectors import member_person
from lvzhi.members.common.services import parse_date
from lvzhi.members.meetings import selectors as sel
from lvzhi.orgs.models import Organization, Person

TEXT_MAX = 20_000
TITLE_MAX = 200
PLACE_MAX = 200
NOTE_MAX = 300
MAX_REPRESENTATIVES = 10_000
MAX_HOURS = Decimal("999.9")
MAX_AMOUNT = Decimal("99999999.99")
FIRST_YEAR = 2000


def _is_self(actor, person: Person) -> bool:
    own = member_person(actor)
    return own is not None and own.pk == person.pk


def _ensure(actor, action: str, organization: Organization) -> None:
    ensure_scope(actor, action, organization)


def _as_date(value, field: str, label: str, today: dt.date, errors: dict) -> dt.date | None:
    value = parse_date(value.strip() if isinstance(value, str) else value)
    if value is None:
        errors[field] = _("请填写正确的%(what)s（如 2026-03-15）") % {"what": label}
        return None
    if value > today:
        errors[field] = _("%(what)s不能晚于今天") % {"what": label}
        return None
    if value.year < FIRST_YEAR:
        errors[field] = _("%(what)s过早，应在%(year)d年以后") % {"what": label, "year": FIRST_YEAR}
        return None
    return value


def _check_year(year, today: dt.date, errors: dict, field: str = "year") -> int | None:
    try:
        year = int(year)
    except (TypeError, ValueError):
        errors[field] = _("请填写年度（如 2026）")
        return None
    if not FIRST_YEAR <= year <= today.year:
        errors[field] = _("年度应在%(first)d年至%(last)d年之间") % {
            "first": FIRST_YEAR,
            "last": today.year,
        }
        return None
    return year


def _person_ids(values) -> list[int]:
    ids = []
    for value in values:
        if isinstance(value, Person):
            ids.append(value.pk)
            continue
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            raise ValidationError({"person": _("人员编号无效")}) from None
    return ids


def _names(person_ids: Iterable[int], actor=None) -> str:
    """Names for a message; people the actor may not view are named by their number only
    (an error never reveals someone outside her scope)."""
    ids = list(person_ids)
    people = Person.objects.filter(pk__in=ids)
    if actor is not None:
        people = people & Person.objects.restrict(actor, "view")
    names = dict(people.values_list("pk", "name"))
    return "、".join(names.get(pk, _("编号%(id)d") % {"id": pk}) for pk in ids)


def _seated_or_error(person: Person, organization: Organization, year: int, field="person"):
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if not sel.is_seated_in(person, organization, first, last):
        raise ValidationError(
            {
                field: _("%(name)s在%(year)d年不是%(org)s的执委")
                % {"name": person.name, "year": year, "org": organization.name}
            }
        )
