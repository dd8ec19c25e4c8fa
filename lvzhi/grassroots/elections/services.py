"""Writes of a founding's or a renewal's elections (R-OR-05, R-OR-08): the delegates and
candidate lists as rows, each round's secret-ballot counts with the chosen method's
verdict stored per candidate, and the filing that seats the elected committee. Every
refusal raises before anything is written; every write is audited."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from lvzhi.core.scopes import ensure_scope
from lvzhi.core.services import audit

from .. import rules
from ..models import (
    Candidate,
    Delegate,
    Election,
    ElectionKind,
    ElectionMethod,
    ElectionRound,
    Seat,
    SixinOrganization,
    Stage,
)

STAGE_SEATS = {
    Stage.CONGRESS: {Seat.MEMBER},
    Stage.FIRST_MEETING: {Seat.CHAIR, Seat.VICE_CHAIR},
}


def _lock(actor, election: Election) -> Election:
    """The election row locked, in the actor's scope and not yet filed."""
    ensure_scope(actor, "change", election.organization)
    row = Election.objects.select_for_update().select_related("organization").get(pk=election.pk)
    if row.term_id is not None:
        raise ValidationError(_("选举结果已经备案，不能再修改"))
    return row


def _method(method: str) -> str:
    if method not in ElectionMethod.values:
        raise ValidationError({"method": _("选举办法无效")})
    return method


@transaction.atomic
def election_open_founding(
    *, actor, sixin: SixinOrganization, method: str = ElectionMethod.EXPECTED
) -> Election:
    """The founding's election (one per 四新 organization), once the procedure is started."""
    ensure_scope(actor, "create", sixin.organization)
    row = SixinOrganization.objects.select_for_update().get(pk=sixin.pk)
    if row.founding_case_id is None:
        raise ValidationError(_("请先启动建会程序"))
    if row.covered_by_id is not None:
        raise ValidationError(_("该组织已有妇联覆盖，无需再建"))
    existing = Election.objects.filter(sixin=row).first()
    if existing is not None:
        return existing
    election = Election.objects.create(
        organization=row.organization,
        org_path=row.organization.path,
        kind=ElectionKind.FOUNDING,
        sixin=row,
        method=_method(method),
    )
    audit(actor=actor, action="election_open", obj=election, changes={"kind": [None, "founding"]})
    return election


@transaction.atomic
def election_open_system(*, actor, founding, method: str = ElectionMethod.EXPECTED) -> Election:
    """A system federation founding's election (one per founding, R-OR-06 checked when the
    founding started)."""
    from ..models import SystemFounding

    ensure_scope(actor, "create", founding.organization)
    row = SystemFounding.objects.select_for_update().get(pk=founding.pk)
    if row.federation_id is not None:
        raise ValidationError(_("该系统妇联已经建立"))
    existing = Election.objects.filter(system_founding=row).first()
    if existing is not None:
        return existing
    election = Election.objects.create(
        organization=row.organization,
        org_path=row.organization.path,
        kind=ElectionKind.FOUNDING,
        system_founding=row,
        method=_method(method),
    )
    audit(actor=actor, action="election_open", obj=election, changes={"kind": [None, "system"]})
    return election


@transaction.atomic
def election_set_method(*, actor, election: Election, method: str) -> Election:
    """The method the congress adopted; fixed once a round is recorded."""
    row = _lock(actor, election)
    if row.rounds.exists():
        raise ValidationError({"method": _("已登记选票，不能再更改选举办法")})
    before = row.method
    row.method = _method(method)
    row.save(update_fields=["method", "updated_at"])
    audit(actor=actor, action="election_method", obj=row, changes={"method": [before, method]})
    return row


def _clean_people(rows, *, with_seat: str | None = None) -> list[dict]:
    cleaned, seen, errors = [], set(), []
    for position, row in enumerate(rows, start=1):
        name = (row.get("name") or "").strip()
        workplace = (row.get("workplace") or "").strip()
        if not name:
            errors.append(_("第%(n)d行：缺少姓名") % {"n": position})
            continue
        if len(name) > 50 or len(workplace) > 200:
            errors.append(_("第%(n)d行：姓名或工作单位过长") % {"n": position})
            continue
        if name in seen:
            errors.append(_("第%(n)d行：%(name)s重复") % {"n": position, "name": name})
            continue
        seen.add(name)
        item = {"order": position, "name": name, "workplace": workplace}
        if with_seat is not None:
            item["seat"] = row.get("seat") or Seat.MEMBER
        cleaned.append(item)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def delegates_replace(*, actor, election: Election, delegates) -> list[Delegate]:
    """The delegates' list (or those attending a general assembly), as given, in order."""
    row = _lock(actor, election)
    people = _clean_people(delegates)
    if (
        people
        and rules.election_steps(system_federation=row.system_federation)[0] == "candidates"
        and not row.candidates.filter(stage=Stage.CONGRESS).exists()
    ):
        raise ValidationError(
            {
                "delegates": _(
                    "系统妇联应先提出执委候选人建议名单，再产生妇女代表（R-OR-05，CQ-XT 四）"
                )
            }
        )
    before = row.delegates.count()
    row.delegates.all().delete()
    created = Delegate.objects.bulk_create(Delegate(election=row, **p) for p in people)
    audit(
        actor=actor,
        action="delegates_replace",
        obj=row,
        changes={"delegates": [before, len(created)]},
    )
    return created


@transaction.atomic
def candidates_replace(*, actor, election: Election, stage: str, candidates) -> list[Candidate]:
    """A round's candidate list (执委 for the congress; 主席、副主席 for the first committee
    meeting, who must stand among the elected members once the congress is counted).
    Refused once that round's ballots are recorded."""
    row = _lock(actor, election)
    if stage not in STAGE_SEATS:
        raise ValidationError({"stage": _("轮次无效")})
    people = _clean_people(candidates, with_seat=stage)
    allowed = STAGE_SEATS[stage]
    wrong = [p["name"] for p in people if p["seat"] not in allowed]
    if wrong:
        raise ValidationError(
            {"candidates": _("%(names)s的拟任职务不属于这一轮选举") % {"names": "、".join(wrong)}}
        )
    if row.rounds.filter(stage=stage).exists():
        raise ValidationError(_("这一轮的选票已经登记，不能再修改候选人名单"))
    if stage == Stage.FIRST_MEETING:
        elected = set(
            row.candidates.filter(stage=Stage.CONGRESS, elected=True).values_list("name", flat=True)
        )
        outside = [p["name"] for p in people if p["name"] not in elected]
        if outside:
            raise ValidationError(
                {
                    "candidates": _("主席、副主席候选人应为大会当选的执委：%(names)s不是")
                    % {"names": "、".join(outside)}
                }
            )
    before = row.candidates.filter(stage=stage).count()
    row.candidates.filter(stage=stage).delete()
    created = Candidate.objects.bulk_create(
        Candidate(election=row, stage=stage, **p) for p in people
    )
    audit(
        actor=actor,
        action="candidates_replace",
        obj=row,
        changes={stage: [before, len(created)]},
    )
    return created


def seat_limits(stage: str) -> dict[str, int | None]:
    if stage == Stage.CONGRESS:
        return {Seat.MEMBER: None}
    return {Seat.CHAIR: 1, Seat.VICE_CHAIR: rules.param("R-OR-04", "vice_chairs_max")}


COUNT_FIELDS = ("votes_for", "votes_against", "votes_abstain", "votes_invalid")


@transaction.atomic
def ballots_record(
    *,
    actor,
    election: Election,
    stage: str,
    held_on,
    expected: int,
    present: int,
    ballots_issued: int,
    ballots_returned: int,
    votes,
) -> ElectionRound:
    """A round's secret-ballot counts: ballots returned ≤ issued ≤ present ≤ expected, each
    candidate's for + against + abstain + invalid ≤ returned, every candidate of the list
    counted once. Each candidate's R-OR-05 verdict (the method's arithmetic) is stored with
    her counts. Any refusal writes nothing; recording again replaces the counts."""
    row = _lock(actor, election)
    if stage not in STAGE_SEATS:
        raise ValidationError({"stage": _("轮次无效")})
    errors = rules.round_errors(
        expected=expected, present=present, issued=ballots_issued, returned=ballots_returned
    )
    listed = {c.pk: c for c in row.candidates.filter(stage=stage)}
    if not listed:
        errors["votes"] = _("请先填写这一轮的候选人名单")
    given = {}
    problems = []
    for item in votes:
        candidate = listed.get(int(item.get("candidate") or 0))
        if candidate is None:
            problems.append(_("候选人不在这一轮的名单上"))
            continue
        if candidate.pk in given:
            problems.append(_("%(name)s重复计票") % {"name": candidate.name})
            continue
        counts = {}
        for field in COUNT_FIELDS:
            value = item.get(field, 0 if field != "votes_for" else None)
            if value is None or int(value) < 0:
                problems.append(_("%(name)s：票数应为不小于0的整数") % {"name": candidate.name})
                break
            counts[field] = int(value)
        else:
            given[candidate.pk] = counts
    missing = [c.name for pk, c in listed.items() if pk not in given]
    if missing:
        problems.append(_("缺少以下候选人的票数：%(names)s") % {"names": "、".join(missing)})
    tallies = {
        pk: rules.Tally(name=listed[pk].name, seat=listed[pk].seat, **counts)
        for pk, counts in given.items()
    }
    if "ballots_returned" not in errors:
        for tally in tallies.values():
            problem = rules.tally_error(tally, returned=ballots_returned)
            if problem:
                problems.append(problem)
    if problems:
        errors["votes"] = "；".join(str(p) for p in problems)
    if errors:
        raise ValidationError(errors)
    results = rules.election_results(
        method=row.method,
        expected=expected,
        present=present,
        tallies=list(tallies.values()),
        seats=seat_limits(stage),
    )
    by_name = {result.tally.name: result for result in results}
    for candidate in listed.values():
        result = by_name[candidate.name]
        for field in COUNT_FIELDS:
            setattr(candidate, field, getattr(result.tally, field))
        candidate.elected = result.elected
        candidate.outcome = result.verdict.outcome
        candidate.detail = result.verdict.detail[:200]
    Candidate.objects.bulk_update(listed.values(), [*COUNT_FIELDS, "elected", "outcome", "detail"])
    ballot_round, created = ElectionRound.objects.update_or_create(
        election=row,
        stage=stage,
        defaults={
            "held_on": held_on,
            "expected": expected,
            "present": present,
            "ballots_issued": ballots_issued,
            "ballots_returned": ballots_returned,
        },
    )
    if stage == Stage.CONGRESS:
        # The first meeting's list stands on the congress's result: counted again, it is
        # drawn up again.
        row.candidates.filter(stage=Stage.FIRST_MEETING).delete()
        row.rounds.filter(stage=Stage.FIRST_MEETING).delete()
    audit(
        actor=actor,
        action="ballots_record",
        obj=row,
        changes={
            stage: [
                None,
                f"{ballots_returned}/{ballots_issued}; "
                + "、".join(r.tally.name for r in results if r.elected),
            ]
        },
    )
    return ballot_round


def elected_committee(election: Election) -> tuple[str, list[str], list[str]]:
    """(chair, vice-chairs, other members) from the recorded rounds; ValidationError naming
    what is missing or what R-OR-04 refuses."""
    rounds = {r.stage for r in election.rounds.all()}
    if Stage.CONGRESS not in rounds:
        raise ValidationError(_("请先登记大会选举执委会的选票"))
    if Stage.FIRST_MEETING not in rounds:
        raise ValidationError(_("请先登记执委会第一次会议选举主席、副主席的选票"))
    candidates = list(election.candidates.filter(elected=True).order_by("stage", "order"))
    members = [c.name for c in candidates if c.stage == Stage.CONGRESS]
    chairs = [c.name for c in candidates if c.stage == Stage.FIRST_MEETING and c.seat == Seat.CHAIR]
    vices = [
        c.name for c in candidates if c.stage == Stage.FIRST_MEETING and c.seat == Seat.VICE_CHAIR
    ]
    committee = rules.committee_verdict(chairs=len(chairs), vice_chairs=len(vices))
    if committee.outcome != "accepted":
        raise ValidationError(
            _("当选结果不符合班子组成要求：%(detail)s（%(rule)s %(source)s）")
            % {"detail": committee.detail, "rule": committee.rule_id, "source": committee.source}
        )
    officers = {chairs[0], *vices}
    return chairs[0], vices, [name for name in members if name not in officers]


@transaction.atomic
def election_file_founding(
    *, actor, election: Election, name: str, code: str, term_start, term_end
):
    """File a founding's results from its recorded rounds: the new federation, its first
    term and the elected committee (no re-typing), the 四新 organization covered."""
    from ..founding import founding_complete

    row = _lock(actor, election)
    if row.kind != ElectionKind.FOUNDING or (
        row.sixin_id is None and row.system_founding_id is None
    ):
        raise ValidationError(_("这不是建会选举"))
    chair, vices, members = elected_committee(row)
    if row.system_founding_id is not None:
        from ..system.services import system_founding_complete

        federation = system_founding_complete(
            actor=actor,
            founding=row.system_founding,
            name=name,
            code=code,
            term_start=term_start,
            term_end=term_end,
            chair=chair,
            vices=vices,
            members=members,
        )
        row.term = federation.terms.get(number=1)
        row.save(update_fields=["term", "updated_at"])
        audit(actor=actor, action="election_file", obj=row, changes={"term": [None, str(row.term)]})
        return federation
    congress = row.rounds.get(stage=Stage.CONGRESS)
    federation = founding_complete(
        actor=actor,
        sixin=row.sixin,
        name=name,
        code=code,
        term_start=term_start,
        term_end=term_end,
        chair=chair,
        vice_chairs=vices,
        members=members,
        ballots_issued=congress.ballots_issued,
        ballots_returned=congress.ballots_returned,
    )
    row.term = federation.terms.get(number=1)
    row.save(update_fields=["term", "updated_at"])
    audit(actor=actor, action="election_file", obj=row, changes={"term": [None, str(row.term)]})
    return federation


# 换届 (R-OR-08) -------------------------------------------------------------------------


@transaction.atomic
def election_open_renewal(*, actor, federation, method: str = ElectionMethod.EXPECTED) -> Election:
    """A term renewal's election at ``federation`` (the same steps as a founding, without
    founding it); the open one when it already has one."""
    from lvzhi.orgs.models import SMALL_UNIT_KINDS, System

    ensure_scope(actor, "change", federation)
    if federation.system != System.WOMEN or federation.kind in SMALL_UNIT_KINDS:
        raise ValidationError(_("只有妇联组织才能换届选举"))
    existing = Election.objects.filter(
        organization=federation, kind=ElectionKind.RENEWAL, term__isnull=True
    ).first()
    if existing is not None:
        return existing
    election = Election.objects.create(
        organization=federation,
        org_path=federation.path,
        kind=ElectionKind.RENEWAL,
        method=_method(method),
    )
    audit(actor=actor, action="election_open", obj=election, changes={"kind": [None, "renewal"]})
    return election


@transaction.atomic
def election_file_renewal(*, actor, election: Election, term_start, term_end):
    """File a renewal's results: the next term starts on ``term_start`` with the elected
    committee seated from that date (the executive-member rules apply from then); the last
    term ends the day before, and the seats still held in it end with it."""
    import datetime as dt

    from lvzhi.orgs import services as orgs
    from lvzhi.orgs.models import Position, Term

    from ..founding import seat_committee

    row = _lock(actor, election)
    if row.kind != ElectionKind.RENEWAL:
        raise ValidationError(_("这不是换届选举"))
    federation = row.organization
    chair, vices, members = elected_committee(row)
    last = Term.objects.filter(organization=federation).order_by("-number").first()
    if term_end <= term_start:
        raise ValidationError({"term_end": _("届满日期应晚于起始日期")})
    if last is not None and term_start <= last.start_date:
        raise ValidationError(
            {
                "term_start": _("新一届起始日期应晚于上一届起始日期（%(day)s）")
                % {"day": f"{last.start_date:%Y-%m-%d}"}
            }
        )
    ended_on = term_start - dt.timedelta(days=1)
    if last is not None:
        if last.end_date > ended_on:
            orgs.term_update(
                actor=actor,
                term=last,
                end_date=max(ended_on, last.start_date + dt.timedelta(days=1)),
            )
        held = Position.objects.filter(organization=federation, start_date__lte=ended_on).filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__gt=ended_on)
        )
        for position in held:
            orgs.position_update(
                actor=actor, position=position, end_date=ended_on, end_reason=_("换届")
            )
    term = orgs.term_create(
        actor=actor,
        organization=federation,
        number=(last.number + 1) if last is not None else 1,
        start_date=term_start,
        end_date=term_end,
    )
    seat_committee(
        actor=actor,
        organization=federation,
        term=term,
        chair=chair,
        vice_chairs=vices,
        members=members,
    )
    row.term = term
    row.save(update_fields=["term", "updated_at"])
    audit(actor=actor, action="election_file", obj=row, changes={"term": [None, str(term)]})
    return federation
