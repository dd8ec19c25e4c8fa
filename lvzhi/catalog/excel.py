"""Catalogs from an Excel sheet with one row per duty item, as real 权责清单 are kept.

Headers are matched by synonyms (实施依据 / 设定依据 / 法定依据; 实施主体 / 行使主体 /
实施机构; 监督方式 / 监督电话…). Pure: bytes in, ParsedCatalog out, no database (messages in the
active language)."""

import io
import itertools
import re
import zipfile

from django.utils.translation import gettext as _

from .parsed import FIELD_LABELS, CatalogUnreadable, Finding, ParsedCatalog, ParsedDuty, ParsedItem

XLSX_MAGIC = b"PK\x03\x04"

# Column key → accepted header texts (compared without spaces and punctuation).
HEADER_SYNONYMS = {
    "duty": ("主要职责", "职责", "职责内容", "主要职责内容"),
    "number": (
        "序号",
        "事项序号",
        "编号",
        "事项编号",
        "编码",
        "事项编码",
        "权责编码",
        "权责事项编码",
        "职责事项编码",
        "职责事项编号",
        "事项代码",
        "权责代码",
        "代码",
        "清单编码",
    ),
    "name": ("职责事项", "事项名称", "名称", "职责事项名称", "权责事项", "权责事项名称"),
    "legal_basis": ("法定依据", "实施依据", "设定依据", "法律依据", "依据"),
    "implementing_body": ("实施机构", "实施主体", "行使主体", "责任部门", "承办机构", "承办部门"),
    "boundary": ("职责边界", "边界", "相关部门职责边界"),
    "workflow": ("运行流程", "流程", "办理流程", "工作流程"),
    "requirements": ("运行要件", "要件", "申请材料", "办理要件"),
    "responsibilities": ("责任事项", "责任事项内容"),
    "supervision": ("监督方式", "监督电话", "监督投诉", "监督投诉方式", "监督渠道"),
    "sheet_name": ("信息表名称",),
}
TEMPLATE_HEADERS = ("主要职责", "序号", "职责事项", *FIELD_LABELS.values())
_PUNCT = re.compile(r"[\s\u3000（）()【】\[\]:：*＊]")
_ITEM_NUMBER = re.compile(r"^(\d+)[.．。](\d+)$")
HEADER_SEARCH_ROWS = 15  # a header starts within the first rows of a sheet
HEADER_MAX_DEPTH = 3  # and spans at most three rows (merged cells)


def is_xlsx(data: bytes) -> bool:
    return data[:4] == XLSX_MAGIC


def _key(text) -> str:
    return _PUNCT.sub("", str(text or ""))


_LOOKUP = {_key(s): key for key, synonyms in HEADER_SYNONYMS.items() for s in synonyms}
_BY_LENGTH = sorted(_LOOKUP, key=len, reverse=True)


def _header_key(text: str) -> str | None:
    """The column key of one header text: exact, else the longest synonym it starts with
    (设定依据（法律法规）)."""
    if not text:
        return None
    if text in _LOOKUP:
        return _LOOKUP[text]
    synonym = next((s for s in _BY_LENGTH if text.startswith(s)), "")
    return _LOOKUP.get(synonym)


def match_headers(row: tuple) -> dict[str, int]:
    """Column index of each known key found in a header row."""
    return match_header_columns([[_key(cell)] for cell in row])


def match_header_columns(columns: list[list[str]]) -> dict[str, int]:
    """Column index of each known key, given each column's candidate header texts (most
    specific first)."""
    found: dict[str, int] = {}
    for index, candidates in enumerate(columns):
        for text in candidates:
            key = _header_key(text)
            if key and key not in found:
                found[key] = index
                break
    return found


def _stacked_header(rows: list[tuple], start: int, depth: int) -> list[list[str]]:
    """Each column's candidate header texts when the header spans rows start…start+depth-1.

    A merged cell keeps its text in its first cell only: in the upper rows an empty cell
    takes the text on its left (a cell merged across columns); the lowest text of a column
    is the most specific (编码 under 职责事项), then the texts joined, then the upper ones."""
    block = [list(rows[start + k]) for k in range(depth)]
    width = max((len(r) for r in block), default=0)
    stack = []
    for k, row in enumerate(block):
        texts = [_key(c) for c in row] + [""] * (width - len(row))
        if k < depth - 1:
            last = ""
            for i, text in enumerate(texts):
                last = text or last
                texts[i] = last
        stack.append(texts)
    columns = []
    for i in range(width):
        parts = [stack[k][i] for k in range(depth) if stack[k][i]]
        candidates = [parts[-1], "".join(parts), *reversed(parts[:-1])] if parts else []
        columns.append(list(dict.fromkeys(candidates)))
    return columns


def find_header(rows: list[tuple]) -> tuple[int, int, dict[str, int]] | None:
    """(first header row, header depth, columns) of the best header in the first rows: the
    most columns, then the fewest rows (a title above a header is no part of it). None
    without a name column."""
    best = None
    for start in range(min(HEADER_SEARCH_ROWS, len(rows))):
        for depth in range(1, HEADER_MAX_DEPTH + 1):
            if start + depth > len(rows):
                break
            columns = match_header_columns(_stacked_header(rows, start, depth))
            if "name" not in columns:
                continue
            if best is None or (len(columns), -depth) > (len(best[2]), -best[1]):
                best = (start, depth, columns)
    return best


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


# A workbook is compressed: its unpacked XML may be many times the file. Refused above
# this multiple of the upload limit (a zip bomb, or a sheet too large to read in memory).
UNPACKED_MAX_RATIO = 6


def _check_unpacked_size(data: bytes) -> None:
    from django.conf import settings

    limit = UNPACKED_MAX_RATIO * int(getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # load_workbook reports the damage
    if unpacked > limit:
        raise CatalogUnreadable(
            _(
                "Excel 文件解压后有 %(size)s MB，超过了可读取的 %(limit)s MB，无法导入；"
                "请删去无关的工作表或拆分后再导入。"
            )
            % {"size": f"{unpacked / 1024 / 1024:.0f}", "limit": f"{limit / 1024 / 1024:g}"}
        )


def _open_workbook(data: bytes):
    from openpyxl import load_workbook

    _check_unpacked_size(data)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CatalogUnreadable(_("Excel 文件已损坏或不是 .xlsx 格式，无法读取职责目录。")) from exc


def _choose_sheet(workbook):
    """(sheet, its rows, header) of the first sheet holding a catalog header, and the
    sheets skipped with the reason."""
    chosen, skipped = None, []
    for sheet in workbook.worksheets:
        head = [tuple(r) for r in itertools.islice(sheet.iter_rows(values_only=True), 20)]
        header = find_header(head)
        if header is None:
            skipped.append((sheet.title, _("没有职责目录表头")))
        elif chosen is None:
            chosen = (sheet, header)
        else:
            skipped.append((sheet.title, _("也有职责目录表头，请另存为单独的文件再导入")))
    if chosen is None:
        return None, [], None, skipped
    sheet, header = chosen
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    return sheet, rows, header, skipped


def parse_catalog_xlsx(data: bytes, *, filename: str = "") -> ParsedCatalog:
    workbook = _open_workbook(data)
    try:
        sheet, rows, header, skipped = _choose_sheet(workbook)
    finally:
        workbook.close()
    if sheet is None:
        raise CatalogUnreadable(
            _(
                "工作簿的各个工作表前%(rows)s行中都没有找到表头（至少需要“职责事项”或"
                "“事项名称”列），无法读取职责目录。"
            )
            % {"rows": HEADER_SEARCH_ROWS}
        )
    header_at, depth, columns = header
    first_data = header_at + depth
    title = next(
        (_cell_text(c) for row in rows[:header_at] for c in row if _cell_text(c)), filename or ""
    )
    catalog = ParsedCatalog(layout="excel", title=title)
    catalog.findings.append(_sheets_finding(sheet.title, header_at, depth, skipped))
    body = [
        (line, {key: _cell_text(row[i]) if i < len(row) else "" for key, i in columns.items()})
        for line, row in enumerate(rows[first_data:], start=first_data + 1)
    ]
    body = [(line, cells) for line, cells in body if any(cells.values())]
    if not body:
        raise CatalogUnreadable(_("表格中没有职责事项行，无法导入。"))
    _column_findings(catalog, columns, body, header_at + 1)
    numbers = _row_numbers(catalog, columns, body)
    duties: dict[str, ParsedDuty] = {}
    current_duty_text = ""
    empty_columns = {f.field for f in catalog.findings if f.code == "empty_column"}
    for (line, cells), number in zip(body, numbers, strict=True):
        current_duty_text = cells.get("duty") or current_duty_text  # merged cells repeat nothing
        item = _row_item(cells, line, number, catalog, empty_columns)
        duty_number = item.number.split(".")[0]
        duty = duties.get(duty_number)
        if duty is None:
            duty = duties[duty_number] = ParsedDuty(number=duty_number, text=current_duty_text)
            catalog.duties.append(duty)
        duty.items.append(item)
    return catalog


def _sheets_finding(title: str, header_at: int, depth: int, skipped) -> Finding:
    rows = (
        _("第 %(first)s 行") % {"first": header_at + 1}
        if depth == 1
        else _("第 %(first)s–%(last)s 行") % {"first": header_at + 1, "last": header_at + depth}
    )
    message = _("读取了工作表“%(sheet)s”（表头在%(rows)s）。") % {"sheet": title, "rows": rows}
    if skipped:
        message += _("跳过的工作表：%(sheets)s。") % {
            "sheets": _("；").join(
                _("“%(sheet)s”（%(why)s）") % {"sheet": name, "why": why} for name, why in skipped
            )
        }
    return Finding(
        code="sheets_read",
        message=message,
        line=header_at + 1,
        severity="warning" if any("表头，请" in why for _n, why in skipped) else "note",
    )


def _column_findings(catalog: ParsedCatalog, columns: dict, body, header_line: int) -> None:
    """A field missing for every item is an error that blocks publishing: no column for it,
    or a column empty in every row."""
    for key, label in FIELD_LABELS.items():
        where = {"field": key, "line": header_line, "severity": "error"}
        if key not in columns:
            # The headers are the Chinese words the file must use: not translated.
            message = _(
                "表头中没有“%(label)s”列，所有职责事项都缺少这一项，补齐前不能发布"
                "（可用的表头: %(headers)s）。"
            ) % {"label": label, "headers": "、".join(HEADER_SYNONYMS[key])}
            catalog.findings.append(Finding("missing_column", message, **where))
        elif not any(cells.get(key) for _line, cells in body):
            message = _(
                "“%(label)s”列在每一行都是空的，所有职责事项都缺少这一项，补齐前不能发布。"
            ) % {"label": label}
            catalog.findings.append(Finding("empty_column", message, **where))


def _row_numbers(catalog: ParsedCatalog, columns: dict, body) -> list[str]:
    """Each row's item number: its own ("3.2"), else numbered by row — one duty per
    主要职责 text, items in order within it. The findings say which rows were numbered."""
    numbers, duty_index, item_index, last_duty = [], 0, 0, None
    renumbered = []
    for line, cells in body:
        duty_text = cells.get("duty", "")
        if duty_index == 0 or (duty_text and duty_text != last_duty):
            duty_index, item_index = duty_index + 1, 0
            last_duty = duty_text or last_duty
        item_index += 1
        given = cells.get("number", "").replace("．", ".").replace("。", ".")
        if "number" in columns and _ITEM_NUMBER.match(given):
            numbers.append(given)
            continue
        number = f"{duty_index}.{item_index}"
        numbers.append(number)
        renumbered.append((line, given, number))
    if "number" not in columns:
        catalog.findings.append(
            Finding(
                code="numbered_by_row",
                field="number",
                line=body[0][0],
                severity="warning",
                message=_(
                    "表格中没有事项编号列（可用的表头: %(headers)s），%(count)s 个职责事项已按"
                    "行的顺序编号（每个主要职责一组：%(first)s 至 %(last)s）。"
                )
                % {
                    "headers": "、".join(HEADER_SYNONYMS["number"]),
                    "count": len(numbers),
                    "first": numbers[0],
                    "last": numbers[-1],
                },
            )
        )
        return numbers
    for line, given, number in renumbered:
        catalog.findings.append(
            Finding(
                code="bad_number",
                item_number=number,
                field="number",
                line=line,
                severity="warning",
                message=(
                    _(
                        "第%(line)s行的编号“%(given)s”不是“职责序号.事项序号”的形式，"
                        "已按行的顺序编为 %(number)s（原编号见本条）。"
                    )
                    if given
                    else _("第%(line)s行没有编号，已按行的顺序编为 %(number)s。")
                )
                % {"line": line, "given": given, "number": number},
            )
        )
    return numbers


def _row_item(cells: dict, line: int, number: str, catalog: ParsedCatalog, empty_columns):
    item = ParsedItem(
        number=number, name=cells.get("name", ""), line=line, sheet_name=cells.get("sheet_name", "")
    )
    if not item.name:
        message = _("第%(line)s行没有职责事项名称。") % {"line": line}
        where = {"item_number": number, "field": "name", "line": line}
        catalog.findings.append(Finding("missing_name", message, severity="error", **where))
    for key, label in FIELD_LABELS.items():
        text = cells.get(key, "")
        item.fields[key] = text
        values = {"number": number, "label": _(label)}
        where = {"item_number": number, "field": key, "line": line}
        if key in cells and not text and key not in empty_columns:
            message = _("%(number)s 的“%(label)s”为空。") % values
            catalog.findings.append(Finding("empty_field", message, severity="warning", **where))
        elif text in ("无", "无。"):
            message = _("%(number)s 的“%(label)s”写的是“无”。") % values
            catalog.findings.append(Finding("field_none", message, severity="note", **where))
    return item


def build_catalog_template() -> bytes:
    """The downloadable .xlsx template: one row per duty item, an example row."""
    from openpyxl import Workbook

    from lvzhi.core.office import excel_print_table

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "职责目录"
    sheet.append(TEMPLATE_HEADERS)
    sheet.append(
        (
            "教育引导广大妇女……宣传表彰优秀妇女典型。",
            "3.2",
            "评选表彰三八红旗手（集体）",
            "1.《中华全国妇女联合会章程》",
            "天津市滨海新区妇联宣传部",
            "负责组织评选表彰工作",
            "发放通知→组织推报→审核评选→表彰公布→事迹宣传",
            "候选人登记表、名单汇总表、事迹材料",
            "1.负责制定评选方案……",
            "监督电话：022-XXXXXXXX",
        )
    )
    excel_print_table(sheet, header_row=1, widths=(24,) * len(TEMPLATE_HEADERS))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
