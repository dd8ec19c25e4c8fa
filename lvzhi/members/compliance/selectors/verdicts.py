"""Verdicts of stored compliance rows: the rule applied again to the member's tenure and
activities, so every status shows its rule id, clause and reasoning (counts, dates);
the members of a federation and a member's year."""

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from lvzhi.core.periods import Period, period_of
from lvzhi.members import rules
from lvzhi.members.common.selectors import COMMITTEE_TITLES, ruleset_for, tenure_of
from lvzhi.members.compliance.selectors.rollups import (
    COMPLIANCE_ACTION,
    may_read_compliance,
    member_statuses,
)
from lvzhi.members.models import Activity, ActivityStatus, MemberCompliance
from lvzhi.members.rules.common import rule_of
from lvzhi.orgs.models import Organization, Person, Position


@dataclass
class StatusRow:
    """A stored compliance row with the verdict that explains it."""

    row: MemberCompliance
    detail: str
    rule_text: str
    label: str
    pending: int = 0  # of ``row.done``, activities still 待确认 (recorded, not confirmed)

    @property
    def rule_id(self) -> str:
        return self.row.rule_id

    @property
    def source(self) -> str:
        return self.row.source

    @property
    def status(self) -> str:
        return self.row.status

    @property
    def status_label(self) -> str:
        return str(rules.STATUS_LABELS.get(self.row.status, self.row.status))


def _tenures(person_ids, organization_ids) -> dict:
    seats: dict[tuple[int, int], list] = {}
    queryset = Position.objects.filter(
        person_id__in=list(person_ids),
        organization_id__in=list(organization_ids),
        title__in=COMMITTEE_TITLES,
    ).only("person_id", "organization_id", "start_date", "end_date")
    for seat in queryset:
        seats.setdefault((seat.person_id, seat.organization_id), []).append(seat)
    return {key: tenure_of(positions) for key, positions in seats.items()}


def _activity_dates(person_ids, organization_ids, first: dt.date, last: dt.date):
    """(dates, pending): the non-returned activity dates per (person, organization,
    kind), and the dates of those still waiting for confirmation."""
    dates: dict[tuple, list] = {}
    pending: dict[tuple, list] = {}
    queryset = (
        Activity.objects.filter(
            person_id__in=list(person_ids),
            organization_id__in=list(organization_ids),
            date__gte=first,
            date__lte=last,
        )
        .exclude(status=ActivityStatus.RETURNED)
        .values_list("person_id", "organization_id", "kind", "date", "status")
    )
    for person_id, organization_id, kind, day, status in queryset:
        dates.setdefault((person_id, organization_id, kind), []).append(day)
        if status == ActivityStatus.RECORDED:
            pending.setdefault((person_id, organization_id, kind), []).append(day)
    return dates, pending


def explain(rows, today: dt.date, rulesets: dict, *, dates=None, pending=None) -> list[StatusRow]:
    """Each stored row with its verdict detail from the rule (rules.duty_status) applied to
    the member's tenure and non-returned activities; ``rulesets`` maps each organization
    id to its rule set. Two queries (seats, activities) for any number of rows."""
    rows = list(rows)
    if not rows:
        return []
    people = {r.person_id for r in rows}
    orgs = {r.organization_id for r in rows}
    tenures = _tenures(people, orgs)
    if dates is None:
        first = min(r.period_start for r in rows)
        last = max(r.period_end for r in rows)
        dates, pending = _activity_dates(people, orgs, first, last)
    pending = pending or {}
    result = []
    for row in rows:
        ruleset = rulesets.get(row.organization_id)
        try:
            rule = rule_of(row.rule_id, ruleset)
            kind = rule.params["activity"]
            label = str(rules.ACTIVITY_LABELS.get(kind, row.rule_id))
        except (KeyError, LookupError):
            rule, kind, label = None, None, row.rule_id
        tenure = tenures.get((row.person_id, row.organization_id))
        waiting = sum(
            row.period_start <= day <= row.period_end
            for day in pending.get((row.person_id, row.organization_id, kind), ())
        )
        detail = ""
        if rule is not None and tenure is not None:
            period = period_of(rule.params["period"], row.period_start)
            status = rules.duty_status(
                row.rule_id,
                period,
                tenure=tenure,
                activity_dates=dates.get((row.person_id, row.organization_id, kind), ()),
                today=today,
                ruleset=ruleset,
            )
            detail = status.verdict.detail
        result.append(
            StatusRow(
                row=row,
                detail=detail,
                rule_text=rule.text if rule else "",
                label=label,
                pending=min(waiting, row.done),
            )
        )
    return result


@dataclass
class MemberRow:
    person: object
    rules: dict  # rule id -> StatusRow

    def cells(self, rule_ids):
        return [self.rules.get(rule_id) for rule_id in rule_ids]


def member_verdicts(user, organization: Organization, quarter: Period, today: dt.date):
    """``member_statuses`` with each status explained (rule id, clause, detail): the rows,
    the members' seats and their activities — three queries for any committee size."""
    members = member_statuses(user, organization, quarter)
    rows = [row for entry in members for row in entry["rules"].values()]
    explained = {
        id(s.row): s for s in explain(rows, today, {organization.pk: ruleset_for(organization)})
    }
    return [
        MemberRow(
            person=entry["person"],
            rules={rid: explained[id(row)] for rid, row in entry["rules"].items()},
        )
        for entry in members
    ]


def compliance_person(user, pk):
    """A person whose compliance the user may read (a cadre over her organization, or
    herself), or 404."""
    person = get_object_or_404(Person.objects.select_related("organization"), pk=pk)
    own = user.is_authenticated and person.user_id is not None and person.user_id == user.pk
    if not (own or may_read_compliance(user, person.organization)):
        raise Http404
    return person


@dataclass
class PersonPeriod:
    status: StatusRow
    activities: list


def person_year(user, person, year_: int, today: dt.date) -> list[PersonPeriod]:
    """All of a person's rule × period rows of the year (those the user may read) with
    their verdicts and the activities of the rule's kind in each period (returned ones
    too, marked): four queries."""
    queryset = MemberCompliance.objects.filter(person=person, period_start__year=year_)
    if not (user.is_authenticated and person.user_id == user.pk):
        queryset = queryset.filter(
            pk__in=MemberCompliance.objects.restrict(user, COMPLIANCE_ACTION).values("pk")
        )
    rows = list(
        queryset.select_related("organization").order_by(
            "rule_id", "period_start", "organization_id"
        )
    )
    if not rows:
        return []
    rulesets: dict[int, str | None] = {}
    for row in rows:
        if row.organization_id not in rulesets:
            rulesets[row.organization_id] = ruleset_for(row.organization)
    activities = list(
        Activity.objects.filter(
            person=person,
            organization_id__in={r.organization_id for r in rows},
            date__year=year_,
        ).order_by("date", "id")
    )
    dates: dict[tuple, list] = {}
    pending: dict[tuple, list] = {}
    for activity in activities:
        key = (person.pk, activity.organization_id, activity.kind)
        if activity.status != ActivityStatus.RETURNED:
            dates.setdefault(key, []).append(activity.date)
        if activity.status == ActivityStatus.RECORDED:
            pending.setdefault(key, []).append(activity.date)
    explained = explain(rows, today, rulesets, dates=dates, pending=pending)
    result = []
    for status in explained:
        row = status.row
        try:
            kind = rule_of(row.rule_id, rulesets[row.organization_id]).params["activity"]
        except (KeyError, LookupError):
            kind = None
        result.append(
            PersonPeriod(
                status=status,
                activities=[
                    a
                    for a in activities
                    if a.kind == kind
                    and a.organization_id == row.organization_id
                    and row.period_start <= a.date <= row.period_end
                ],
            )
        )
    return result
