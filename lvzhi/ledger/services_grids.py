"""Writes to grids and visits (走访). A visit is recorded by a worker of the woman's grid
(as herself) or by a cadre of the community, and is audited like any other write.

A visit by an executive member counts as a 联系 activity for 七个一 (R-EX-01): members
records it through hook ``visit_contact`` (same layer: no import either way) and the
visit keeps its id (``activity_id``, no foreign key: the activity table is partitioned on
PostgreSQL, decision 0017). Editing the visit's date moves the activity, deleting the visit
deletes it; the activity names no woman and copies none of the visit's text."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core import hooks
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import OutOfScope, ensure_scope, scope_for
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.orgs.models import Organization, Person

from . import rules
from .models import Entry, Grid, Visit
from .services import check_ledger_org


def _check_workers(organization: Organization, workers) -> None:
    """Grid workers are people on record at the community (or its groups)."""
    if any(not person.org_path.startswith(organization.path) for person in workers):
        raise ValidationError({"workers": _("网格员应为本社区登记的人员")})


@transaction.atomic
def grid_create(
    *,
    actor,
    organization: Organization,
    name: str,
    note: str = "",
    workers=(),
    households: int | None = None,
) -> Grid:
    ensure_scope(actor, "create", organization)
    check_ledger_org(organization)
    name = (name or "").strip()
    if Grid.objects.filter(organization=organization, name=name).exists():
        raise ValidationError({"name": _("本社区已有同名网格")})
    workers = list(workers)
    _check_workers(organization, workers)
    grid = Grid(
        organization=organization,
        org_path=organization.path,
        name=name,
        note=(note or "").strip(),
        households=households,
    )
    grid.full_clean()
    grid.save()
    grid.workers.set(workers)
    changes = diff({}, snapshot(grid))
    changes["workers"] = [None, "、".join(p.name for p in workers)]
    audit(actor=actor, action="create", obj=grid, changes=changes)
    return grid


GRID_FIELDS = ("name", "note", "households", "is_active")


@transaction.atomic
def grid_update(*, actor, grid: Grid, workers=None, **fields) -> Grid:
    """Rename, describe (范围说明, 户数), reassign its workers, or deactivate (停用) a grid.
    A grid still holding registered women is not deactivated: they are moved to another
    grid first, so no woman is left in a grid nobody keeps. Refusals change nothing."""
    ensure_scope(actor, "change", grid.organization)
    grid = Grid.objects.select_for_update().select_related("organization").get(pk=grid.pk)
    unknown = set(fields) - set(GRID_FIELDS)
    if unknown:
        raise ValidationError({name: _("不能修改此字段") for name in sorted(unknown)})
    before = snapshot(grid)
    errors = {}
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()
        if not fields["name"]:
            errors["name"] = _("请填写网格名称")
        elif (
            Grid.objects.filter(organization=grid.organization, name=fields["name"])
            .exclude(pk=grid.pk)
            .exists()
        ):
            errors["name"] = _("本社区已有同名网格")
    if "note" in fields:
        fields["note"] = (fields["note"] or "").strip()
    if fields.get("is_active") is False and grid.is_active:
        registered = grid.entries.filter(closed_on__isnull=True).count()
        if registered:
            errors["is_active"] = _("该网格仍有%(n)d名在册人员，请先将她们调整到其他网格再停用") % {
                "n": registered
            }
    if workers is not None:
        workers = list(workers)
        try:
            _check_workers(grid.organization, workers)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        setattr(grid, name, value)
    grid.full_clean()
    grid.save()
    changes = diff(before, snapshot(grid))
    if workers is not None:
        old = "、".join(p.name for p in grid.workers.order_by("name"))
        grid.workers.set(workers)
        new = "、".join(p.name for p in grid.workers.order_by("name"))
        if old != new:
            changes["workers"] = [old, new]
    if changes:
        audit(actor=actor, action="update", obj=grid, changes=changes)
    return grid


def works_on(user, entry: Entry) -> bool:
    """Whether ``user`` is a worker of the entry's grid (through her person record)."""
    return bool(
        entry.grid_id
        and user.is_authenticated
        and Grid.workers.through.objects.filter(grid_id=entry.grid_id, person__user=user).exists()
    )


def may_visit(user, entry: Entry) -> bool:
    return works_on(user, entry) or scope_for(user, "change").covers(entry.org_path)


@transaction.atomic
def visit_create(
    *,
    actor,
    entry: Entry,
    date: dt.date,
    findings: str,
    needs: str = "",
    follow_up: str = "",
    today: dt.date | None = None,
) -> Visit:
    """The visitor is the actor's own person record: a visit counts for whoever made it."""
    today = today or today_local()
    entry = Entry.objects.select_related("organization").get(pk=entry.pk)
    if not may_visit(actor, entry):
        raise OutOfScope(_("不在您的管理范围内"))
    visitor = Person.objects.filter(user=actor).first() if actor.is_authenticated else None
    errors = rules.visit_errors(date=date, today=today)
    if visitor is None:
        errors["visitor"] = _("您的账号未关联人员信息，不能记录走访")
    if not (findings or "").strip():
        errors["findings"] = _("请填写走访情况")
    if errors:
        raise ValidationError(errors)
    visit = Visit.objects.create(
        entry=entry,
        org_path=entry.org_path,
        visitor=visitor,
        date=date,
        findings=findings.strip(),
        needs=(needs or "").strip(),
        follow_up=(follow_up or "").strip(),
        recorded_by=actor,
    )
    visit.activity_id = _contact(actor, visit, today)
    if visit.activity_id:
        visit.save(update_fields=["activity_id"])
    audit(
        actor=actor,
        action="create",
        obj=visit,
        organization=entry.organization,
        changes=diff({}, snapshot(visit)),
    )
    return visit


def _contact(actor, visit: Visit, today, delete=False):
    answers = hooks.collect(
        "visit_contact",
        actor=actor,
        person=visit.visitor,
        day=visit.date,
        activity_id=visit.activity_id,
        delete=delete,
        today=today,
    )
    return next((pk for pk in answers if pk), None)


def may_edit_visit(user, visit: Visit) -> bool:
    """The visitor herself, or a cadre who keeps the woman's community."""
    return (user.is_authenticated and visit.visitor.user_id == user.pk) or scope_for(
        user, "change"
    ).covers(visit.org_path)


VISIT_FIELDS = ("date", "findings", "needs", "follow_up")


@transaction.atomic
def visit_update(*, actor, visit: Visit, today: dt.date | None = None, **fields) -> Visit:
    """Edit a visit; a new date moves the 联系 activity it counts as (same transaction)."""
    today = today or today_local()
    visit = Visit.objects.select_for_update().select_related("visitor").get(pk=visit.pk)
    if not may_edit_visit(actor, visit):
        raise OutOfScope(_("不在您的管理范围内"))
    unknown = set(fields) - set(VISIT_FIELDS)
    if unknown:
        raise ValidationError({name: _("不能修改此字段") for name in unknown})
    before = snapshot(visit)
    errors = rules.visit_errors(date=fields["date"], today=today) if "date" in fields else {}
    for name in ("findings", "needs", "follow_up"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    if "findings" in fields and not fields["findings"]:
        errors["findings"] = _("请填写走访情况")
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        setattr(visit, name, value)
    visit.save()
    activity_id = _contact(actor, visit, today)
    if activity_id != visit.activity_id:
        visit.activity_id = activity_id
        visit.save(update_fields=["activity_id"])
    changes = diff(before, snapshot(visit))
    if changes:
        audit(actor=actor, action="update", obj=visit, changes=changes)
    return visit


@transaction.atomic
def visit_delete(*, actor, visit: Visit, today: dt.date | None = None) -> None:
    """Delete a visit and the 联系 activity it counted as (七个一 recounted)."""
    today = today or today_local()
    visit = Visit.objects.select_for_update().select_related("visitor").get(pk=visit.pk)
    if not may_edit_visit(actor, visit):
        raise OutOfScope(_("不在您的管理范围内"))
    audit(actor=actor, action="delete", obj=visit, changes=diff(snapshot(visit), {}))
    if visit.activity_id:
        _contact(actor, visit, today, delete=True)
    visit.delete()
