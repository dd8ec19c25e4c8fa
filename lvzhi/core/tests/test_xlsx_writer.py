"""The streaming .xlsx writer of the list exports (lvzhi/core/xlsx_writer.py): what it
writes reads back with openpyxl as the same values and setup, LibreOffice opens and prints
it, and rows go to the file while they are still coming (memory bounded)."""

import datetime as dt
import io
import shutil

import openpyxl
import pytest

from lvzhi.core.tests.office_asserts import libreoffice_to_pdf, pdf_page_size, pdf_text, soffice
from lvzhi.core.xlsx_writer import cell_xml, column_letter, write_sheet


def test_column_letters():
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


def test_cells_by_type():
    assert cell_xml("A2", None) == ""
    assert cell_xml("B2", 7) == '<c r="B2"><v>7</v></c>'
    assert cell_xml("B2", 2.5) == '<c r="B2"><v>2.5</v></c>'
    assert cell_xml("C2", dt.date(1900, 3, 1)) == '<c r="C2" s="2"><v>61</v></c>'
    assert 't="inlineStr"' in cell_xml("D2", "=1+1")  # text, never a formula
    assert "&lt;b&gt; &amp;" in cell_xml("D2", "<b> &")
    assert "inf" in cell_xml("E2", float("inf")) and 't="inlineStr"' in cell_xml("E2", 1e999)


def _sample(target, rows, name="活动 's 列表"):
    return write_sheet(
        target,
        sheet_name=name,
        headers=["日期", "名称", "人数", "时间"],
        widths=[12, 30.5, 8, 18],
        rows=rows,
    )


ROWS = [
    [dt.date(2026, 3, 8), "=SUM(A1:A2)", 12, dt.datetime(2026, 3, 8, 9, 30)],
    [None, "  前后空格\n第二行 ", 3.25, None],
    [dt.date(2024, 2, 29), "a\x07b\ud800c", -1, dt.datetime(2024, 2, 29, 23, 59)],
]


def test_reads_back_with_openpyxl():
    out = io.BytesIO()
    assert _sample(out, ROWS) == 3
    workbook = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    sheet = workbook.worksheets[0]
    assert sheet.title == "活动 's 列表"
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values == [
        ["日期", "名称", "人数", "时间"],
        [dt.datetime(2026, 3, 8), "=SUM(A1:A2)", 12, dt.datetime(2026, 3, 8, 9, 30)],
        [None, "  前后空格\n第二行 ", 3.25, None],
        [dt.datetime(2024, 2, 29), "abc", -1, dt.datetime(2024, 2, 29, 23, 59)],
    ]
    assert sheet["B2"].data_type == "s"
    assert sheet["A2"].number_format == "yyyy-mm-dd"
    assert sheet["D2"].number_format == "yyyy-mm-dd hh:mm"
    header = sheet["A1"]
    assert header.font.bold and header.fill.fgColor.rgb == "FFF2F2F2"
    assert header.alignment.horizontal == "center" and header.alignment.wrap_text
    assert not sheet["B2"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["B"].width == 30.5


def test_an_empty_list_has_its_header_and_no_header_no_pane():
    out = io.BytesIO()
    assert _sample(out, []) == 0
    values = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert values == [("日期", "名称", "人数", "时间")]
    bare = io.BytesIO()
    write_sheet(bare, sheet_name="x", headers=[], widths=[], rows=[])
    assert openpyxl.load_workbook(bare).worksheets[0].freeze_panes is None


def test_rows_reach_the_file_while_they_are_still_coming():
    out = io.BytesIO()
    seen = []

    def rows():
        for index in range(20_000):
            if index == 19_999:
                seen.append(out.tell())
            yield [dt.date(2026, 1, 1), f"第{index}行：走访联系妇女群众，了解就业情况", index, None]

    assert _sample(out, rows()) == 20_000
    # most of the sheet was compressed into the file before the last row was read
    assert seen[0] > out.tell() / 2 > 50_000


@pytest.mark.skipif(not soffice() or not shutil.which("pdftotext"), reason="LibreOffice 未安装")
def test_libreoffice_opens_and_prints_it(tmp_path):
    path = tmp_path / "export.xlsx"
    _sample(path, ROWS)
    (pdf,) = libreoffice_to_pdf([path], tmp_path)
    text = pdf_text(pdf, "-layout")
    for expected in ("日期", "名称", "=SUM(A1:A2)", "2026-03-08", "2024-02-29 23:59", "abc"):
        assert expected in text, expected
    width, height = pdf_page_size(pdf)
    assert width > height  # landscape
