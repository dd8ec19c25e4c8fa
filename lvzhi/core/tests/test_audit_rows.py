"""The shared audit of a row's creation and of its deletion (homes, socialorgs services)."""

import datetime as dt

from lvzhi.core.models import AuditEvent, WorkdayOverride
from lvzhi.core.services import audit_created, delete_audited


def test_created_row_is_audited_with_every_field(org_tree, make_user):
    actor = make_user("creator", "cadre", org_tree.xinhe)
    row = WorkdayOverride.objects.create(date=dt.date(2026, 10, 10), is_workday=True, note="调休")
    event = audit_created(actor=actor, obj=row, organization=org_tree.xinhe)
    event.refresh_from_db()
    assert event.action == "create"
    assert event.actor == actor
    assert event.object_id == str(row.pk)
    assert event.organization == org_tree.xinhe
    assert event.org_path == org_tree.xinhe.path
    assert event.changes == {
        "date": [None, "2026-10-10"],
        "is_workday": [None, True],
        "note": [None, "调休"],
    }


def test_deleted_row_is_audited_then_gone(org_tree, make_user):
    actor = make_user("deleter", "cadre", org_tree.dagu)
    row = WorkdayOverride.objects.create(date=dt.date(2026, 10, 11), is_workday=False)
    pk = row.pk
    delete_audited(actor=actor, obj=row, organization=org_tree.dagu)
    assert not WorkdayOverride.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action="delete", object_id=str(pk))
    assert event.organization == org_tree.dagu
    assert event.changes == {
        "date": ["2026-10-11", None],
        "is_workday": [False, None],
        "note": ["", None],
    }
