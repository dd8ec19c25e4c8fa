"""个人信息保护 (PIPL) of the ledger: each entry's legal basis (consent or statutory duty)
and its withdrawal, the read log, closing an entry, and anonymising it when its retention
ends (the daily job). Audit events and read logs carry no ID number or phone, plain or
masked: only what was read, by whom and why."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lvzhi.core.periods import today_local
from lvzhi.core.scopes import ensure_scope
from lvzhi.core.services import audit

from . import counts, rules, selectors_privacy
from .models import (
    ClosedReason,
    Consent,
    ConsentBasis,
    Entry,
    EntryCategory,
    Need,
    ReadKind,
    ReadLog,
    Transfer,
    Visit,
)

ANONYMOUS = gettext_noop("（已匿名）")
PURPOSE_MAX = 200


def record_read(*, actor, entry: Entry, kind: str, purpose: str = "", via_api=False) -> ReadLog:
    """One line of the read log (查阅记录): kept for the entry's federation to review."""
    return ReadLog.objects.create(
        entry=entry,
        org_path=entry.org_path,
        reader=actor if actor.is_authenticated else None,
        reader_name=actor.get_username(),
        kind=kind,
        purpose=" ".join((purpose or "").split())[:PURPOSE_MAX],
        via_api=via_api,
    )


def record_reads(*, actor, entries, kind: str, purpose: str = "", via_api=False) -> int:
    """One line per entry of an export, in one INSERT per batch."""
    purpose = " ".join((purpose or "").split())[:PURPOSE_MAX]
    name = actor.get_username()
    rows = (
        ReadLog(
            entry_id=pk,
            org_path=path,
            reader=actor,
            reader_name=name,
            kind=kind,
            purpose=purpose,
            via_api=via_api,
        )
        for pk, path in entries
    )
    count = 0
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == 1000:
            count += len(ReadLog.objects.bulk_create(batch))
            batch = []
    if batch:
        count += len(ReadLog.objects.bulk_create(batch))
    return count


def person_report(*, actor, entry: Entry, purpose: str, via_api=False) -> dict:
    """个人信息报告 for her access request (PIPL 第四十五条): the request is logged (查阅记录)
    and audited first, then everything held about her is read (the report lists its own
    line). The caller has checked ``reveal_pii`` over her community."""
    purpose = " ".join((purpose or "").split())
    if not purpose:
        raise ValidationError({"purpose": _("请填写申请说明")})
    if len(purpose) > PURPOSE_MAX:
        raise ValidationError({"purpose": _("不能超过%(n)d个字") % {"n": PURPOSE_MAX}})
    record_read(actor=actor, entry=entry, kind=ReadKind.REPORT, purpose=purpose, via_api=via_api)
    audit(actor=actor, action="report", obj=entry, changes={"purpose": purpose})
    return selectors_privacy.person_report(entry)


def _managed(actor, entry: Entry) -> Entry:
    entry = Entry.objects.select_for_update().select_related("organization").get(pk=entry.pk)
    ensure_scope(actor, "change", entry.organization)
    if entry.anonymised_at is not None:
        raise ValidationError({"entry": _("该人员信息已匿名化，不能再办理")})
    return entry


@transaction.atomic
def consent_add(
    *,
    actor,
    entry: Entry,
    basis: str,
    scope: str,
    given_on: dt.date,
    duty: str = "",
    given_by: str = "",
    sensitive: bool = False,
    today: dt.date | None = None,
) -> Consent:
    today = today or today_local()
    entry = _managed(actor, entry)
    scope, duty, given_by = (" ".join((v or "").split()) for v in (scope, duty, given_by))
    errors = rules.consent_errors(
        basis=basis, scope=scope, duty=duty, given_by=given_by, given_on=given_on, today=today
    )
    if basis not in ConsentBasis.values:
        errors["basis"] = _("处理依据无效")
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        entry=entry,
        basis=basis,
        scope=scope[:300],
        duty=duty[:200] if basis == ConsentBasis.STATUTORY else "",
        sensitive=sensitive,
        given_on=given_on,
        given_by=given_by[:50],
        recorded_by=actor,
    )
    audit(
        actor=actor,
        action="consent_add",
        obj=entry,
        changes={
            "basis": [None, consent.get_basis_display()],
            "scope": [None, consent.scope],
            "sensitive": [None, sensitive],
            "given_on": [None, given_on.isoformat()],
        },
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor, consent: Consent, date: dt.date, note: str = "", today: dt.date | None = None
) -> Consent:
    """撤回同意: the consent stays, dated; with no other basis standing the entry is
    anonymised once the ``consent_withdrawn`` retention period has passed."""
    today = today or today_local()
    entry = _managed(actor, consent.entry)
    consent = Consent.objects.select_for_update().get(pk=consent.pk, entry=entry)
    errors = rules.withdrawal_errors(
        basis=consent.basis,
        given_on=consent.given_on,
        withdrawn_on=consent.withdrawn_on,
        date=date,
        today=today,
    )
    if errors:
        raise ValidationError(errors)
    consent.withdrawn_on = date
    consent.withdrawal_note = " ".join((note or "").split())[:200]
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_on", "withdrawal_note", "withdrawn_by", "updated_at"])
    audit(
        actor=actor,
        action="consent_withdraw",
        obj=entry,
        changes={"withdrawn_on": [None, date.isoformat()], "basis": [consent.get_basis_display()]},
    )
    return consent


@transaction.atomic
def entry_close(
    *, actor, entry: Entry, reason: str, date: dt.date, today: dt.date | None = None
) -> Entry:
    """注销: she moved away from the platform's area or died. Her open categories end on
    ``date`` (the counts drop now, not when she is anonymised later)."""
    today = today or today_local()
    entry = _managed(actor, entry)
    errors = {}
    if reason not in ClosedReason.values:
        errors["closed_reason"] = _("请选择注销原因")
    if date < rules.EARLIEST or date > today:
        errors["closed_on"] = _("注销日期应在今天或之前")
    if entry.closed_on is not None:
        errors["closed_on"] = _("该人员已注销")
    if Transfer.objects.filter(entry=entry, status="pending").exists():
        errors["entry"] = _("该人员有待接收的迁移，请先撤回")
    if errors:
        raise ValidationError(errors)
    counted = counts.track(entry.pk)
    EntryCategory.objects.filter(entry=entry, end_date__isnull=True).update(
        end_date=Greatest(F("start_date"), Value(date))
    )
    entry.closed_reason, entry.closed_on = reason, date
    entry.save(update_fields=["closed_reason", "closed_on", "updated_at"])
    counts.settle(counted)
    audit(
        actor=actor,
        action="close",
        obj=entry,
        changes={
            "closed_reason": [None, entry.get_closed_reason_display()],
            "closed_on": [None, date.isoformat()],
        },
    )
    return entry


def retention_periods() -> dict[str, int]:
    return {**rules.RETENTION_DAYS, **getattr(settings, "LVZHI_LEDGER_RETENTION_DAYS", {})}


@transaction.atomic
def entry_anonymise(*, entry: Entry, reason: str, actor=None) -> Entry:
    """匿名化: name, ID number, phone, address, household and notes are erased from the
    entry, and the free text of her visits, needs, moves and consents; what is counted (community,
    grid, gender, birth year, categories with dates, visit dates) stays, so the counts do
    not change. Recorded as an audit event naming the reason only."""
    entry = Entry.objects.select_for_update().select_related("organization").get(pk=entry.pk)
    if entry.anonymised_at is not None:
        return entry
    anonymous = str(ANONYMOUS)
    entry.name = anonymous
    entry.id_number = entry.id_number_hash = entry.phone = ""
    entry.address = entry.household = entry.note = ""
    entry.anonymised_at = timezone.now()
    entry.save()
    Visit.objects.filter(entry=entry).update(findings=anonymous, needs="", follow_up="")
    Need.objects.filter(entry=entry).update(description=anonymous)
    Transfer.objects.filter(entry=entry).update(entry_name=anonymous, reason=anonymous)
    Consent.objects.filter(entry=entry).update(given_by="", withdrawal_note="")
    labels = {**dict(ClosedReason.choices), rules.CONSENT_WITHDRAWN: _("撤回同意")}
    audit(
        actor=actor,
        action="anonymise",
        obj=entry,
        changes={"reason": [None, str(labels.get(reason, reason))]},
    )
    return entry


def daily(*, today: dt.date) -> dict:
    """Daily job (settings.LVZHI_DAILY_JOBS): anonymise the entries past their retention.
    Idempotent: an anonymised entry is never a candidate again."""
    periods = retention_periods()
    candidates = (
        Entry.objects.filter(anonymised_at__isnull=True)
        .filter(
            Q(closed_on__isnull=False)
            | Q(pk__in=Consent.objects.filter(withdrawn_on__isnull=False).values("entry_id"))
        )
        .annotate(
            withdrawn=Max("consents__withdrawn_on"),
            standing=Count("consents", filter=Q(consents__withdrawn_on__isnull=True)),
        )
        .only("pk", "closed_reason", "closed_on")
        .order_by("pk")
    )
    done = 0
    for entry in candidates.iterator(chunk_size=500):
        reason = rules.retention_due(
            closed_reason=entry.closed_reason,
            closed_on=entry.closed_on,
            withdrawn_on=entry.withdrawn,
            has_basis=entry.standing > 0,
            today=today,
            periods=periods,
        )
        if reason:
            entry_anonymise(entry=entry, reason=reason)
            done += 1
    return {"anonymised": done}


READ_KIND_OF_FIELD = {"id_number": ReadKind.REVEAL_ID, "phone": ReadKind.REVEAL_PHONE}
