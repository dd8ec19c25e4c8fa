"""The papers of a system federation's founding (CQ-XT) as Word documents filled with its
data: the application (with the R-OR-06 check it passed), the founding plan (the system
template's steps: candidates before delegates), the delegates' and candidates' lists and
the election method (the founding papers' writers, fed the same shape), and the results
report once filed. The page and the API answer with the same bytes."""

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import founding_docx as docx
from .. import rules
from ..models import SystemFounding


@dataclass
class SystemPapers:
    """The fields the shared writers read (federation_name, party_name, congress, seats,
    election, stages), and the founding itself."""

    founding: SystemFounding
    federation_name: str
    party_name: str
    congress: object
    check: object  # R-OR-06 verdict
    steps: list
    term: object | None
    seats: list
    election: object | None
    stages: dict | None

    @property
    def filed(self) -> bool:
        return self.term is not None


def gather(founding: SystemFounding) -> SystemPapers:
    from lvzhi.orgs.models import Position, Title

    from ..elections.selectors import rounds_by_stage, with_lists
    from ..models import Election

    federation = founding.federation
    name = (
        federation.name if federation else _("%(agency)s妇女联合会") % {"agency": founding.agency}
    )
    keeper = founding.organization
    party = keeper.party_organization.name if keeper.party_organization_id else _("所在党组织")
    term, seats = None, []
    if federation is not None:
        term = federation.terms.order_by("number").first()
        order = {Title.CHAIR: 0, Title.VICE_CHAIR: 1}
        rows = Position.objects.filter(term=term).select_related("person").order_by("id")
        seats = [
            (s.get_title_display(), s.person.name)
            for s in sorted(rows, key=lambda s: order.get(s.title, 2))
        ]
    election = with_lists(Election.objects.filter(system_founding=founding)).first()
    return SystemPapers(
        founding=founding,
        federation_name=name,
        party_name=party,
        congress=rules.verdict(
            "R-OR-05",
            "delegates",
            _("系统妇联召开第一次妇女代表大会，先提出执委候选人，再产生代表"),
        ),
        check=rules.system_federation_check(
            subordinate_units=founding.subordinate_units, has_women_committee=True
        ),
        steps=rules.founding_steps(system_federation=True),
        term=term,
        seats=seats,
        election=election,
        stages=rounds_by_stage(election) if election is not None else None,
    )


def _application(document, papers: SystemPapers) -> None:
    founding = papers.founding
    docx._title(document, _("关于成立%(fed)s的申请") % {"fed": papers.federation_name})
    document.add_paragraph(f"{papers.party_name}：")
    document.add_paragraph(
        _(
            "　　%(agency)s下属单位%(units)d个，已建立%(committee)s。%(check)s%(cite)s。"
            "为更好地团结凝聚系统内广大妇女，经研究，拟成立%(fed)s，并成立筹备组负责筹备工作。"
        )
        % {
            "agency": founding.agency,
            "units": founding.subordinate_units,
            "committee": founding.women_committee.name,
            "check": papers.check.detail,
            "cite": docx._cite(papers.check),
            "fed": papers.federation_name,
        }
    )
    document.add_paragraph(_("　　妥否，请批复。"))
    docx._signature(document, _("%(fed)s筹备组") % {"fed": papers.federation_name})


def _plan(document, papers: SystemPapers) -> None:
    docx._title(document, _("%(fed)s筹备方案") % {"fed": papers.federation_name})
    document.add_heading(_("一、建会依据"), level=1)
    document.add_paragraph(f"{papers.check.detail}{docx._cite(papers.check)}。")
    document.add_heading(_("二、执行委员会组成"), level=1)
    document.add_paragraph(docx._committee_sentence() + "。")
    document.add_heading(_("三、工作步骤"), level=1)
    docx._table(
        document,
        (_("序号"), _("步骤"), _("完成时间")),
        [(i, str(label), "") for i, (_code, label) in enumerate(papers.steps, start=1)],
        (1.4, 10.6, 3.0),
    )
    docx._signature(document, _("%(fed)s筹备组") % {"fed": papers.federation_name})


def _results(document, papers: SystemPapers) -> None:
    if not papers.filed:
        raise Http404(_("尚未登记选举结果"))
    docx._title(
        document,
        _("关于%(fed)s第一届执行委员会选举结果的报告") % {"fed": papers.federation_name},
    )
    document.add_paragraph(
        _("%(party)s、%(upper)s：")
        % {"party": papers.party_name, "upper": papers.founding.organization.name}
    )
    document.add_paragraph(
        _(
            "　　%(fed)s于%(start)s召开第一次妇女代表大会，以无记名投票方式选举产生第一届"
            "执行委员会，任期至%(end)s。执行委员会第一次会议选举产生主席、副主席。"
            "现将选举结果报告如下："
        )
        % {
            "fed": papers.federation_name,
            "start": f"{papers.term.start_date:%Y年%m月%d日}",
            "end": f"{papers.term.end_date:%Y年%m月%d日}",
        }
    )
    docx.report_body(document, papers)


WRITERS = {
    "application": _application,
    "plan": _plan,
    "candidates": docx._candidates,
    "method": docx._method,
    "results": _results,
}


# CQ-XT 四: the candidates come before the delegates, in the papers' names too
DOCUMENTS = docx.DOCUMENTS | {"candidates": gettext_lazy("候选人及代表名单")}


def available(papers: SystemPapers) -> list[tuple[str, str]]:
    return [
        (code, str(label)) for code, label in DOCUMENTS.items() if code != "results" or papers.filed
    ]


def build_docx(founding: SystemFounding, code: str) -> bytes:
    if code not in WRITERS:
        raise Http404(_("没有这种文书"))
    return docx.written(WRITERS[code], gather(founding))


def document_response(founding: SystemFounding, code: str) -> HttpResponse:
    return docx.attachment(build_docx(founding, code), f"{founding.agency}-{DOCUMENTS[code]}.docx")
