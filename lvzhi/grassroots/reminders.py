"""The daily job of grassroots (R-OR-08 依章按期换届): six and three months before a
federation's term ends (the rule set's ``remind_months``), its chair and the cadres of
the federation above it get an in-platform reminder — once per term and window. A term
past its end is not reminded here: it stands overdue on the workbench and the renewals
list until the renewal starts the next term."""

import datetime as dt

from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from lvzhi.core.models import Role, RoleAssignment
from lvzhi.core.reminders.models import Reminder
from lvzhi.core.reminders.services import reminders_send
from lvzhi.orgs.models import SMALL_UNIT_KINDS, Organization, Position, System, Term, Title

from . import rules

STEP = Organization.steplen


def _terms_in_window(today: dt.date, months: int) -> list[Organization]:
    """Active women's federations whose latest term ends within ``months`` months."""
    latest = Term.objects.filter(organization_id=OuterRef("pk")).order_by("-start_date", "-number")
    # a few days' margin for month ends (31 Aug − 6 months is 28 Feb); the stage decides
    horizon = rules.months_before(today, -months) + dt.timedelta(days=3)
    return list(
        Organization.objects.filter(system=System.WOMEN, is_active=True)
        .exclude(kind__in=SMALL_UNIT_KINDS)
        .annotate(
            term_id=Subquery(latest.values("pk")[:1]),
            term_number=Subquery(latest.values("number")[:1]),
            term_end=Subquery(latest.values("end_date")[:1]),
        )
        .filter(term_end__gte=today, term_end__lte=horizon)
        .only("id", "name", "path")
    )


def _chairs(organizations, today) -> dict[int, list]:
    seats = (
        Position.objects.filter(
            organization__in=organizations, title=Title.CHAIR, start_date__lte=today
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .exclude(person__user__isnull=True)
        .select_related("person__user")
    )
    chairs = {}
    for seat in seats:
        chairs.setdefault(seat.organization_id, []).append(seat.person.user)
    return chairs


def _upper_cadres(organizations) -> dict[str, list]:
    """Cadres assigned at each organization's parent, by the parent's path."""
    parents = {org.path[:-STEP] for org in organizations if len(org.path) > STEP}
    cadres = {}
    for assignment in RoleAssignment.objects.filter(
        role__code=Role.CADRE, organization__path__in=parents
    ).select_related("user", "organization"):
        cadres.setdefault(assignment.organization.path, []).append(assignment.user)
    return cadres


def send_renewal_reminders(*, today: dt.date) -> int:
    reminders = []
    seen = set()
    for months in sorted(rules.param("R-OR-08", "remind_months")):
        due = [
            org
            for org in _terms_in_window(today, months)
            if rules.renewal_stage(end_date=org.term_end, today=today) == f"due_{months}"
            and org.pk not in seen
        ]
        seen.update(org.pk for org in due)
        chairs, cadres = _chairs(due, today), _upper_cadres(due)
        for org in due:
            text = _(
                "%(org)s第%(number)s届任期将于%(end)s届满（%(months)d个月内），"
                "请按期做好换届准备（R-OR-08）"
            ) % {
                "org": org.name,
                "number": org.term_number,
                "end": f"{org.term_end:%Y年%m月%d日}",
                "months": months,
            }
            users = {u.pk: u for u in chairs.get(org.pk, [])}
            users.update({u.pk: u for u in cadres.get(org.path[:-STEP], [])})
            for user in users.values():
                reminders.append(
                    Reminder(
                        user=user,
                        org_path=org.path,
                        key=f"R-OR-08:term{org.term_id}:{months}",
                        text=text,
                        url=f"/grassroots/renewals/?org={org.pk}",
                    )
                )
    return reminders_send(reminders)


def daily(*, today: dt.date) -> dict:
    return {"renewal_reminders": send_renewal_reminders(today=today)}
