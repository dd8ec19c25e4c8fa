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
    _style_table(sheet, header_row=2, widths=(8, 30, 24, 40, 22, 30, 36, 30, 40, 30, 24))
    sheet.freeze_panes = "A3"

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
                f["code"],
                f["message"],
                REPAIR_LABELS.get(f["repair"], f["repair"]),
                decisions.get(f["decision"], f["decision"]) if f["repair"] else "",
            ),
        )
    _style_table(findings, header_row=1, widths=(8, 12, 8, 8, 18, 60, 20, 10))
    findings.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _append(sheet, values) -> None:
    """Append a row of literal values: text is never read as a formula."""
    sheet.append([clean(v)[:EXCEL_CELL_MAX] if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def _style_table(sheet, *, header_row: int, widths) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    fill = PatternFill("solid", fgColor="F2F2F2")
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = wrap
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


# Word -----------------------------------------------------------------------

WORD_FONT = "宋体"
WORD_HEADING_FONT = "黑体"


def _set_fonts(rpr_owner, name: str) -> None:
    """Set ascii/hAnsi/eastAsia fonts on a style's or run's rPr, dropping theme fonts
    (which would otherwise win over the named font)."""
    from docx.oxml.ns import qn

    rfonts = rpr_owner.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attribute}"), name)


def build_docx(version: CatalogVersion, data: dict | None = None) -> bytes:
    """The official layout: the catalog title and its index, then for each item a
    heading “（名称）信息表” and a two-column table 序号/名称/法定依据/…/监督方式."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    data = data or export_data(version)
    document = Document()
    styles = document.styles
    _set_fonts(styles["Normal"].element, WORD_FONT)
    styles["Normal"].font.size = Pt(10.5)
    for style_name in ("Title", "Heading 1", "Heading 2"):
        style = styles[style_name]
        _set_fonts(style.element, WORD_HEADING_FONT)
        style.font.color.rgb = RGBColor(0, 0, 0)
    styles["Title"].font.size = Pt(18)
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2.2)

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
    widths = (Cm(1.3), Cm(7.5), Cm(1.5), Cm(6.3))
    for row in index.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width

    for _duty, item in _items(data):
        heading = document.add_heading(f"（{clean(item['name'])}）信息表", level=1)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.page_break_before = True  # one info sheet per page
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for label, text in _sheet_rows(item):
            label_cell, text_cell = table.add_row().cells
            label_cell.width, text_cell.width = Cm(2.6), Cm(14)
            label_cell.text = label
            label_cell.paragraphs[0].runs[0].bold = True
            label_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _write_lines(text_cell, text)
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


PDF_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun",
       serif; font-size: 10.5pt; }
h1 { text-align: center; font-size: 18pt; }
h2 { text-align: center; font-size: 14pt; page-break-before: always; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #000; padding: 4px 6px; vertical-align: top; white-space: pre-wrap; }
th { width: 5.5em; text-align: center; }
"""


def build_pdf_html(data: dict) -> str:
    parts = [
        f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<style>{PDF_CSS}</style></head><body>",
        f"<h1>{escape(clean(data['catalog']['title']))}</h1>",
        f"<p style='text-align:center'>{escape(data['organization']['name'])} · "
        f"第{data['version']['number']}版</p>",
    ]
    for _duty, item in _items(data):
        rows = "".join(
            f"<tr><th>{label}</th><td>{escape(clean(text))}</td></tr>"
            for label, text in _sheet_rows(item)
        )
        parts.append(f"<h2>（{escape(clean(item['name']))}）信息表</h2><table>{rows}</table>")
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
