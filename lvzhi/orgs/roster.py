"""Import organizations, people and positions from an Excel roster (名册).

``parse_roster`` reads the workbook and validates every cell against the rules and the
database (read-only); it returns a :class:`RosterPreview` with the rows to create and every
error with its sheet, Excel row and column. ``roster_apply`` re-validates inside one
transaction and writes through the services of :mod:`lvzhi.orgs.services`, so every row is
audited; if anything fails, nothing is written. ``build_template`` makes the workbook users
fill in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from lvzhi.core.office import excel_page_setup
from lvzhi.core.pii import blind_index, mask_birth_date, mask_id_number, mask_phone
from lvzhi.core.scopes import OutOfScope, forget_scopes, scope_for

from . import rules, services
from .models import (
    Education,
    Gender,
    Kind,
    Level,
    Organization,
    Person,
    PoliticalStatus,
    Position,
    Tenure,
    Term,
    Title,
)

ORGS, PEOPLE, POSITIONS = "组织", "人员", "职务"
SHEETS = (ORGS, PEOPLE, POSITIONS)
MAX_ROWS = 20000  # data rows per sheet
TEMPLATE_ROWS = 1000  # rows covered by the template's drop-down lists
UNREADABLE = gettext_noop(
    "无法读取该文件：请上传用 Excel 保存的 .xlsx 文件（可先下载导入模板填写）"
)  # shown as _(UNREADABLE)
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d")
YES, NO = "是", "否"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool = False
    kind: str = "text"  # text, choice, date, bool, int, phone, id_number
    choices: type | None = None
    max_length: int | None = None
    width: int = 14
    hint: str = ""


COLUMNS = {
    ORGS: (
        Column("组织代码", "code", True, max_length=40, hint="全平台唯一，例如 BH-XH-02"),
        Column("组织名称", "name", True, max_length=200, width=28),
        Column(
            "上级组织代码",
            "parent_code",
            max_length=40,
            hint="系统中已有的组织，或本表中写在上方的组织",
        ),
        Column("类型", "kind", True, "choice", Kind, width=22),
        Column("层级", "level", False, "choice", Level, hint="留空则按上级组织推定"),
        Column("地址", "address", max_length=200, width=28),
        Column("电话", "phone", kind="phone", hint="手机号或带区号的固定电话"),
    ),
    PEOPLE: (
        Column("姓名", "name", True, max_length=50),
        Column("性别", "gender", False, "choice", Gender, width=8, hint="留空则按身份证号推定"),
        Column("出生日期", "birth_date", kind="date", hint="如 1985-03-12，留空则按身份证号推定"),
        Column("民族", "ethnicity", max_length=20, width=10),
        Column("政治面貌", "political_status", False, "choice", PoliticalStatus),
        Column("学历", "education", False, "choice", Education),
        Column("工作单位及职务", "workplace", max_length=200, width=28),
        Column("手机号码", "phone", kind="phone"),
        Column("身份证号", "id_number", True, "id_number", width=22),
        Column(
            "所属组织代码",
            "org_code",
            True,
            max_length=40,
            hint="系统中已有的组织，或“组织”表中新建的组织",
        ),
    ),
    POSITIONS: (
        Column(
            "身份证号",
            "id_number",
            True,
            "id_number",
            width=22,
            hint="“人员”表中的人员，或系统中已登记的人员",
        ),
        Column("组织代码", "org_code", True, max_length=40),
        Column("职务", "title", True, "choice", Title),
        Column("任职方式", "tenure", False, "choice", Tenure, hint="仅主席、副主席填写"),
        Column("常委", "is_standing", False, "bool", width=8),
        Column("任职日期", "start_date", True, "date"),
        Column(
            "届次",
            "term_number",
            False,
            "int",
            width=8,
            hint="该组织已在系统中登记的届次号，可留空",
        ),
    ),
}

EXAMPLE_ID = "12010319850312002X"  # a valid checksum: woman born 1985-03-12
EXAMPLES = {
    ORGS: (
        "BH-XH-02",
        "新河二社区妇女联合会",
        "BH-XH",
        "地方妇联",
        "村（社区）",
        "天津市滨海新区新河街道新河二社区",
        "022-25201234",
    ),
    PEOPLE: (
        "张丽",
        "女",
        dt.date(1985, 3, 12),
        "汉族",
        "中共党员",
        "大学本科",
        "新河二社区居委会 主任",
        "13812345678",
        EXAMPLE_ID,
        "BH-XH-02",
    ),
    POSITIONS: (EXAMPLE_ID, "BH-XH-02", "主席", "兼职", YES, dt.date(2024, 1, 15), None),
}
DISPLAY_MASKS = {"id_number": mask_id_number, "phone": mask_phone, "birth_date": mask_birth_date}
SERVICE_FIELDS = {
    ORGS: {"name", "code", "kind", "level", "address", "phone"},
    PEOPLE: set(services.PERSON_FIELDS) - {"photo"},
    POSITIONS: {"title", "tenure", "is_standing", "start_date"},
}


# Results ------------------------------------------------------------------


@dataclass
class RosterError:
    """One problem, placed where the user can find it: sheet, Excel row, column."""

    sheet: str
    row: int | None
    column: str
    header: str
    message: str

    @property
    def where(self) -> str:
        parts = [self.sheet] if self.sheet else []
        if self.row:
            parts.append(_("第%(row)s行") % {"row": self.row})
        if self.column or self.header:
            parts.append(
                _("%(column)s列（%(header)s）") % {"column": self.column, "header": self.header}
                if self.column
                else self.header
            )
        return " ".join(parts) or _("文件")

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message": self.message,
        }

    def __str__(self):
        return _("%(where)s：%(message)s") % {"where": self.where, "message": self.message}


@dataclass
class RosterRow:
    sheet: str
    number: int  # the Excel row
    values: dict
    bad: set = field(default_factory=set)  # fields whose cell could not be read

    @property
    def cells(self) -> list[str]:
        """Display values in column order, choice labels shown, PII masked."""
        shown = []
        with translation.override("zh-hans"):
            for column in COLUMNS[self.sheet]:
                value = self.values.get(column.field)
                if value is None or value == "":
                    shown.append("")
                elif self.sheet != ORGS and column.field in DISPLAY_MASKS:  # a person's PII
                    shown.append(DISPLAY_MASKS[column.field](value))
                elif column.choices is not None:
                    shown.append(str(column.choices(value).label))
                elif column.kind == "bool":
                    shown.append(YES if value else NO)
                else:
                    shown.append(str(value))
        return shown

    def service_fields(self) -> dict:
        return {
            name: value
            for name, value in self.values.items()
            if name in SERVICE_FIELDS[self.sheet] and value not in (None, "")
        }


@dataclass
class RosterPreview:
    file_name: str = ""
    digest: str = ""
    content: bytes | None = field(default=None, repr=False)
    organizations: list[RosterRow] = field(default_factory=list)
    people: list[RosterRow] = field(default_factory=list)
    positions: list[RosterRow] = field(default_factory=list)
    errors: list[RosterError] = field(default_factory=list)
    skipped_examples: int = 0
    letters: dict = field(default_factory=dict)  # sheet -> header -> column letter in the file

    @property
    def ok(self) -> bool:
        return not self.errors and self.total > 0

    @property
    def total(self) -> int:
        return len(self.organizations) + len(self.people) + len(self.positions)

    @property
    def counts(self) -> dict:
        return {
            "organizations": len(self.organizations),
            "people": len(self.people),
            "positions": len(self.positions),
        }

    @property
    def sheets(self) -> list[dict]:
        """Per sheet: name, headers and rows, for the preview page."""
        return [
            {"name": name, "headers": [c.header for c in COLUMNS[name]], "rows": rows}
            for name, rows in (
                (ORGS, self.organizations),
                (PEOPLE, self.people),
                (POSITIONS, self.positions),
            )
        ]

    def fail(
        self,
        message: str,
        sheet: str = "",
        row: int | None = None,
        column: str = "",
        header: str = "",
    ) -> None:
        self.errors.append(RosterError(sheet, row, column, header, message))

    def as_dict(self) -> dict:
        return {
            "file": self.file_name,
            "sha256": self.digest,
            "counts": self.counts,
            "errors": [e.as_dict() for e in self.errors],
        }


@dataclass
class RosterResult:
    organizations: int
    people: int
    positions: int

    @property
    def counts(self) -> dict:
        return {
            "organizations": self.organizations,
            "people": self.people,
            "positions": self.positions,
        }


class RosterRejected(Exception):
    """The roster was not imported; ``errors`` says why, row by row. Nothing was written."""

    def __init__(self, errors: list[RosterError]):
        self.errors = errors
        count = len(errors)
        super().__init__(
            ngettext(
                "名册有 %(count)d 处错误，未导入任何数据",
                "名册有 %(count)d 处错误，未导入任何数据",
                count,
            )
            % {"count": count}
        )


def can_import(user) -> bool:
    return not scope_for(user, "import").empty


# Reading ------------------------------------------------------------------


class _CellError(ValueError):
    pass


def _read_bytes(file) -> bytes:
    """Bytes of a path, bytes or file-like object; refuses more than IMPORT_MAX_BYTES."""
    limit = settings.IMPORT_MAX_BYTES
    too_big = _CellError(
        _("文件超过 %(mb)s MB 上限，请拆分后分批导入") % {"mb": f"{limit / 1024 / 1024:g}"}
    )
    if isinstance(file, bytes | bytearray):
        content = bytes(file)
    elif isinstance(file, str | Path):
        path = Path(file)
        if not path.is_file():
            raise _CellError(_("找不到该文件"))
        if path.stat().st_size > limit:
            raise too_big
        content = path.read_bytes()
    else:
        if getattr(file, "size", None) and file.size > limit:
            raise too_big
        if hasattr(file, "seek"):
            file.seek(0)
        content = file.read(limit + 1)
    if len(content) > limit:
        raise too_big
    if not content:
        raise _CellError(_("文件是空的，请上传填写好的 .xlsx 名册"))
    return content


def _normal_header(value) -> str:
    text = "" if value is None else str(value)
    return "".join(ch for ch in text if not ch.isspace() and ch not in "*＊")


def _read_workbook(content: bytes) -> dict:
    """{sheet: (header -> column index, [(excel row, values)])} for the sheets we know."""
    if content.startswith(b"\xd0\xcf\x11\xe0"):  # OLE: a .xls, or an encrypted workbook
        raise _CellError(
            _("这是旧版 .xls 或加密的 Excel 文件：请在 Excel 中另存为 .xlsx（不设密码）后再上传")
        )
    if not content.startswith(b"PK"):
        raise _CellError(_(UNREADABLE))
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        found = {}
        for sheet in book.worksheets:
            name = sheet.title.strip()
            if name not in SHEETS or name in found:
                continue
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # trust the cells, not a stale <dimension>
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, ())
            columns = {}
            for index, value in enumerate(header or ()):
                columns.setdefault(_normal_header(value), index)
            data = []
            for number, values in enumerate(rows, start=2):
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    continue
                data.append((number, tuple(values)))
                if len(data) > MAX_ROWS:
                    raise _CellError(
                        _("“%(sheet)s”表超过 %(max)d 行，请拆分后分批导入")
                        % {"sheet": name, "max": MAX_ROWS}
                    )
            found[name] = (columns, data)
        return found
    finally:
        book.close()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # an Excel serial number in a cell not formatted as a date
            return from_excel(value).date()
    text = _text(value).replace(" 00:00:00", "")
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise _CellError(_("日期格式不正确，请填写如 1985-03-12、1985/3/12 或 1985年3月12日"))


def _label_key(text: str) -> str:
    return "".join(text.split()).replace("(", "（").replace(")", "）").lower()


def _choice(value, choices) -> str:
    text = _text(value)
    with translation.override("zh-hans"):
        for choice in choices:
            if _label_key(text) in (_label_key(str(choice.label)), choice.value.lower()):
                return choice.value
        labels = "、".join(str(c.label) for c in choices)
    raise _CellError(
        _("“%(value)s”不是可选的值，可选：%(choices)s") % {"value": text, "choices": labels}
    )


def _bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in (YES, "y", "yes", "true", "1", "√", "✓"):
        return True
    if text in (NO, "n", "no", "false", "0", ""):
        return False
    raise _CellError(_("请填写“是”或“否”"))


def _convert(column: Column, value):
    if value is None or (isinstance(value, str) and not value.strip()):
        if column.required:
            raise _CellError(_("必填，不能为空"))
        return False if column.kind == "bool" else None
    try:
        if column.kind == "choice":
            return _choice(value, column.choices)
        if column.kind == "date":
            return _date(value)
        if column.kind == "bool":
            return _bool(value)
        if column.kind == "int":
            text = _text(value)
            if not text.isdigit() or int(text) < 1:
                raise _CellError(_("请填写正整数"))
            return int(text)
        if column.kind == "phone":
            return rules.normalize_phone(_text(value))
        if column.kind == "id_number":
            return rules.normalize_id_number(_text(value))
    except rules.RuleError as exc:
        raise _CellError(str(exc)) from None
    text = _text(value)
    if column.max_length and len(text) > column.max_length:
        raise _CellError(_("不能超过%(max)d个字") % {"max": column.max_length})
    return text


def _canonical(values) -> tuple:
    return tuple(_text(v) for v in values)


# Validating ---------------------------------------------------------------


def _batches(values, size: int = 500):
    """Lookups in slices, below SQLite's limit on query parameters."""
    values = sorted(values)
    return [values[i : i + size] for i in range(0, len(values), size)]


class _Validator:
    """Checks one workbook against the rules and the database (read only)."""

    def __init__(self, actor, preview: RosterPreview, found: dict):
        self.actor = actor
        self.preview = preview
        self.found = found
        self.create_scope = scope_for(actor, "create")
        self.view_scope = scope_for(actor, "view")
        self.letters: dict[str, dict[str, str]] = preview.letters

    def error(self, sheet: str, number: int | None, header: str, message: str) -> None:
        self.preview.fail(
            message, sheet, number, self.letters.get(sheet, {}).get(header, ""), header
        )

    def run(self) -> None:
        if not self.found:
            self.preview.fail(_("文件中没有“组织”“人员”“职务”工作表，请使用导入模板填写"))
            return
        parsed = {sheet: self._read_sheet(sheet) for sheet in SHEETS}
        self._load_database(parsed)
        self._organizations(parsed[ORGS])
        self._people(parsed[PEOPLE])
        self._positions(parsed[POSITIONS])
        if not self.preview.total and not self.preview.errors:
            self.preview.fail(_("文件中没有可导入的数据行（模板示例行会被忽略）"))
        self.preview.errors.sort(
            key=lambda e: ((SHEETS + ("",)).index(e.sheet), e.row or 0, len(e.column), e.column)
        )

    def _read_sheet(self, sheet: str) -> list[RosterRow]:
        if sheet not in self.found:
            return []
        columns, data = self.found[sheet]
        self.letters[sheet] = {h: get_column_letter(i + 1) for h, i in columns.items() if h}
        if not data:
            return []
        missing = [c.header for c in COLUMNS[sheet] if c.required and c.header not in columns]
        for header in missing:
            self.error(
                sheet, 1, header, _("缺少“%(header)s”列，请使用导入模板的表头") % {"header": header}
            )
        if missing:
            return []
        example = _canonical(EXAMPLES[sheet])  # left unchanged in row 2
        rows = []
        for number, values in data:
            cells = [
                values[columns[c.header]]
                if c.header in columns and columns[c.header] < len(values)
                else None
                for c in COLUMNS[sheet]
            ]
            if number == 2 and _canonical(cells) == example:
                self.preview.skipped_examples += 1
                continue
            row = RosterRow(sheet, number, {})
            for column, value in zip(COLUMNS[sheet], cells, strict=True):
                try:
                    row.values[column.field] = _convert(column, value)
                except _CellError as exc:
                    row.values[column.field] = None
                    row.bad.add(column.field)
                    self.error(sheet, number, column.header, str(exc))
            rows.append(row)
        return rows

    def _load_database(self, parsed: dict) -> None:
        codes = {
            row.values.get(name)
            for rows in parsed.values()
            for row in rows
            for name in ("code", "parent_code", "org_code")
        } - {None, ""}
        self.db_orgs = {
            o.code: o
            for batch in _batches(codes)
            for o in Organization.objects.filter(code__in=batch)
        }
        ids = {row.values.get("id_number") for rows in parsed.values() for row in rows} - {None, ""}
        self.hashes = {number: blind_index(number) for number in ids}
        self.db_people = {
            p.id_number_hash: p
            for batch in _batches(self.hashes.values())
            for p in Person.objects.filter(id_number_hash__in=batch)
        }
        self.file_orgs: dict[str, RosterRow] = {}
        self.file_people: dict[str, RosterRow] = {}

    def _db_org(self, code: str) -> Organization | None:
        """An existing organization the actor may create under, or None."""
        org = self.db_orgs.get(code)
        if org is not None and self.create_scope.covers(org.path):
            return org
        return None

    def _organizations(self, rows: list[RosterRow]) -> None:
        later = {row.values["code"]: row.number for row in rows if row.values.get("code")}
        for row in rows:
            v, number = row.values, row.number
            code, parent_code = v.get("code"), v.get("parent_code")
            if code:
                if code in self.file_orgs:
                    self.error(
                        ORGS,
                        number,
                        "组织代码",
                        _("组织代码与本表第%(row)s行重复") % {"row": self.file_orgs[code].number},
                    )
                elif code in self.db_orgs:
                    self.error(ORGS, number, "组织代码", _("组织代码已被使用"))
            parent_kind = parent_system = parent_level = None
            if "parent_code" in row.bad:
                pass
            elif not parent_code:
                if not self.create_scope.everything:
                    self.error(
                        ORGS, number, "上级组织代码", _("必填：只有平台管理员可以新建顶级组织")
                    )
                parent_level = Level.NATIONAL  # a top-level organization is provincial
            elif parent_code == code:
                self.error(ORGS, number, "上级组织代码", _("上级组织不能是本组织"))
            elif parent_code in self.file_orgs:
                parent = self.file_orgs[parent_code].values
                parent_kind = parent.get("kind")
                parent_system = parent_kind and rules.system_of_kind(parent_kind)
                parent_level = parent.get("level")
            elif parent_code in later and parent_code not in self.db_orgs:
                self.error(
                    ORGS,
                    number,
                    "上级组织代码",
                    _("上级组织在本表第%(row)s行，请把它移到本行之上")
                    % {"row": later[parent_code]},
                )
            elif (parent := self._db_org(parent_code)) is not None:
                parent_kind, parent_system, parent_level = parent.kind, parent.system, parent.level
            else:
                self.error(
                    ORGS,
                    number,
                    "上级组织代码",
                    _("上级组织代码“%(code)s”不存在或不在您的管理范围内") % {"code": parent_code},
                )
            if v.get("kind") and parent_kind:
                problem = rules.check_placement(
                    parent_system=parent_system, parent_kind=parent_kind, kind=v["kind"]
                )
                if problem:
                    self.error(ORGS, number, "类型", problem)
            if not v.get("level") and "level" not in row.bad:  # as the service will set it
                v["level"] = rules.default_child_level(parent_level) if parent_level else None
            if code:
                self.file_orgs.setdefault(code, row)
            self.preview.organizations.append(row)

    def _org_reference(self, sheet: str, row: RosterRow, header: str, code: str | None):
        if not code or "org_code" in row.bad:
            return
        if code not in self.file_orgs and self._db_org(code) is None:
            self.error(
                sheet,
                row.number,
                header,
                _("组织代码“%(code)s”不存在或不在您的管理范围内") % {"code": code},
            )

    def _people(self, rows: list[RosterRow]) -> None:
        for row in rows:
            v, number = row.values, row.number
            self._org_reference(PEOPLE, row, "所属组织代码", v.get("org_code"))
            id_number = v.get("id_number")
            if id_number:
                if id_number in self.file_people:
                    self.error(
                        PEOPLE,
                        number,
                        "身份证号",
                        _("身份证号与本表第%(row)s行重复")
                        % {"row": self.file_people[id_number].number},
                    )
                elif self.hashes[id_number] in self.db_people:
                    self.error(PEOPLE, number, "身份证号", _("该身份证号已登记在其他人员名下"))
                self.file_people.setdefault(id_number, row)
                given_gender = v.get("gender")
                if not given_gender and "gender" not in row.bad:
                    v["gender"] = rules.gender_from_id(id_number)
                if not v.get("birth_date") and "birth_date" not in row.bad:
                    v["birth_date"] = rules.birth_date_from_id(id_number)
                problems = rules.check_person_identity(id_number, v.get("birth_date"), given_gender)
                for name, message in problems.items():
                    self.error(
                        PEOPLE, number, "出生日期" if name == "birth_date" else "性别", message
                    )
            self.preview.people.append(row)

    def _positions(self, rows: list[RosterRow]) -> None:
        seen: dict[tuple, int] = {}
        for row in rows:
            v, number = row.values, row.number
            id_number, org_code = v.get("id_number"), v.get("org_code")
            self._org_reference(POSITIONS, row, "组织代码", org_code)
            db_person = None
            if id_number and id_number not in self.file_people:
                db_person = self.db_people.get(self.hashes[id_number])
                if db_person is None or not self.view_scope.covers(db_person.org_path):
                    db_person = None
                    self.error(
                        POSITIONS,
                        number,
                        "身份证号",
                        _(
                            "未找到该身份证号的人员：请先在“人员”表中登记，"
                            "或确认该人员在您的管理范围内"
                        ),
                    )
            tenure_error = rules.position_errors(
                title=v.get("title"),
                tenure=v.get("tenure"),
                start_date=v.get("start_date"),
                end_date=None,
                term_organization_id=None,
                organization_id=None,
            ).get("tenure")
            if tenure_error:
                self.error(POSITIONS, number, "任职方式", tenure_error)
            org = self._db_org(org_code) if org_code else None
            if v.get("term_number"):
                if org_code in self.file_orgs:
                    self.error(POSITIONS, number, "届次", _("新建的组织还没有届次，请留空"))
                elif org is not None:
                    term = Term.objects.filter(organization=org, number=v["term_number"]).first()
                    if term is None:
                        self.error(
                            POSITIONS,
                            number,
                            "届次",
                            _("该组织没有第%(number)s届的记录，请先登记届次或留空")
                            % {"number": v["term_number"]},
                        )
            if id_number and org_code and v.get("title"):
                key = (id_number, org_code, v["title"])
                if key in seen:
                    self.error(
                        POSITIONS, number, "职务", _("与本表第%(row)s行重复") % {"row": seen[key]}
                    )
                seen.setdefault(key, number)
                if (
                    db_person is not None
                    and org is not None
                    and Position.objects.filter(
                        person=db_person, organization=org, title=v["title"], end_date__isnull=True
                    ).exists()
                ):
                    self.error(POSITIONS, number, "职务", _("该人员在该组织已担任此职务"))
            self.preview.positions.append(row)


def parse_roster(file, *, actor, file_name: str = "") -> RosterPreview:
    """Read and check a roster: the rows it would create and every error. Writes nothing."""
    if not file_name:
        file_name = Path(file).name if isinstance(file, str | Path) else getattr(file, "name", "")
    preview = RosterPreview(file_name=str(file_name or ""))
    if not can_import(actor):
        preview.fail(_("您没有名册导入权限"))
        return preview
    try:
        content = _read_bytes(file)
    except _CellError as exc:
        preview.fail(str(exc))
        return preview
    preview.content = content
    preview.digest = hashlib.sha256(content).hexdigest()
    try:
        found = _read_workbook(content)
    except _CellError as exc:
        preview.fail(str(exc))
        return preview
    except Exception:  # noqa: BLE001 - any failure to read untrusted bytes is "unreadable"
        preview.fail(_(UNREADABLE))
        return preview
    _Validator(actor, preview, found).run()
    return preview


# Writing ------------------------------------------------------------------

_ORG_HEADERS = {
    "code": "组织代码",
    "name": "组织名称",
    "kind": "类型",
    "level": "层级",
    "address": "地址",
    "phone": "电话",
    "parent": "上级组织代码",
}
_PERSON_HEADERS = {c.field: c.header for c in COLUMNS[PEOPLE]} | {"organization": "所属组织代码"}
_POSITION_HEADERS = {c.field: c.header for c in COLUMNS[POSITIONS]} | {
    "organization": "组织代码",
    "person": "身份证号",
    "term": "届次",
}


def _service_errors(
    exc: Exception, letters: dict, sheet: str, number: int, headers: dict
) -> list[RosterError]:
    letters = letters.get(sheet, {})
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        found = []
        for name, messages in exc.message_dict.items():
            header = headers.get(name, "")
            found += [
                RosterError(sheet, number, letters.get(header, ""), header, m) for m in messages
            ]
        return found
    if isinstance(exc, ValidationError):
        return [RosterError(sheet, number, "", "", m) for m in exc.messages]
    if isinstance(exc, Http404):
        return [RosterError(sheet, number, "", "", _("不在您的管理范围内"))]
    return [RosterError(sheet, number, "", "", _("保存失败：数据与系统中已有记录冲突"))]


def _missing(letters: dict, sheet: str, number: int, header: str, message: str) -> RosterError:
    """A row whose organization or person failed on an earlier row."""
    return RosterError(sheet, number, letters.get(sheet, {}).get(header, ""), header, message)


def roster_apply(*, actor, preview: RosterPreview) -> RosterResult:
    """Create everything in the roster in one transaction, through the services (which
    check scope and audit). Re-validates first; on any error raises RosterRejected and
    nothing is written."""
    if not can_import(actor):
        raise OutOfScope(_("您没有名册导入权限"))
    if preview.content is None:
        raise RosterRejected(preview.errors or [RosterError("", None, "", "", _(UNREADABLE))])
    with transaction.atomic():
        fresh = parse_roster(preview.content, actor=actor, file_name=preview.file_name)
        if fresh.errors:
            raise RosterRejected(fresh.errors)
        errors: list[RosterError] = []
        failures = (ValidationError, Http404, IntegrityError)
        created_codes: list[str] = []
        for row in fresh.organizations:
            parent = None
            if row.values.get("parent_code"):
                parent = Organization.objects.filter(code=row.values["parent_code"]).first()
                if parent is None:  # its own row failed
                    errors.append(
                        _missing(
                            fresh.letters, ORGS, row.number, "上级组织代码", _("上级组织未能新建")
                        )
                    )
                    continue
            try:
                services.organization_create(actor=actor, parent=parent, **row.service_fields())
            except failures as exc:
                errors += _service_errors(exc, fresh.letters, ORGS, row.number, _ORG_HEADERS)
                continue
            finally:
                forget_scopes(actor)  # a sorted insert may move sibling paths
            created_codes.append(row.values["code"])
        # paths may have moved while siblings were inserted: read them again
        codes = {r.values["org_code"] for r in fresh.people + fresh.positions}
        orgs = {
            o.code: o
            for batch in _batches(codes)
            for o in Organization.objects.filter(code__in=batch)
        }
        people: dict[str, Person] = {}
        for row in fresh.people:
            organization = orgs.get(row.values["org_code"])
            if organization is None:  # its row failed above
                errors.append(
                    _missing(fresh.letters, PEOPLE, row.number, "所属组织代码", _("组织未能新建"))
                )
                continue
            try:
                people[row.values["id_number"]] = services.person_create(
                    actor=actor, organization=organization, **row.service_fields()
                )
            except failures as exc:
                errors += _service_errors(exc, fresh.letters, PEOPLE, row.number, _PERSON_HEADERS)
        count = 0
        for row in fresh.positions:
            v = row.values
            person = (
                people.get(v["id_number"])
                or Person.objects.filter(id_number_hash=blind_index(v["id_number"])).first()
            )
            organization = orgs.get(v["org_code"])
            if person is None:
                errors.append(
                    _missing(fresh.letters, POSITIONS, row.number, "身份证号", _("人员未能登记"))
                )
                continue
            if organization is None:
                errors.append(
                    _missing(fresh.letters, POSITIONS, row.number, "组织代码", _("组织未能新建"))
                )
                continue
            fields = row.service_fields()
            if v.get("term_number"):
                fields["term"] = Term.objects.filter(
                    organization=organization, number=v["term_number"]
                ).first()
            try:
                services.position_create(
                    actor=actor, person=person, organization=organization, **fields
                )
                count += 1
            except failures as exc:
                errors += _service_errors(
                    exc, fresh.letters, POSITIONS, row.number, _POSITION_HEADERS
                )
        if errors:
            raise RosterRejected(errors)
        return RosterResult(len(created_codes), len(people), count)


# Template -----------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
EXAMPLE_FONT = Font(italic=True, color="808080")


def build_template() -> bytes:
    """The roster workbook: three sheets with headers, an example row (ignored when left
    unchanged) and drop-down lists for the choice columns."""
    book = Workbook()
    book.remove(book.active)
    with translation.override("zh-hans"):
        for sheet in SHEETS:
            ws = book.create_sheet(sheet)
            ws.append([c.header for c in COLUMNS[sheet]])
            ws.append(list(EXAMPLES[sheet]))
            for index, column in enumerate(COLUMNS[sheet], start=1):
                letter = get_column_letter(index)
                head = ws.cell(row=1, column=index)
                head.font = Font(bold=True, color="B3261E" if column.required else "000000")
                head.fill = HEADER_FILL
                note = ("必填。" if column.required else "") + column.hint
                if note:
                    head.comment = Comment(note, "lvzhi")
                example = ws.cell(row=2, column=index)
                example.font = EXAMPLE_FONT
                ws.column_dimensions[letter].width = column.width
                cells = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
                if column.kind == "date":
                    example.number_format = "yyyy-mm-dd"
                elif column.kind in ("id_number", "phone") or column.field.endswith("code"):
                    example.number_format = "@"
                    ws.column_dimensions[letter].number_format = "@"
                options = None
                if column.choices is not None:
                    options = [str(choice.label) for choice in column.choices]
                elif column.kind == "bool":
                    options = [YES, NO]
                if options:
                    validation = DataValidation(
                        type="list",
                        formula1='"' + ",".join(options) + '"',
                        allow_blank=True,
                        showErrorMessage=True,
                        errorTitle="输入有误",
                        error=f"请从下拉列表中选择{column.header}",
                    )
                    ws.add_data_validation(validation)
                    validation.add(cells)
            ws.cell(row=2, column=1).comment = Comment(
                "示例行：保持不变时导入会自动忽略，可直接覆盖或删除", "lvzhi"
            )
            excel_page_setup(ws, header_row=1)  # landscape, fit to width, header repeated
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
