"""The 述职报告 Word template (python-docx) for one member and year, filled with her own
figures from the platform: activities by kind (returned ones not counted), women reached,
executive meetings attended, trainings attended; the rest is left for her to write
(CQ-LZ 第八条: 每年在执委会上进行书面述职一次). The page and the API answer with the same
document (``template_response``) and name a submitted report's file the same way."""

import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from lvzhi.core.office import word_fixed_table, word_style_document
from lvzhi.members.meetings.selectors import ReportFigures

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIGURE_WIDTHS_CM = (6.0, 9.0)  # label, figure: 15 cm between the 3 cm margins


def figure_rows(figures: ReportFigures) -> list[tuple[str, str]]:
    """(label, value) rows of the figures table, as the document shows them."""
    rows = [(label, str(count)) for _kind, label, count in figures.activities]
    rows += [
        (_("履职活动合计"), str(figures.activities_total)),
        (_("联系妇女人数"), str(figures.women_reached)),
        (
            _("出席执委会议"),
            f"{figures.meetings_attended} / {figures.meetings_held}",
        ),
        (_("口头述职"), str(figures.oral_reports)),
        (_("参加培训"), str(figures.trainings_attended)),
    ]
    return rows


def report_filename(figures: ReportFigures) -> str:
    return _("%(year)d年度执委述职报告-%(name)s.docx") % {
        "year": figures.year,
        "name": figures.person.name,
    }


def build_report_docx(figures: ReportFigures) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    word_style_document(document, body_size_pt=12, margins_cm=3.0)
    styles = document.styles
    styles["Title"].font.size = Pt(20)
    styles["Heading 1"].font.size = Pt(14)

    title = document.add_heading(_("%(year)d年度执委述职报告") % {"year": figures.year}, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    person = figures.person
    header = document.add_paragraph(
        _("述职人：%(name)s　　职务：%(title)s　　所在组织：%(org)s")
        % {
            "name": person.name,
            "title": figures.title_label or _("执委"),
            "org": figures.organization.name,
        }
    )
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_heading(
        _("一、履职数据（平台记录，%(year)d年）") % {"year": figures.year}, level=1
    )
    document.add_paragraph(
        _(
            "以下数字取自履职平台：本人记录的履职活动（已退回的不计）、联系妇女人数、"
            "出席本级妇联执委会议次数（出席次数 / 召开次数）和参加培训次数。"
        )
    )
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, (_("事项"), _("平台记录")), strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for label, value in figure_rows(figures):
        label_cell, value_cell = table.add_row().cells
        label_cell.text = label
        value_cell.text = value
    word_fixed_table(table, FIGURE_WIDTHS_CM, header_rows=1)  # repeated on each page
    if figures.grade:
        document.add_paragraph(
            _("%(year)d年度评议结果：%(grade)s") % {"year": figures.year, "grade": figures.grade}
        )

    for heading in (
        _("二、主要工作和成效"),
        _("三、存在的不足"),
        _("四、下一步打算"),
    ):
        document.add_heading(heading, level=1)
        document.add_paragraph(_("（请填写）"))

    closing = document.add_paragraph(
        _("述职人：%(name)s　　　　年　　月　　日") % {"name": person.name}
    )
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def template_response(figures) -> HttpResponse:
    response = HttpResponse(build_report_docx(figures), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, report_filename(figures))
    return response


def report_file_name(report) -> str:
    return _("%(year)d年度书面述职-%(name)s") % {"year": report.year, "name": report.person.name}
