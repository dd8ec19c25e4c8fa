"""The daily job of members: periods that ended turn "due" into "overdue", periods that
started get their rows, and seven days (the rule's remind_days_before) before a period
ends, members who still owe an activity and their chairs get an in-platform reminder —
once per member, rule and period. A user marks her own reminders read."""

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.periods import period_of
from lvzhi.core.reminders.models import Reminder
from lvzhi.core.reminders.services import reminders_send
from lvzhi.core.scopes import OutOfScope
from lvzhi.core.services import audit, audit_bulk
from lvzhi.members import rules
from lvzhi.members.common.selectors import COMMITTEE_TITLES
from lvzhi.members.compliance.services import rows as compliance
from lvzhi.members.models import MemberCompliance, OrgCompliance
from lvzhi.orgs.models import Organization, Position, Title


def ensure_current_rows(*, today: dt.date) -> int:
    """Organizations with a committee but no rows for the current quarter are computed."""
    code = period_of("quarter", today).code
    seated = (
        Position.objects.filter(title__in=COMMITTEE_TITLES, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values("organization_id")
    )
    counted = OrgCompliance.objects.filter(period_code=code).values("organization_id")
    missing = Organization.objects.filter(pk__in=seated).exclude(pk__in=counted)
    total = 0
    batch = list(missing[:500])
    while batch:
        total += compliance.rebuild(organizations=batch, year=today.year, today=today)
        batch = list(missing[:500])
    return total


def send_reminders(*, today: dt.date) -> int:
    reminders = []
    for rule in rules.duty_rules():
        period = period_of(rule.params["period"], today)
        lead = rule.params.get("remind_days_before", 7)
        if not period.end - dt.timedelta(days=lead) <= today <= period.end:
            continue
        what = rules.ACTIVITY_LABELS.get(rule.params["activity"], rule.id)
        owing = (
            MemberCompliance.objects.filter(rule_id=rule.id, period_code=period.code, status="due")
            .select_related("person__user", "organization")
            .order_by("organization_id", "person_id")
        )
        by_org = defaultdict(list)
        for row in owing:
            by_org[row.organization].append(row)
            user = row.person.user
            if user is None:
                continue
            reminders.append(
                Reminder(
                    user=user,
                    org_path=row.org_path,
                    key=f"{rule.id}:{period.code}:{row.person_id}",
                    text=_(
                        "%(period)s您还需完成%(what)s%(owed)d次，%(end)s截止（%(rule)s，%(source)s）"
                    )
                    % {
                        "period": period.label,
                        "what": what,
                        "owed": max(row.required - row.done, 0),
                        "end": f"{period.end:%m月%d日}",
                        "rule": rule.id,
                        "source": rule.source,
                    },
                    url="/members/me/",
                )
            )
        chairs = defaultdict(list)
        for seat in (
            Position.objects.filter(
                organization__in=list(by_org), title=Title.CHAIR, start_date__lte=today
            )
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .select_related("person__user")
        ):
            if seat.person.user is not None:
                chairs[seat.organization_id].append(seat.person.user)
        for organization, rows in by_org.items():
            for user in chairs.get(organization.pk, ()):
                reminders.append(
                    Reminder(
                        user=user,
                        org_path=organization.path,
                        key=f"{rule.id}:{period.code}:org{organization.pk}",
                        text=_("%(org)s有%(n)d名执委%(period)s尚未完成%(what)s（%(rule)s）")
                        % {
                            "org": organization.name,
                            "n": len(rows),
                            "period": period.label,
                            "what": what,
                            "rule": rule.id,
                        },
                        url=f"/members/compliance/{organization.pk}/",
                    )
                )
    return reminders_send(reminders)


def daily(*, today: dt.date) -> dict:
    return {
        "overdue": compliance.close_ended_periods(today=today),
        "computed": ensure_current_rows(today=today),
        "reminders": send_reminders(today=today),
    }


def reminder_mark_read(*, actor, reminder) -> bool:
    """Mark one of the actor's reminders read (404 for anyone else's); False when it was
    read already (nothing written)."""
    if actor is None or not actor.is_authenticated or reminder.user_id != actor.pk:
        raise OutOfScope()
    with transaction.atomic():
        updated = Reminder.objects.filter(pk=reminder.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        if not updated:
            return False
        reminder.refresh_from_db(fields=["read_at"])
        audit(
            actor=actor,
            action="mark_read",
            obj=reminder,
            organization=None,
            changes={"read_at": reminder.read_at.isoformat()},
        )
    return True


def reminders_mark_all_read(*, actor) -> int:
    """Mark every unread reminder of the actor read; one audit event per reminder."""
    if actor is None or not actor.is_authenticated:
        return 0
    with transaction.atomic():
        unread = list(Reminder.objects.select_for_update().filter(user=actor, read_at__isnull=True))
        if not unread:
            return 0
        now = timezone.now()
        Reminder.objects.filter(pk__in=[r.pk for r in unread]).update(read_at=now)
        for reminder in unread:
            reminder.read_at = now
        audit_bulk(actor=actor, action="mark_read", objects=unread, organization_of=lambda r: None)
    return len(unread)
