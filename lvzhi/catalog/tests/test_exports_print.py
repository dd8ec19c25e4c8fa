"""The catalog's Word, Excel and PDF exports as offices print them (issue 11 point 11):
re-opened with python-docx / openpyxl, rendered by WeasyPrint and by LibreOffice headless,
and read back with poppler's pdftotext / pdfinfo / pdffonts."""

import io
import re
import shutil
from types import SimpleNamespace

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from lvzhi.catalog import exports
from lvzhi.core.tests.office_asserts import (
    assert_excel_prints,
    assert_word_prints,
    header_repeats,
    libreoffice_to_pdf,
    pdf_fonts,
    pdf_page_size,
    pdf_text,
    soffice,
)
from lvzhi.members.meetings.reports_docx import build_report_docx
from lvzhi.members.meetings.selectors import ReportFigures

from .test_models_services import _publish_accepting_all, cadre, draft  # noqa: F401

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A4 = (595.3, 841.9)
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo") and shutil.which("pdffonts")


def _close(size, expected):
    return all(abs(a - b) < 1.5 for a, b in zip(size, expected, strict=True))


def _texts(draft):  # noqa: F811
    items = list(draft.items.order_by("order", "id"))
    return items, [i.name for i in items] + [
        i.implementing_body for i in items if i.implementing_body
    ]


def test_word_export_prints_on_a4_with_a_fixed_grid(draft):  # noqa: F811
    document = Document(io.BytesIO(exports.build_docx(draft)))
    assert_word_prints(document)
    index, *sheets = document.tables
    assert header_repeats(index) and len(sheets) == 3
    for table in sheets:
        grid = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
        assert grid[0] < grid[1] / 4  # the label column is narrow: 2.6 cm of 16 cm
        assert not header_repeats(table)


def test_excel_export_prints_landscape_fit_to_width_in_chinese(draft):  # noqa: F811
    workbook = load_workbook(io.BytesIO(exports.build_xlsx(draft)))
    items = workbook["职责事项"]
    assert_excel_prints(items, header_row=2)
    assert_excel_prints(workbook["导入问题"], header_row=1)
    # wrapped text is shown: a row with two-line fields is taller than one line
    heights = [items.row_dimensions[r].height for r in range(3, items.max_row + 1)]
    assert all(h and h >= 2 * 15 for h in heights)
    codes = [row[4] for row in workbook["导入问题"].iter_rows(min_row=2, values_only=True)]
    assert sorted(codes) == ["字段为“无”", "字段错位", "标题不一致"]


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext) 未安装：.ci/run 会安装")
def test_pdf_export_is_real_a4_with_a_simplified_chinese_face(draft, tmp_path):  # noqa: F811
    assert exports.pdf_available(), "WeasyPrint 或 fonts-noto-cjk 未安装（见 README）"
    content, content_type, filename = exports.export(draft, "pdf")
    assert content.startswith(b"%PDF") and content_type == "application/pdf"
    path = tmp_path / "catalog.pdf"
    path.write_bytes(content)
    assert _close(pdf_page_size(path), A4)
    text = pdf_text(path)
    items, expected = _texts(draft)
    for value in expected:
        assert value in text, value
    assert text.count("信息表") == len(items)
    fonts = pdf_fonts(path)
    assert re.search(r"CJK[- ]?SC", fonts, re.IGNORECASE), fonts


@pytest.mark.skipif(not soffice(), reason="LibreOffice (soffice) 未安装：.ci/run 会安装")
@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext) 未安装：.ci/run 会安装")
def test_libreoffice_prints_word_and_excel_exports(draft, tmp_path):  # noqa: F811
    word, excel = tmp_path / "catalog-word.docx", tmp_path / "catalog-excel.xlsx"
    word.write_bytes(exports.build_docx(draft))
    excel.write_bytes(exports.build_xlsx(draft))
    report = tmp_path / "report-word.docx"  # the members' 述职报告 template, same conversion
    report.write_bytes(build_report_docx(_report_figures()))
    word_pdf, excel_pdf, report_pdf = libreoffice_to_pdf([word, excel, report], tmp_path)
    items, expected = _texts(draft)

    assert _close(pdf_page_size(word_pdf), A4)  # portrait A4
    text = pdf_text(word_pdf, "-layout")
    for value in expected:
        assert value in text, value
    # the 信息表's label column is narrow: the label and its value share a line, and the
    # value starts in the left third of the page
    assert re.search(r"实施机构 +天津市滨海新区妇联宣传部", text)
    words = re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', pdf_text(word_pdf, "-bbox"))
    starts = [float(x) for x, word in words if word == "天津市滨海新区妇联宣传部"]
    assert starts and max(starts) < A4[0] / 3, starts

    assert _close(pdf_page_size(excel_pdf), tuple(reversed(A4)))  # landscape A4
    sheet_text = "".join(pdf_text(excel_pdf, "-raw").split())  # cells wrap: drop the breaks
    for value in expected:
        assert "".join(value.split()) in sheet_text, value
    assert "field_none" not in sheet_text and "字段错位" in sheet_text

    assert _close(pdf_page_size(report_pdf), A4)
    report_text = pdf_text(report_pdf, "-layout")
    assert "年度执委述职报告" in report_text and "李红" in report_text
    assert re.search(r"联系妇女人数 +40", report_text)


def _report_figures():
    return ReportFigures(
        person=SimpleNamespace(name="李红"),
        organization=SimpleNamespace(name="新河村妇联"),
        year=2026,
        title_label="执委",
        activities=[("contact", "联系", 2), ("lecture", "宣讲", 1)],
        activities_total=3,
        women_reached=40,
        meetings_attended=1,
        meetings_held=2,
        trainings_attended=1,
        oral_reports=0,
        grade="",
    )


def test_info_sheet_print_view_uses_the_simplified_chinese_font_stack(client, draft, admin_user):  # noqa: F811
    _publish_accepting_all(admin_user, draft)
    item = draft.items.get(number="1.1")
    html = client.get(reverse("catalog:public-item", args=[item.pk])).content.decode()
    style = html.split('<style media="print" id="info-sheet-print">', 1)[1].split("</style>")[0]
    assert exports.CJK_SERIF_STACK in style and exports.CJK_SANS_STACK in style
    assert "size: A4" in style and "table-layout: fixed" in style


def test_import_templates_print_landscape_with_the_header_repeated():
    from lvzhi.catalog.excel import build_catalog_template
    from lvzhi.orgs.roster import build_template

    catalog = load_workbook(io.BytesIO(build_catalog_template())).active
    assert_excel_prints(catalog, header_row=1)
    assert catalog.row_dimensions[2].height > 15  # the example row's wrapped text shows
    for sheet in load_workbook(io.BytesIO(build_template())).worksheets:
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == "$1:$1" and sheet.freeze_panes == "A2"
