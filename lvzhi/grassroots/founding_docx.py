"""The papers of a founding procedure (R-OR-05, CQ-4X 附件) as Word documents filled with
the register's data, one per step that produces a paper:

- 建会申请 (to the party organization: the preparatory group's application),
- 筹备方案 (the founding plan: the form under R-OR-01/02, assembly or delegates under
  R-OR-05, the committee's make-up under R-OR-04, the steps in the rule's order),
- 代表/候选人名单 (a list to fill in; once the results are filed, the elected committee),
- 选举办法 (the congress's election method: secret ballot, the numbers to elect),
- 选举结果报告 (to the party organization and the upper federation, from the filed results
  and ballots; only once they are filed).

Thresholds come from the rule set (``rules.param``), so another province's numbers print
as they are. The page and the API answer with the same bytes (``document_response``)."""

import io
from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.office import word_fixed_table, word_style_document

from . import rules
from .models import SixinOrganization

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCUMENTS = {
    "application": gettext_lazy("建会申请"),
    "plan": gettext_lazy("筹备方案"),
    "candidates": gettext_lazy("代表及候选人名单"),
    "method": gettext_lazy("选举办法"),
    "results": gettext_lazy("选举结果报告"),
}
LIST_WIDTHS_CM = (1.4, 2.6, 1.4, 2.4, 2.4, 4.8)  # 15 cm between 3 cm margins
SEAT_WIDTHS_CM = (1.4, 3.0, 3.0, 7.6)
FACT_WIDTHS_CM = (4.5, 10.5)
DELEGATE_WIDTHS_CM = (1.4, 3.6, 10.0)
BLANK_ROWS = 12


@dataclass
class FoundingPapers:
    """What the papers print, read once: the register row, its federation and party body,
    and (once filed) the new federation's first term and committee."""

    sixin: SixinOrganization
    federation_name: str
    party_name: str
    congress: object  # Verdict of R-OR-05
    form: object  # Verdict of R-OR-01/02
    steps: list
    term: object | None
    seats: list  # (title label, name)
    election: object | None = None  # Election with its lists and rounds, once opened
    stages: dict | None = None  # rounds_by_stage(election)

    @property
    def filed(self) -> bool:
        return self.term is not None


def gather(sixin: SixinOrganization) -> FoundingPapers:
    from .selectors import founding_committee

    federation_name = sixin.covered_by.name if sixin.covered_by_id else ""
    if not federation_name:
        federation_name = _("%(name)s妇女联合会") % {"name": sixin.name}
    party_name = sixin.party_organization_name or (
        sixin.party_organization.name if sixin.party_organization_id else _("所在党组织")
    )
    term, seats = founding_committee(sixin)
    from .elections.selectors import election_of, rounds_by_stage

    election = election_of(sixin)
    stages = rounds_by_stage(election) if election is not None else None
    return FoundingPapers(
        sixin=sixin,
        federation_name=federation_name,
        party_name=party_name,
        congress=rules.congress_form(women=sixin.fixed_female_staff),
        form=rules.sixin_verdict(
            fixed_female_staff=sixin.fixed_female_staff,
            has_party_organization=sixin.has_party_organization,
        ),
        steps=rules.founding_steps(system_federation=False),
        term=term,
        seats=seats,
        election=election,
        stages=stages,
    )


def _document():
    from docx import Document
    from docx.shared import Pt

    document = Document()
    word_style_document(document, body_size_pt=12, margins_cm=3.0)
    document.styles["Title"].font.size = Pt(20)
    document.styles["Heading 1"].font.size = Pt(14)
    return document


def _title(document, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document.add_heading(text, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER


def _signature(document, signer: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for text in (signer, _("年　　月　　日")):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _table(document, header, rows, widths) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = str(text)
    word_fixed_table(table, widths, header_rows=1)


def _cite(verdict) -> str:
    return f"（{verdict.rule_id}，{verdict.source}）"


def _candidates_first(papers) -> bool:
    """CQ-XT 四: a system federation's papers list the candidates before the delegates, as
    its steps do (``rules.founding_steps``)."""
    codes = [code for code, _label in papers.steps]
    return codes.index("candidates") < codes.index("delegates")


def _committee_sentence() -> str:
    return _("执行委员会设主席1名、副主席%(low)d至%(high)d名，委员若干名（R-OR-04）") % {
        "low": rules.param("R-OR-04", "vice_chairs_min"),
        "high": rules.param("R-OR-04", "vice_chairs_max"),
    }


def _application(document, papers: FoundingPapers) -> None:
    sixin = papers.sixin
    _title(document, _("关于成立%(fed)s的申请") % {"fed": papers.federation_name})
    document.add_paragraph(f"{papers.party_name}：")
    document.add_paragraph(
        _(
            "　　%(name)s现有固定从业人员%(staff)d人，其中固定女职工%(female)d人。"
            "%(form)s%(cite)s。为把广大女职工团结凝聚在党的周围，经研究，拟成立%(fed)s，"
            "并成立筹备组负责筹备工作。"
        )
        % {
            "name": sixin.name,
            "staff": sixin.fixed_staff,
            "female": sixin.fixed_female_staff,
            "form": papers.form.detail,
            "cite": _cite(papers.form),
            "fed": papers.federation_name,
        }
    )
    _table(
        document,
        (_("项目"), _("情况")),
        [
            (_("组织名称"), sixin.name),
            (_("统一社会信用代码"), sixin.uscc or "—"),
            (_("地址"), sixin.address or "—"),
            (_("固定从业人员"), sixin.fixed_staff),
            (_("其中固定女职工"), sixin.fixed_female_staff),
            (_("党组织"), papers.party_name if sixin.has_party_organization else _("未建")),
        ],
        FACT_WIDTHS_CM,
    )
    document.add_paragraph(_("　　妥否，请批复。"))
    _signature(document, _("%(fed)s筹备组") % {"fed": papers.federation_name})


def _plan(document, papers: FoundingPapers) -> None:
    sixin = papers.sixin
    _title(document, _("%(fed)s筹备方案") % {"fed": papers.federation_name})
    document.add_heading(_("一、建会依据和形式"), level=1)
    document.add_paragraph(f"{papers.form.detail}{_cite(papers.form)}。")
    document.add_heading(_("二、大会形式"), level=1)
    document.add_paragraph(f"{papers.congress.detail}{_cite(papers.congress)}。")
    document.add_heading(_("三、执行委员会组成"), level=1)
    document.add_paragraph(_committee_sentence() + "。")
    document.add_heading(_("四、工作步骤"), level=1)
    _table(
        document,
        (_("序号"), _("步骤"), _("完成时间")),
        [(i, str(label), "") for i, (_code, label) in enumerate(papers.steps, start=1)],
        (1.4, 10.6, 3.0),
    )
    document.add_heading(_("五、筹备组"), level=1)
    document.add_paragraph(
        _("筹备组由%(party)s推荐人员组成，在%(org)s指导下开展工作。")
        % {"party": papers.party_name, "org": sixin.organization.name}
    )
    _signature(document, _("%(fed)s筹备组") % {"fed": papers.federation_name})


def _candidates(document, papers: FoundingPapers) -> None:
    assembly = papers.congress.outcome == "assembly"
    if assembly:
        title = _("%(fed)s第一届执行委员会委员候选人名单")
    elif _candidates_first(papers):
        title = _("%(fed)s第一届执行委员会委员候选人及第一次妇女代表大会代表名单")
    else:
        title = _("%(fed)s第一次妇女代表大会代表及执委候选人名单")
    _title(document, title % {"fed": papers.federation_name})
    document.add_paragraph(f"{papers.congress.detail}{_cite(papers.congress)}。")
    document.add_paragraph(_committee_sentence() + "。")
    if papers.seats:
        document.add_paragraph(_("以下为选举产生的第一届执行委员会："))
        _table(
            document,
            (_("序号"), _("职务"), _("姓名"), _("备注")),
            [(i, title, name, "") for i, (title, name) in enumerate(papers.seats, start=1)],
            SEAT_WIDTHS_CM,
        )
        return
    if _listed(document, papers, assembly):
        return
    blank_list(document)


def _listed(document, papers: FoundingPapers, assembly: bool) -> bool:
    """The delegates' and candidates' lists as entered; False when none is entered yet."""
    if papers.election is None:
        return False
    delegates = list(papers.election.delegates.all())
    stages = [stage for stage in papers.stages.values() if stage["candidates"]]
    if not delegates and not stages:
        return False
    parts = [("delegates", delegates)] if delegates else []
    parts += [("candidates", stage) for stage in stages]
    if _candidates_first(papers):  # CQ-XT 四: the congress's candidates, then the delegates
        parts.sort(key=lambda part: part[0] != "candidates" or part[1]["stage"] != "congress")
    for code, part in parts:
        if code == "delegates":
            delegates_table(document, part, assembly=assembly)
        else:
            candidates_table(document, part)
    return True


def delegates_table(document, delegates, *, assembly: bool) -> None:
    """The delegates (or, at a general assembly, the women attending) as entered."""
    document.add_heading(_("参加大会的妇女") if assembly else _("妇女代表"), level=1)
    _table(
        document,
        (_("序号"), _("姓名"), _("工作单位及职务")),
        [(d.order, d.name, d.workplace) for d in delegates],
        DELEGATE_WIDTHS_CM,
    )


def candidates_table(document, stage: dict) -> None:
    """One round's candidates (``rounds_by_stage``'s entry) as entered."""
    document.add_heading(_("%(stage)s候选人") % {"stage": stage["label"]}, level=1)
    _table(
        document,
        (_("序号"), _("姓名"), _("拟任职务"), _("工作单位及职务")),
        [(c.order, c.name, c.get_seat_display(), c.workplace) for c in stage["candidates"]],
        SEAT_WIDTHS_CM,
    )


def blank_list(document) -> None:
    """A list to fill in by hand, when none is entered yet."""
    _table(
        document,
        (_("序号"), _("姓名"), _("性别"), _("出生年月"), _("政治面貌"), _("工作单位及职务")),
        [(i, "", "", "", "", "") for i in range(1, BLANK_ROWS + 1)],
        LIST_WIDTHS_CM,
    )


def _method_rule(papers: FoundingPapers) -> str:
    from .models import ElectionMethod

    method = papers.election.method if papers.election is not None else ElectionMethod.EXPECTED
    return str(rules.ELECTION_METHODS[method])


def _method(document, papers: FoundingPapers) -> None:
    meeting = (
        _("全体妇女大会") if papers.congress.outcome == "assembly" else _("第一次妇女代表大会")
    )
    method_paper(document, papers, meeting=meeting, term=_("第一届"))


def method_paper(document, papers, *, meeting: str, term: str) -> None:
    """The congress's election method: ``meeting`` elects the ``term`` (第一届, 第三届)
    committee by secret ballot under the election's method; a system federation's clause
    on the candidates coming first (CQ-XT 四)."""
    _title(
        document,
        _("%(fed)s%(meeting)s选举办法") % {"fed": papers.federation_name, "meeting": meeting},
    )
    clauses = [
        _("大会选举产生%(fed)s%(term)s执行委员会。%(committee)s。")
        % {"fed": papers.federation_name, "term": term, "committee": _committee_sentence()},
        _("选举采用无记名投票方式，由大会通过的监票人监督投票和计票（R-OR-05，%(source)s）。")
        % {"source": "CQ-XT" if _candidates_first(papers) else _("CQ-4X 附件")},
        _("发出的选票应不少于收回的选票；收回的选票多于发出的选票，选举无效，应重新选举。"),
        _("被选举人获得%(rule)s，始得当选（R-OR-05）。") % {"rule": _method_rule(papers)},
        _(
            "执行委员会第一次会议以无记名投票方式选举主席、副主席，"
            "选举结果报%(party)s和上级妇联备案。"
        )
        % {"party": papers.party_name},
        _("本办法经大会通过后执行。"),
    ]
    if _candidates_first(papers):
        clauses.insert(
            1,
            _(
                "执行委员会委员候选人建议名单经上级妇联同意、%(party)s批复后，"
                "再产生出席大会的妇女代表（R-OR-05，CQ-XT 四）。"
            )
            % {"party": papers.party_name},
        )
    for number, clause in enumerate(clauses, start=1):
        document.add_paragraph(_("第%(n)d条　%(text)s") % {"n": number, "text": clause})
    low, high = rules.param("R-OR-04", "vice_chairs_min"), rules.param("R-OR-04", "vice_chairs_max")
    _table(
        document,
        (_("职务"), _("名额"), _("选举方式")),
        [
            (_("主席"), 1, _("执委会第一次会议无记名投票")),
            (_("副主席"), f"{low}—{high}", _("执委会第一次会议无记名投票")),
            (_("执委"), _("若干"), _("大会无记名投票")),
        ],
        (3.0, 3.0, 9.0),
    )


def _results(document, papers: FoundingPapers) -> None:
    sixin = papers.sixin
    if not papers.filed:
        raise Http404(_("尚未登记选举结果"))
    _title(
        document,
        _("关于%(fed)s第一届执行委员会选举结果的报告") % {"fed": papers.federation_name},
    )
    document.add_paragraph(
        _("%(party)s、%(upper)s：") % {"party": papers.party_name, "upper": sixin.organization.name}
    )
    ballots = ""
    if sixin.founding_ballots_issued is not None:
        ballots = _("发出选票%(issued)d张，收回%(returned)d张，选举有效。") % {
            "issued": sixin.founding_ballots_issued,
            "returned": sixin.founding_ballots_returned,
        }
    document.add_paragraph(
        _(
            "　　%(fed)s于%(start)s召开大会，以无记名投票方式选举产生第一届执行委员会，"
            "任期至%(end)s。%(ballots)s执行委员会第一次会议选举产生主席、副主席。"
            "现将选举结果报告如下："
        )
        % {
            "fed": papers.federation_name,
            "start": f"{papers.term.start_date:%Y年%m月%d日}",
            "end": f"{papers.term.end_date:%Y年%m月%d日}",
            "ballots": ballots,
        }
    )
    report_body(document, papers)


def report_body(document, papers, *, heading: str = "") -> None:
    """The results report after its opening: the elected committee (chair first, under
    ``heading`` when given), each recorded round's counts, and the federation's signature."""
    if heading:
        document.add_heading(heading, level=1)
    _table(
        document,
        (_("序号"), _("职务"), _("姓名"), _("备注")),
        [(i, title, name, "") for i, (title, name) in enumerate(papers.seats, start=1)],
        SEAT_WIDTHS_CM,
    )
    _ballot_tables(document, papers)
    document.add_paragraph(_("　　特此报告。"))
    _signature(document, papers.federation_name)


BALLOT_WIDTHS_CM = (1.0, 1.8, 1.5, 1.2, 1.2, 1.2, 1.2, 5.9)


def _ballot_tables(document, papers: FoundingPapers) -> None:
    """Each recorded round's counts and, per candidate, the method's arithmetic."""
    if papers.election is None:
        return
    for stage in papers.stages.values():
        ballot_round = stage["round"]
        if ballot_round is None:
            continue
        document.add_heading(_("附：%(stage)s计票结果") % {"stage": stage["label"]}, level=1)
        document.add_paragraph(
            _(
                "　　%(day)s投票，应到%(expected)d人，实到%(present)d人，发出选票%(issued)d张，"
                "收回%(returned)d张。选举办法：被选举人获得%(rule)s，始得当选（R-OR-05）。"
            )
            % {
                "day": f"{ballot_round.held_on:%Y年%m月%d日}",
                "expected": ballot_round.expected,
                "present": ballot_round.present,
                "issued": ballot_round.ballots_issued,
                "returned": ballot_round.ballots_returned,
                "rule": _method_rule(papers),
            }
        )
        _table(
            document,
            (
                _("序号"),
                _("姓名"),
                _("拟任职务"),
                _("赞成"),
                _("反对"),
                _("弃权"),
                _("废票"),
                _("结果"),
            ),
            [
                (
                    c.order,
                    c.name,
                    c.get_seat_display(),
                    c.votes_for,
                    c.votes_against,
                    c.votes_abstain,
                    c.votes_invalid,
                    c.detail,
                )
                for c in stage["candidates"]
            ],
            BALLOT_WIDTHS_CM,
        )


WRITERS = {
    "application": _application,
    "plan": _plan,
    "candidates": _candidates,
    "method": _method,
    "results": _results,
}


def available(papers: FoundingPapers) -> list[tuple[str, str]]:
    """(code, label) of the papers this founding can print now: the results report only
    once the results are filed."""
    return [
        (code, str(label)) for code, label in DOCUMENTS.items() if code != "results" or papers.filed
    ]


def build_docx(sixin: SixinOrganization, code: str) -> bytes:
    """The paper ``code`` for this 四新 organization's founding; Http404 for an unknown
    code, for a founding not started, or for the results report before results are filed."""
    if code not in WRITERS:
        raise Http404(_("没有这种文书"))
    if sixin.founding_case_id is None:
        raise Http404(_("建会程序尚未启动"))
    return written(WRITERS[code], gather(sixin))


def written(writer, papers) -> bytes:
    """A new document filled by ``writer(document, papers)``, as .docx bytes (the founding,
    system founding and renewal papers alike)."""
    document = _document()
    writer(document, papers)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def attachment(content: bytes, name: str) -> HttpResponse:
    """A .docx download named ``name``."""
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def filename(sixin: SixinOrganization, code: str) -> str:
    return f"{sixin.name}-{DOCUMENTS[code]}.docx"


def document_response(sixin: SixinOrganization, code: str) -> HttpResponse:
    return attachment(build_docx(sixin, code), filename(sixin, code))
