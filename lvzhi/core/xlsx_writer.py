"""A streaming writer of one-sheet .xlsx files for the list exports (lvzhi/core/exports.py).

openpyxl's write-only mode streams too, but builds a cell object, checks and styles it and
serialises an element for every cell: for the 900,000 cells of a 100,000-row list that is
about two thirds of the export's time (issue 11 point 6, ``benchmarks/exports.py``). The
list exports need only a small, fixed part of SpreadsheetML — text, numbers, dates, a
bold header row, fitted widths, a frozen header and the print setup — so this module
writes the parts of the package itself: each row is one formatted string, written into
the deflated sheet part of the zip file as it comes (memory stays bounded whatever the row
count). Text is written inline (``t="inlineStr"``), never as a formula, so ``=1+1`` stays
text and no shared-strings table grows with the rows.

The file opens in Excel, WPS, LibreOffice and openpyxl (the export tests read it back with
openpyxl; ``lvzhi/core/tests/test_xlsx_writer.py`` also has LibreOffice convert it).
"""

import datetime as dt
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

# Characters XML 1.0 cannot hold (control characters but tab and newlines, lone
# surrogates, U+FFFE/U+FFFF): dropped from text.
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
MAX_CELL_CHARS = 32_000  # Excel's limit is 32,767 characters a cell
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
EPOCH = dt.datetime(1899, 12, 30)  # Excel's day 0 (the 1900 date system)
EPOCH_DATE = EPOCH.date()
ROWS_PER_WRITE = 500

# cellXfs of styles.xml: 0 plain, 1 header, 2 date, 3 date and time
HEADER_STYLE, DATE_STYLE, DATETIME_STYLE = 1, 2, 3

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = (
    XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    XML_HEAD + f'<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{PKG_REL_NS}/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{REL_NS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    XML_HEAD + f'<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
APP = (
    XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>lvzhi</Application></Properties>'
)
STYLES = (
    XML_HEAD + f'<styleSheet xmlns="{MAIN_NS}">'
    '<numFmts count="2">'
    f'<numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/>'
    f'<numFmt numFmtId="165" formatCode="{DATETIME_FORMAT}"/>'
    "</numFmts>"
    '<fonts count="2">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    "</fonts>"
    '<fills count="3">'
    '<fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/>'
    '<bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" '
    'applyFill="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def clean_text(value: str) -> str:
    """Text a cell can hold: characters XML cannot carry dropped, cut at Excel's limit."""
    if ILLEGAL.search(value):
        value = ILLEGAL.sub("", value)
    return value[:MAX_CELL_CHARS]


def _text_cell(ref: str, value: str, style: int = 0) -> str:
    styled = f' s="{style}"' if style else ""
    return (
        f'<c r="{ref}"{styled} t="inlineStr"><is><t xml:space="preserve">'
        f"{escape(clean_text(value))}</t></is></c>"
    )


def cell_xml(ref: str, value) -> str:
    """One cell of a plain value (text, number, date, naive datetime; None: no cell)."""
    kind = type(value)
    if kind is str:
        return _text_cell(ref, value)
    if value is None:
        return ""
    if kind is int:
        return f'<c r="{ref}"><v>{value}</v></c>'
    if kind is float:
        if math.isfinite(value):
            return f'<c r="{ref}"><v>{value!r}</v></c>'
        return _text_cell(ref, str(value))
    if isinstance(value, dt.datetime):
        serial = (value.replace(tzinfo=None) - EPOCH) / dt.timedelta(days=1)
        return f'<c r="{ref}" s="{DATETIME_STYLE}"><v>{serial!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{DATE_STYLE}"><v>{(value - EPOCH_DATE).days}</v></c>'
    if isinstance(value, int):  # bool, IntEnum and other subclasses
        return cell_xml(ref, int(value))
    if isinstance(value, float):
        return cell_xml(ref, float(value))
    return _text_cell(ref, str(value))


def _row_xml(number: int, letters: Sequence[str], values: Sequence) -> str:
    """One row: :func:`cell_xml` with its two commonest cases (text, whole numbers)
    inlined — this loop runs once per cell of the export."""
    cells = [f'<row r="{number}">']
    for letter, value in zip(letters, values, strict=False):
        kind = type(value)
        if kind is str:
            if ILLEGAL.search(value):
                value = ILLEGAL.sub("", value)
            if len(value) > MAX_CELL_CHARS:
                value = value[:MAX_CELL_CHARS]
            if "&" in value:
                value = value.replace("&", "&amp;")
            if "<" in value:
                value = value.replace("<", "&lt;")
            if ">" in value:
                value = value.replace(">", "&gt;")
            cells.append(
                f'<c r="{letter}{number}" t="inlineStr"><is><t xml:space="preserve">'
                f"{value}</t></is></c>"
            )
        elif kind is int:
            cells.append(f'<c r="{letter}{number}"><v>{value}</v></c>')
        elif value is not None:
            cells.append(cell_xml(f"{letter}{number}", value))
    cells.append("</row>")
    return "".join(cells)


def _sheet_head(title_rows: bool, widths: Sequence[float]) -> str:
    cols = "".join(
        f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
        for index, width in enumerate(widths, start=1)
    )
    return (
        XML_HEAD + f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        '<sheetViews><sheetView workbookViewId="0">'
        + (
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            if title_rows
            else ""
        )
        + "</sheetView></sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + "<sheetData>"
    )


SHEET_TAIL = (
    "</sheetData>"
    '<printOptions horizontalCentered="1"/>'
    '<pageMargins left="0.4" right="0.4" top="1" bottom="1" header="0.5" footer="0.5"/>'
    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
    "</worksheet>"
)


def _workbook(sheet_name: str) -> str:
    quoted = "'" + sheet_name.replace("'", "''") + "'"
    return (
        XML_HEAD + f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f'<sheets><sheet name={quoteattr(sheet_name)} sheetId="1" r:id="rId1"/></sheets>'
        '<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'
        f"{escape(quoted)}!$1:$1</definedName></definedNames>"
        "</workbook>"
    )


def _core(now: dt.datetime) -> str:
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        XML_HEAD + "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:creator>lvzhi</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def write_sheet(
    target,
    *,
    sheet_name: str,
    headers: Sequence[str],
    widths: Sequence[float],
    rows: Iterable[Sequence],
) -> int:
    """Write an .xlsx with one sheet at ``target`` (a path or a binary file object): the
    ``headers`` as a bold, frozen row repeated on printed pages, then ``rows`` of plain
    values (text, numbers, dates, naive datetimes, None) as they come. Returns the number
    of data rows written."""
    letters = [column_letter(index) for index in range(1, len(headers) + 1)]
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        package.writestr("docProps/app.xml", APP)
        package.writestr("docProps/core.xml", _core(dt.datetime.now(dt.UTC)))
        package.writestr("xl/workbook.xml", _workbook(sheet_name))
        package.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        package.writestr("xl/styles.xml", STYLES)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_sheet_head(bool(headers), widths).encode())
            header = "".join(
                _text_cell(f"{letter}1", str(text), HEADER_STYLE)
                for letter, text in zip(letters, headers, strict=True)
            )
            pending = [f'<row r="1">{header}</row>']
            number = 1
            for values in rows:
                number += 1
                pending.append(_row_xml(number, letters, values))
                if len(pending) >= ROWS_PER_WRITE:
                    sheet.write("".join(pending).encode())
                    pending.clear()
            count = number - 1
            pending.append(SHEET_TAIL)
            sheet.write("".join(pending).encode())
    return count
