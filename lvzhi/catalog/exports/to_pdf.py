"""The PDF export (WeasyPrint), and whether this server can produce it: WeasyPrint
importable with its system libraries, and a CJK font installed."""

import functools
import importlib
import importlib.util
import shutil
import subprocess

from django.utils.html import escape

from ..models import CatalogVersion
from .data import clean, duty_items, export_data, sheet_rows


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
    for duty, item in duty_items(data):
        parts.append(
            "<tr>"
            + "".join(
                f"<td>{escape(clean(text))}</td>"
                for text in (duty["number"], duty["text"], item["number"], item["name"])
            )
            + "</tr>"
        )
    parts.append("</tbody></table>")
    for _duty, item in duty_items(data):
        rows = "".join(
            f"<tr><th>{label}</th><td>{escape(clean(text))}</td></tr>"
            for label, text in sheet_rows(item)
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
