"""Working-day overrides (调休, local closures): the system administrator's duty."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.models import WorkdayOverride
from lvzhi.core.services import audit, diff, snapshot

from . import require_duty


def _duty_message():
    return _("只有系统管理员可以调整工作日。")


def _check(actor, override: WorkdayOverride) -> None:
    require_duty(actor, "manage_system", _duty_message())
    if WorkdayOverride.objects.filter(date=override.date).exclude(pk=override.pk).exists():
        raise ValidationError({"date": _("该日期已有工作日调整，请修改原记录。")})
    if len(override.note) > 100:
        raise ValidationError({"note": _("说明不能超过 100 个字。")})


@transaction.atomic
def workday_override_create(
    *, actor, date: dt.date, is_workday: bool, note: str = ""
) -> WorkdayOverride:
    override = WorkdayOverride(date=date, is_workday=is_workday, note=note)
    _check(actor, override)
    override.save()
    audit(actor=actor, action="create", obj=override, changes=diff({}, snapshot(override)))
    return override


@transaction.atomic
def workday_override_update(
    *, actor, override: WorkdayOverride, date: dt.date, is_workday: bool, note: str = ""
) -> WorkdayOverride:
    override = WorkdayOverride.objects.select_for_update().get(pk=override.pk)
    before = snapshot(override)
    override.date, override.is_workday, override.note = date, is_workday, note
    _check(actor, override)
    changes = diff(before, snapshot(override))
    if changes:
        override.save()
        audit(actor=actor, action="update", obj=override, changes=changes)
    return override


@transaction.atomic
def workday_override_delete(*, actor, override: WorkdayOverride) -> None:
    require_duty(actor, "manage_system", _duty_message())
    override = WorkdayOverride.objects.select_for_update().get(pk=override.pk)
    audit(actor=actor, action="delete", obj=override, changes=diff(snapshot(override), {}))
    override.delete()
