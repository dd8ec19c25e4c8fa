"""Writes of social organizations. Each function takes ``actor`` first, checks her scope
on the federation concerned, applies the rules, writes and records an AuditEvent in one
transaction; a refusal is a ``ValidationError`` with Chinese messages by field and
changes nothing (a stored document is removed when the transaction rolls back).

Phones are encrypted by their field and appear in audit diffs only as masks."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lvzhi.core import files
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import ensure_scope
from lvzhi.core.services import audit, audit_created, delete_audited, diff, snapshot
from lvzhi.orgs import rules as org_rules
from lvzhi.orgs.models import SMALL_UNIT_KINDS, Organization, System

from . import rules
from .models import (
    Adviser,
    EntryKind,
    KeyMember,
    LedgerEntry,
    SocialOrganization,
    YearlyDuty,
)

PROFILE_FIELDS = (
    "name",
    "kind",
    "registered",
    "credit_code",
    "service_field",
    "size",
    "notable_influence",
    "active",
    "center_grade",
    "status",
    "has_party_organization",
    "contact_name",
    "contact_phone",
    "address",
    "activities",
)
FILING_FIELDS = ("filed_tier", "tier_reason", "filed_on")
ADVISER_FIELDS = ("name", "kind", "expertise", "affiliation", "term_start", "term_end")
DOCUMENT_KINDS = ("pdf", "docx", "doc", "xlsx", "xls", "jpg", "png")


def federation_error(federation: Organization) -> str | None:
    """Organizations are filed with a women's federation (not a union, a women's group or
    a 微家)."""
    if federation.system != System.WOMEN or federation.kind in SMALL_UNIT_KINDS:
        return _("社会组织应在妇联备案（不能是工会、妇女小组或微家）")
    return None


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _save(row) -> None:
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise ValidationError(_("与已有记录重复，请检查名称或统一社会信用代码")) from None


def _clean_profile(fields: dict, errors: dict, *, partial: bool, row=None) -> dict:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({name: _("不能修改该字段") for name in sorted(unknown)})
    for name in ("name", "contact_name", "address", "activities"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    if "name" in fields and not fields["name"]:
        errors["name"] = _("请填写名称")
    if "contact_phone" in fields:
        try:
            fields["contact_phone"] = org_rules.normalize_phone(fields["contact_phone"])
        except org_rules.RuleError as exc:
            errors["contact_phone"] = str(exc)
    if "credit_code" in fields:
        try:
            fields["credit_code"] = rules.normalize_uscc(fields["credit_code"])
        except rules.RuleError as exc:
            errors["credit_code"] = str(exc)
    registered = fields.get("registered", getattr(row, "registered", False))
    code = fields.get("credit_code", getattr(row, "credit_code", ""))
    if registered and not code and "credit_code" not in errors:
        errors["credit_code"] = _("已在民政部门登记的组织请填写统一社会信用代码")
    if not registered and code:
        errors["registered"] = _("填写了统一社会信用代码，请勾选“已在民政部门登记”")
    size = fields.get("size", getattr(row, "size", None))
    if not partial and size is None:
        errors["size"] = _("请填写成员或从业人员数")
    return fields


def _proposal(fields: dict, errors: dict, row=None) -> rules.Proposal | None:
    def value(name, default=False):
        return fields.get(name, getattr(row, name, default))

    influence = rules.Influence(
        notable=bool(value("notable_influence")),
        active=bool(value("active")),
        center_grade=bool(value("center_grade")),
    )
    try:
        return rules.propose_tier(value("size", None), influence)
    except rules.RuleError as exc:
        errors.setdefault("size", str(exc))
        return None


def _check_duplicates(row, errors: dict) -> None:
    same = SocialOrganization.objects.exclude(pk=row.pk)
    if same.filter(federation=row.federation_id, name=row.name).exists():
        errors["name"] = _("本妇联已备案同名的社会组织")
    if row.credit_code and same.filter(credit_code=row.credit_code).exists():
        errors["credit_code"] = _("该统一社会信用代码已备案")


def _set_proposal(row, proposal: rules.Proposal) -> None:
    row.proposed_tier = proposal.tier
    row.at_boundary = proposal.at_boundary
    row.proposal_detail = proposal.verdict.detail[:300]


@transaction.atomic
def organization_file(
    *,
    actor,
    federation: Organization,
    filed_tier: str | None = None,
    tier_reason: str = "",
    filed_on: dt.date | None = None,
    **fields,
) -> SocialOrganization:
    """信息备案 (R-SO-01): file an organization with ``federation``. The tier is proposed
    from its size and influence; ``filed_tier`` (default: the proposal) must match the
    federation's level, and needs ``tier_reason`` when it departs from the proposal or
    the size sits at a boundary."""
    ensure_scope(actor, "create", federation)
    errors = {}
    problem = federation_error(federation)
    if problem:
        raise ValidationError({"federation": problem})
    fields = _clean_profile(dict(fields), errors, partial=False)
    proposal = _proposal(fields, errors)
    tier_reason = (tier_reason or "").strip()
    today = today_local()
    filed_on = filed_on or today
    if filed_on > today:
        errors["filed_on"] = _("备案日期不能晚于今天")
    if proposal is not None:
        tier = filed_tier or proposal.tier
        errors.update(rules.filing_errors(proposal=proposal, tier=tier, reason=tier_reason))
        if "filed_tier" not in errors:
            level_problem = rules.tier_level_error(tier, federation.level)
            if level_problem:
                errors["filed_tier" if filed_tier else "federation"] = level_problem
    if errors:
        raise ValidationError(errors)
    row = SocialOrganization(
        federation=federation,
        org_path=federation.path,
        filed_tier=tier,
        tier_reason=tier_reason,
        filed_on=filed_on,
        **fields,
    )
    _set_proposal(row, proposal)
    try:
        row.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    _check_duplicates(row, errors)
    if errors:
        raise ValidationError(errors)
    _save(row)
    audit_created(actor=actor, obj=row, organization=federation)
    return row


@transaction.atomic
def organization_update(*, actor, organization: SocialOrganization, **fields) -> SocialOrganization:
    """The yearly update (年度更新) or any correction of the profile; the proposal is
    computed again, so a grown or shrunk organization shows its re-tiering (R-SO-01)."""
    ensure_scope(actor, "change", organization.federation)
    if {"federation", *FILING_FIELDS} & set(fields):
        raise ValidationError({"filed_tier": _("备案层级与备案妇联请通过“调整备案”修改")})
    row = SocialOrganization.objects.select_for_update().get(pk=organization.pk)
    before = snapshot(row)
    errors = {}
    fields = _clean_profile(dict(fields), errors, partial=True, row=row)
    proposal = _proposal(fields, errors, row)
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        setattr(row, name, value)
    _set_proposal(row, proposal)
    try:
        row.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    _check_duplicates(row, errors)
    if errors:
        raise ValidationError(errors)
    _save(row)
    changes = diff(before, snapshot(row))
    if changes:
        audit(actor=actor, action="update", obj=row, changes=changes, organization=row.federation)
    return row


@transaction.atomic
def organization_refile(
    *,
    actor,
    organization: SocialOrganization,
    federation: Organization,
    filed_tier: str,
    tier_reason: str,
    filed_on: dt.date | None = None,
) -> SocialOrganization:
    """调整备案: pass the filing up or down (R-SO-01), to ``federation`` at ``filed_tier``.
    The actor must be able to change the present filing and to create at the new one
    (a district cadre moves a street's filing to the district)."""
    ensure_scope(actor, "change", organization.federation)
    ensure_scope(actor, "create", federation)
    row = SocialOrganization.objects.select_for_update().get(pk=organization.pk)
    before = snapshot(row)
    errors = {}
    problem = federation_error(federation)
    if problem:
        errors["federation"] = problem
    proposal = _proposal({}, errors, row)
    tier_reason = (tier_reason or "").strip()
    if proposal is not None:
        errors.update(rules.filing_errors(proposal=proposal, tier=filed_tier, reason=tier_reason))
        if "filed_tier" not in errors and "federation" not in errors:
            level_problem = rules.tier_level_error(filed_tier, federation.level)
            if level_problem:
                errors["federation"] = level_problem
    if filed_tier == row.filed_tier and federation.pk == row.federation_id:
        errors["filed_tier"] = _("备案层级与备案妇联均未改变")
    if not tier_reason:
        errors.setdefault("tier_reason", _("请说明调整备案的理由"))
    today = today_local()
    if filed_on is not None and filed_on > today:
        errors["filed_on"] = _("备案日期不能晚于今天")
    if errors:
        raise ValidationError(errors)
    row.federation = federation
    row.org_path = federation.path
    row.filed_tier = filed_tier
    row.tier_reason = tier_reason
    row.filed_on = filed_on or today
    _check_duplicates(row, errors)
    if errors:
        raise ValidationError(errors)
    _save(row)
    # the rows of the organization follow its filing
    KeyMember.objects.filter(organization=row).update(org_path=row.org_path)
    LedgerEntry.objects.filter(organization=row).update(org_path=row.org_path)
    audit(
        actor=actor,
        action="refile",
        obj=row,
        changes=diff(before, snapshot(row)),
        organization=federation,
    )
    return row


# 骨干成员 ----------------------------------------------------------------------------


def _organization_rows(actor, organization: SocialOrganization) -> None:
    ensure_scope(actor, "change", organization.federation)


def _created(actor, row, federation):
    _save(row)
    audit_created(actor=actor, obj=row, organization=federation)
    return row


@transaction.atomic
def key_member_add(
    *, actor, organization: SocialOrganization, name: str, role: str, phone: str = ""
) -> KeyMember:
    _organization_rows(actor, organization)
    errors = {}
    name, role = (name or "").strip(), (role or "").strip()
    if not name:
        errors["name"] = _("请填写姓名")
    if not role:
        errors["role"] = _("请填写职务")
    try:
        phone = org_rules.normalize_phone(phone)
    except org_rules.RuleError as exc:
        errors["phone"] = str(exc)
    if len(name) > 50 or len(role) > 50:
        errors.setdefault("name", _("姓名、职务均不超过50字"))
    if errors:
        raise ValidationError(errors)
    row = KeyMember(
        organization=organization, org_path=organization.org_path, name=name, role=role, phone=phone
    )
    return _created(actor, row, organization.federation)


@transaction.atomic
def key_member_remove(*, actor, member: KeyMember) -> None:
    organization = member.organization
    _organization_rows(actor, organization)
    delete_audited(actor=actor, obj=member, organization=organization.federation)


# 台账 --------------------------------------------------------------------------------


@transaction.atomic
def ledger_entry_add(
    *,
    actor,
    organization: SocialOrganization,
    kind: str,
    date: dt.date,
    title: str,
    content: str = "",
) -> LedgerEntry:
    """第十二条: a disclosure, major-event report, public complaint or project result."""
    _organization_rows(actor, organization)
    errors = {}
    if kind not in EntryKind.values:
        errors["kind"] = _("台账类别无效")
    if date > today_local():
        errors["date"] = _("日期不能晚于今天")
    elif date < dt.date(2000, 1, 1):
        errors["date"] = _("日期无效")
    title = (title or "").strip()
    if not title:
        errors["title"] = _("请填写事项")
    elif len(title) > 200:
        errors["title"] = _("事项不超过200字")
    if len(content or "") > 4000:
        errors["content"] = _("内容不超过4000字")
    if errors:
        raise ValidationError(errors)
    row = LedgerEntry(
        organization=organization,
        org_path=organization.org_path,
        kind=kind,
        date=date,
        title=title,
        content=(content or "").strip(),
        recorded_by=_user(actor),
    )
    return _created(actor, row, organization.federation)


# 顾问 --------------------------------------------------------------------------------


def _clean_adviser(fields: dict, errors: dict, row=None) -> dict:
    unknown = set(fields) - set(ADVISER_FIELDS)
    if unknown:
        raise ValidationError({name: _("不能修改该字段") for name in sorted(unknown)})
    for name in ("name", "expertise", "affiliation"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    start = fields.get("term_start", getattr(row, "term_start", None))
    end = fields.get("term_end", getattr(row, "term_end", None))
    if start is not None:
        errors.update(rules.term_errors(start=start, end=end))
    return fields


@transaction.atomic
def adviser_create(*, actor, federation: Organization, **fields) -> Adviser:
    """第十一条: an expert adviser or a public-benefit adviser of ``federation``."""
    ensure_scope(actor, "create", federation)
    errors = {}
    problem = federation_error(federation)
    if problem:
        raise ValidationError({"federation": problem})
    fields = _clean_adviser(dict(fields), errors)
    if errors:
        raise ValidationError(errors)
    row = Adviser(federation=federation, org_path=federation.path, **fields)
    try:
        row.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    return _created(actor, row, federation)


@transaction.atomic
def adviser_update(*, actor, adviser: Adviser, **fields) -> Adviser:
    ensure_scope(actor, "change", adviser.federation)
    if "federation" in fields:
        raise ValidationError({"federation": _("创建后不能更改聘请妇联")})
    row = Adviser.objects.select_for_update().get(pk=adviser.pk)
    before = snapshot(row)
    errors = {}
    fields = _clean_adviser(dict(fields), errors, row)
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        setattr(row, name, value)
    try:
        row.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    _save(row)
    changes = diff(before, snapshot(row))
    if changes:
        audit(actor=actor, action="update", obj=row, changes=changes, organization=row.federation)
    return row


# 年度工作 ----------------------------------------------------------------------------


def _document_content(upload):
    """The document checked by its content (its kind must be the one its name says) and
    named by that kind; an image is encoded again."""
    max_bytes = settings.PROCESS_ATTACHMENT_MAX_MB * 1024 * 1024
    if upload.size == 0:
        raise ValidationError({"document": _("上传的文件是空的")})
    if upload.size > max_bytes:
        raise ValidationError(
            {"document": _("文件不能超过 %(mb)d MB") % {"mb": settings.PROCESS_ATTACHMENT_MAX_MB}}
        )
    expected = files.extension_kind(upload.name or "")
    if expected not in DOCUMENT_KINDS:
        raise ValidationError({"document": _("只能上传 PDF、Word、Excel 文件或照片")})
    kind = files.detect(upload)
    upload.seek(0)
    if kind != expected:
        raise ValidationError({"document": _("文件内容与扩展名不符")})
    if kind in files.IMAGE_KINDS:
        return files.intake_image(upload, max_bytes=max_bytes).file
    return files.named(upload, kind)


@transaction.atomic
def duty_record(
    *,
    actor,
    federation: Organization,
    kind: str,
    date: dt.date,
    title: str,
    participants: int = 0,
    participant_note: str = "",
    instructor: str = "",
    document=None,
) -> YearlyDuty:
    """R-SO-03: a yearly duty the federation held (第十三条–第十七条), with its document."""
    ensure_scope(actor, "create", federation)
    problem = federation_error(federation)
    if problem:
        raise ValidationError({"federation": problem})
    errors = rules.duty_errors(kind=kind, date=date, today=today_local(), instructor=instructor)
    title = (title or "").strip()
    if not title:
        errors["title"] = _("请填写名称")
    elif len(title) > 200:
        errors["title"] = _("名称不超过200字")
    if participants is None or participants < 0 or participants > 1_000_000:
        errors["participants"] = _("参加人数应为 0 至 1000000 之间的整数")
    if len(participant_note or "") > 300 or len(instructor or "") > 50:
        errors["participant_note"] = _("参加对象不超过300字，指导员姓名不超过50字")
    content = None
    if document is not None and not errors:
        content = _document_content(document)
    if errors:
        raise ValidationError(errors)
    row = YearlyDuty(
        federation=federation,
        org_path=federation.path,
        kind=kind,
        year=date.year,
        date=date,
        title=title,
        participants=participants,
        participant_note=(participant_note or "").strip(),
        instructor=(instructor or "").strip(),
        document_name=(getattr(document, "name", "") or "")[:255],
        recorded_by=_user(actor),
    )
    stored = False
    try:
        if content is not None:
            row.document.save(content.name, content, save=False)
            stored = True
        _created(actor, row, federation)
    except BaseException:
        if stored:
            row.document.delete(save=False)
        raise
    return row


# 民政部门同步 ------------------------------------------------------------------------

REGISTERED_WORDS = {"正常", "存续", "登记", "成立", "在册"}
DEREGISTERED_WORDS = {"注销", "撤销", "吊销"}
SYNC_MAX_ROWS = 5000


def _sync_rows(file) -> list[tuple[int, str, str, str]]:
    """(Excel row, code, name, status) of the first sheet, by its headers 统一社会信用代码,
    名称 and 登记状态; a CellError names what cannot be read."""
    import io

    from openpyxl import load_workbook

    from lvzhi.orgs.roster.cells import CellError, normal_header, read_bytes

    content = read_bytes(file)
    if not content.startswith(b"PK"):
        raise CellError(_("请上传 .xlsx 格式的 Excel 文件"))
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # a damaged or foreign zip
        raise CellError(_("无法读取该 Excel 文件，请另存为 .xlsx 后再上传")) from None
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [normal_header(value) for value in next(rows, ()) or ()]
        if "统一社会信用代码" not in header:
            raise CellError(_("第1行应有“统一社会信用代码”列（另可有“名称”“登记状态”列）"))
        index = {name: header.index(name) for name in header if name}
        out = []
        for number, values in enumerate(rows, start=2):
            if number - 1 > SYNC_MAX_ROWS:
                raise CellError(_("一次最多同步 %(n)d 行") % {"n": SYNC_MAX_ROWS})

            def cell(name, values=values):
                position = index.get(name)
                if position is None or position >= len(values) or values[position] is None:
                    return ""
                return str(values[position]).strip()

            code, name, state = cell("统一社会信用代码"), cell("名称"), cell("登记状态")
            if code or name or state:
                out.append((number, code, name, state))
        return out
    finally:
        book.close()


@transaction.atomic
def civil_affairs_sync(*, actor, federation: Organization, file) -> dict:
    """R-SO-02 (第十条): the civil-affairs register as an Excel sheet. Each row's unified
    social credit code finds the organization filed in ``federation``'s subtree (or, for
    one filed without a code, its exact name): it is marked registered with that code, and
    deregistered when the register says 注销/撤销/吊销. Rows that match nothing are
    reported. Any unreadable row refuses the whole file, naming each row; nothing is
    written then."""
    from lvzhi.orgs.roster.cells import CellError

    from .selectors import subtree_q

    ensure_scope(actor, "change", federation)
    try:
        rows = _sync_rows(file)
    except CellError as exc:
        raise ValidationError({"file": str(exc)}) from None
    errors, clean = [], []
    for number, code, name, state in rows:
        try:
            code = rules.normalize_uscc(code)
        except rules.RuleError as exc:
            errors.append(_("第%(row)d行：%(error)s") % {"row": number, "error": exc})
            continue
        if not code:
            errors.append(_("第%(row)d行：缺少统一社会信用代码") % {"row": number})
            continue
        if state and state not in REGISTERED_WORDS | DEREGISTERED_WORDS:
            errors.append(
                _("第%(row)d行：登记状态“%(state)s”无法识别（应为正常、存续、注销、撤销或吊销）")
                % {"row": number, "state": state}
            )
            continue
        clean.append((number, code, name, state))
    if errors:
        raise ValidationError({"file": errors})
    scope = SocialOrganization.objects.restrict(actor, "change").filter(subtree_q(federation.path))
    by_code = {o.credit_code: o for o in scope.filter(credit_code__in=[c for _, c, _, _ in clean])}
    by_name = {
        o.name: o for o in scope.filter(credit_code="", name__in=[n for _, _, n, _ in clean if n])
    }
    summary = {"rows": len(clean), "updated": 0, "deregistered": 0, "unmatched": []}
    for number, code, name, state in clean:
        row = by_code.get(code) or by_name.get(name)
        if row is None:
            summary["unmatched"].append({"row": number, "credit_code": code, "name": name})
            continue
        fields = {}
        if not row.registered or row.credit_code != code:
            fields.update(registered=True, credit_code=code)
        if state in DEREGISTERED_WORDS and row.status != "deregistered":
            fields["status"] = "deregistered"
            summary["deregistered"] += 1
        if fields:
            organization_update(actor=actor, organization=row, **fields)
            summary["updated"] += 1
    return summary
