"""The Excel export: one row per item (re-importable by the Excel importer) and the
findings, labelled in Chinese."""

import io

from lvzhi.core.office import excel_print_table

from ..models import CatalogVersion
from ..parsed import FIELD_LABELS
from .data import ITEM_COLUMNS, clean, duty_items, export_data

# The rest is written into the exported files, in the official Chinese: not translated.
REPAIR_LABELS = {
    "shift_fields_back": "字段前移一格复原",
    "keep_both_supervision": "保留两处监督方式",
    "keep_both": "保留两处内容",
    "keep_first_block": "只保留第一栏",
    "use_sheet_name": "采用信息表中的名称",
}
# Finding kinds in Chinese: exports never show the internal codes (field_none, …).
FINDING_CODE_LABELS = {
    "bad_number": "序号格式有误",
    "broken_title": "标题断行",
    "duplicate_field": "字段重复",
    "duplicate_index_entry": "目录重复条目",
    "duplicate_sheet": "信息表重复",
    "empty_column": "空列",
    "empty_field": "字段为空",
    "encoding_errors": "编码错误",
    "field_none": "字段为“无”",
    "fields_shifted": "字段错位",
    "label_variant": "字段名写法不同",
    "missing_catalog_title": "缺少目录标题",
    "missing_column": "缺少列",
    "missing_name": "缺少名称",
    "missing_page": "缺少页面",
    "missing_sheet": "缺少信息表",
    "missing_title": "缺少标题",
    "mojibake_line": "乱码行",
    "number_mismatch": "序号不一致",
    "numbered_by_row": "按行号编号",
    "sheets_read": "读取的工作表",
    "stray_quote": "多余引号",
    "title_mismatch": "标题不一致",
    "truncated_end": "结尾不完整",
    "unindexed_sheet": "信息表不在目录中",
    "unknown_label": "未知字段名",
    "unplaced_sheet": "信息表无法归位",
    "unplaced_text": "无法归位的文字",
}


FINDING_COLUMNS = ("事项", "字段", "行号", "级别", "类别", "问题", "建议修复", "处理")
EXCEL_CELL_MAX = 32767


def build_xlsx(version: CatalogVersion, data: dict | None = None) -> bytes:
    """Sheet 职责事项 (one row per item, every field; re-importable by the Excel importer)
    and sheet 导入问题 (the findings)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    data = data or export_data(version)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "职责事项"
    _append(sheet, (f"{data['catalog']['title']}（第{data['version']['number']}版）",))
    sheet["A1"].font = Font(bold=True, size=14)
    _append(sheet, ITEM_COLUMNS)
    for duty, item in duty_items(data):
        _append(
            sheet,
            (
                item["number"],
                duty["text"],
                item["name"],
                *(item["fields"][key] for key in FIELD_LABELS),
                item.get("sheet_name", ""),
            ),
        )
    # about 180 characters: fits a landscape A4 at ~75 %, long fields wrap (rows grow)
    excel_print_table(sheet, header_row=2, widths=(6, 16, 16, 24, 14, 14, 20, 16, 24, 18, 14))

    findings = workbook.create_sheet("导入问题")
    _append(findings, FINDING_COLUMNS)
    severities = {"error": "错误", "warning": "问题", "note": "提示"}
    decisions = {"pending": "待处理", "accepted": "已接受", "rejected": "已拒绝"}
    for f in data["findings"]:
        _append(
            findings,
            (
                f["item_number"],
                f["field_label"],
                f["line"] or None,
                severities.get(f["severity"], f["severity"]),
                FINDING_CODE_LABELS.get(f["code"], "其他问题") if f["code"] else "",
                f["message"],
                REPAIR_LABELS.get(f["repair"], f["repair"]),
                decisions.get(f["decision"], f["decision"]) if f["repair"] else "",
            ),
        )
    excel_print_table(findings, header_row=1, widths=(8, 12, 6, 6, 16, 50, 18, 8))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _append(sheet, values) -> None:
    """Append a row of literal values: text is never read as a formula."""
    sheet.append([clean(v)[:EXCEL_CELL_MAX] if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"
