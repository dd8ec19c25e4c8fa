"""Reads of 巾帼志愿者 teams: the teams a cadre keeps (``change``, like the ledger), a
team's volunteers and services, hours per volunteer and per team in a year, and the
public page's figures (no names, no phones)."""

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404

from .models import ServiceHours, ServiceRecord, TeamMember, VolunteerTeam
from .selectors import READ_ACTION


def teams(user):
    return (
        VolunteerTeam.objects.restrict(user, READ_ACTION)
        .select_related("organization")
        .annotate(
            n_members=Count("members", filter=Q(members__left_on__isnull=True), distinct=True)
        )
    )


def get_team(user, pk) -> VolunteerTeam:
    return get_object_or_404(teams(user), pk=pk)


def members(team: VolunteerTeam):
    return team.members.select_related("entry").order_by("left_on", "-is_leader", "joined_on", "id")


def hours_by_volunteer(team: VolunteerTeam, year: int) -> list[dict]:
    """Hours and services of each volunteer of the team in ``year`` (one GROUP BY)."""
    return list(
        ServiceHours.objects.filter(record__team=team, record__date__year=year)
        .values("member")
        .annotate(hours=Sum("hours"), services=Count("record"))
        .order_by("-hours", "member")
    )


def team_year(team: VolunteerTeam, year: int) -> dict:
    records = ServiceRecord.objects.filter(team=team, date__year=year)
    totals = records.aggregate(services=Count("pk"), beneficiaries=Sum("beneficiaries"))
    hours = ServiceHours.objects.filter(record__in=records).aggregate(total=Sum("hours"))
    return {
        "services": totals["services"],
        "beneficiaries": totals["beneficiaries"] or 0,
        "hours": hours["total"] or 0,
    }


def services(team: VolunteerTeam):
    return team.services.annotate(
        volunteers=Count("hours"), total_hours=Sum("hours__hours")
    ).order_by("-date", "-id")


def public_team(pk) -> VolunteerTeam:
    return get_object_or_404(
        VolunteerTeam.objects.select_related("organization"), pk=pk, is_public=True
    )


def public_years(team: VolunteerTeam) -> list[dict]:
    """Per year: services, people served, volunteer hours (the public page's table)."""
    by_year = {
        row["year"]: {**row, "hours": 0}
        for row in ServiceRecord.objects.filter(team=team)
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(services=Count("pk"), beneficiaries=Sum("beneficiaries"))
    }
    for row in (
        ServiceHours.objects.filter(record__team=team)
        .annotate(year=ExtractYear(F("record__date")))
        .values("year")
        .annotate(hours=Sum("hours"))
    ):
        by_year.setdefault(row["year"], {"year": row["year"], "services": 0, "beneficiaries": 0})
        by_year[row["year"]]["hours"] = row["hours"]
    return [by_year[y] for y in sorted(by_year, reverse=True)]


def open_member_count(team: VolunteerTeam) -> int:
    return TeamMember.objects.filter(team=team, left_on__isnull=True).count()
