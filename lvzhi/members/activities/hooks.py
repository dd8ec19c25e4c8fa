"""What the activity log offers apps of its own layer through ``lvzhi.core.hooks`` (no
import either way, like ``visit_contact`` for the ledger's visits): the 妇女之家 records
an executive member's work kept behind one of its rows (a deliberation's major issue
carried as her 建议, an activity she led at the home) and reads back how it stands.

The activity names no woman and copies only the text the calling module gives."""

from django.utils.translation import gettext as _

from lvzhi.members.models import Activity, ActivityKind, ActivityStatus
from lvzhi.orgs.models import Person

from .services import activity_delete, activity_record, activity_update, seat_organization

# the kinds another module may record for a member (not 工作记录, 值班 or 培训)
RECORDABLE = {
    ActivityKind.CONTACT,
    ActivityKind.LECTURE,
    ActivityKind.SURVEY,
    ActivityKind.SUGGESTION,
    ActivityKind.ASSISTANCE,
    ActivityKind.PUBLIC_SERVICE,
    ActivityKind.DELIBERATION,
}


def member_activity(
    *,
    actor,
    person: Person,
    kind: str,
    day,
    note: str = "",
    place: str = "",
    women_reached: int = 0,
    activity_id=None,
    delete: bool = False,
    today=None,
):
    """Hook ``member_activity``: record, move or delete (``delete``) the activity of
    ``kind`` kept behind another module's row. Answers its id, or None (deleted, or she
    sits on no committee that day). A kind changed records the activity again; edits and
    deletions from the activity pages are refused by the module's ``activity_guard``."""
    if not delete and kind not in RECORDABLE:
        raise ValueError(kind)
    existing = Activity.objects.filter(pk=activity_id).first() if activity_id else None
    if existing is not None and (
        delete or existing.kind != kind or existing.person_id != person.pk
    ):
        activity_delete(actor=actor, activity=existing, today=today, guard=False)
        existing = None
    if delete:
        return None
    fields = {
        "date": day,
        "note": note[:5000],
        "place": place[:200],
        "women_reached": women_reached,
    }
    if existing is not None:
        changed = {k: v for k, v in fields.items() if getattr(existing, k) != v}
        if changed:
            activity_update(actor=actor, activity=existing, today=today, guard=False, **changed)
        return existing.pk
    if seat_organization(person, day) is None:
        return None
    return activity_record(actor=actor, person=person, kind=kind, today=today, **fields).pk


def member_activity_states(*, ids) -> dict:
    """Hook ``member_activity_states``: ``{id: {kind, status, answer, answered_on}}`` of
    the activities ``ids`` (one query); an id no longer there is left out."""
    rows = Activity.objects.filter(pk__in=[i for i in ids if i]).values(
        "pk", "kind", "status", "answer", "answered_at", "person__name"
    )
    kinds, statuses = dict(ActivityKind.choices), dict(ActivityStatus.choices)

    def state(row) -> str:
        if row["kind"] == ActivityKind.SUGGESTION:
            return _("已答复") if row["answered_at"] else _("待答复")
        return str(statuses.get(row["status"], row["status"]))

    return {
        row["pk"]: {
            "kind": row["kind"],
            "kind_display": str(kinds.get(row["kind"], row["kind"])),
            "status": row["status"],
            "person": row["person__name"],
            "answered": row["answered_at"] is not None,
            "answer": row["answer"],
            "answered_on": row["answered_at"].date() if row["answered_at"] else None,
            "state": state(row),
        }
        for row in rows
    }
