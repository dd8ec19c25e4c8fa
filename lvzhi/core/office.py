"""Word and Excel files as offices print them (issue 11 point 11).

Word (python-docx): A4 pages; tables with a fixed layout, a fixed width and their column
widths written in the table grid (``w:tblGrid/w:gridCol``) as well as in every cell —
LibreOffice and WPS follow the grid, Word the cells; header rows repeated on each page
(``w:tblHeader``) and rows never split across pages (``w:cantSplit``); 宋体 for the body
and 黑体 for headings, set for East-Asian text too (``w:rFonts w:eastAsia``), with the
East-Asian language zh-CN (``w:lang w:eastAsia``); the template's theme fonts, colours
and the title's blue rule removed.

Excel (openpyxl): thin borders, wrapped text with row heights that show it, landscape A4
fitted to the page width, header rows repeated on every printed page and frozen on
screen.
"""

import math
import unicodedata

WORD_BODY_FONT = "宋体"
WORD_HEADING_FONT = "黑体"
A4_WIDTH_MM, A4_HEIGHT_MM = 210, 297
TWIPS_PER_CM = 567

# Word -------------------------------------------------------------------------------------


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


def _set_rfonts(rpr, name: str) -> None:
    """ascii/hAnsi/eastAsia/cs fonts on an rPr, without the theme fonts that would win."""
    rfonts = rpr.get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(_w(attribute), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(_w(attribute), name)


def _set_lang(rpr) -> None:
    from docx.oxml import OxmlElement

    lang = rpr.find(_w("lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(_w("val"), "zh-CN")
    lang.set(_w("eastAsia"), "zh-CN")


def _drop(element, tag: str) -> None:
    for child in element.findall(_w(tag)):
        element.remove(child)


def word_style_document(document, *, body_size_pt: float, margins_cm: float = 2.5) -> None:
    """A4 pages and clean Chinese styles on a fresh ``docx.Document()``."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Mm, Pt, RGBColor

    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(A4_WIDTH_MM), Mm(A4_HEIGHT_MM)
        section.left_margin = section.right_margin = Cm(margins_cm)
        section.top_margin = section.bottom_margin = Cm(2.5)

    styles_element = document.styles.element
    defaults = styles_element.find(_w("docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{_w('rPrDefault')}/{_w('rPr')}")
        if rpr is not None:
            _set_rfonts(rpr, WORD_BODY_FONT)
            _set_lang(rpr)
        # the template's 10 pt after every paragraph and 1.15 lines: gaps in every table cell
        spacing = defaults.find(f"{_w('pPrDefault')}/{_w('pPr')}/{_w('spacing')}")
        if spacing is not None:
            spacing.set(_w("after"), "0")
            spacing.set(_w("line"), "240")
            spacing.set(_w("lineRule"), "auto")

    styles = document.styles
    normal = styles["Normal"]
    _set_rfonts(normal.element.get_or_add_rPr(), WORD_BODY_FONT)
    _set_lang(normal.element.get_or_add_rPr())
    normal.font.size = Pt(body_size_pt)
    for style in styles:
        element = style.element
        if element.get(_w("type")) not in ("paragraph", "character"):
            continue
        name = style.name or ""
        if not (name == "Title" or name.startswith("Heading") or name.startswith("Title")):
            continue
        rpr = element.get_or_add_rPr()
        _set_rfonts(rpr, WORD_HEADING_FONT)
        _drop(rpr, "color")
        _drop(rpr, "i")
        _drop(rpr, "iCs")
        style.font.color.rgb = RGBColor(0, 0, 0)
        ppr = element.find(_w("pPr"))
        if ppr is not None:
            _drop(ppr, "pBdr")  # the title's blue rule


def word_fixed_table(table, widths_cm, *, header_rows: int = 0) -> None:
    """Fix ``table``'s layout and widths (grid, cells, table) and mark its rows: the first
    ``header_rows`` repeat on each page, no row splits across pages."""
    from docx.oxml import OxmlElement

    table.autofit = False  # w:tblLayout w:type="fixed"
    tbl = table._tbl
    total = sum(round(w * TWIPS_PER_CM) for w in widths_cm)
    tblw = tbl.tblPr.find(_w("tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tbl.tblPr.append(tblw)
    tblw.set(_w("type"), "dxa")
    tblw.set(_w("w"), str(total))
    twips = [str(round(width * TWIPS_PER_CM)) for width in widths_cm]
    for grid_col, width in zip(tbl.tblGrid.findall(_w("gridCol")), twips, strict=True):
        grid_col.set(_w("w"), width)
    for index, row in enumerate(table.rows):
        for cell, width in zip(row.cells, twips, strict=True):
            tcw = cell._tc.get_or_add_tcPr().get_or_add_tcW()
            tcw.set(_w("type"), "dxa")
            tcw.set(_w("w"), width)
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(_w("cantSplit")) is None:
            tr_pr.insert(0, OxmlElement("w:cantSplit"))
        if index < header_rows and tr_pr.find(_w("tblHeader")) is None:
            tr_pr.append(OxmlElement("w:tblHeader"))


# Excel ------------------------------------------------------------------------------------

LINE_HEIGHT_PT = 15.0
EXCEL_MAX_ROW_HEIGHT = 409.0


def _text_width(text: str) -> int:
    """Width in Excel character units: East-Asian wide characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrapped_lines(value, width: float) -> int:
    """How many lines ``value`` takes wrapped in a column ``width`` characters wide."""
    if value is None or value == "":
        return 1
    usable = max(width - 1.5, 1.0)
    return sum(
        max(1, math.ceil(_text_width(line) / usable)) for line in str(value).splitlines() or [""]
    )


def excel_print_table(sheet, *, header_row: int, widths) -> None:
    """Column widths, thin borders and wrapping on the table that starts at ``header_row``,
    row heights showing the wrapped text, landscape A4 fitted to the page width, the header
    row repeated on every printed page and frozen on screen."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    widths = tuple(widths)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="F2F2F2")
    header_alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    body_alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=header_row, max_col=len(widths)):
        lines = 1
        for cell, width in zip(row, widths, strict=False):
            cell.border = border
            if cell.row == header_row:
                cell.font = Font(bold=True)
                cell.fill = fill
                cell.alignment = header_alignment
            else:
                cell.alignment = body_alignment
            lines = max(lines, wrapped_lines(cell.value, width))
        sheet.row_dimensions[row[0].row].height = min(
            EXCEL_MAX_ROW_HEIGHT, lines * LINE_HEIGHT_PT + 3
        )

    excel_page_setup(sheet, header_row=header_row)


def excel_page_setup(sheet, *, header_row: int) -> None:
    """Landscape A4 fitted to the page width (as many pages tall as needed), the header row
    repeated on every printed page and frozen on screen."""
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.freeze_panes = f"A{header_row + 1}"
