"""The evaluation report (Word, python-docx) of one scored project: the project, the three
grounds with their weights and scores, the weighted score and the verdict against the
threshold, the evaluator's opinion (第十五条)."""

import io

from django.utils.translation import gettext as _

from lvzhi.core.office import word_fixed_table, word_style_document

from . import rules

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
INFO_WIDTHS_CM = (4.0, 11.0)
SCORE_WIDTHS_CM = (5.0, 3.0, 3.5, 3.5)


def report_filename(evaluation) -> str:
    return _("%(year)d年度项目评估报告-%(organization)s.docx") % {
        "year": evaluation.plan.year,
        "organization": evaluation.application.organization.name,
    }


def build_report_docx(evaluation, ratings_count: int) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    plan = evaluation.plan
    application = evaluation.application
    document = Document()
    word_style_document(document, body_size_pt=12, margins_cm=3.0)
    document.styles["Title"].font.size = Pt(20)
    document.styles["Heading 1"].font.size = Pt(14)
    title = document.add_heading(
        _("%(year)d年度社会化项目第三方成效评估报告") % {"year": plan.year}, level=0
    )
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_heading(_("一、项目基本情况"), level=1)
    info = [
        (_("项目名称"), application.title),
        (_("实施组织"), application.organization.name),
        (_("项目批次"), application.batch.title),
        (_("委托妇联"), plan.federation.name),
        (_("立项资金（元）"), str(application.funded_amount or "")),
        (_("评估机构"), plan.agency),
    ]
    table = document.add_table(rows=len(info), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, info, strict=True):
        row.cells[0].text = label
        row.cells[1].text = value
    word_fixed_table(table, INFO_WIDTHS_CM)

    document.add_heading(_("二、评估得分"), level=1)
    labels = rules.ground_labels()
    scores = {
        "satisfaction": evaluation.satisfaction_score,
        "capacity": evaluation.capacity_score,
        "results": evaluation.results_score,
    }
    weights = plan.weights
    table = document.add_table(rows=len(rules.GROUNDS) + 2, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, (_("评估维度"), _("权重"), _("得分"), _("加权得分")), strict=True
    ):
        cell.text = text
    for row, ground in zip(table.rows[1:], rules.GROUNDS, strict=False):
        weighted = (scores[ground] * weights[ground] / 100).quantize(rules.ONE_PLACE)
        for cell, text in zip(
            row.cells,
            (labels[ground], f"{weights[ground]}%", str(scores[ground]), str(weighted)),
            strict=True,
        ):
            cell.text = text
    last = table.rows[-1].cells
    last[0].text = _("综合得分")
    last[1].text = "100%"
    last[3].text = str(evaluation.weighted_score)
    word_fixed_table(table, SCORE_WIDTHS_CM, header_rows=1)
    if evaluation.satisfaction_from_ratings:
        source = _("满意度得分来自受益对象在线评价 %(n)d 份（平均分×20）。") % {"n": ratings_count}
    else:
        source = _("满意度得分来自评估机构的满意度调查。")
    document.add_paragraph(source)

    document.add_heading(_("三、评估结论"), level=1)
    document.add_paragraph(evaluation.verdict.get("detail", ""))
    if evaluation.passed:
        document.add_paragraph(_("评估合格。"))
    else:
        document.add_paragraph(
            _("评估不合格：该组织不能申报%(next)d年度社会化项目。") % {"next": plan.year + 1}
        )
    document.add_heading(_("四、评估意见"), level=1)
    document.add_paragraph(evaluation.comment or _("（无）"))
    sign = document.add_paragraph(
        _("评估机构：%(agency)s　　日期：%(date)s")
        % {"agency": plan.agency, "date": evaluation.submitted_at.date().isoformat()}
    )
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
