"""Training (R-EX-11): sessions, terms, coverage of the current term."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.shortcuts import get_object_or_404

from lvzhi.members import rules
from lvzhi.members.common.selectors import ruleset_for
from lvzhi.members.meetings.selectors.committee import Member, committee_members
from lvzhi.members.models import Training, TrainingAttendance
from lvzhi.orgs.models import Organization, Person, Term


def trainings_of(user, organization: Organization):
    return (
        Training.objects.restrict(user, "view")
        .filter(organization=organization)
        .select_related("organization", "term")
        .annotate(attendees=Count("attendance"))
        .order_by("-date", "-id")
    )


def get_training(user, pk, action: str = "view") -> Training:
    return get_object_or_404(
        Training.objects.restrict(user, action).select_related("organization", "term"), pk=pk
    )


def current_term(organization: Organization, today: dt.date) -> Term | None:
    """The term running today, else the latest one started."""
    terms = Term.objects.filter(organization=organization, start_date__lte=today).order_by(
        "-start_date", "-number"
    )
    return terms.filter(end_date__gte=today).first() or terms.first()


def term_for(organization: Organization, day: dt.date) -> Term | None:
    return (
        Term.objects.filter(organization=organization, start_date__lte=day, end_date__gte=day)
        .order_by("-start_date")
        .first()
    )


@dataclass
class CoverageView:
    term: Term | None
    coverage: rules.TrainingCoverage | None
    members: list[Member]
    untrained: list[Member]

    @property
    def percent(self):
        if self.coverage is None or self.coverage.share is None:
            return None
        return round(100 * self.coverage.share)


def training_coverage(organization: Organization, today: dt.date) -> CoverageView:
    """R-EX-11: the committee of the current term, who was trained in it (any training she
    attended, whoever held it), and who was not."""
    term = current_term(organization, today)
    if term is None:
        return CoverageView(None, None, [], [])
    members = committee_members(organization, term.start_date, term.end_date)
    dates = defaultdict(list)
    for person_id, day in TrainingAttendance.objects.filter(
        person_id__in=[m.person.pk for m in members],
        training__date__gte=term.start_date,
        training__date__lte=term.end_date,
    ).values_list("person_id", "training__date"):
        dates[person_id].append(day)
    coverage = rules.training_coverage(
        term_start=term.start_date,
        term_end=term.end_date,
        trainings={m.person.pk: dates.get(m.person.pk, []) for m in members},
        today=today,
        ruleset=ruleset_for(organization),
    )
    untrained = set(coverage.untrained)
    return CoverageView(term, coverage, members, [m for m in members if m.person.pk in untrained])


def training_attendees(training: Training) -> list[Person]:
    return [
        a.person
        for a in TrainingAttendance.objects.filter(training=training)
        .select_related("person")
        .order_by("person__name", "person_id")
    ]
