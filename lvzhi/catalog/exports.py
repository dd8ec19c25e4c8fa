"""Exports of a catalog version: Excel, Word, JSON and (when WeasyPrint and a CJK font are
installed) PDF. Each builder takes a version and returns bytes; who may export what is
decided by the views (``views_exports.py``, ``api_exports.py``), not here.

Every builder reads the version through :func:`export_data` (a fixed number of queries)
and writes the field texts exactly as stored, so each file, read back by its library,
holds the same items and text.

JSON export format (``format_version`` 1, JSON Schema in :data:`EXPORT_JSON_SCHEMA`,
served at ``/catalog/export/schema.json``)::

    {
      "schema": "/catalog/export/schema.json", "format_version": 1,
      "catalog": {"id": 1, "title": "(天津市滨海新区妇女联合会)职责目录"},
      "organization": {"id": 2, "name": "天津市滨海新区妇女联合会", "code": "BH-FL"},
      "version": {"id": 5, "number": 1, "status": "published",
                  "published_at": "2026-11-29T08:00:00+00:00"},
      "duties": [{"number": "3", "text": "教育引导广大妇女……", "items": [{
          "number": "3.2", "name": "评选表彰三八红旗手（集体）", "sheet_title": "…",
          "fields": {"legal_basis": "…", "implementing_body": "…", "boundary": "…",
                     "workflow": "…", "requirements": "…", "responsibilities": "…",
                     "supervision": "…"},
          "department": {"id": 1, "name": "宣传部"} | null,
          "supervision_contact": {"address": "…", "phones": ["…"], "emails": ["…"]},
          "legal_citations": [{"title": "…", "doc_number": "滨党办发〔2017〕52号",
                               "articles": ["第二条"], "raw": "…"}]}]}],
      "findings": [{"item_number": "9.1", "field": "legal_basis", "field_label": "法定依据",
                    "line": 812, "severity": "error", "code": "fields_shifted",
                    "message": "…", "repair": "shift_fields_back", "decision": "accepted"}]
    }

``fields`` keys are the info-sheet fields in their official order (:data:`FIELD_LABELS`:
法定依据, 实施机构, 职责边界, 运行流程, 运行要件, 责任事项, 监督方式). ``legal_citations``
are filled when a version is published. ``status`` is draft / published / superseded.
"""

import functools
import importlib
import importlib.util
import io
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.office import (
    excel_print_table,
    word_fixed_table,
    word_style_document,
)

from .models import CatalogVersion, DutyItem, LegalCitation
from .parsed import FIELD_LABELS

FORMAT_VERSION = 1


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    extension: str
    content_type: str


FORMATS = {
    "xlsx": ExportFormat(
        "xlsx", "Excel", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "docx": ExportFormat(
        "docx",
        "Word",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "json": ExportFormat("json", "JSON", "json", "application/json; charset=utf-8"),
    "pdf": ExportFormat("pdf", "PDF", "pdf", "application/pdf"),
}
PDF_UNAVAILABLE = gettext_lazy(
    "PDF 导出不可用：服务器未安装 WeasyPrint 或中文（CJK）字体。"
    "请下载 Word 或 Excel 版本，或请管理员安装后再试。"
)
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
SHEET_ROWS = ("序号", "名称", *FIELD_LABELS.values())
ITEM_COLUMNS = ("序号", "主要职责", "名称", *FIELD_LABELS.values(), "信息表名称")
FINDING_COLUMNS = ("事项", "字段", "行号", "级别", "类别", "问题", "建议修复", "处理")
EXCEL_CELL_MAX = 32767
# Characters XML 1.0 forbids (openpyxl and python-docx would refuse them).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FILENAME_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def clean(text) -> str:
    return _XML_ILLEGAL.sub("", str(text or ""))


# 读取 -----------------------------------------------------------------------


def export_data(version: CatalogVersion) -> dict:
    """The version as plain data (the JSON document); five queries whatever its size."""
    version = CatalogVersion.objects.select_related("catalog__organization").get(pk=version.pk)
    organization = version.catalog.organization
    items = (
        DutyItem.objects.select_related("department")
        .prefetch_related(
            Prefetch(
                "citations",
                queryset=LegalCitation.objects.select_related("document").order_by("order", "id"),
            )
        )
        .order_by("order", "id")
    )
    duties = version.duties.prefetch_related(Prefetch("items", queryset=items)).order_by(
        "order", "id"
    )
    return {
        "schema": schema_url(),
        "format_version": FORMAT_VERSION,
        "catalog": {"id": version.catalog_id, "title": version.catalog.title},
        "organization": {
            "id": organization.pk,
            "name": organization.name,
            "code": organization.code,
        },
        "version": {
            "id": version.pk,
            "number": version.number,
            "status": version.status,
            "published_at": version.published_at.isoformat() if version.published_at else None,
        },
        "duties": [
            {
                "number": duty.number,
                "text": duty.text,
                "items": [_item_data(item) for item in duty.items.all()],
            }
            for duty in duties
        ],
        "findings": [
            {
                "item_number": f.item_number,
                "field": f.field,
                "field_label": f.field_label if f.field else "",
                "line": f.line,
                "severity": f.severity,
                "code": f.code,
                "message": f.message,
                "repair": f.repair,
                "decision": f.decision,
            }
            for f in version.findings.order_by("order", "id")
        ],
    }


def _item_data(item: DutyItem) -> dict:
    return {
        "number": item.number,
        "name": item.name,
        "sheet_title": item.sheet_title,
        "sheet_name": item.sheet_name,
        "fields": {key: getattr(item, key) for key in FIELD_LABELS},
        "department": (
            {"id": item.department_id, "name": item.department.name} if item.department_id else None
        ),
        "supervision_contact": {
            "address": item.supervision_address,
            "phones": list(item.supervision_phones or []),
            "emails": list(item.supervision_emails or []),
        },
        "legal_citations": [
            {
                "title": c.document.title,
                "doc_number": c.document.doc_number,
                "articles": list(c.articles or []),
                "raw": c.raw,
            }
            for c in item.citations.all()
        ],
    }


def _sheet_rows(item: dict) -> list[tuple[str, str]]:
    """(label, text) rows of an info sheet in the official order, then 信息表名称 when the
    sheet's own name differs from the index name."""
    values = (item["number"], item["name"], *(item["fields"][k] for k in FIELD_LABELS))
    rows = list(zip(SHEET_ROWS, values, strict=True))
    sheet_name = item.get("sheet_name") or ""
    if sheet_name and sheet_name != item["name"]:
        rows.append(("信息表名称", sheet_name))
    return rows


def _items(data: dict):
    for duty in data["duties"]:
        for item in duty["items"]:
            yield duty, item


def schema_url() -> str:
    return reverse("catalog:export-schema")


# 文件名 ---------------------------------------------------------------------


def export_filename(version: CatalogVersion, fmt: str) -> str:
    """E.g. 滨海新区妇联职责目录-v1.xlsx."""
    organization = version.catalog.organization
    stem = _FILENAME_UNSAFE.sub("_", f"{organization.short_name or organization.name}职责目录")
    return f"{stem.strip(' ._') or 'catalog'}-v{version.number}.{FORMATS[fmt].extension}"


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the UTF-8 name per RFC 5987 / RFC 6266."""
    fallback = filename.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
    if not fallback.strip(".-_ ") or fallback.startswith("-"):
        fallback = "catalog" + (fallback if fallback.startswith("-") else "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


# Excel ----------------------------------------------------------------------


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
    for duty, item in _items(data):
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


# Word -----------------------------------------------------------------------

INDEX_WIDTHS_CM = (1.3, 6.3, 1.5, 6.9)  # 序号 主要职责 序号 职责事项: 16 cm between margins
SHEET_WIDTHS_CM = (2.6, 13.4)  # label, text


def build_docx(version: CatalogVersion, data: dict | None = None) -> bytes:
    """The official layout: the catalog title and its index, then for each item a
    heading “（名称）信息表” and a two-column table 序号/名称/法定依据/…/监督方式."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    data = data or export_data(version)
    document = Document()
    word_style_document(document, body_size_pt=10.5)
    styles = document.styles
    styles["Title"].font.size = Pt(18)
    styles["Heading 1"].font.size = Pt(14)

    title = document.add_heading(clean(data["catalog"]["title"]), level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph(
        f"{clean(data['organization']['name'])} · 第{data['version']['number']}版"
        + (
            f" · {data['version']['published_at'][:10]} 发布"
            if data["version"]["published_at"]
            else ""
        )
    )
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER

    index = document.add_table(rows=1, cols=4)
    index.style = "Table Grid"
    for cell, text in zip(
        index.rows[0].cells, ("序号", "主要职责", "序号", "职责事项"), strict=True
    ):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for duty, item in _items(data):
        cells = index.add_row().cells
        for cell, text in zip(
            cells, (duty["number"], duty["text"], item["number"], item["name"]), strict=True
        ):
            cell.text = clean(text)
    word_fixed_table(index, INDEX_WIDTHS_CM, header_rows=1)

    for _duty, item in _items(data):
        heading = document.add_heading(f"（{clean(item['name'])}）信息表", level=1)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.page_break_before = True  # one info sheet per page
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for label, text in _sheet_rows(item):
            label_cell, text_cell = table.add_row().cells
            label_cell.text = label
            label_cell.paragraphs[0].runs[0].bold = True
            label_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _write_lines(text_cell, text)
        word_fixed_table(table, SHEET_WIDTHS_CM)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _write_lines(cell, text: str) -> None:
    """One paragraph per source line, so ``cell.text`` reads back the exact text."""
    lines = clean(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


# JSON -----------------------------------------------------------------------


def build_json(version: CatalogVersion, data: dict | None = None) -> bytes:
    return json.dumps(data or export_data(version), ensure_ascii=False, indent=2).encode()


_TEXT = {"type": "string"}
_FIELD_PROPERTIES = {key: {"type": "string", "title": label} for key, label in FIELD_LABELS.items()}

EXPORT_JSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "lvzhi 职责目录导出（format_version 1）",
    "description": "一个职责目录版本：主要职责、职责事项及其信息表字段、法定依据引用和导入问题。",
    "type": "object",
    "required": ["format_version", "catalog", "organization", "version", "duties", "findings"],
    "properties": {
        "schema": {"type": "string", "description": "本 JSON Schema 的地址"},
        "format_version": {"const": FORMAT_VERSION},
        "catalog": {
            "type": "object",
            "required": ["id", "title"],
            "properties": {
                "id": {"type": "integer"},
                "title": {**_TEXT, "description": "目录名称"},
            },
        },
        "organization": {
            "type": "object",
            "required": ["id", "name", "code"],
            "properties": {
                "id": {"type": "integer"},
                "name": {**_TEXT, "description": "组织名称"},
                "code": {**_TEXT, "description": "组织代码"},
            },
        },
        "version": {
            "type": "object",
            "required": ["number", "status", "published_at"],
            "properties": {
                "id": {"type": "integer"},
                "number": {"type": "integer", "minimum": 1, "description": "版本号"},
                "status": {"enum": ["draft", "published", "superseded"]},
                "published_at": {"type": ["string", "null"], "format": "date-time"},
            },
        },
        "duties": {
            "type": "array",
            "description": "主要职责",
            "items": {
                "type": "object",
                "required": ["number", "text", "items"],
                "properties": {
                    "number": {**_TEXT, "description": "职责序号，如 3"},
                    "text": {**_TEXT, "description": "主要职责"},
                    "items": {
                        "type": "array",
                        "description": "职责事项",
                        "items": {
                            "type": "object",
                            "required": [
                                "number",
                                "name",
                                "fields",
                                "department",
                                "legal_citations",
                            ],
                            "properties": {
                                "number": {**_TEXT, "description": "事项序号，如 3.2"},
                                "name": {**_TEXT, "description": "名称（目录中的写法）"},
                                "sheet_title": {
                                    **_TEXT,
                                    "description": "信息表标题（源文件中的写法）",
                                },
                                "sheet_name": {
                                    **_TEXT,
                                    "description": "信息表名称（信息表自己的写法，与目录不同时保留）",
                                },
                                "fields": {
                                    "type": "object",
                                    "description": "信息表字段，原文",
                                    "required": list(FIELD_LABELS),
                                    "properties": _FIELD_PROPERTIES,
                                    "additionalProperties": False,
                                },
                                "department": {
                                    "description": "实施机构对应的内设部门（未匹配为 null）",
                                    "oneOf": [
                                        {"type": "null"},
                                        {
                                            "type": "object",
                                            "required": ["id", "name"],
                                            "properties": {
                                                "id": {"type": "integer"},
                                                "name": _TEXT,
                                            },
                                        },
                                    ],
                                },
                                "supervision_contact": {
                                    "type": "object",
                                    "properties": {
                                        "address": _TEXT,
                                        "phones": {"type": "array", "items": _TEXT},
                                        "emails": {"type": "array", "items": _TEXT},
                                    },
                                },
                                "legal_citations": {
                                    "type": "array",
                                    "description": "法定依据（发布时拆分）",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "title": _TEXT,
                                            "doc_number": _TEXT,
                                            "articles": {"type": "array", "items": _TEXT},
                                            "raw": _TEXT,
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
        "findings": {
            "type": "array",
            "description": "导入问题",
            "items": {
                "type": "object",
                "required": ["item_number", "field", "line", "severity", "message"],
                "properties": {
                    "item_number": _TEXT,
                    "field": _TEXT,
                    "field_label": _TEXT,
                    "line": {"type": "integer", "minimum": 0},
                    "severity": {"enum": ["error", "warning", "note"]},
                    "code": _TEXT,
                    "message": _TEXT,
                    "repair": _TEXT,
                    "decision": {"enum": ["pending", "accepted", "rejected"]},
                },
            },
        },
    },
}


# PDF ------------------------------------------------------------------------


@functools.cache
def cjk_font_installed() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    try:
        result = subprocess.run([fc_list], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return "cjk" in result.stdout.lower()


@functools.cache
def weasyprint_importable() -> bool:
    if importlib.util.find_spec("weasyprint") is None:
        return False
    try:
        importlib.import_module("weasyprint")
    except (ImportError, OSError):  # the module is there but its system libraries are not
        return False
    return True


def pdf_available() -> bool:
    return weasyprint_importable() and cjk_font_installed()


def available_formats() -> list[ExportFormat]:
    return [f for key, f in FORMATS.items() if key != "pdf" or pdf_available()]


# Simplified Chinese faces first (Debian's fonts-noto-cjk), then Windows' 宋体/黑体.
CJK_SERIF_STACK = (
    '"Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", "SimSun", "宋体", '
    '"Songti SC", serif'
)
CJK_SANS_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "黑体", sans-serif'
PDF_CSS = f"""
@page {{ size: A4; margin: 18mm 16mm;
        @bottom-center {{ content: counter(page) " / " counter(pages); font-size: 9pt; }} }}
body {{ font-family: {CJK_SERIF_STACK}; font-size: 10.5pt; line-height: 1.5; }}
h1, h2 {{ font-family: {CJK_SANS_STACK}; text-align: center; font-weight: bold; }}
h1 {{ font-size: 18pt; }}
h2 {{ font-size: 14pt; page-break-before: always; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
thead {{ display: table-header-group; }}
tr {{ page-break-inside: avoid; }}
th, td {{ border: 0.6pt solid #000; padding: 3pt 5pt; vertical-align: top;
          white-space: pre-wrap; overflow-wrap: anywhere; }}
th {{ text-align: center; }}
table.sheet th {{ width: 6em; }}
table.index col.number {{ width: 3.5em; }}
"""


def build_pdf_html(data: dict) -> str:
    parts = [
        f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{escape(clean(data['catalog']['title']))}</title>"
        f"<style>{PDF_CSS}</style></head><body>",
        f"<h1>{escape(clean(data['catalog']['title']))}</h1>",
        f"<p style='text-align:center'>{escape(clean(data['organization']['name']))} · "
        f"第{data['version']['number']}版</p>",
        "<table class='index'><colgroup><col class='number'><col><col class='number'><col>"
        "</colgroup><thead><tr><th>序号</th><th>主要职责</th><th>序号</th><th>职责事项</th>"
        "</tr></thead><tbody>",
    ]
    for duty, item in _items(data):
        parts.append(
            "<tr>"
            + "".join(
                f"<td>{escape(clean(text))}</td>"
                for text in (duty["number"], duty["text"], item["number"], item["name"])
            )
            + "</tr>"
        )
    parts.append("</tbody></table>")
    for _duty, item in _items(data):
        rows = "".join(
            f"<tr><th>{label}</th><td>{escape(clean(text))}</td></tr>"
            for label, text in _sheet_rows(item)
        )
        parts.append(
            f"<h2>（{escape(clean(item['name']))}）信息表</h2><table class='sheet'>{rows}</table>"
        )
    parts.append("</body></html>")
    return "".join(parts)


def build_pdf(version: CatalogVersion, data: dict | None = None) -> bytes:
    """The info sheets as PDF. Callers check :func:`pdf_available` first."""
    weasyprint = importlib.import_module("weasyprint")
    html = build_pdf_html(data or export_data(version))
    return weasyprint.HTML(string=html).write_pdf()


BUILDERS = {"xlsx": build_xlsx, "docx": build_docx, "json": build_json, "pdf": build_pdf}


class ExportUnavailable(LookupError):
    """The format is unknown or cannot be produced on this server (message in the active
    language)."""


def export(version: CatalogVersion, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, filename) of ``version`` in ``fmt``."""
    if fmt not in FORMATS:
        raise ExportUnavailable(
            _("不支持的导出格式：%(format)s（可用：xlsx、docx、json、pdf）") % {"format": fmt}
        )
    if fmt == "pdf" and not pdf_available():
        raise ExportUnavailable(str(PDF_UNAVAILABLE))
    content = BUILDERS[fmt](version)
    return content, FORMATS[fmt].content_type, export_filename(version, fmt)
