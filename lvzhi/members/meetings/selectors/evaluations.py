"""Evaluations and yearly results, 优秀执委 candidates ranked, incentives."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from lvzhi.core.rulesets import Verdict, verdict
from lvzhi.members.common.selectors import ruleset_for
from lvzhi.members.meetings.selectors.committee import committee_members, grades, person_records
from lvzhi.members.models import (
    ComplianceStatus,
    Evaluation,
    Incentive,
    MemberCompliance,
    YearResult,
)
from lvzhi.orgs.models import Organization, Person


def year_grades(person: Person, organization: Organization) -> dict[int, str]:
    """R-MB-09 input: her yearly evaluation results, year → grade."""
    return dict(
        YearResult.objects.filter(person=person, organization=organization).values_list(
            "year", "grade"
        )
    )


@dataclass
class EvaluationRow:
    person: Person
    title_label: str
    counts: list[tuple[str, int]]  # (grade, count) in grade order
    total: int
    most: list[str]  # the most frequent grades (ties all listed)
    result: YearResult | None


def _year_evaluations(organization: Organization, year: int):
    """Evaluations of ``year`` counted per member and grade (person id → Counter of grades),
    and the yearly results decided (person id → YearResult)."""
    counts: dict[int, Counter] = defaultdict(Counter)
    for person_id, grade, n in (
        Evaluation.objects.filter(organization=organization, year=year)
        .values_list("person_id", "grade")
        .annotate(n=Count("id"))
        .values_list("person_id", "grade", "n")
    ):
        counts[person_id][grade] += n
    results = {
        r.person_id: r for r in YearResult.objects.filter(organization=organization, year=year)
    }
    return counts, results


def evaluation_rows(organization: Organization, year: int) -> list[EvaluationRow]:
    """Per member seated in ``year``: how her evaluations are distributed over the grades,
    the most frequent grade(s), and her yearly result once decided."""
    order = grades(ruleset_for(organization))
    members = committee_members(organization, dt.date(year, 1, 1), dt.date(year, 12, 31))
    counts, results = _year_evaluations(organization, year)
    rows = []
    for member in members:
        counter = counts.get(member.person.pk, Counter())
        total = sum(counter.values())
        top = max(counter.values(), default=0)
        most = [g for g in order if top and counter.get(g, 0) == top]
        rows.append(
            EvaluationRow(
                member.person,
                member.title_label,
                [(g, counter.get(g, 0)) for g in order],
                total,
                most,
                results.get(member.person.pk),
            )
        )
    return rows


def evaluations_of(user, organization: Organization, year: int | None = None):
    queryset = person_records(Evaluation, user).filter(organization=organization)
    if year:
        queryset = queryset.filter(year=year)
    return queryset.select_related("person", "evaluator", "meeting")


@dataclass
class Candidate:
    person: Person
    title_label: str
    grade: str  # yearly result, "" while not decided
    is_excellent: bool
    evaluations: int
    excellent_votes: int
    compliance_met: int
    compliance_counted: int
    result: YearResult | None
    rank: int = 0

    @property
    def excellent_share(self) -> Fraction | None:
        return Fraction(self.excellent_votes, self.evaluations) if self.evaluations else None

    @property
    def compliance_share(self) -> Fraction | None:
        if not self.compliance_counted:
            return None
        return Fraction(self.compliance_met, self.compliance_counted)

    @property
    def excellent_percent(self):
        share = self.excellent_share
        return None if share is None else round(100 * share)

    @property
    def compliance_percent(self):
        share = self.compliance_share
        return None if share is None else round(100 * share)


def rank_key(candidate: Candidate, order: list[str]):
    """Ranking of 优秀执委 candidates (CQ-BZ 第三条: evaluation results are the basis): first the
    yearly result (best grade first, undecided last), then the share of 优秀 among her
    evaluations, then the share of her 七个一 periods met (members without any evaluation
    or compliance row come after those with), then the name. Pure: tested without a DB."""
    grade_rank = order.index(candidate.grade) if candidate.grade in order else len(order)
    excellent = candidate.excellent_share
    compliance = candidate.compliance_share
    return (
        grade_rank,
        excellent is None,
        -(excellent or 0),
        compliance is None,
        -(compliance or 0),
        candidate.person.name,
        candidate.person.pk,
    )


def rank_candidates(candidates: list[Candidate], order: list[str]) -> list[Candidate]:
    ranked = sorted(candidates, key=lambda c: rank_key(c, order))
    for index, candidate in enumerate(ranked, start=1):
        candidate.rank = index
    return ranked


@dataclass
class CandidateList:
    year: int
    candidates: list[Candidate]
    compliance_rows: int  # 0: 七个一 not computed for this year yet, ranked without it
    top_grade: str
    verdict: Verdict


def excellent_candidates(organization: Organization, year: int) -> CandidateList:
    """Members seated in ``year`` ranked as 优秀执委 candidates (R-EX-10; CQ-BZ 第三条) from
    their yearly result, the share of 优秀 in their evaluations, and 七个一 compliance (rows
    of MemberCompliance for the year: met / all that were required)."""
    ruleset = ruleset_for(organization)
    order = grades(ruleset)
    members = committee_members(organization, dt.date(year, 1, 1), dt.date(year, 12, 31))
    votes, results = _year_evaluations(organization, year)
    compliance = {
        row["person_id"]: row
        for row in MemberCompliance.objects.filter(
            organization=organization, period_start__year=year
        )
        .exclude(status=ComplianceStatus.NOT_REQUIRED)
        .values("person_id")
        .annotate(
            counted=Count("id"),
            met=Count("id", filter=Q(status=ComplianceStatus.MET)),
        )
    }
    candidates = []
    for member in members:
        counter = votes.get(member.person.pk, Counter())
        result = results.get(member.person.pk)
        comp = compliance.get(member.person.pk, {})
        candidates.append(
            Candidate(
                person=member.person,
                title_label=member.title_label,
                grade=result.grade if result else "",
                is_excellent=bool(result and result.is_excellent),
                evaluations=sum(counter.values()),
                excellent_votes=counter.get(order[0], 0),
                compliance_met=comp.get("met", 0),
                compliance_counted=comp.get("counted", 0),
                result=result,
            )
        )
    rows = sum(c.compliance_counted for c in candidates)
    detail = _(
        "%(year)d年度优秀执委候选排序：年度评议结果、评议中“%(top)s”占比、七个一达标占比"
    ) % {
        "year": year,
        "top": order[0],
    }
    if not rows:
        detail += _("（本年度尚未计算七个一达标情况，排序未计入该项）")
    return CandidateList(
        year,
        rank_candidates(candidates, order),
        rows,
        order[0],
        verdict("R-EX-10", "ranked", detail, ruleset),
    )


def incentives_of(user, organization: Organization, year: int | None = None):
    queryset = person_records(Incentive, user).filter(organization=organization)
    if year:
        queryset = queryset.filter(year=year)
    return queryset.select_related("person")


def year_results_of(user, organization: Organization, year: int | None = None):
    queryset = person_records(YearResult, user).filter(organization=organization)
    if year:
        queryset = queryset.filter(year=year)
    return queryset.select_related("person")
