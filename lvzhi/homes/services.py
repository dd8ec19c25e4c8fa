"""Writes of the 妇女之家. Each function takes ``actor`` first, checks her scope on the
home's federation, applies the rules, writes and records an AuditEvent in one
transaction; a refusal is a ``ValidationError`` with Chinese messages by field and
changes nothing (photos stored before a rollback are removed).

One module of ~450 lines, not split: every write shares the scope check on the home's
federation and the audit helper at the top, and each section (home, rota, exceptions,
boards, items and loans, designation) is a few short functions; split by section, each
part would import those and the views would import five modules."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lvzhi.core import files
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import ensure_scope, scope_for
from lvzhi.core.services import audit, audit_created, delete_audited, diff, snapshot
from lvzhi.orgs.models import SMALL_UNIT_KINDS, Organization, Person, System

from . import rules
from .models import (
    Board,
    BoardPhoto,
    BoardUpdate,
    Home,
    Item,
    Loan,
    OpeningException,
    RotaEntry,
)

HOME_FIELDS = (
    "name",
    "location",
    "address",
    "indoor_area",
    "outdoor_area",
    "shared_use",
    "shared_with",
    "administrator",
    "contact_phone",
    "status",
    "note",
)
ITEM_FIELDS = ("kind", "name", "inventory_number", "lendable", "is_active")
MAX_PHOTOS = 9
DISPLAY_EDGE = 1280


def home_organization_error(organization: Organization) -> str | None:
    """A home is run by a women's federation (not a union, a women's group or a 微家)."""
    if organization.system != System.WOMEN or organization.kind in SMALL_UNIT_KINDS:
        return _("妇女之家应由妇联组织建立（不能是工会、妇女小组或微家）")
    return None


def _check_person(actor, person: Person | None, field: str) -> dict:
    if person is not None and not scope_for(actor, "view").covers(person.org_path):
        return {field: _("人员不存在或不在您的管理范围内")}
    return {}


def _clean_home(actor, fields: dict) -> dict:
    unknown = set(fields) - set(HOME_FIELDS)
    if unknown:
        raise ValidationError({name: _("不能修改该字段") for name in sorted(unknown)})
    errors = _check_person(actor, fields.get("administrator"), "administrator")
    if fields.get("shared_use") is False:
        fields["shared_with"] = ""
    if errors:
        raise ValidationError(errors)
    return fields


def _save(row, *, exclude_unique=True) -> None:
    row.full_clean(validate_unique=not exclude_unique)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise ValidationError(_("与已有记录重复，请检查名称、编号或日期")) from None


@transaction.atomic
def home_create(*, actor, organization: Organization, **fields) -> Home:
    """Register a 妇女之家 of ``organization``."""
    ensure_scope(actor, "create", organization)
    problem = home_organization_error(organization)
    if problem:
        raise ValidationError({"organization": problem})
    fields = _clean_home(actor, dict(fields))
    home = Home(organization=organization, org_path=organization.path, **fields)
    home.full_clean(validate_unique=False, validate_constraints=False)
    if Home.objects.filter(organization=organization, name=home.name).exists():
        raise ValidationError({"name": _("本组织已有同名的妇女之家")})
    _save(home)
    audit(actor=actor, action="create", obj=home, changes=diff({}, snapshot(home)))
    return home


@transaction.atomic
def home_update(*, actor, home: Home, **fields) -> Home:
    ensure_scope(actor, "change", home.organization)
    if "organization" in fields:
        raise ValidationError({"organization": _("创建后不能更改所属妇联")})
    row = Home.objects.select_for_update().select_related("organization").get(pk=home.pk)
    before = snapshot(row)
    fields = _clean_home(actor, dict(fields))
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean(validate_unique=False, validate_constraints=False)
    if (
        "name" in fields
        and Home.objects.filter(organization=row.organization_id, name=row.name)
        .exclude(pk=row.pk)
        .exists()
    ):
        raise ValidationError({"name": _("本组织已有同名的妇女之家")})
    _save(row)
    changes = diff(before, snapshot(row))
    if changes:
        audit(actor=actor, action="update", obj=row, changes=changes)
    return row


def _home_rows(actor, home: Home) -> None:
    ensure_scope(actor, "change", home.organization)


# 开放时间调整 -------------------------------------------------------------------------


def _created(actor, row, home: Home):
    """Save a new row of the home and audit its creation (every field, in the home's
    federation)."""
    _save(row)
    audit_created(actor=actor, obj=row, organization=home.organization)
    return row


def _deleted(actor, row, home: Home) -> None:
    """Audit a row's deletion (every field it had), then delete it."""
    delete_audited(actor=actor, obj=row, organization=home.organization)


@transaction.atomic
def exception_create(
    *, actor, home: Home, date: dt.date, reason: str, is_open: bool = False
) -> OpeningException:
    """R-HM-03: the federation closes the home on ``date`` (or opens it on a holiday)."""
    _home_rows(actor, home)
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("请填写原因")
    if date < today_local() - dt.timedelta(days=366):
        errors["date"] = _("日期不能早于一年前")
    if OpeningException.objects.filter(home=home, date=date).exists():
        errors["date"] = _("该日期已有调整，请先删除原调整")
    if errors:
        raise ValidationError(errors)
    row = OpeningException(
        home=home, org_path=home.org_path, date=date, is_open=is_open, reason=reason.strip()
    )
    return _created(actor, row, home)


@transaction.atomic
def exception_delete(*, actor, exception: OpeningException) -> None:
    _home_rows(actor, exception.home)
    _deleted(actor, exception, exception.home)


# 宣传栏 ------------------------------------------------------------------------------


def _check_photos(photos) -> list[tuple]:
    photos = list(photos or ())
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("每次最多上传%(n)d张照片") % {"n": MAX_PHOTOS}})
    errors, clean = [], []
    for upload in photos:
        try:
            image = files.intake_image(upload)
        except ValidationError as exc:
            errors.append(f"{getattr(upload, 'name', '')}：{exc.messages[0]}")
            continue
        display = files.thumbnail(image, DISPLAY_EDGE)
        clean.append((image.file, display, image.file.size))
        image.picture = None
    if errors:
        raise ValidationError({"photos": errors})
    return clean


@transaction.atomic
def board_update_record(
    *, actor, home: Home, board: str, date: dt.date, title: str, photos=()
) -> BoardUpdate:
    """R-HM-04: an update of 妇工园地 or 活动剪影, with its photos (re-encoded, stored
    under generated names, served only through the home's scope-checking view)."""
    _home_rows(actor, home)
    errors = rules.board_update_errors(date=date, today=today_local())
    if board not in Board.values:
        errors["board"] = _("宣传栏无效")
    if not (title or "").strip():
        errors["title"] = _("请填写更新内容")
    if errors:
        raise ValidationError(errors)
    clean = _check_photos(photos)
    update = BoardUpdate(
        home=home,
        org_path=home.org_path,
        board=board,
        date=date,
        title=title.strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _save(update)
    stored = []
    try:
        for image, display, size in clean:
            photo = BoardPhoto(update=update, org_path=home.org_path, size=size)
            photo.image.save(image.name, image, save=False)
            photo.display.save(display.name, display, save=False)
            photo.save()
            stored.append(photo)
        audit(
            actor=actor,
            action="create",
            obj=update,
            changes={**diff({}, snapshot(update)), "photos": [0, len(stored)]},
            organization=home.organization,
        )
    except Exception:
        for photo in stored:
            photo.image.delete(save=False)
            photo.display.delete(save=False)
        raise
    return update


# 设施设备与报刊书籍 ---------------------------------------------------------------------


def _clean_item(fields: dict) -> dict:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValidationError({name: _("不能修改该字段") for name in sorted(unknown)})
    if "inventory_number" in fields:
        fields["inventory_number"] = (fields["inventory_number"] or "").strip()
    return fields


@transaction.atomic
def item_create(*, actor, home: Home, **fields) -> Item:
    _home_rows(actor, home)
    fields = _clean_item(dict(fields))
    item = Item(home=home, org_path=home.org_path, **fields)
    item.full_clean(validate_unique=False, validate_constraints=False)
    if Item.objects.filter(home=home, inventory_number=item.inventory_number).exists():
        raise ValidationError({"inventory_number": _("该登记编号已使用")})
    return _created(actor, item, home)


@transaction.atomic
def item_update(*, actor, item: Item, **fields) -> Item:
    _home_rows(actor, item.home)
    row = Item.objects.select_for_update().get(pk=item.pk)
    before = snapshot(row)
    fields = _clean_item(dict(fields))
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean(validate_unique=False, validate_constraints=False)
    if (
        Item.objects.filter(home=row.home_id, inventory_number=row.inventory_number)
        .exclude(pk=row.pk)
        .exists()
    ):
        raise ValidationError({"inventory_number": _("该登记编号已使用")})
    _save(row)
    changes = diff(before, snapshot(row))
    if changes:
        audit(
            actor=actor,
            action="update",
            obj=row,
            changes=changes,
            organization=item.home.organization,
        )
    return row


# 借阅登记 ----------------------------------------------------------------------------


@transaction.atomic
def loan_create(
    *,
    actor,
    home: Home,
    item: Item,
    borrower_name: str = "",
    lent_on: dt.date,
    due_date: dt.date,
    note: str = "",
    borrower_entry: int | None = None,
) -> Loan:
    """R-HM-05: lend ``item`` to a named borrower until ``due_date``: a woman picked from
    the ledger (``borrower_entry``, found through hook ``home_borrowers`` among those the
    actor may read under the home's federation; her name is taken from it) or an outsider
    typed in by name. The item's row is locked, so two loans of one copy cannot both be
    written."""
    _home_rows(actor, home)
    if borrower_entry is not None:
        from .selectors_loans import borrowers

        found = [
            row
            for row in borrowers(actor, home, ids=[borrower_entry])
            if row["id"] == borrower_entry
        ]
        if not found:
            raise ValidationError(
                {"borrower_entry": _("妇女信息台账中没有该人员，或不在您的管理范围内")}
            )
        borrower_name = found[0]["name"]
    item = Item.objects.select_for_update().filter(pk=item.pk, home=home).first()
    errors = {}
    if item is None:
        raise ValidationError({"item": _("物品不属于该妇女之家")})
    if not item.lendable or not item.is_active:
        errors["item"] = _("该物品不可外借")
    if not (borrower_name or "").strip():
        errors["borrower_name"] = _("请填写借阅人")
    errors.update(
        rules.loan_errors(
            lent_on=lent_on,
            due_date=due_date,
            today=today_local(),
            item_out=Loan.objects.filter(item=item, returned_on__isnull=True).exists(),
        )
    )
    if errors:
        raise ValidationError(errors)
    loan = Loan(
        home=home,
        org_path=home.org_path,
        item=item,
        borrower_name=borrower_name.strip(),
        borrower_entry_id=borrower_entry,
        lent_on=lent_on,
        due_date=due_date,
        note=note or "",
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return _created(actor, loan, home)


@transaction.atomic
def loan_return(*, actor, loan: Loan, returned_on: dt.date) -> Loan:
    _home_rows(actor, loan.home)
    row = Loan.objects.select_for_update().get(pk=loan.pk)
    errors = rules.return_errors(
        lent_on=row.lent_on,
        returned_on=returned_on,
        today=today_local(),
        returned=row.returned_on is not None,
    )
    if errors:
        raise ValidationError(errors)
    before = snapshot(row)
    row.returned_on = returned_on
    row.save(update_fields=["returned_on", "updated_at"])
    audit(
        actor=actor,
        action="return",
        obj=row,
        changes=diff(before, snapshot(row)),
        organization=loan.home.organization,
    )
    return row


# 值班 --------------------------------------------------------------------------------


@transaction.atomic
def rota_add(
    *, actor, home: Home, weekday: int, session: str, role: str, name: str = "", person=None
) -> RotaEntry:
    _home_rows(actor, home)
    errors = _check_person(actor, person, "person")
    name = (name or "").strip() or (person.name if person is not None else "")
    if not name:
        errors["name"] = _("请填写值班人员")
    if errors:
        raise ValidationError(errors)
    row = RotaEntry(
        home=home,
        org_path=home.org_path,
        weekday=weekday,
        session=session,
        role=role,
        person=person,
        name=name,
    )
    return _created(actor, row, home)


@transaction.atomic
def rota_remove(*, actor, entry: RotaEntry) -> None:
    _home_rows(actor, entry.home)
    _deleted(actor, entry, entry.home)


# 规范化命名 --------------------------------------------------------------------------


@transaction.atomic
def home_designate(
    *, actor, home: Home, designator: Organization, on: dt.date, withdraw: bool = False
) -> Home:
    """R-HM-01/02: the district federation (``designator``, a county-level ancestor of
    the home's federation) names the home a 规范化妇女之家, or withdraws the name after a
    failed re-check. The assessment workflow on the process engine will call this."""
    from lvzhi.orgs.models import Level

    from .models import Designation

    ensure_scope(actor, "change", designator)
    if designator.level != Level.COUNTY or not home.org_path.startswith(designator.path):
        raise ValidationError({"designator": _("规范化妇女之家由所在区县妇联命名")})
    row = Home.objects.select_for_update().get(pk=home.pk)
    before = snapshot(row)
    if withdraw:
        if row.designation != Designation.DESIGNATED:
            raise ValidationError({"designation": _("该妇女之家尚未命名，不能撤销")})
        row.designation = Designation.WITHDRAWN
    else:
        if row.designation == Designation.DESIGNATED:
            raise ValidationError({"designation": _("该妇女之家已命名为规范化妇女之家")})
        row.designation = Designation.DESIGNATED
    row.designated_on = on
    row.save(update_fields=["designation", "designated_on", "updated_at"])
    audit(
        actor=actor,
        action="withdraw" if withdraw else "designate",
        obj=row,
        changes=diff(before, snapshot(row)),
        organization=row.organization,
    )
    return row


# 妇女工作情况介绍 (R-HM-08) -------------------------------------------------------------


@transaction.atomic
def board_figures_update(*, actor, home: Home, values: dict) -> Home:
    """The figures of the board that the platform has no source for yet, as the
    federation counted them (None clears one); a figure with a source is refused."""
    from . import selectors

    _home_rows(actor, home)
    row = Home.objects.select_for_update().select_related("organization").get(pk=home.pk)
    editable = {f.code for f in selectors.board_figures(row) if f.editable}
    errors = rules.board_figure_errors(values, editable)
    if errors:
        raise ValidationError(errors)
    before = dict(row.board_figures or {})
    figures = {**before, **{k: v for k, v in values.items() if v is not None}}
    for code in [k for k, v in values.items() if v is None]:
        figures.pop(code, None)
    row.board_figures = figures
    row.save(update_fields=["board_figures", "updated_at"])
    audit(
        actor=actor,
        action="board_figures",
        obj=row,
        changes={"board_figures": [before, figures]},
        organization=row.organization,
    )
    return row
