"""Writes to the ledger. Each function takes ``actor`` first, checks scope with
``ensure_scope``, validates through ``rules``, writes and records an AuditEvent in one
transaction (ID numbers and phones appear there only as masks). Errors are
``ValidationError`` by field, in Chinese."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lvzhi.core.periods import today_local
from lvzhi.core.pii import blind_index
from lvzhi.core.scopes import OutOfScope, ensure_scope, scope_for
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.orgs.models import Organization

from . import counts, rules, services_privacy
from .models import Category, Entry, EntryCategory, Transfer, TransferStatus

ENTRY_FIELDS = (
    "name",
    "gender",
    "id_number",
    "phone",
    "birth_year",
    "address",
    "grid",
    "household",
    "note",
)


class TransferConflict(ValidationError):
    """Someone else acted on the move first; nothing was written."""


def check_ledger_org(organization: Organization) -> None:
    problem = rules.ledger_organization_error(
        system=organization.system, kind=organization.kind, level=organization.level
    )
    if problem:
        raise ValidationError({"organization": problem})


def _duplicate_message(actor, holder: Entry) -> str:
    """Names the holder's community only when the actor may see that organization."""
    if scope_for(actor, "view").covers(holder.org_path):
        return _("该身份证号已登记在%(org)s的台账中（%(name)s）") % {
            "org": holder.organization.name,
            "name": holder.name,
        }
    return _("该身份证号已登记在其他社区的台账中，请由其所在社区办理迁出")


def _clean_entry(actor, fields: dict, organization: Organization, today, exclude_pk=None) -> dict:
    errors = {}
    for name, normalize in (
        ("id_number", rules.normalize_id_number),
        ("phone", rules.normalize_phone),
    ):
        if name in fields:
            try:
                fields[name] = normalize(fields[name] or "")
            except rules.RuleError as exc:
                errors[name] = str(exc)
    grid = fields.get("grid")
    if grid is not None and grid.organization_id != organization.pk:
        errors["grid"] = _("网格不属于本社区")
    elif (
        grid is not None
        and not grid.is_active
        and not Entry.objects.filter(pk=exclude_pk, grid=grid).exists()
    ):
        errors["grid"] = _("该网格已停用")
    if "id_number" in fields and "id_number" not in errors:
        number = fields["id_number"]
        fields["id_number_hash"] = blind_index(number) if number else ""
        if number:
            holder = (
                Entry.objects.select_related("organization")
                .filter(id_number_hash=fields["id_number_hash"])
                .exclude(pk=exclude_pk)
                .first()
            )
            if holder is not None:
                errors["id_number"] = _duplicate_message(actor, holder)
            if fields.get("birth_year") is None:
                fields["birth_year"] = rules.birth_date_from_id(number).year
    for name, message in rules.entry_errors(
        id_number=fields.get("id_number", "") if "id_number" not in errors else "",
        gender=fields.get("gender", ""),
        birth_year=fields.get("birth_year"),
        today=today,
    ).items():
        errors.setdefault(name, message)
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def entry_create(
    *,
    actor,
    organization: Organization,
    categories=(),
    category_since: dt.date | None = None,
    today: dt.date | None = None,
    **fields,
) -> Entry:
    today = today or today_local()
    ensure_scope(actor, "create", organization)
    check_ledger_org(organization)
    fields = _clean_entry(actor, dict(fields), organization, today)
    entry = Entry(organization=organization, org_path=organization.path, **fields)
    entry.full_clean(exclude=["id_number_hash"])
    entry.save()
    counts.settle(counts.created(entry.pk))
    audit(actor=actor, action="create", obj=entry, changes=diff({}, snapshot(entry)))
    for category in categories:
        category_add(
            actor=actor,
            entry=entry,
            category=category,
            start_date=category_since or today,
            today=today,
        )
    return entry


@transaction.atomic
def entry_update(*, actor, entry: Entry, today: dt.date | None = None, **fields) -> Entry:
    today = today or today_local()
    ensure_scope(actor, "change", entry.organization)
    if "organization" in fields:
        raise ValidationError({"organization": _("所在社区只能通过迁出/迁入变更")})
    entry = Entry.objects.select_for_update().select_related("organization").get(pk=entry.pk)
    if entry.anonymised_at is not None:
        raise ValidationError({"name": _("该人员信息已匿名化，不能再办理")})
    counted = counts.track(entry.pk)
    before = snapshot(entry)
    merged = {"gender": entry.gender, "birth_year": entry.birth_year, **fields}
    if "id_number" not in fields and entry.id_number:
        merged["id_number"] = entry.id_number
    cleaned = _clean_entry(actor, merged, entry.organization, today, exclude_pk=entry.pk)
    for name, value in cleaned.items():
        setattr(entry, name, value)
    entry.full_clean(exclude=["id_number_hash"])
    entry.save()
    counts.settle(counted)
    changes = diff(before, snapshot(entry))
    if changes:
        audit(actor=actor, action="update", obj=entry, changes=changes)
    return entry


REVEALABLE = {"id_number": gettext_noop("身份证号"), "phone": gettext_noop("联系电话")}
REVEAL_REASON_MAX = 200


@transaction.atomic
def entry_reveal_pii(*, actor, entry: Entry, field: str, reason: str, via_api=False) -> str:
    """Plaintext of the ID number or phone for an actor who may reveal PII at the entry's
    community and says why; the reason (never the value) goes into the audit event and
    the entry's read log."""
    entry = Entry.objects.select_related("organization").get(pk=entry.pk)
    ensure_scope(actor, "reveal_pii", entry.organization)
    errors = {}
    if field not in REVEALABLE:
        errors["field"] = _("该字段不能查看")
    reason = " ".join((reason or "").split())
    if not reason:
        errors["reason"] = _("请填写查看原因")
    elif len(reason) > REVEAL_REASON_MAX:
        errors["reason"] = _("查看原因不能超过 %(max)s 个字") % {"max": REVEAL_REASON_MAX}
    if errors:
        raise ValidationError(errors)
    audit(
        actor=actor,
        action="reveal",
        obj=entry,
        changes={"field": REVEALABLE[field], "reason": reason},
    )
    services_privacy.record_read(
        actor=actor,
        entry=entry,
        kind=services_privacy.READ_KIND_OF_FIELD[field],
        purpose=reason,
        via_api=via_api,
    )
    return getattr(entry, field) or ""


# 类别 -----------------------------------------------------------------------


@transaction.atomic
def category_add(
    *, actor, entry: Entry, category: Category, start_date: dt.date, today: dt.date | None = None
) -> EntryCategory:
    today = today or today_local()
    ensure_scope(actor, "change", entry.organization)
    counted = counts.track(entry.pk)  # locks the entry
    errors = rules.category_errors(
        start_date=start_date,
        end_date=None,
        today=today,
        already_open=EntryCategory.objects.filter(
            entry=entry, category=category, end_date__isnull=True
        ).exists(),
    )
    if not category.is_active:
        errors.setdefault("category", _("该类别已停用"))
    if errors:
        raise ValidationError(errors)
    record = EntryCategory.objects.create(entry=entry, category=category, start_date=start_date)
    counts.settle(counted)
    audit(
        actor=actor,
        action="category_add",
        obj=entry,
        organization=entry.organization,
        changes={"category": [None, category.name], "start_date": [None, start_date.isoformat()]},
    )
    return record


@transaction.atomic
def category_end(
    *, actor, record: EntryCategory, end_date: dt.date, today: dt.date | None = None
) -> EntryCategory:
    today = today or today_local()
    entry = record.entry
    ensure_scope(actor, "change", entry.organization)
    counted = counts.track(entry.pk)  # the entry's lock first, as every writer of its counts
    record = EntryCategory.objects.select_for_update().get(pk=record.pk)
    if record.end_date is not None:
        raise ValidationError({"end_date": _("该类别已退出")})
    errors = rules.category_errors(
        start_date=record.start_date, end_date=end_date, today=today, already_open=False
    )
    if errors:
        raise ValidationError(errors)
    record.end_date = end_date
    record.save(update_fields=["end_date", "updated_at"])
    counts.settle(counted)
    audit(
        actor=actor,
        action="category_end",
        obj=entry,
        organization=entry.organization,
        changes={
            "category": [record.category.name, None],
            "end_date": [None, end_date.isoformat()],
        },
    )
    return record


# 迁出/迁入 -------------------------------------------------------------------


@transaction.atomic
def transfer_request(*, actor, entry: Entry, to_code: str, reason: str) -> Transfer:
    """迁出: the sending community names the receiving one by its organization code; the
    entry stays where it is until the receiver accepts."""
    ensure_scope(actor, "change", entry.organization)
    entry = Entry.objects.select_for_update().select_related("organization").get(pk=entry.pk)
    target = Organization.objects.filter(code=(to_code or "").strip()).first()
    if target is None:
        raise ValidationError(
            {"to_organization": _("未找到该组织代码，请核对迁入社区妇联的组织代码")}
        )
    reason = " ".join((reason or "").split())
    errors = rules.transfer_errors(
        from_path=entry.org_path,
        to_path=target.path,
        to_system=target.system,
        to_kind=target.kind,
        to_level=target.level,
        pending=Transfer.objects.filter(entry=entry, status=TransferStatus.PENDING).exists(),
    )
    if not reason:
        errors["reason"] = _("请填写迁出原因")
    if errors:
        raise ValidationError(errors)
    transfer = Transfer.objects.create(
        entry=entry,
        entry_name=entry.name,
        from_organization=entry.organization,
        org_path=entry.org_path,
        to_organization=target,
        to_path=target.path,
        reason=reason[:200],
        requested_by=actor,
    )
    Entry.objects.filter(pk=entry.pk).update(revision=F("revision") + 1)
    audit(
        actor=actor,
        action="transfer_request",
        obj=entry,
        organization=entry.organization,
        changes={"to_organization": [None, target.name], "reason": [None, transfer.reason]},
    )
    return transfer


DECISIONS = {
    "accept": TransferStatus.ACCEPTED,
    "reject": TransferStatus.REJECTED,
    "cancel": TransferStatus.CANCELLED,
}


@transaction.atomic
def transfer_decide(*, actor, transfer: Transfer, decision: str, note: str = "") -> Transfer:
    """迁入 accepted or refused by the receiving community, or withdrawn by the sender.

    The transfer leaves ``pending`` by a conditional UPDATE (``WHERE status = pending``) and
    the entry moves by one on its organization and revision, so two cadres acting at once
    cannot both succeed: the second gets TransferConflict and nothing is written."""
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("办理方式无效")})
    transfer = Transfer.objects.select_related("entry", "from_organization", "to_organization").get(
        pk=transfer.pk
    )
    deciding_org = transfer.from_organization if decision == "cancel" else transfer.to_organization
    ensure_scope(actor, "change", deciding_org)
    note = " ".join((note or "").split())[:200]
    errors = rules.decision_errors(status=transfer.status, decision=decision, note=note)
    if errors:
        raise ValidationError(errors)
    counted = counts.track(transfer.entry_id)
    entry = Entry.objects.select_for_update().get(pk=transfer.entry_id)
    moved = Transfer.objects.filter(pk=transfer.pk, status=TransferStatus.PENDING).update(
        status=DECISIONS[decision], decided_by=actor, decided_at=timezone.now(), decision_note=note
    )
    if moved != 1:
        raise TransferConflict(_("该迁移已由他人办理，请刷新后查看"))
    if decision == "accept":
        target = transfer.to_organization
        updated = Entry.objects.filter(
            pk=entry.pk, organization=transfer.from_organization, revision=entry.revision
        ).update(organization=target, org_path=target.path, grid=None, revision=F("revision") + 1)
        if updated != 1:
            raise TransferConflict(_("该人员的台账已变更，请刷新后重新办理"))
        counts.settle(counted)
    transfer.refresh_from_db()
    audit(
        actor=actor,
        action=f"transfer_{decision}",
        obj=entry,
        organization=deciding_org,
        changes={
            "organization": [transfer.from_organization.name, transfer.to_organization.name],
            "status": [str(TransferStatus.PENDING.label), transfer.get_status_display()],
        },
    )
    return transfer


def transfer_in_scope(actor, transfer: Transfer) -> bool:
    scope = scope_for(actor, "change")
    return scope.covers(transfer.org_path) or scope.covers(transfer.to_path)


def refuse_out_of_scope(actor, transfer: Transfer) -> None:
    if not transfer_in_scope(actor, transfer):
        raise OutOfScope(_("不在您的管理范围内"))


@transaction.atomic
def category_save(*, actor, category: Category) -> Category:
    """A category created or edited (by the system administrator in the admin), audited."""
    before = snapshot(Category.objects.get(pk=category.pk)) if category.pk else {}
    category.full_clean()
    category.save()
    changes = diff(before, snapshot(category))
    if changes:
        audit(actor=actor, action="update" if before else "create", obj=category, changes=changes)
    return category


class ImportRefused(ValidationError):
    """Some row failed on writing: nothing was written. ``row_errors``: Excel row → errors."""

    def __init__(self, row_errors: dict):
        self.row_errors = row_errors
        super().__init__(_("导入未完成：有行未通过校验，未写入任何数据"))


@transaction.atomic
def entry_import(*, actor, organization: Organization, rows, today: dt.date | None = None):
    """Excel import: every row through ``entry_create`` (its checks and audit) in one
    transaction; any row refused rolls back all of them. ``rows``: (Excel row, fields)."""
    today = today or today_local()
    ensure_scope(actor, "import", organization)
    created, errors = [], {}
    for number, fields in rows:
        fields = dict(fields)
        try:
            with transaction.atomic():
                created.append(
                    entry_create(
                        actor=actor,
                        organization=organization,
                        categories=fields.pop("categories", ()),
                        today=today,
                        **fields,
                    )
                )
        except ValidationError as exc:
            errors[number] = (
                exc.message_dict if hasattr(exc, "error_dict") else {"name": exc.messages}
            )
    if errors:
        raise ImportRefused(errors)
    return created
