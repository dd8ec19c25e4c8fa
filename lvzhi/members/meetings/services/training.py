"""Training sessions and their attendees (R-EX-11, CQ-BZ 第六条)."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.periods import today_local
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.members.common.services import clean_text
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings.services._helpers import (
    MAX_HOURS,
    TITLE_MAX,
    _as_date,
    _ensure,
    _names,
    _person_ids,
)
from lvzhi.members.models import Training, TrainingAttendance
from lvzhi.orgs.models import Organization


def _clean_attendees(organization: Organization, day: dt.date, attendees, actor=None) -> list[int]:
    """Attendees hold a committee seat on the training date at the organization or one in
    its subtree (a district trains its villages' members)."""
    from lvzhi.members.common.selectors import COMMITTEE_TITLES
    from lvzhi.orgs.models import Position

    ids = list(dict.fromkeys(_person_ids(attendees or ())))
    if not ids:
        return []
    seated = set(
        Position.objects.filter(person_id__in=ids, title__in=COMMITTEE_TITLES, start_date__lte=day)
        .filter(sel.subtree_q(organization))
        .exclude(end_date__lt=day)
        .values_list("person_id", flat=True)
    )
    outsiders = [pk for pk in ids if pk not in seated]
    if outsiders:
        raise ValidationError(
            {
                "attendees": _("%(names)s在%(date)s不是本组织或下级组织的执委，不能记入参训")
                % {"names": _names(outsiders, actor), "date": f"{day:%Y-%m-%d}"}
            }
        )
    return ids


@transaction.atomic
def training_create(
    *,
    actor,
    organization: Organization,
    title: str,
    date,
    hours=0,
    attendees=(),
    today: dt.date | None = None,
) -> Training:
    """A training session and who attended (R-EX-11: every member once per term)."""
    today = today or today_local()
    _ensure(actor, "create", organization)
    errors = {}
    title = clean_text(title, "title", errors, limit=TITLE_MAX, required_label=_("培训名称"))
    day = _as_date(date, "date", _("培训日期"), today, errors)
    try:
        hours = Decimal(str(hours or 0))
    except (InvalidOperation, ValueError):
        hours = None
    if (
        hours is None
        or not Decimal("0") <= hours <= MAX_HOURS
        or hours != hours.quantize(Decimal("0.1"))
    ):
        errors["hours"] = _("学时应为0至999.9之间的数，最多一位小数")
    if errors:
        raise ValidationError(errors)
    ids = _clean_attendees(organization, day, attendees, actor)
    training = Training.objects.create(
        organization=organization,
        org_path=organization.path,
        term=sel.term_for(organization, day),
        title=title,
        date=day,
        hours=hours,
    )
    TrainingAttendance.objects.bulk_create(
        [
            TrainingAttendance(training=training, person_id=pk, org_path=training.org_path)
            for pk in ids
        ]
    )
    changes = diff({}, snapshot(training))
    if ids:
        changes["attendees"] = [None, _names(ids)]
    audit(actor=actor, action="create", obj=training, changes=changes)
    return training


@transaction.atomic
def training_attendance_set(*, actor, training: Training, attendees) -> Training:
    """Replace the attendee list of a training."""
    _ensure(actor, "change", training.organization)
    training = (
        Training.objects.select_for_update().select_related("organization").get(pk=training.pk)
    )
    ids = _clean_attendees(training.organization, training.date, attendees, actor)
    before = set(
        TrainingAttendance.objects.filter(training=training).values_list("person_id", flat=True)
    )
    after = set(ids)
    if before == after:
        return training
    TrainingAttendance.objects.filter(training=training, person_id__in=before - after).delete()
    TrainingAttendance.objects.bulk_create(
        [
            TrainingAttendance(training=training, person_id=pk, org_path=training.org_path)
            for pk in ids
            if pk not in before
        ]
    )
    audit(
        actor=actor,
        action="attendance",
        obj=training,
        changes={"attendees": [_names(sorted(before)), _names(ids)]},
    )
    return training
