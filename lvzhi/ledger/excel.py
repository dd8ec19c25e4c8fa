"""Excel in and out for the ledger: the import template, parsing an uploaded list into a
preview (every row's errors: ID checksum, unknown grid, duplicate ID in the file or in
any community's ledger …), and the export's columns (masks only).

Parsing never writes; :func:`lvzhi.ledger.services.entry_import` writes all rows or none.
Cell readers are the roster import's (``lvzhi.orgs.roster.cells``)."""

import io
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from lvzhi.core.exports import Column
from lvzhi.core.office import excel_page_setup, excel_print_table
from lvzhi.core.periods import today_local
from lvzhi.core.pii import blind_index
from lvzhi.core.scopes import scope_for
from lvzhi.core.staged_uploads import ImportPreview
from lvzhi.orgs.models import Organization
from lvzhi.orgs.roster.cells import CellError, cell_choice, cell_text, read_list_sheet

from . import rules, selectors
from .models import Category, Entry, Gender, Grid
from .services import _duplicate_message

SHEET = "妇女信息台账"
MAX_ROWS = 5000
# (field, header, required)
COLUMNS = (
    ("name", "姓名", True),
    ("gender", "性别", False),
    ("id_number", "身份证号", False),
    ("phone", "联系电话", False),
    ("birth_year", "出生年份", False),
    ("address", "住址", False),
    ("grid", "网格", False),
    ("household", "家庭情况", False),
    ("categories", "类别", False),
    ("note", "备注", False),
)
HEADERS = {header: name for name, header, _req in COLUMNS}
EXAMPLE = (
    "示例：王某某",
    "女",
    "",
    "",
    1985,
    "某小区1号楼",
    "第一网格",
    "",
    "留守妇女、困难妇女",
    "示例行导入时自动忽略",
)
SPLIT = re.compile(r"[、,，;；\s]+")


@dataclass
class Row:
    number: int
    fields: dict
    errors: dict = field(default_factory=dict)

    @property
    def labeled_errors(self) -> list[tuple[str, str]]:
        """The errors by column header (姓名, 身份证号 …) for the preview."""
        labels = {name: header for name, header, _r in COLUMNS}
        return [(labels.get(name, name), message) for name, message in self.errors.items()]


Preview = ImportPreview  # bytes, file error, rows: shared with the other one-sheet import


def parse(file, *, actor, organization: Organization, today=None) -> Preview:
    """Read an uploaded list and check every row as the service would (no write)."""
    today = today or today_local()
    preview = Preview(organization=organization)
    grids = {g.name: g for g in Grid.objects.filter(organization=organization, is_active=True)}
    categories = {c.name: c for c in Category.objects.filter(is_active=True)}
    if read_list_sheet(
        preview,
        file,
        sheet=SHEET,
        headers=HEADERS,
        required={"name": "姓名"},
        example=("name", EXAMPLE[0]),
        max_rows=MAX_ROWS,
        row=lambda number, cells, columns: _row(number, cells, columns, grids, categories, today),
    ):
        _check_duplicates(preview, actor)
    return preview


def _value(cells, columns, name):
    index = columns.get(name)
    return cells[index] if index is not None and index < len(cells) else None


def _row(number, cells, columns, grids, categories, today) -> Row:
    row = Row(number=number, fields={})
    text = {name: cell_text(_value(cells, columns, name)) for name, _h, _r in COLUMNS}
    row.fields["name"] = text["name"][:50]
    if not text["name"]:
        row.errors["name"] = _("必填")
    for name, limit in (("address", 200), ("household", 200), ("note", 300)):
        row.fields[name] = text[name][:limit]
    try:
        row.fields["id_number"] = rules.normalize_id_number(text["id_number"])
    except rules.RuleError as exc:
        row.errors["id_number"] = str(exc)
    try:
        row.fields["phone"] = rules.normalize_phone(text["phone"])
    except rules.RuleError as exc:
        row.errors["phone"] = str(exc)
    if text["gender"]:
        try:
            row.fields["gender"] = cell_choice(text["gender"], Gender)
        except CellError as exc:
            row.errors["gender"] = str(exc)
    elif row.fields.get("id_number"):
        row.fields["gender"] = rules.gender_from_id(row.fields["id_number"])
    if text["birth_year"]:
        if text["birth_year"].isdigit():
            row.fields["birth_year"] = int(text["birth_year"])
        else:
            row.errors["birth_year"] = _("请填写四位数的年份")
    if text["grid"]:
        row.fields["grid"] = grids.get(text["grid"])
        if row.fields["grid"] is None:
            row.errors["grid"] = _("本社区没有名为“%(name)s”的网格") % {"name": text["grid"]}
    names = [n for n in SPLIT.split(text["categories"]) if n]
    unknown = [n for n in names if n not in categories]
    if unknown:
        row.errors["categories"] = _("未知的类别：%(names)s") % {"names": "、".join(unknown)}
    row.fields["categories"] = [categories[n] for n in names if n in categories]
    birth_year = row.fields.get("birth_year")
    if row.fields.get("id_number") and birth_year is None:
        birth_year = rules.birth_date_from_id(row.fields["id_number"]).year
    for name, message in rules.entry_errors(
        id_number=row.fields.get("id_number", ""),
        gender=row.fields.get("gender", ""),
        birth_year=birth_year,
        today=today,
    ).items():
        row.errors.setdefault(name, message)
    return row


def _check_duplicates(preview: Preview, actor) -> None:
    """An ID number twice in the file, or already in a ledger (the holder named only to
    who may see her community), with one query for the whole file."""
    hashes = {}
    for row in preview.rows:
        number = row.fields.get("id_number")
        if number and "id_number" not in row.errors:
            digest = blind_index(number)
            if digest in hashes:
                row.errors["id_number"] = _("与第 %(row)d 行的身份证号重复") % {
                    "row": hashes[digest].number
                }
            else:
                hashes[digest] = row
    holders = Entry.objects.select_related("organization").filter(id_number_hash__in=list(hashes))
    for holder in holders:
        hashes[holder.id_number_hash].errors["id_number"] = _duplicate_message(actor, holder)


def build_template() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    with translation.override("zh-hans"):
        sheet.append([header for _n, header, _r in COLUMNS])
        sheet.append(list(EXAMPLE))
        for index, (_n, _h, required) in enumerate(COLUMNS, start=1):
            sheet.cell(row=1, column=index).font = Font(
                bold=True, color="B3261E" if required else "000000"
            )
    excel_print_table(sheet, header_row=1, widths=[12, 6, 22, 14, 10, 28, 12, 24, 24, 20])
    excel_page_setup(sheet, header_row=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _masked(field_name):
    masker = Entry._meta.get_field(field_name).mask
    return lambda entry: masker(getattr(entry, field_name)) if getattr(entry, field_name) else ""


def export_columns(user) -> tuple:
    """The export's columns: the phone masked; the ID number masked for who manages the
    community and left out for a grid worker (as on the page); full values never."""
    managed = scope_for(user, selectors.READ_ACTION)
    id_number = _masked("id_number")

    def id_masked(entry):
        return id_number(entry) if managed.covers(entry.org_path) else ""

    return (
        Column(gettext_lazy("所在社区"), "organization.name", width=24),
        Column(gettext_lazy("网格"), "grid.name", width=12),
        Column(gettext_lazy("姓名"), "name", width=12),
        Column.choice(gettext_lazy("性别"), "gender", Gender.choices, width=6),
        Column(gettext_lazy("出生年份"), "birth_year", width=10),
        Column(gettext_lazy("身份证号（脱敏）"), id_masked, width=22),
        Column(gettext_lazy("联系电话（脱敏）"), _masked("phone"), width=14),
        Column(gettext_lazy("住址"), "address", width=28),
        Column(
            gettext_lazy("类别"),
            lambda e: "、".join(r.category.name for r in e.open_categories),
            width=24,
        ),
    )
