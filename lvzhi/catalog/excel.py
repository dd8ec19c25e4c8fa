"""Catalogs from an Excel sheet with one row per duty item, as real 权责清单 are kept.

Headers are matched by synonyms (实施依据 / 设定依据 / 法定依据; 实施主体 / 行使主体 /
实施机构; 监督方式 / 监督电话…). Pure: bytes in, ParsedCatalog out, no database (messages in the
active language)."""

import io
import re
import zipfile

from django.utils.translation import gettext as _

from .parsed import FIELD_LABELS, CatalogUnreadable, Finding, ParsedCatalog, ParsedDuty, ParsedItem

XLSX_MAGIC = b"PK\x03\x04"

# Column key → accepted header texts (compared without spaces and punctuation).
HEADER_SYNONYMS = {
    "duty": ("主要职责", "职责", "职责内容", "主要职责内容"),
    "number": ("序号", "事项序号", "编号", "事项编号"),
    "name": ("职责事项", "事项名称", "名称", "职责事项名称"),
    "legal_basis": ("法定依据", "实施依据", "设定依据", "法律依据", "依据"),
    "implementing_body": ("实施机构", "实施主体", "行使主体", "责任部门", "承办机构", "承办部门"),
    "boundary": ("职责边界", "边界", "相关部门职责边界"),
    "workflow": ("运行流程", "流程", "办理流程", "工作流程"),
    "requirements": ("运行要件", "要件", "申请材料", "办理要件"),
    "responsibilities": ("责任事项", "责任事项内容"),
    "supervision": ("监督方式", "监督电话", "监督投诉", "监督投诉方式", "监督渠道"),
}
TEMPLATE_HEADERS = ("主要职责", "序号", "职责事项", *FIELD_LABELS.values())
_PUNCT = re.compile(r"[\s\u3000（）()【】\[\]:：*＊]")
_ITEM_NUMBER = re.compile(r"^(\d+)[.．。](\d+)$")


def is_xlsx(data: bytes) -> bool:
    return data[:4] == XLSX_MAGIC


def _key(text) -> str:
    return _PUNCT.sub("", str(text or ""))


def match_headers(row: tuple) -> dict[str, int]:
    """Column index of each known key found in a header row."""
    lookup = {_key(s): key for key, synonyms in HEADER_SYNONYMS.items() for s in synonyms}
    by_length = sorted(lookup, key=len, reverse=True)
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        text = _key(cell)
        # exact, else the longest synonym the header starts with (设定依据（法律法规）)
        synonym = text if text in lookup else next((s for s in by_length if text.startswith(s)), "")
        key = lookup.get(synonym) if text else None
        if key and key not in found:
            found[key] = index
    return found


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _open_rows(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CatalogUnreadable(_("Excel 文件已损坏或不是 .xlsx 格式，无法读取职责目录。")) from exc
    sheet = workbook.worksheets[0]
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def parse_catalog_xlsx(data: bytes, *, filename: str = "") -> ParsedCatalog:
    rows = _open_rows(data)
    header_at, columns = next(
        (
            (i, match_headers(row))
            for i, row in enumerate(rows[:10])
            if "name" in match_headers(row)
        ),
        (None, {}),
    )
    if header_at is None:
        raise CatalogUnreadable(
            _("前10行中没有找到表头（至少需要“职责事项”或“事项名称”列），无法读取职责目录。")
        )
    title = _cell_text(rows[0][0]) if header_at > 0 and rows[0] else (filename or "")
    catalog = ParsedCatalog(layout="excel", title=title)
    for key, label in FIELD_LABELS.items():
        if key not in columns:
            catalog.findings.append(
                Finding(
                    code="missing_column",
                    field=key,
                    line=header_at + 1,
                    severity="warning",
                    # The headers are the Chinese words the file must use: not translated.
                    message=_("表头中没有“%(label)s”列（可用的表头: %(headers)s）。")
                    % {"label": label, "headers": "、".join(HEADER_SYNONYMS[key])},
                )
            )
    duties: dict[str, ParsedDuty] = {}
    current_duty_text = ""
    for offset, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = {key: _cell_text(row[i]) if i < len(row) else "" for key, i in columns.items()}
        if not any(cells.values()):
            continue
        current_duty_text = cells.get("duty") or current_duty_text  # merged cells repeat nothing
        item = _row_item(cells, offset, catalog, len(catalog.items) + 1)
        duty_number = item.number.split(".")[0]
        duty = duties.get(duty_number)
        if duty is None:
            duty = duties[duty_number] = ParsedDuty(number=duty_number, text=current_duty_text)
            catalog.duties.append(duty)
        duty.items.append(item)
    if not catalog.items:
        raise CatalogUnreadable(_("表格中没有职责事项行，无法导入。"))
    return catalog


def _row_item(cells: dict, line: int, catalog: ParsedCatalog, position: int) -> ParsedItem:
    number = cells.get("number", "").replace("．", ".").replace("。", ".")
    if not _ITEM_NUMBER.match(number):
        given = number
        number = f"{len(catalog.duties) or 1}.{position}"
        catalog.findings.append(
            Finding(
                code="bad_number",
                item_number=number,
                field="number",
                line=line,
                severity="warning",
                message=_(
                    "第%(line)s行的序号“%(given)s”不是“职责序号.事项序号”的形式，暂按 %(number)s 导入。"
                )
                % {"line": line, "given": given, "number": number},
            )
        )
    item = ParsedItem(number=number, name=cells.get("name", ""), line=line)
    if not item.name:
        catalog.findings.append(
            Finding(
                code="missing_name",
                item_number=number,
                field="name",
                line=line,
                severity="error",
                message=_("第%(line)s行没有职责事项名称。") % {"line": line},
            )
        )
    for key, label in FIELD_LABELS.items():
        text = cells.get(key, "")
        item.fields[key] = text
        if key in cells and not text:
            catalog.findings.append(
                Finding(
                    code="empty_field",
                    item_number=number,
                    field=key,
                    line=line,
                    severity="warning",
                    message=_("%(number)s 的“%(label)s”为空。")
                    % {"number": number, "label": _(label)},
                )
            )
        elif text in ("无", "无。"):
            catalog.findings.append(
                Finding(
                    code="field_none",
                    item_number=number,
                    field=key,
                    line=line,
                    severity="note",
                    message=_("%(number)s 的“%(label)s”写的是“无”。")
                    % {"number": number, "label": _(label)},
                )
            )
    return item


def build_catalog_template() -> bytes:
    """The downloadable .xlsx template: one row per duty item, an example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

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
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in "ABCDEFGHIJ":
        sheet.column_dimensions[column].width = 24
    for cell in sheet[2]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
