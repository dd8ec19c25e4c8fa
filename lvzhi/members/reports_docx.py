"""The 述职报告 Word template (python-docx) for one member and year, filled with her own
figures from the platform: activities by kind (returned ones not counted), women reached,
executive meetings attended, trainings attended; the rest is left for her to write
(CQ-LZ 第八条: 每年在执委会上进行书面述职一次)."""

import io

from django.utils.translation import gettext as _

from .selectors.meetings import ReportFigures

FONT = "宋体"
HEADING_FONT = "黑体"


def _set_fonts(rpr_owner, name: str) -> None:
    """ascii/hAnsi/eastAsia fonts on a style's or run's rPr, without theme fonts (which
    would win over the named font in Word)."""
    from docx.oxml.ns import qn

    rfonts = rpr_owner.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attribute}"), name)


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
    from docx.shared import Cm, Pt, RGBColor

    document = Document()
    styles = document.styles
    _set_fonts(styles["Normal"].element, FONT)
    styles["Normal"].font.size = Pt(12)
    for style_name in ("Title", "Heading 1"):
        style = styles[style_name]
        _set_fonts(style.element, HEADING_FONT)
        style.font.color.rgb = RGBColor(0, 0, 0)
    styles["Title"].font.size = Pt(20)
    styles["Heading 1"].font.size = Pt(14)
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2.6)

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
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in figure_rows(figures):
        label_cell, value_cell = table.add_row().cells
        label_cell.width, value_cell.width = Cm(6), Cm(9)
        label_cell.text = label
        value_cell.text = value
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
