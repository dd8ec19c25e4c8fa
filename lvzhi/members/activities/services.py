"""Writes of the activity log: a member (or a cadre for her) records an activity with
photos; a cadre confirms it or returns it with a reason; a suggestion (建议) is answered
by the federation. Each write keeps 七个一 compliance current in the same transaction.

An activity recorded offline carries the id the phone gave it (``client_id``): sent again
by the same person, it answers with the activity already saved and writes nothing, also
when two sends race (the unique constraint decides, the loser reads the winner's row; on
PostgreSQL, where the activity table is partitioned by year and the constraint holds the
date too, a lock on the person and id comes first, so a resend is saved once whatever its
date)."""

import datetime as dt
import uuid
from contextlib import nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import files, hooks
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import PATH_END, OutOfScope, scope_for
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.members.common.selectors import COMMITTEE_TITLES, member_person
from lvzhi.members.compliance import services as compliance
from lvzhi.members.models import Activity, ActivityKind, ActivityPhoto, ActivityStatus
from lvzhi.orgs.models import SMALL_UNIT_KINDS, Organization, Person, Position

DISPLAY_EDGE = 1280
MAX_WOMEN_REACHED = 100_000
ACTIVITY_FIELDS = ("kind", "date", "place", "women_reached", "women", "note")


def _guard(activity: Activity) -> None:
    """A module that keeps a row behind an activity (the ledger's visits, 走访) refuses
    edits and deletions made from the activity pages: hook ``activity_guard`` answers a
    message in Chinese or None. Confirming and returning are not guarded."""
    for message in hooks.collect("activity_guard", activity=activity):
        if message:
            raise ValidationError(message)


def _is_self(actor, person: Person) -> bool:
    own = member_person(actor)
    return own is not None and own.pk == person.pk


def ensure_may_record(actor, person: Person, organization: Organization) -> None:
    """The member herself, or a cadre who may create records at the organization."""
    if _is_self(actor, person):
        return
    if not scope_for(actor, "create").covers(organization.path):
        raise OutOfScope(_("不在您的管理范围内"))


def seat_organization(person: Person, day: dt.date) -> Organization | None:
    """The federation whose committee the member sits on (the latest seat). Plain SQL:
    every activity recorded runs it, and the ORM would spend longer compiling the join
    than the database spends answering it."""
    titles = [str(title) for title in COMMITTEE_TITLES]
    quote = connection.ops.quote_name
    organization, position = (quote(model._meta.db_table) for model in (Organization, Position))
    # the model's own columns (not PostgreSQL's search vector beside them)
    columns = ", ".join(f"o.{quote(field.column)}" for field in Organization._meta.concrete_fields)
    found = Organization.objects.raw(
        f"SELECT {columns} FROM {position} p JOIN {organization} o ON o.id = p.organization_id "
        f"WHERE p.person_id = %s AND p.start_date <= %s "
        f"AND p.title IN ({', '.join(['%s'] * len(titles))}) "
        "ORDER BY p.start_date DESC, p.id DESC LIMIT 1",
        [person.pk, day, *titles],
    )
    return next(iter(found), None)


def _clean(fields: dict, today: dt.date) -> dict:
    errors = {}
    kind = fields.get("kind")
    if kind not in ActivityKind.values:
        errors["kind"] = _("请选择活动类型")
    day = fields.get("date")
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError:
            day = None
    if not isinstance(day, dt.date):
        errors["date"] = _("请填写正确的活动日期")
    elif day > today:
        errors["date"] = _("活动日期不能晚于今天")
    elif day.year < 2000:
        errors["date"] = _("活动日期过早")
    fields["date"] = day
    reached = fields.get("women_reached") or 0
    try:
        reached = int(reached)
    except (TypeError, ValueError):
        reached = -1
    if not 0 <= reached <= MAX_WOMEN_REACHED:
        errors["women_reached"] = _("联系妇女人数应为0至%(max)d之间的整数") % {
            "max": MAX_WOMEN_REACHED
        }
    fields["women_reached"] = reached
    for name, limit in (("place", 200), ("women", 300)):
        value = (fields.get(name) or "").strip()
        if len(value) > limit:
            errors[name] = _("不能超过%(n)d个字") % {"n": limit}
        fields[name] = value
    fields["note"] = (fields.get("note") or "").strip()
    if len(fields["note"]) > 5000:
        errors["note"] = _("不能超过%(n)d个字") % {"n": 5000}
    if errors:
        raise ValidationError(errors)
    return fields


def _units(organization: Organization, units) -> list[Organization]:
    """妇女小组 and 微家 in the member's organization's subtree."""
    ids = [u.pk if isinstance(u, Organization) else u for u in units or ()]
    if not ids:
        return []
    try:
        ids = [int(i) for i in ids]
    except (TypeError, ValueError):
        raise ValidationError({"units": _("妇女小组/微家无效")}) from None
    found = list(
        Organization.objects.filter(
            pk__in=ids,
            kind__in=SMALL_UNIT_KINDS,
            path__gte=organization.path,
            path__lt=organization.path + PATH_END,
        )
    )
    if len(found) != len(set(ids)):
        raise ValidationError({"units": _("只能选择本组织下的妇女小组或微家")})
    return found


def photo_error(upload) -> str | None:
    """Why a photo is refused (by content, size and pixels), or None."""
    try:
        files.intake_image(upload)
    except ValidationError as exc:
        return exc.messages[0]
    return None


@dataclass
class _Photo:
    image: ContentFile
    display: ContentFile
    size: int


def _store_photos(activity: Activity, photos: list[_Photo]) -> list[ActivityPhoto]:
    stored = []
    for clean in photos:
        photo = ActivityPhoto(activity=activity, org_path=activity.org_path, size=clean.size)
        photo.image.save(clean.image.name, clean.image, save=False)
        photo.display.save(clean.display.name, clean.display, save=False)
        photo.save()
        stored.append(photo)
    return stored


def _check_photos(photos) -> list[_Photo]:
    """Every photo decoded under the pixel limit and encoded again (what is stored), with
    its display copy; a refused photo refuses them all, before anything is written."""
    photos = list(photos or ())
    if len(photos) > settings.ACTIVITY_MAX_PHOTOS:
        raise ValidationError(
            {"photos": _("每次最多上传%(n)d张照片") % {"n": settings.ACTIVITY_MAX_PHOTOS}}
        )
    errors, clean = [], []
    for upload in photos:
        try:
            image = files.intake_image(upload)
        except ValidationError as exc:
            errors.append(f"{upload.name}：{exc.messages[0]}")
            continue
        display = files.thumbnail(image, DISPLAY_EDGE)
        clean.append(_Photo(image=image.file, display=display, size=image.file.size))
        image.picture = None
    if errors:
        raise ValidationError({"photos": errors})
    return clean


def client_uuid(value) -> uuid.UUID | None:
    """The phone's id of an activity (a UUID), None when not given; malformed: refused."""
    if value in (None, ""):
        return None
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise ValidationError({"client_id": _("客户端编号格式不正确")}) from None


def _sent_before(person: Person, client_id: uuid.UUID | None) -> Activity | None:
    if client_id is None:
        return None
    return Activity.objects.filter(person=person, client_id=client_id).first()


def _claim_client_id(person: Person, client_id: uuid.UUID) -> Activity | None:
    """PostgreSQL: the unique index holds the date (the partition key), so the check and
    the insert are made one step by a transaction lock on (person, client_id)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
            [f"members.activity:{person.pk}:{client_id}"],
        )
    return _sent_before(person, client_id)


def activity_record(**kwargs) -> Activity:
    """Record an activity (see ``activity_record_once``); the activity only."""
    return activity_record_once(**kwargs)[0]


def activity_record_once(
    *,
    actor,
    person: Person,
    organization: Organization | None = None,
    units=(),
    photos=(),
    today: dt.date | None = None,
    client_id=None,
    **fields,
) -> tuple[Activity, bool]:
    """Record an activity: (activity, True). The photos are checked before anything is
    written; a refused activity leaves no row, no file and no change in compliance. With
    a ``client_id`` the person already sent: (that activity, False), nothing written."""
    today = today or today_local()
    client_id = client_uuid(client_id)
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValidationError({name: _("不能填写此字段") for name in unknown})
    fields = _clean(dict(fields), today)
    organization = organization or seat_organization(person, fields["date"])
    if organization is None:
        raise ValidationError({"person": _("该人员不是执委，不能记录履职活动")})
    ensure_may_record(actor, person, organization)
    existing = _sent_before(person, client_id)
    if existing is not None:
        return existing, False
    found_units = _units(organization, units)
    clean_photos = _check_photos(photos)
    stored = []
    try:
        with transaction.atomic():
            try:
                # a savepoint only when a resend may collide (a fixed query budget otherwise)
                with transaction.atomic() if client_id else nullcontext():
                    if client_id and connection.vendor == "postgresql":
                        existing = _claim_client_id(person, client_id)
                        if existing is not None:
                            return existing, False
                    activity = Activity.objects.create(
                        person=person,
                        organization=organization,
                        org_path=organization.path,
                        recorded_by=actor if actor.is_authenticated else None,
                        client_id=client_id,
                        **fields,
                    )
            except IntegrityError:
                # the same activity sent twice at once: the other send saved it
                existing = _sent_before(person, client_id)
                if existing is None:
                    raise
                return existing, False
            if found_units:
                activity.units.set(found_units)
            stored = _store_photos(activity, clean_photos)
            compliance.refresh_member(
                person=person,
                organization=organization,
                kind=activity.kind,
                day=activity.date,
                today=today,
            )
            audit(
                actor=actor,
                action="create",
                obj=activity,
                organization=organization,
                changes=diff({}, snapshot(activity)),
            )
    except BaseException:
        for photo in stored:
            photo.image.delete(save=False)
            photo.display.delete(save=False)
        raise
    return activity, True


def _ensure_cadre(actor, activity: Activity, action: str = "change") -> None:
    if not scope_for(actor, action).covers(activity.org_path):
        raise OutOfScope(_("不在您的管理范围内"))


@transaction.atomic
def activity_update(*, actor, activity: Activity, today=None, guard=True, **fields) -> Activity:
    """The member edits her own activity until it is confirmed; a cadre any time."""
    today = today or today_local()
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if guard:
        _guard(activity)
    if _is_self(actor, activity.person):
        if activity.status == ActivityStatus.CONFIRMED:
            raise ValidationError(_("活动已确认，不能再修改；如需更正请联系妇联"))
    else:
        _ensure_cadre(actor, activity)
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValidationError({name: _("不能修改此字段") for name in unknown})
    before = snapshot(activity)
    merged = _clean({name: getattr(activity, name) for name in ACTIVITY_FIELDS} | fields, today)
    old_kind, old_date = activity.kind, activity.date
    for name, value in merged.items():
        setattr(activity, name, value)
    if activity.status == ActivityStatus.RETURNED:
        activity.status = ActivityStatus.RECORDED
        activity.return_reason = ""
    activity.save()
    _refresh(activity, today, old_kind, old_date)
    audit(actor=actor, action="change", obj=activity, changes=diff(before, snapshot(activity)))
    return activity


def _refresh(activity: Activity, today, *others) -> None:
    keys = {(activity.kind, activity.date)}
    if others:
        keys.add(tuple(others))
    for kind, day in keys:
        compliance.refresh_member(
            person=activity.person,
            organization=activity.organization,
            kind=kind,
            day=day,
            today=today,
        )


@transaction.atomic
def activity_verify(
    *, actor, activity: Activity, confirm: bool, reason: str = "", today=None
) -> Activity:
    """A cadre confirms the activity, or returns it with a reason (it stops counting)."""
    today = today or today_local()
    activity = (
        Activity.objects.select_for_update()
        .select_related("person", "organization")
        .get(pk=activity.pk)
    )
    _ensure_cadre(actor, activity)
    if _is_self(actor, activity.person):
        raise ValidationError(_("不能确认自己记录的活动"))
    reason = (reason or "").strip()
    if not confirm and not reason:
        raise ValidationError({"reason": _("退回需要填写理由")})
    before = snapshot(activity)
    activity.status = ActivityStatus.CONFIRMED if confirm else ActivityStatus.RETURNED
    activity.return_reason = "" if confirm else reason[:300]
    activity.verified_by = actor
    activity.verified_at = timezone.now()
    activity.save()
    _refresh(activity, today)
    audit(
        actor=actor,
        action="confirm" if confirm else "return",
        obj=activity,
        changes=diff(before, snapshot(activity)),
    )
    return activity


@transaction.atomic
def activity_delete(*, actor, activity: Activity, today=None, guard=True) -> None:
    today = today or today_local()
    activity = (
        Activity.objects.select_for_update()
        .select_related("person", "organization")
        .get(pk=activity.pk)
    )
    if guard:
        _guard(activity)
    if _is_self(actor, activity.person):
        if activity.status == ActivityStatus.CONFIRMED:
            raise ValidationError(_("活动已确认，不能删除"))
    else:
        _ensure_cadre(actor, activity, "delete")
    audit(actor=actor, action="delete", obj=activity, changes=diff(snapshot(activity), {}))
    photos = list(activity.photos.all())
    activity.delete()
    for photo in photos:
        transaction.on_commit(lambda p=photo: (p.image.delete(False), p.display.delete(False)))
    _refresh(activity, today)


@transaction.atomic
def suggestion_answer(*, actor, activity: Activity, answer: str) -> Activity:
    """The federation answers a member's suggestion (建议)."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _ensure_cadre(actor, activity)
    if activity.kind != ActivityKind.SUGGESTION:
        raise ValidationError(_("只有“建议”需要答复"))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("请填写答复内容")})
    before = snapshot(activity)
    activity.answer = answer[:5000]
    activity.answered_by = actor
    activity.answered_at = timezone.now()
    activity.save()
    audit(actor=actor, action="answer", obj=activity, changes=diff(before, snapshot(activity)))
    return activity


def visit_contact(*, actor, person: Person, day, activity_id=None, delete=False, today=None):
    """Hook ``visit_contact``: a visit (走访) in the women's ledger by an executive member
    counts as a 联系 activity (R-EX-01) reaching one woman. Records it, moves its date, or
    deletes it (``delete``); answers its id, or None (deleted, or the visitor sits on no
    committee that day). The activity names no woman and copies nothing of the visit."""
    existing = Activity.objects.filter(pk=activity_id).first() if activity_id else None
    if delete:
        if existing is not None:
            activity_delete(actor=actor, activity=existing, today=today, guard=False)
        return None
    if existing is not None:
        if existing.date != day:
            activity_update(actor=actor, activity=existing, date=day, today=today, guard=False)
        return existing.pk
    if seat_organization(person, day) is None:
        return None
    return activity_record(
        actor=actor,
        person=person,
        kind=ActivityKind.CONTACT,
        date=day,
        women_reached=1,
        note=_("网格走访（妇女信息台账）"),
        today=today,
    ).pk
