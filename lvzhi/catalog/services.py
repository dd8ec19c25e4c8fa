"""Writes to duty catalogs: import a file as a draft version, decide on findings, edit
draft items, publish, start a new draft from the published version.

Each function checks the actor's scope, writes and records an AuditEvent in one
transaction. Errors are ``ValidationError`` with messages in the active language
(Chinese by default).

Over 400 lines on purpose: one draft's life (import → decide → edit → publish → next draft)
shares the draft checks and derived fields at the top; split, each part would import them.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lvzhi.core import versioning
from lvzhi.core.scopes import ensure_scope
from lvzhi.core.search import build_search_text
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.orgs.models import Department, Organization

from . import rules
from .models import (
    Catalog,
    CatalogVersion,
    Decision,
    Duty,
    DutyItem,
    ImportFinding,
    LegalCitation,
    LegalDocument,
    VersionStatus,
)
from .parsed import FIELD_LABELS, CatalogUnreadable, ParsedCatalog

ITEM_FIELDS = rules.ITEM_FIELDS


# The parser lives in parsing/ and legal.py; imported lazily so this module loads alone.
def _parse(data, filename: str) -> ParsedCatalog:
    from .parsing import parse_catalog

    return parse_catalog(data, filename=filename)


def _split_legal_basis(text: str):
    from .legal import split_legal_basis

    return split_legal_basis(text)


def _parse_supervision(text: str) -> dict:
    from .parsing import parse_supervision

    return parse_supervision(text)


def item_search_text(item: DutyItem) -> str:
    values = {name: getattr(item, name) for name in ("number", "name", "sheet_name", *ITEM_FIELDS)}
    return build_search_text(*rules.item_search_parts(values))


def _departments(organization: Organization) -> list[tuple[int, str]]:
    return list(Department.objects.filter(organization=organization).values_list("id", "name"))


def _derive(item: DutyItem, departments) -> None:
    """Fields computed from the text: department, supervision contact, search text."""
    item.department_id = rules.match_department(item.implementing_body, departments)
    contact = _parse_supervision(item.supervision) if item.supervision.strip() else {}
    item.supervision_address = (contact.get("address") or "")[:300]
    item.supervision_phones = list(contact.get("phones") or [])
    item.supervision_emails = list(contact.get("emails") or [])
    item.search_text = item_search_text(item)


def _require_draft(version: CatalogVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("只能修改草稿版本；请先基于已发布版本新建草稿"))


def _locked_in_draft(actor, model, pk: int):
    """A finding or item of a draft version, locked for update, once the actor may change
    its organization (OutOfScope otherwise, ValidationError for a published version)."""
    row = (
        model.objects.select_for_update()
        .select_related("version__catalog__organization")
        .get(pk=pk)
    )
    ensure_scope(actor, "change", row.version.catalog.organization)
    _require_draft(row.version)
    return row


def _next_number(catalog: Catalog) -> int:
    return versioning.next_number(catalog.versions)


# 导入 -----------------------------------------------------------------------


def import_max_bytes() -> int:
    """The size limit of an imported file (setting IMPORT_MAX_BYTES, env
    LVZHI_IMPORT_MAX_MB): the same for the web form, the API and the CLI."""
    return int(getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024))


def check_import_size(size: int) -> None:
    """ValidationError (on "file") for a file above the limit; callers check the size
    before reading the file."""
    limit = import_max_bytes()
    if size > limit:
        raise ValidationError(
            {
                "file": _("文件过大（%(actual)s MB），不能超过 %(size)s MB，未导入任何内容")
                % {"actual": f"{size / 1024 / 1024:.1f}", "size": f"{limit / 1024 / 1024:g}"}
            }
        )


@transaction.atomic
def catalog_import(
    *,
    actor,
    organization: Organization,
    data: bytes,
    filename: str = "",
    parsed: ParsedCatalog | None = None,
) -> CatalogVersion:
    """Parse ``data`` and store it as a new draft version with its findings. A file that
    cannot be read raises ValidationError and writes nothing."""
    ensure_scope(actor, "import", organization)
    check_import_size(len(data or b""))
    if parsed is None:
        if not data:
            raise ValidationError({"file": _("文件为空，未导入任何内容")})
        try:
            parsed = _parse(data, filename)
        except CatalogUnreadable as exc:
            raise ValidationError({"file": str(exc) or _("无法识别的职责目录文件")}) from exc
    if not parsed.items:
        raise ValidationError({"file": _("文件中没有找到任何职责事项，未导入任何内容")})
    if not any((text or "").strip() for item in parsed.items for text in item.fields.values()):
        raise ValidationError(
            {
                "file": _(
                    "文件中的 %(count)s 个职责事项的信息表内容全部为空（可能是编码错误或"
                    "文件版式无法识别），未导入任何内容。"
                )
                % {"count": len(parsed.items)}
            }
        )
    catalog, created = Catalog.objects.select_for_update().get_or_create(
        organization=organization,
        defaults={"org_path": organization.path, "title": parsed.title or organization.name},
    )
    if created:
        audit(
            actor=actor,
            action="create",
            obj=catalog,
            organization=organization,
            changes=diff({}, snapshot(catalog)),
        )
    version = CatalogVersion.objects.create(
        catalog=catalog,
        org_path=organization.path,
        number=_next_number(catalog),
        layout=parsed.layout,
        source_filename=(filename or "")[:255],
        source_sha256=hashlib.sha256(data or b"").hexdigest() if data else "",
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    path = organization.path
    departments = _departments(organization)
    duties = Duty.objects.bulk_create(
        [
            Duty(version=version, org_path=path, number=d.number, text=d.text, order=i)
            for i, d in enumerate(parsed.duties)
        ]
    )
    items = []
    for duty, parsed_duty in zip(duties, parsed.duties, strict=True):
        for parsed_item in parsed_duty.items:
            item = DutyItem(
                version=version,
                duty=duty,
                org_path=path,
                number=parsed_item.number,
                name=parsed_item.name[:300],
                sheet_title=(parsed_item.sheet_title or "")[:300],
                sheet_name=(parsed_item.sheet_name or "")[:300],
                order=len(items),
                page=parsed_item.page or "",
                line=parsed_item.line or 0,
                **{key: parsed_item.fields.get(key, "") or "" for key in ITEM_FIELDS},
            )
            _derive(item, departments)
            items.append(item)
    DutyItem.objects.bulk_create(items, batch_size=500)
    ImportFinding.objects.bulk_create(
        [
            ImportFinding(
                version=version,
                org_path=path,
                code=f.code,
                message=f.message,
                item_number=f.item_number,
                field=f.field,
                line=f.line or 0,
                severity=f.severity,
                repair=f.repair,
                repair_fields=dict(f.repair_fields),
                order=i,
            )
            for i, f in enumerate(parsed.findings)
        ],
        batch_size=500,
    )
    audit(
        actor=actor,
        action="import",
        obj=version,
        organization=organization,
        changes={
            "source_filename": [None, version.source_filename],
            "source_sha256": [None, version.source_sha256],
            "duties": [None, len(duties)],
            "items": [None, len(items)],
            "findings": [None, len(parsed.findings)],
        },
    )
    return version


# 导入问题 -------------------------------------------------------------------


@transaction.atomic
def finding_decide(*, actor, finding: ImportFinding, accept: bool) -> ImportFinding:
    """Accept or reject a proposed repair. Accepting writes the repaired field values to
    the draft item; rejecting an accepted repair puts the source values back."""
    finding = _locked_in_draft(actor, ImportFinding, finding.pk)
    organization = finding.version.catalog.organization
    if not finding.repair:
        raise ValidationError(_("该问题没有建议的修复，无需处理"))
    new_decision = Decision.ACCEPTED if accept else Decision.REJECTED
    if finding.decision == new_decision:
        return finding
    item = DutyItem.objects.filter(version=finding.version, number=finding.item_number).first()
    if item is None:
        raise ValidationError(
            _("版本中没有序号为 %(number)s 的职责事项") % {"number": finding.item_number}
        )
    before = snapshot(item)
    if accept:
        values = {k: v for k, v in finding.repair_fields.items() if k in rules.EDITABLE_ITEM_FIELDS}
        finding.before_fields = {k: getattr(item, k) for k in values}
    else:
        values = dict(finding.before_fields) if finding.decision == Decision.ACCEPTED else {}
        finding.before_fields = {}
    for key, value in values.items():
        setattr(item, key, value or "")
    if values:
        _derive(item, _departments(organization))
        item.save()
    old_decision = finding.get_decision_display()
    finding.decision = new_decision
    finding.save(update_fields=["decision", "before_fields", "updated_at"])
    audit(
        actor=actor,
        action="decide",
        obj=finding,
        organization=organization,
        changes={
            "decision": [old_decision, finding.get_decision_display()],
            **{
                f"{item.number} {FIELD_LABELS.get(name, name)}": pair
                for name, pair in diff(before, snapshot(item)).items()
            },
        },
    )
    return finding


# 事项编辑 -------------------------------------------------------------------


@transaction.atomic
def item_update(*, actor, item: DutyItem, **fields) -> DutyItem:
    item = _locked_in_draft(actor, DutyItem, item.pk)
    organization = item.version.catalog.organization
    unknown = [name for name in fields if name not in rules.EDITABLE_ITEM_FIELDS]
    if unknown:
        raise ValidationError({name: _("该字段不能修改") for name in unknown})
    if "name" in fields and not (fields["name"] or "").strip():
        raise ValidationError({"name": _("名称不能为空")})
    before = snapshot(item)
    for name, value in fields.items():
        setattr(item, name, value or "")
    _derive(item, _departments(organization))
    item.full_clean(exclude=["version", "duty", "department"])
    item.save()
    changes = diff(before, snapshot(item))
    if changes:
        audit(actor=actor, action="update", obj=item, organization=organization, changes=changes)
    return item


# 发布与新草稿 ---------------------------------------------------------------


def _legal_citations(items: list[DutyItem]) -> list[LegalCitation]:
    citations = []
    wanted: dict[str, tuple[str, str]] = {}
    per_item = []
    for item in items:
        refs = _split_legal_basis(item.legal_basis) if item.legal_basis.strip() else []
        for order, ref in enumerate(refs):
            title = (getattr(ref, "title", "") or getattr(ref, "raw", "") or "").strip()
            number = (getattr(ref, "doc_number", "") or "").strip()
            if not title and not number:
                continue
            key = rules.legal_document_key(title, number)[:300]
            wanted.setdefault(key, (title[:500] or number, number[:100]))
            per_item.append((item, key, ref, order))
    documents = {d.key: d for d in LegalDocument.objects.filter(key__in=list(wanted))}
    missing = [
        LegalDocument(key=k, title=t, doc_number=n)
        for k, (t, n) in wanted.items()
        if k not in documents
    ]
    if missing:
        LegalDocument.objects.bulk_create(missing, ignore_conflicts=True)
        documents = {d.key: d for d in LegalDocument.objects.filter(key__in=list(wanted))}
    for item, key, ref, order in per_item:
        citations.append(
            LegalCitation(
                item=item,
                document=documents[key],
                org_path=item.org_path,
                order=order,
                articles=list(getattr(ref, "articles", []) or []),
                raw=getattr(ref, "raw", "") or "",
            )
        )
    return citations


def pending_repairs(version: CatalogVersion):
    """Proposed repairs still undecided that publishing waits for (not the optional ones,
    whose default already keeps the whole source)."""
    return (
        version.findings.filter(decision=Decision.PENDING)
        .exclude(repair="")
        .exclude(repair__in=rules.OPTIONAL_REPAIRS)
    )


def blocking_findings(version: CatalogVersion) -> list[ImportFinding]:
    """Errors that block publishing: a required field missing for every item, while some
    item still lacks it (the cadre may fill the items in by editing the draft)."""
    blocking = []
    for finding in version.findings.filter(code__in=rules.BLOCKING_CODES):
        if finding.field in ITEM_FIELDS and version.items.filter(**{finding.field: ""}).exists():
            blocking.append(finding)
    return blocking


@transaction.atomic
def version_publish(*, actor, version: CatalogVersion) -> CatalogVersion:
    version = CatalogVersion.objects.select_related("catalog__organization").get(pk=version.pk)
    # one publish of a catalog at a time (versioning.publish's UPDATEs guard the rest)
    Catalog.objects.select_for_update().get(pk=version.catalog_id)
    organization = version.catalog.organization
    ensure_scope(actor, "change", organization)
    _require_draft(version)
    pending = list(pending_repairs(version).values_list("item_number", flat=True))
    if pending:
        numbers = _("、").join(sorted(set(pending), key=rules.number_key))
        raise ValidationError(
            ngettext(
                "还有 %(count)d 处建议修复未处理（事项 %(numbers)s），请逐一接受或拒绝后再发布",
                "还有 %(count)d 处建议修复未处理（事项 %(numbers)s），请逐一接受或拒绝后再发布",
                len(pending),
            )
            % {"count": len(pending), "numbers": numbers}
        )
    blocking = blocking_findings(version)
    if blocking:
        labels = _("、").join(str(_(FIELD_LABELS[f.field])) for f in blocking)
        raise ValidationError(
            _(
                "所有职责事项都缺少“%(fields)s”，不能发布；请在草稿中为每个事项补充后再发布，"
                "或重新导入含有这一列的文件"
            )
            % {"fields": labels}
        )
    items = list(version.items.all())
    departments = _departments(organization)
    for item in items:
        _derive(item, departments)
    DutyItem.objects.bulk_update(
        items,
        [
            "department",
            "supervision_address",
            "supervision_phones",
            "supervision_emails",
            "search_text",
        ],
        batch_size=500,
    )
    LegalCitation.objects.filter(item__version=version).delete()
    LegalCitation.objects.bulk_create(_legal_citations(items), batch_size=500)
    # the previous published version superseded, this one published, both audited
    versioning.publish(
        actor=actor,
        version=version,
        organization=organization,
        changes={"items": [None, len(items)]},
    )
    # Each published item's process template (a draft the cadre reviews) is derived by
    # lvzhi.processes.services.catalog_version_publish, which wraps this function.
    return version


@transaction.atomic
def version_new_draft(*, actor, catalog: Catalog) -> CatalogVersion:
    """A draft copy of the published version, for editing."""
    catalog = Catalog.objects.select_for_update().select_related("organization").get(pk=catalog.pk)
    organization = catalog.organization
    ensure_scope(actor, "change", organization)
    if catalog.versions.filter(status=VersionStatus.DRAFT).exists():
        raise ValidationError(_("已有草稿版本，请先发布或继续编辑该草稿"))
    published = catalog.versions.filter(status=VersionStatus.PUBLISHED).first()
    if published is None:
        raise ValidationError(_("尚无已发布版本"))
    draft = CatalogVersion.objects.create(
        catalog=catalog,
        org_path=catalog.org_path,
        number=_next_number(catalog),
        layout=published.layout,
        source_filename=published.source_filename,
        source_sha256=published.source_sha256,
        based_on=published,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    old_duties = list(published.duties.all())
    new_duties = Duty.objects.bulk_create(
        [
            Duty(version=draft, org_path=d.org_path, number=d.number, text=d.text, order=d.order)
            for d in old_duties
        ]
    )
    duty_map = {old.pk: new for old, new in zip(old_duties, new_duties, strict=True)}
    copied = []
    for item in published.items.all():
        item.pk = None
        item.id = None
        item._state.adding = True
        item.version = draft
        item.duty = duty_map[item.duty_id]
        copied.append(item)
    DutyItem.objects.bulk_create(copied, batch_size=500)
    audit(
        actor=actor,
        action="new_draft",
        obj=draft,
        organization=organization,
        changes={"based_on": [None, str(published)], "items": [None, len(copied)]},
    )
    return draft
