"""The Word export, in the official layout: the title and index, then one info sheet
(信息表) per item and page."""

import io

from lvzhi.core.office import word_fixed_table, word_style_document

from ..models import CatalogVersion
from .data import clean, duty_items, export_data, sheet_rows

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
    for duty, item in duty_items(data):
        cells = index.add_row().cells
        for cell, text in zip(
            cells, (duty["number"], duty["text"], item["number"], item["name"]), strict=True
        ):
            cell.text = clean(text)
    word_fixed_table(index, INDEX_WIDTHS_CM, header_rows=1)

    for _duty, item in duty_items(data):
        heading = document.add_heading(f"（{clean(item['name'])}）信息表", level=1)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.page_break_before = True  # one info sheet per page
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for label, text in sheet_rows(item):
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
