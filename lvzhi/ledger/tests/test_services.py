"""Ledger writes: PII encrypted and masked, duplicates refused, categories with dates,
moves between communities, visits — each audited, each refused out of scope."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from lvzhi.core.models import AuditEvent
from lvzhi.core.scopes import OutOfScope
from lvzhi.ledger import selectors, services, services_grids
from lvzhi.ledger.models import Category, Entry, Transfer, TransferStatus, Visit

from .conftest import id_number

pytestmark = pytest.mark.django_db
NUMBER = id_number("19850312", "002")


def _raw(entry, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM ledger_entry WHERE id = %s", [entry.pk])
        return cursor.fetchone()[0]


def test_create_encrypts_masks_and_audits(ledger, make_entry):
    entry = make_entry(id_number=NUMBER.lower(), phone="13812345678", categories=[ledger.category])
    assert entry.id_number == NUMBER and entry.birth_year == 1985
    assert NUMBER not in _raw(entry, "id_number") and "13812345678" not in _raw(entry, "phone")
    events = AuditEvent.objects.filter(object_type="ledger.entry", object_id=str(entry.pk))
    text = json.dumps([e.changes for e in events], ensure_ascii=False)
    assert NUMBER not in text and "13812345678" not in text and NUMBER[:14] not in text
    assert "**************002" in text or "002" + NUMBER[-1] in text
    assert [c.category for c in entry.categories.all()] == [ledger.category]


def test_bad_id_number_and_wrong_org_refused(ledger, make_entry):
    with pytest.raises(ValidationError) as exc:
        make_entry(id_number=NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1"))
    assert "校验位" in exc.value.message_dict["id_number"][0]
    with pytest.raises(ValidationError) as exc:
        make_entry(organization=ledger.tree.xinhe)
    assert exc.value.message_dict["organization"] == ["妇女信息台账只能由村（社区）妇联建立"]
    assert Entry.objects.count() == 0


def test_duplicate_names_holder_only_to_who_may_see_it(ledger, make_entry):
    make_entry(id_number=NUMBER)
    with pytest.raises(ValidationError) as exc:
        make_entry(name="李桂芳", id_number=NUMBER)
    assert "新河一社区妇女联合会" in exc.value.message_dict["id_number"][0]
    with pytest.raises(ValidationError) as exc:
        make_entry(organization=ledger.other, id_number=NUMBER)
    message = exc.value.message_dict["id_number"][0]
    assert "新河" not in message and "李桂芳" not in message and "其他社区" in message
    assert Entry.objects.count() == 1


def test_out_of_scope_write_refused(ledger, make_entry):
    entry = make_entry()
    with pytest.raises(OutOfScope):
        services.entry_update(actor=ledger.other_cadre, entry=entry, name="改")
    with pytest.raises(OutOfScope):
        services.entry_update(actor=ledger.worker, entry=entry, name="改")


def test_reveal_needs_reason_and_is_audited_without_the_value(ledger, make_entry):
    entry = make_entry(id_number=NUMBER)
    with pytest.raises(ValidationError):
        services.entry_reveal_pii(actor=ledger.cadre, entry=entry, field="id_number", reason=" ")
    with pytest.raises(OutOfScope):
        services.entry_reveal_pii(
            actor=ledger.worker, entry=entry, field="id_number", reason="核对"
        )
    value = services.entry_reveal_pii(
        actor=ledger.cadre, entry=entry, field="id_number", reason="核对低保"
    )
    assert value == NUMBER
    event = AuditEvent.objects.get(action="reveal")
    assert event.changes == {"field": "身份证号", "reason": "核对低保"}


def test_categories_open_and_end_with_dates(ledger, make_entry, today):
    entry = make_entry(categories=[ledger.category], category_since=dt.date(2025, 3, 1))
    with pytest.raises(ValidationError):
        services.category_add(
            actor=ledger.cadre, entry=entry, category=ledger.category, start_date=today, today=today
        )
    record = entry.categories.get()
    services.category_end(
        actor=ledger.cadre, record=record, end_date=dt.date(2026, 6, 30), today=today
    )
    record.refresh_from_db()
    assert (record.start_date, record.end_date) == (dt.date(2025, 3, 1), dt.date(2026, 6, 30))
    again = services.category_add(
        actor=ledger.cadre, entry=entry, category=ledger.category, start_date=today, today=today
    )
    assert entry.categories.count() == 2 and again.end_date is None
    counts = selectors.category_counts(Entry.objects.all())
    assert counts == [{"category__name": "留守妇女", "category__group": "women", "n": 1}]
    assert Category.objects.count() == 12


def test_transfer_accepted_by_the_receiver_moves_the_entry(ledger, make_entry):
    entry = make_entry(grid=ledger.grid, id_number=NUMBER)
    with pytest.raises(ValidationError):
        services.transfer_request(actor=ledger.cadre, entry=entry, to_code="BH-XH", reason="搬家")
    transfer = services.transfer_request(
        actor=ledger.cadre, entry=entry, to_code="BH-DG-01", reason="搬家"
    )
    with pytest.raises(ValidationError):
        services.transfer_request(
            actor=ledger.cadre, entry=entry, to_code="BH-DG-01", reason="再次"
        )
    entry.refresh_from_db()
    assert entry.organization == ledger.community  # one community at a time: still here
    assert transfer in selectors.transfers(ledger.other_cadre)
    with pytest.raises(OutOfScope):  # the sender cannot accept for the receiver
        services.transfer_decide(actor=ledger.cadre, transfer=transfer, decision="accept")
    services.transfer_decide(actor=ledger.other_cadre, transfer=transfer, decision="accept")
    entry.refresh_from_db()
    assert (entry.organization, entry.org_path, entry.grid) == (
        ledger.other,
        ledger.other.path,
        None,
    )
    assert entry not in selectors.entries(ledger.cadre)
    assert entry in selectors.entries(ledger.other_cadre)
    with pytest.raises(ValidationError):  # done once: not again
        services.transfer_decide(actor=ledger.other_cadre, transfer=transfer, decision="accept")
    actions = list(
        AuditEvent.objects.filter(object_type="ledger.entry").values_list("action", flat=True)
    )
    assert "transfer_request" in actions and "transfer_accept" in actions


def test_transfer_refused_or_withdrawn_leaves_the_entry(ledger, make_entry):
    entry = make_entry()
    transfer = services.transfer_request(
        actor=ledger.cadre, entry=entry, to_code="BH-DG-01", reason="搬家"
    )
    with pytest.raises(ValidationError):
        services.transfer_decide(
            actor=ledger.other_cadre, transfer=transfer, decision="reject", note=""
        )
    services.transfer_decide(
        actor=ledger.other_cadre, transfer=transfer, decision="reject", note="查无此人"
    )
    second = services.transfer_request(
        actor=ledger.cadre, entry=entry, to_code="BH-DG-01", reason="核实后再迁"
    )
    services.transfer_decide(actor=ledger.cadre, transfer=second, decision="cancel")
    entry.refresh_from_db()
    assert entry.organization == ledger.community
    assert list(Transfer.objects.order_by("id").values_list("status", flat=True)) == [
        TransferStatus.REJECTED,
        TransferStatus.CANCELLED,
    ]


def test_visibility_by_role_and_grid(ledger, make_entry):
    mine = make_entry("甲", grid=ledger.grid)
    other_grid = make_entry("乙", grid=ledger.grid2)
    elsewhere = make_entry("丙", organization=ledger.other)
    assert set(selectors.entries(ledger.cadre)) == {mine, other_grid}
    assert set(selectors.entries(ledger.other_cadre)) == {elsewhere}
    assert set(selectors.entries(ledger.worker)) == {mine}
    assert set(selectors.entries(ledger.staff)) == set()


def test_visits_by_the_grid_worker_and_her_r_ex_08_gap(ledger, make_entry, today):
    women = [make_entry(f"妇女{i}", grid=ledger.grid) for i in range(3)]
    outside = make_entry("外网格", grid=ledger.grid2)
    with pytest.raises(OutOfScope):
        services_grids.visit_create(
            actor=ledger.worker, entry=outside, date=today, findings="x", today=today
        )
    with pytest.raises(ValidationError):
        services_grids.visit_create(
            actor=ledger.worker,
            entry=women[0],
            date=today + dt.timedelta(days=1),
            findings="x",
            today=today,
        )
    services_grids.visit_create(
        actor=ledger.worker, entry=women[0], date=today, findings="独居", needs="助浴", today=today
    )
    work = selectors.my_work(ledger.worker, today)
    assert work["contacted"] == 1
    assert [e.name for e in work["not_contacted"]] == ["妇女1", "妇女2"]
    assert [e.name for e in work["due"]] == ["妇女1", "妇女2"]
    assert work["verdict"].outcome == "unmet" and "还差 9 名" in work["verdict"].detail
    assert Visit.objects.get().visitor == ledger.worker_person
    assert AuditEvent.objects.filter(object_type="ledger.visit").count() == 1


def test_admin_saves_categories_through_the_service(client, admin_user):
    from lvzhi.ledger.models import Category

    client.force_login(admin_user)
    category = Category.objects.get(code="migrant_women")
    response = client.post(
        f"/admin/ledger/category/{category.pk}/change/",
        {
            "code": "migrant_women",
            "name": "流动妇女",
            "group": "women",
            "sort_order": 60,
            "is_active": "on",
            "sensitive": "on",
        },
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.sensitive
    event = AuditEvent.objects.get(object_type="ledger.category")
    assert event.changes["sensitive"] == [False, True]


def test_a_decision_that_lost_the_race_writes_nothing(ledger, make_entry, monkeypatch):
    """Two cadres accept at once: the second's conditional UPDATE finds the move no longer
    pending (the status check it passed was read before the first committed)."""
    from lvzhi.ledger import rules

    entry = make_entry()
    transfer = services.transfer_request(
        actor=ledger.cadre, entry=entry, to_code="BH-DG-01", reason="搬家"
    )
    Transfer.objects.filter(pk=transfer.pk).update(status=TransferStatus.CANCELLED)
    monkeypatch.setattr(rules, "decision_errors", lambda **kwargs: {})
    events = AuditEvent.objects.count()
    with pytest.raises(services.TransferConflict):
        services.transfer_decide(actor=ledger.other_cadre, transfer=transfer, decision="accept")
    entry.refresh_from_db()
    assert entry.organization == ledger.community
    assert AuditEvent.objects.count() == events
    assert Transfer.objects.get().status == TransferStatus.CANCELLED
