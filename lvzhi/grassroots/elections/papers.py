"""The papers of a term renewal (换届, R-OR-08) as Word documents filled with its
election, in the order an office prints them (``paper_codes``, from
``rules.election_steps``: a system federation's candidates before its delegates, CQ-XT 四):

- 换届请示 (to the party organization and the upper federation: the last term and its
  R-OR-08 stage, the congress, the numbers of delegates and candidates, the method, the
  steps with the dates recorded),
- 妇女代表名单 and 执委候选人建议名单 (as entered, or a list to fill in),
- 选举办法 (the founding papers' method, for the term being elected),
- 选举结果报告 (the elected committee and each round's counts; only once both rounds are
  recorded and the committee passes R-OR-04, otherwise a ValidationError saying why).

The tables, the method and the report's body are the founding papers' own
(``founding_docx``). The page and the API answer with the same bytes."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.numerals import cn_number
from lvzhi.core.periods import CHINA_TZ, today_local

from .. import founding_docx as docx
from .. import rules
from ..models import Election, ElectionKind, Seat, Stage

DOCUMENTS = {
    "request": gettext_lazy("换届请示"),
    "delegates": gettext_lazy("妇女代表名单"),
    "candidates": gettext_lazy("执委候选人建议名单"),
    "method": gettext_lazy("选举办法"),
    "results": gettext_lazy("选举结果报告"),
}
STEP_PAPERS = {"delegates": "delegates", "candidates": "candidates", "congress": "method"}
STAGES = {
    "overdue": gettext_lazy("任期已届满，尚未换届"),
    "due_3": gettext_lazy("将于三个月内届满"),
    "due_6": gettext_lazy("将于六个月内届满"),
    "current": gettext_lazy("尚在任期内"),
}


def paper_codes(*, system_federation: bool) -> list[str]:
    """The request, the papers of the election's steps in ``rules.election_steps``'s order
    for the kind, then the results report."""
    steps = rules.election_steps(system_federation=system_federation)
    return ["request", *(STEP_PAPERS[c] for c in steps if c in STEP_PAPERS), "results"]


@dataclass
class RenewalPapers:
    """What the papers print, read once: the renewal's election with its lists and rounds,
    the federation, its party organization and upper federation, the term it elects, and
    (once both rounds are recorded) the elected committee. The shared writers read
    ``federation_name``, ``party_name``, ``steps``, ``election``, ``stages``, ``seats``."""

    election: Election
    federation_name: str
    party_name: str
    upper_name: str
    number: int
    last_term: object | None
    steps: list
    stages: dict
    seats: list
    not_ready: str  # why there is no results report yet; "" once there is
    today: dt.date

    @property
    def term_label(self) -> str:
        return _("第%(n)s届") % {"n": cn_number(self.number)}

    @property
    def meeting_label(self) -> str:
        if self.delegates:
            return _("第%(n)s次妇女代表大会") % {"n": cn_number(self.number)}
        return _("第%(n)s次妇女（代表）大会") % {"n": cn_number(self.number)}

    @property
    def delegates(self) -> list:
        return list(self.election.delegates.all())

    @property
    def system_federation(self) -> bool:
        return self.election.system_federation

    def round_day(self, stage: str) -> str:
        ballot_round = self.stages[stage]["round"]
        return f"{ballot_round.held_on:%Y年%m月%d日}" if ballot_round is not None else ""


def gather(election: Election, *, today: dt.date | None = None) -> RenewalPapers:
    """``election`` read in scope with its lists (``selectors.with_lists``); Http404 when it
    is not a renewal's."""
    from lvzhi.orgs.models import Organization, Term

    from .selectors import rounds_by_stage
    from .services import elected_committee

    if election.kind != ElectionKind.RENEWAL:
        raise Http404(_("这不是换届选举"))
    federation = election.organization
    terms = Term.objects.filter(organization=federation).order_by("-number")
    if election.term_id is not None:
        number = election.term.number
        last = terms.filter(number__lt=number).first()
    else:
        last = terms.first()
        number = last.number + 1 if last is not None else 1
    upper = Organization.objects.get_parent(federation)
    party = federation.party_organization
    seats, not_ready = [], ""
    try:
        chair, vices, members = elected_committee(election)
    except ValidationError as exc:
        not_ready = "；".join(exc.messages)
    else:
        seats = [
            (str(Seat.CHAIR.label), chair),
            *((str(Seat.VICE_CHAIR.label), name) for name in vices),
            *((str(Seat.MEMBER.label), name) for name in members),
        ]
    return RenewalPapers(
        election=election,
        federation_name=federation.name,
        party_name=party.name if party is not None else _("同级党组织"),
        upper_name=upper.name if upper is not None else _("上级妇联"),
        number=number,
        last_term=last,
        steps=rules.renewal_steps(system_federation=election.system_federation),
        stages=rounds_by_stage(election),
        seats=seats,
        not_ready=not_ready,
        today=today or today_local(),
    )


def _addressee(document, papers: RenewalPapers) -> None:
    document.add_paragraph(
        _("%(party)s、%(upper)s：") % {"party": papers.party_name, "upper": papers.upper_name}
    )


def _last_term_sentence(papers: RenewalPapers) -> str:
    last = papers.last_term
    if last is None:
        return _("　　%(fed)s尚未登记上一届执行委员会的届次。") % {"fed": papers.federation_name}
    # A filed renewal's request is a record of when it was asked for: its stage is the one
    # of the day the renewal was opened, not of the day it is printed again.
    asked_on = (
        timezone.localtime(papers.election.created_at, CHINA_TZ).date()
        if papers.election.filed
        else papers.today
    )
    stage = rules.renewal_stage(end_date=last.end_date, today=asked_on)
    return _(
        "　　%(fed)s第%(n)s届执行委员会任期自%(start)s至%(end)s，%(stage)s"
        "（R-OR-08，依章按期换届）。"
    ) % {
        "fed": papers.federation_name,
        "n": cn_number(last.number),
        "start": f"{last.start_date:%Y年%m月%d日}",
        "end": f"{last.end_date:%Y年%m月%d日}",
        "stage": STAGES[stage],
    }


def _request_delegates(document, papers: RenewalPapers) -> None:
    document.add_heading(_("大会代表"), level=1)
    delegates = papers.delegates
    if delegates:
        text = _("出席大会的妇女代表%(n)d名（名单附后）。") % {"n": len(delegates)}
    else:
        text = _("妇女代表尚未产生；妇女在%(max)d人以下的，可直接召开全体妇女大会（R-OR-05）。") % {
            "max": rules.param("R-OR-05", "assembly_max")
        }
    if papers.system_federation:
        text += _("执委候选人建议名单经批复后，再产生出席大会的妇女代表（CQ-XT 四）。")
    document.add_paragraph(text)


def _request_candidates(document, papers: RenewalPapers) -> None:
    document.add_heading(_("执行委员会组成和候选人"), level=1)
    congress = papers.stages[Stage.CONGRESS]["candidates"]
    officers = papers.stages[Stage.FIRST_MEETING]["candidates"]
    text = docx._committee_sentence() + "。"
    if congress:
        text += _("执委候选人建议名单%(n)d名") % {"n": len(congress)}
        if officers:
            text += _("，主席候选人%(chairs)d名、副主席候选人%(vices)d名") % {
                "chairs": sum(1 for c in officers if c.seat == Seat.CHAIR),
                "vices": sum(1 for c in officers if c.seat == Seat.VICE_CHAIR),
            }
        text += _("（名单附后），请予审核。")
    else:
        text += _("候选人建议名单酝酿提出后，另行报请审核。")
    document.add_paragraph(text)


def _request(document, papers: RenewalPapers) -> None:
    docx._title(
        document,
        _("关于召开%(fed)s%(meeting)s进行换届选举的请示")
        % {"fed": papers.federation_name, "meeting": papers.meeting_label},
    )
    _addressee(document, papers)
    document.add_paragraph(_last_term_sentence(papers))
    day = papers.round_day(Stage.CONGRESS)
    document.add_paragraph(
        _(
            "　　根据《中华全国妇女联合会章程》和《妇女联合会选举工作条例》，经研究，"
            "拟于%(day)s召开%(meeting)s，选举产生%(fed)s%(term)s执行委员会。"
            "现将有关事项请示如下："
        )
        % {
            "day": day or _("近期"),
            "meeting": papers.meeting_label,
            "fed": papers.federation_name,
            "term": papers.term_label,
        }
    )
    sections = {"delegates": _request_delegates, "candidates": _request_candidates}
    for code, _label in papers.steps:
        if code in sections:
            sections[code](document, papers)
    document.add_heading(_("选举办法"), level=1)
    document.add_paragraph(
        _("采用无记名投票方式，被选举人获得%(rule)s，始得当选（R-OR-05）。")
        % {"rule": docx._method_rule(papers)}
    )
    document.add_heading(_("工作步骤"), level=1)
    days = {
        "congress": day,
        "first_meeting": papers.round_day(Stage.FIRST_MEETING),
    }
    docx._table(
        document,
        (_("序号"), _("步骤"), _("完成时间")),
        [(i, label, days.get(code, "")) for i, (code, label) in enumerate(papers.steps, start=1)],
        (1.4, 10.1, 3.5),
    )
    document.add_paragraph(_("　　妥否，请批示。"))
    docx._signature(document, papers.federation_name)


def _delegates(document, papers: RenewalPapers) -> None:
    docx._title(
        document,
        _("%(fed)s%(meeting)s代表名单")
        % {"fed": papers.federation_name, "meeting": papers.meeting_label},
    )
    if papers.system_federation:
        document.add_paragraph(
            _(
                "执行委员会委员候选人建议名单经上级妇联同意、%(party)s批复后，"
                "再产生出席大会的妇女代表（R-OR-05，CQ-XT 四）。"
            )
            % {"party": papers.party_name}
        )
    delegates = papers.delegates
    if delegates:
        docx.delegates_table(document, delegates, assembly=False)
    else:
        docx.blank_list(document)


def _candidates(document, papers: RenewalPapers) -> None:
    docx._title(
        document,
        _("%(fed)s%(term)s执行委员会委员候选人建议名单")
        % {"fed": papers.federation_name, "term": papers.term_label},
    )
    document.add_paragraph(docx._committee_sentence() + "。")
    document.add_paragraph(
        _("候选人建议名单征求上级妇联意见，报%(party)s审核同意（R-OR-05）。")
        % {"party": papers.party_name}
    )
    listed = [stage for stage in papers.stages.values() if stage["candidates"]]
    for stage in listed:
        docx.candidates_table(document, stage)
    if not listed:
        docx.blank_list(document)


def _method(document, papers: RenewalPapers) -> None:
    docx.method_paper(document, papers, meeting=papers.meeting_label, term=papers.term_label)


def _results(document, papers: RenewalPapers) -> None:
    if papers.not_ready:
        raise ValidationError(
            _("还不能打印选举结果报告：%(reason)s") % {"reason": papers.not_ready}
        )
    docx._title(
        document,
        _("关于%(fed)s%(term)s执行委员会选举结果的报告")
        % {"fed": papers.federation_name, "term": papers.term_label},
    )
    _addressee(document, papers)
    members = sum(1 for c in papers.stages[Stage.CONGRESS]["candidates"] if c.elected)
    term = ""
    if papers.election.filed:
        term = _("新一届任期自%(start)s至%(end)s。") % {
            "start": f"{papers.election.term.start_date:%Y年%m月%d日}",
            "end": f"{papers.election.term.end_date:%Y年%m月%d日}",
        }
    document.add_paragraph(
        _(
            "　　%(fed)s于%(day)s召开%(meeting)s，以无记名投票方式选举产生%(term_label)s"
            "执行委员会委员%(members)d名；%(first_day)s召开%(term_label)s执行委员会第一次会议，"
            "选举产生主席、副主席。%(term)s现将选举结果报告如下："
        )
        % {
            "fed": papers.federation_name,
            "day": papers.round_day(Stage.CONGRESS),
            "meeting": papers.meeting_label,
            "term_label": papers.term_label,
            "members": members,
            "first_day": papers.round_day(Stage.FIRST_MEETING),
            "term": term,
        }
    )
    docx.report_body(document, papers, heading=_("当选名单"))


WRITERS = {
    "request": _request,
    "delegates": _delegates,
    "candidates": _candidates,
    "method": _method,
    "results": _results,
}


def available(papers: RenewalPapers) -> list[tuple[str, str]]:
    """(code, label) of the papers this renewal can print now, in the order of its steps:
    the results report only once the committee is elected."""
    return [
        (code, str(DOCUMENTS[code]))
        for code in paper_codes(system_federation=papers.system_federation)
        if code != "results" or not papers.not_ready
    ]


def build_docx(election: Election, code: str, *, today: dt.date | None = None) -> bytes:
    """The paper ``code`` of this renewal; Http404 for an unknown code or an election that
    is not a renewal's, ValidationError (a message to show) for the results report before
    the committee is elected."""
    if code not in WRITERS:
        raise Http404(_("没有这种文书"))
    return docx.written(WRITERS[code], gather(election, today=today))


def document_response(election: Election, code: str) -> HttpResponse:
    content = build_docx(election, code)  # 404 for an unknown code, before its name
    name = f"{election.organization.name}-{_('换届')}-{DOCUMENTS[code]}.docx"
    return docx.attachment(content, name)
