"""PIPL: legal bases and their withdrawal, the read log, closing and anonymising by the
daily job (counts unchanged), the per-person report, and no ID number or phone in any
audit diff, read log or log line."""

import datetime as dt
import io
import json
import logging

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from lvzhi.core.models import AuditEvent
from lvzhi.core.scopes import OutOfScope
from lvzhi.ledger import rules, selectors, services, services_grids, services_privacy
from lvzhi.ledger.models import Consent, Entry, EntryCategory, ReadLog, Transfer, Visit

from .conftest import id_number

pytestmark = pytest.mark.django_db
NUMBER = id_number("19850312", "002")
PHONE = "13812345678"


def consent(ledger, entry, today, **fields):
    values = {
        "basis": "consent",
        "scope": "建立妇女信息台账，开展走访帮扶",
        "given_by": "本人",
        "given_on": today,
        "today": today,
    }
    return services_privacy.consent_add(actor=ledger.cadre, entry=entry, **{**values, **fields})


# rules -----------------------------------------------------------------------


def test_consent_rules(today):
    ok = {"scope": "台账", "duty": "", "given_by": "本人", "given_on": today, "today": today}
    assert rules.consent_errors(basis="consent", **ok) == {}
    assert set(rules.consent_errors(basis="statutory", **ok)) == {"duty"}
    assert set(rules.consent_errors(basis="consent", **{**ok, "given_by": " "})) == {"given_by"}
    later = today + dt.timedelta(days=1)
    assert set(rules.consent_errors(basis="consent", **{**ok, "given_on": later})) == {"given_on"}
    assert rules.withdrawal_errors(
        basis="statutory", given_on=today, withdrawn_on=None, date=today, today=today
    ) == {"basis": "法定职责依据不能由本人撤回"}


def test_basis_gaps():
    assert rules.basis_gaps(consents=[], sensitive_open=False) == [
        "没有有效的处理依据（同意或法定职责）"
    ]
    assert rules.basis_gaps(consents=[("consent", False, None)], sensitive_open=True) == [
        "敏感类别缺少单独同意或法定职责依据"
    ]
    assert rules.basis_gaps(consents=[("statutory", True, None)], sensitive_open=True) == []
    withdrawn = dt.date(2026, 1, 1)
    assert len(rules.basis_gaps(consents=[("consent", True, withdrawn)], sensitive_open=True)) == 2


def test_retention_due(today):
    periods = {"moved_away": 30, "deceased": 10, "consent_withdrawn": 5}
    base = {"closed_reason": "", "closed_on": None, "withdrawn_on": None, "has_basis": True}
    assert rules.retention_due(**base, today=today, periods=periods) is None
    closed = {**base, "closed_reason": "deceased", "closed_on": today - dt.timedelta(days=10)}
    assert rules.retention_due(**closed, today=today, periods=periods) == "deceased"
    assert rules.retention_due(**closed, today=today - dt.timedelta(1), periods=periods) is None
    withdrawn = {**base, "withdrawn_on": today - dt.timedelta(days=5)}
    assert rules.retention_due(**withdrawn, today=today, periods=periods) is None  # basis left
    withdrawn["has_basis"] = False
    assert rules.retention_due(**withdrawn, today=today, periods=periods) == "consent_withdrawn"


# consent ---------------------------------------------------------------------


def test_consent_recorded_withdrawn_and_audited(ledger, make_entry, today):
    entry = make_entry()
    record = consent(ledger, entry, today, sensitive=True)
    assert record.recorded_by == ledger.cadre and record.withdrawn_on is None
    with pytest.raises(ValidationError) as exc:
        consent(ledger, entry, today, basis="statutory", duty="")
    assert exc.value.message_dict["duty"] == ["依据法定职责处理时，请写明法定职责依据"]
    services_privacy.consent_withdraw(actor=ledger.cadre, consent=record, date=today, today=today)
    record.refresh_from_db()
    assert record.withdrawn_on == today and record.withdrawn_by == ledger.cadre
    with pytest.raises(ValidationError):
        services_privacy.consent_withdraw(
            actor=ledger.cadre, consent=record, date=today, today=today
        )
    actions = list(
        AuditEvent.objects.filter(object_id=str(entry.pk), action__startswith="consent")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["consent_add", "consent_withdraw"]
    assert Consent.objects.count() == 1


def test_consent_out_of_scope_refused(ledger, make_entry, today):
    entry = make_entry()
    with pytest.raises(OutOfScope):
        services_privacy.consent_add(
            actor=ledger.other_cadre,
            entry=entry,
            basis="consent",
            scope="x",
            given_by="本人",
            given_on=today,
            today=today,
        )
    assert Consent.objects.count() == 0


# read log --------------------------------------------------------------------


def test_detail_and_reveal_are_logged(client, ledger, make_entry):
    entry = make_entry(id_number=NUMBER, phone=PHONE)
    client.force_login(ledger.cadre)
    assert client.get(reverse("ledger:entry", args=[entry.pk])).status_code == 200
    client.post(reverse("ledger:reveal", args=[entry.pk, "phone"]), {"reason": "核对救助申请"})
    rows = list(ReadLog.objects.order_by("id").values_list("reader_name", "kind", "purpose"))
    assert rows == [
        ("xinhe_cadre", "detail", ""),
        ("xinhe_cadre", "reveal_phone", "核对救助申请"),
    ]
    assert ReadLog.objects.filter(org_path=entry.org_path).count() == 2


def test_read_log_reviewed_by_her_federation_only(client, ledger, make_entry):
    entry = make_entry()
    client.force_login(ledger.cadre)
    client.get(reverse("ledger:entry", args=[entry.pk]))
    page = client.get(reverse("ledger:reads") + f"?entry={entry.pk}")
    assert page.status_code == 200 and "查看详情" in page.content.decode()
    client.force_login(ledger.other_cadre)
    assert client.get(reverse("ledger:reads") + f"?entry={entry.pk}").status_code == 404
    assert "xinhe_cadre" not in client.get(reverse("ledger:reads")).content.decode()
    client.force_login(ledger.worker)  # reads her grid's women, does not review reads
    assert client.get(reverse("ledger:reads") + f"?entry={entry.pk}").status_code == 404


def test_audit_administrator_reviews_all_reads(client, ledger, make_entry, make_user):
    entry = make_entry()
    client.force_login(ledger.cadre)
    client.get(reverse("ledger:entry", args=[entry.pk]))
    auditor = make_user("auditor", "audit_admin", ledger.tree.city)
    client.force_login(auditor)
    page = client.get(reverse("ledger:reads") + f"?entry={entry.pk}")
    assert page.status_code == 200 and "xinhe_cadre" in page.content.decode()


def test_read_log_query_count(client, ledger, make_entry, django_assert_max_num_queries):
    client.force_login(ledger.cadre)
    for n in range(3):
        client.get(reverse("ledger:entry", args=[make_entry(name=f"人员{n}").pk]))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("ledger:reads"))
    counted = len(few.captured_queries)
    for n in range(10):
        client.get(reverse("ledger:entry", args=[make_entry(name=f"更多{n}").pk]))
    with django_assert_max_num_queries(counted):
        client.get(reverse("ledger:reads"))


# close, retention, anonymise ---------------------------------------------------


def test_close_ends_categories_and_drops_counts(ledger, make_entry, today):
    entry = make_entry(categories=[ledger.category])
    org = ledger.community
    assert selectors.counts(ledger.cadre, org)["total"] == 1
    services_privacy.entry_close(
        actor=ledger.cadre, entry=entry, reason="moved_away", date=today, today=today
    )
    entry.refresh_from_db()
    assert entry.closed_on == today
    assert EntryCategory.objects.get(entry=entry).end_date == today
    counts = selectors.counts(ledger.cadre, org)
    assert counts["total"] == 0 and all(c["n"] == 0 for c in counts["categories"])
    with pytest.raises(ValidationError) as exc:
        services_privacy.entry_close(
            actor=ledger.cadre, entry=entry, reason="deceased", date=today, today=today
        )
    assert exc.value.message_dict["closed_on"] == ["该人员已注销"]


def _full_entry(ledger, make_entry, today):
    entry = make_entry(
        id_number=NUMBER,
        phone=PHONE,
        address="新河路1号",
        household="与女儿同住",
        grid=ledger.grid,
        categories=[ledger.category],
    )
    services_grids.visit_create(
        actor=ledger.worker, entry=entry, date=today, findings="李桂芳身体不好", needs="就医"
    )
    return entry


def test_daily_job_anonymises_after_retention_and_counts_stay(ledger, make_entry, today, settings):
    settings.LVZHI_LEDGER_RETENTION_DAYS = {"consent_withdrawn": 10}
    kept = _full_entry(ledger, make_entry, today)
    entry = make_entry(name="张秀英", grid=ledger.grid, categories=[ledger.category])
    given = today - dt.timedelta(days=30)
    record = consent(ledger, entry, today, given_on=given)
    services_privacy.consent_withdraw(
        actor=ledger.cadre, consent=record, date=today - dt.timedelta(days=10), today=today
    )
    before = selectors.counts(ledger.cadre, ledger.community)
    assert services_privacy.daily(today=today - dt.timedelta(days=1)) == {"anonymised": 0}
    assert services_privacy.daily(today=today) == {"anonymised": 1}
    assert services_privacy.daily(today=today) == {"anonymised": 0}  # idempotent
    entry.refresh_from_db()
    assert entry.anonymised_at is not None and entry.name == "（已匿名）"
    assert (entry.id_number, entry.id_number_hash, entry.phone, entry.address) == ("", "", "", "")
    assert selectors.counts(ledger.cadre, ledger.community) == before
    kept.refresh_from_db()
    assert kept.name == "李桂芳" and kept.anonymised_at is None
    event = AuditEvent.objects.get(action="anonymise")
    assert event.actor_name == "系统" and event.changes == {"reason": [None, "撤回同意"]}
    with pytest.raises(ValidationError):
        consent(ledger, entry, today)


def test_anonymise_erases_her_free_text(ledger, make_entry, today, settings):
    settings.LVZHI_LEDGER_RETENTION_DAYS = {"deceased": 0}
    entry = _full_entry(ledger, make_entry, today)
    services.transfer_request(
        actor=ledger.cadre, entry=entry, to_code=ledger.other.code, reason="随李桂芳女儿迁居"
    )
    Transfer.objects.update(status="cancelled")
    services_privacy.entry_close(
        actor=ledger.cadre, entry=entry, reason="deceased", date=today, today=today
    )
    assert services_privacy.daily(today=today) == {"anonymised": 1}
    visit = Visit.objects.get(entry=entry)
    assert visit.findings == "（已匿名）" and visit.needs == "" and visit.date == today
    assert "李桂芳" not in Transfer.objects.get(entry=entry).reason
    assert Entry.objects.filter(name__contains="李桂芳").count() == 0
    assert selectors.my_work(ledger.worker, today)["contacted"] == 1  # R-EX-08 unchanged


def test_run_daily_lists_the_ledger_job(ledger, make_entry, today, settings):
    settings.LVZHI_LEDGER_RETENTION_DAYS = {"moved_away": 0}
    entry = make_entry()
    services_privacy.entry_close(
        actor=ledger.cadre, entry=entry, reason="moved_away", date=today, today=today
    )
    out = io.StringIO()
    call_command("run_daily", "--date", today.isoformat(), "--json", stdout=out)
    jobs = json.loads(out.getvalue())["jobs"]
    assert jobs["lvzhi.ledger.services_privacy.daily"] == {"anonymised": 1}


# report ----------------------------------------------------------------------


def test_person_report_lists_what_is_held_and_who_read(client, ledger, make_entry, today):
    entry = _full_entry(ledger, make_entry, today)
    consent(ledger, entry, today)
    client.force_login(ledger.cadre)
    client.get(reverse("ledger:entry", args=[entry.pk]))
    url = reverse("ledger:report", args=[entry.pk])
    assert client.post(url, {"purpose": ""}).status_code == 400
    page = client.post(url, {"purpose": "本人申请查阅"})
    text = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert NUMBER in text and PHONE in text and "李桂芳身体不好" in text
    assert "查看详情" in text and "本人申请查阅" in text
    assert ReadLog.objects.filter(kind="report", purpose="本人申请查阅").count() == 1
    answer = client.post(url, {"purpose": "本人申请复制", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(answer.streaming_content))).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert NUMBER in cells and "留守妇女" in cells
    assert any("本人申请查阅" in str(c) for c in cells)


def test_person_report_needs_reveal_right(client, ledger, make_entry):
    entry = make_entry(grid=ledger.grid)
    client.force_login(ledger.worker)  # reads the entry, may not reveal
    assert client.get(reverse("ledger:report", args=[entry.pk])).status_code == 404
    client.force_login(ledger.other_cadre)
    assert (
        client.post(reverse("ledger:report", args=[entry.pk]), {"purpose": "x"}).status_code == 404
    )
    assert not ReadLog.objects.filter(kind="report").exists()


def test_no_plain_id_or_phone_in_audit_reads_or_logs(
    client, ledger, make_entry, today, caplog, settings
):
    """Every flow of the ledger, then every audit diff, read log line and log record is
    searched for the ID number and phone (whole, and the hidden middle of each)."""
    settings.LVZHI_LEDGER_RETENTION_DAYS = {"moved_away": 0}
    caplog.set_level(logging.DEBUG)
    entry = _full_entry(ledger, make_entry, today)
    services.entry_update(actor=ledger.cadre, entry=entry, phone="13987654321", today=today)
    record = consent(ledger, entry, today)
    services_privacy.consent_withdraw(actor=ledger.cadre, consent=record, date=today, today=today)
    client.force_login(ledger.cadre)
    client.get(reverse("ledger:entry", args=[entry.pk]))
    client.post(reverse("ledger:reveal", args=[entry.pk, "id_number"]), {"reason": "核对"})
    client.post(reverse("ledger:report", args=[entry.pk]), {"purpose": "本人申请"})
    client.get("/api/v1/ledger/entries/")
    services_privacy.entry_close(
        actor=ledger.cadre, entry=entry, reason="moved_away", date=today, today=today
    )
    services_privacy.daily(today=today)
    text = json.dumps(
        [[e.changes, e.object_repr] for e in AuditEvent.objects.all()]
        + [[r.purpose, r.reader_name] for r in ReadLog.objects.all()],
        ensure_ascii=False,
    ) + "\n".join(r.getMessage() for r in caplog.records)
    for secret in (NUMBER, PHONE, "13987654321", NUMBER[6:14], "1234", "8765"):
        assert secret not in text, secret


def test_anonymised_entry_page_and_no_more_edits(client, ledger, make_entry, today, settings):
    settings.LVZHI_LEDGER_RETENTION_DAYS = {"deceased": 0}
    entry = make_entry(phone=PHONE)
    services_privacy.entry_close(
        actor=ledger.cadre, entry=entry, reason="deceased", date=today, today=today
    )
    client.force_login(ledger.cadre)
    page = client.get(reverse("ledger:entry", args=[entry.pk])).content.decode()
    assert 'id="closed"' in page and 'id="close-entry"' not in page
    services_privacy.daily(today=today)
    page = client.get(reverse("ledger:entry", args=[entry.pk])).content.decode()
    assert 'id="anonymised"' in page and 'id="consent-add"' not in page and "李桂芳" not in page
    with pytest.raises(ValidationError) as exc:
        services.entry_update(actor=ledger.cadre, entry=entry, name="李桂芳", today=today)
    assert exc.value.message_dict["name"] == ["该人员信息已匿名化，不能再办理"]
    assert Entry.objects.get(pk=entry.pk).name == "（已匿名）"
