"""Reading the workbook's bytes and its cells: each reader turns one cell into a value or
raises :class:`CellError` with a message for the user. Shared with the grassroots and
ledger imports, which read their one sheet with :func:`read_list_sheet`."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from .. import rules
from .columns import DATE_FORMATS, MAX_ROWS, NO, SHEETS, UNREADABLE, YES, Column


class CellError(ValueError):
    pass


def read_bytes(file) -> bytes:
    """Bytes of a path, bytes or file-like object; refuses more than IMPORT_MAX_BYTES."""
    limit = settings.IMPORT_MAX_BYTES
    too_big = CellError(
        _("文件超过 %(mb)s MB 上限，请拆分后分批导入") % {"mb": f"{limit / 1024 / 1024:g}"}
    )
    if isinstance(file, bytes | bytearray):
        content = bytes(file)
    elif isinstance(file, str | Path):
        path = Path(file)
        if not path.is_file():
            raise CellError(_("找不到该文件"))
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
        raise CellError(_("文件是空的，请上传填写好的 .xlsx 名册"))
    return content


def normal_header(value) -> str:
    text = "" if value is None else str(value)
    return "".join(ch for ch in text if not ch.isspace() and ch not in "*＊")


def read_workbook(content: bytes) -> dict:
    """{sheet: (header -> column index, [(excel row, values)])} for the sheets we know."""
    if content.startswith(b"\xd0\xcf\x11\xe0"):  # OLE: a .xls, or an encrypted workbook
        raise CellError(
            _("这是旧版 .xls 或加密的 Excel 文件：请在 Excel 中另存为 .xlsx（不设密码）后再上传")
        )
    if not content.startswith(b"PK"):
        raise CellError(_(UNREADABLE))
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
                columns.setdefault(normal_header(value), index)
            data = []
            for number, values in enumerate(rows, start=2):
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    continue
                data.append((number, tuple(values)))
                if len(data) > MAX_ROWS:
                    raise CellError(
                        _("“%(sheet)s”表超过 %(max)d 行，请拆分后分批导入")
                        % {"sheet": name, "max": MAX_ROWS}
                    )
            found[name] = (columns, data)
        return found
    finally:
        book.close()


def read_list_sheet(
    preview, file, *, sheet: str, headers: dict, required: dict, example, max_rows: int, row
) -> bool:
    """Read a one-sheet import (the ledger's list, the 四新 register) into ``preview``
    (``lvzhi.core.staged_uploads.ImportPreview``): the file's bytes, then
    ``row(number, cells, columns)`` appended for every data row of the sheet named ``sheet``
    (else the first), blank rows and the template's example row skipped.

    ``headers`` maps a header to its field, ``required`` a field that must have a column to
    its header, ``example`` is (field, the example row's text there). A file or a sheet
    refused sets ``preview.file_error`` and answers False; True when the sheet was read to
    its end (``file_error`` then says so if it held no data row)."""
    try:
        preview.content = read_bytes(file)
        if not preview.content.startswith(b"PK"):
            raise CellError(_(UNREADABLE))
        book = load_workbook(io.BytesIO(preview.content), read_only=True, data_only=True)
    except CellError as exc:
        preview.file_error = str(exc)
        return False
    except Exception:  # a damaged zip, not a workbook
        preview.file_error = _(UNREADABLE)
        return False
    try:
        found = book[sheet] if sheet in book.sheetnames else book.worksheets[0]
        values = found.iter_rows(values_only=True)
        header = [normal_header(v) for v in next(values, ())]
        columns = {headers[h]: i for i, h in enumerate(header) if h in headers}
        missing = [label for name, label in required.items() if name not in columns]
        if missing:
            preview.file_error = _("缺少必填列：%(cols)s") % {"cols": "、".join(missing)}
            return False
        example_field, example_text = example
        for number, cells in enumerate(values, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
                continue
            if number == 2 and cell_text(cells[columns[example_field]]) == example_text:
                continue
            if len(preview.rows) >= max_rows:
                preview.file_error = _("超过 %(max)d 行，请拆分后分批导入") % {"max": max_rows}
                return False
            preview.rows.append(row(number, cells, columns))
    finally:
        book.close()
    if not preview.rows:
        preview.file_error = _("没有可导入的数据行")
    return True


def cell_text(value) -> str:
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


def cell_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # an Excel serial number in a cell not formatted as a date
            return from_excel(value).date()
    text = cell_text(value).replace(" 00:00:00", "")
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(_("日期格式不正确，请填写如 1985-03-12、1985/3/12 或 1985年3月12日"))


def _label_key(text: str) -> str:
    return "".join(text.split()).replace("(", "（").replace(")", "）").lower()


def cell_choice(value, choices) -> str:
    text = cell_text(value)
    with translation.override("zh-hans"):
        for choice in choices:
            if _label_key(text) in (_label_key(str(choice.label)), choice.value.lower()):
                return choice.value
        labels = "、".join(str(c.label) for c in choices)
    raise CellError(
        _("“%(value)s”不是可选的值，可选：%(choices)s") % {"value": text, "choices": labels}
    )


def cell_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    if text in (YES, "y", "yes", "true", "1", "√", "✓"):
        return True
    if text in (NO, "n", "no", "false", "0", ""):
        return False
    raise CellError(_("请填写“是”或“否”"))


def convert(column: Column, value):
    if value is None or (isinstance(value, str) and not value.strip()):
        if column.required:
            raise CellError(_("必填，不能为空"))
        return False if column.kind == "bool" else None
    try:
        if column.kind == "choice":
            return cell_choice(value, column.choices)
        if column.kind == "date":
            return cell_date(value)
        if column.kind == "bool":
            return cell_bool(value)
        if column.kind == "int":
            text = cell_text(value)
            if not text.isdigit() or int(text) < 1:
                raise CellError(_("请填写正整数"))
            return int(text)
        if column.kind == "phone":
            return rules.normalize_phone(cell_text(value))
        if column.kind == "id_number":
            return rules.normalize_id_number(cell_text(value))
    except rules.RuleError as exc:
        raise CellError(str(exc)) from None
    text = cell_text(value)
    if column.max_length and len(text) > column.max_length:
        raise CellError(_("不能超过%(max)d个字") % {"max": column.max_length})
    return text


def canonical(values) -> tuple:
    return tuple(cell_text(v) for v in values)
