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

One module per format (:mod:`.to_xlsx`, :mod:`.to_docx`, :mod:`.to_json`, :mod:`.to_pdf`),
all reading :mod:`.data`. Which formats this server offers (:func:`pdf_available`) and
:func:`export` stay here, so that a test or a view patching ``exports.pdf_available`` (or
its two checks) changes what every caller sees.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import CatalogVersion
from .data import (
    FORMATS,
    SHEET_ROWS,
    ExportFormat,
    content_disposition,
    export_data,
    export_filename,
)
from .to_docx import build_docx
from .to_json import EXPORT_JSON_SCHEMA, build_json
from .to_pdf import (
    CJK_SANS_STACK,
    CJK_SERIF_STACK,
    build_pdf,
    cjk_font_installed,
    weasyprint_importable,
)
from .to_xlsx import FINDING_COLUMNS, build_xlsx

__all__ = [
    "BUILDERS",
    "CJK_SANS_STACK",
    "CJK_SERIF_STACK",
    "EXPORT_JSON_SCHEMA",
    "FINDING_COLUMNS",
    "FORMATS",
    "PDF_UNAVAILABLE",
    "SHEET_ROWS",
    "ExportFormat",
    "ExportUnavailable",
    "available_formats",
    "build_docx",
    "build_json",
    "build_pdf",
    "build_xlsx",
    "cjk_font_installed",
    "content_disposition",
    "export",
    "export_data",
    "export_filename",
    "pdf_available",
    "weasyprint_importable",
]

PDF_UNAVAILABLE = gettext_lazy(
    "PDF 导出不可用：服务器未安装 WeasyPrint 或中文（CJK）字体。"
    "请下载 Word 或 Excel 版本，或请管理员安装后再试。"
)


def pdf_available() -> bool:
    return weasyprint_importable() and cjk_font_installed()


def available_formats() -> list[ExportFormat]:
    return [f for key, f in FORMATS.items() if key != "pdf" or pdf_available()]


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
