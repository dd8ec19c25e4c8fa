"""The 述职报告 template as offices print it (issue 11 point 11): A4, a fixed table grid,
宋体/黑体 with East-Asian language zh-CN, no leftover template styling."""

import io
from types import SimpleNamespace

from docx import Document

from lvzhi.core.tests.office_asserts import W, assert_word_prints, header_repeats
from lvzhi.members.meetings.reports_docx import build_report_docx
from lvzhi.members.meetings.selectors import ReportFigures


def test_report_docx_prints_on_a4_with_a_fixed_grid():
    figures = ReportFigures(
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
    document = Document(io.BytesIO(build_report_docx(figures)))
    assert_word_prints(document)
    (table,) = document.tables
    grid = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
    assert grid == [round(6.0 * 567), round(9.0 * 567)]
    assert [row.cells[0].text for row in table.rows][:3] == ["事项", "联系", "宣讲"]
    assert header_repeats(table)
