"""Pages of 巾帼志愿者 teams: the teams a cadre keeps, a team with its volunteers (phones
masked), services and the year's hours per volunteer, and the public team page (no
personal data: counts, hours and services only)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.api import parse_id
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for
from lvzhi.core.selectors import current_organization
from lvzhi.orgs.models import System
from lvzhi.orgs.selectors import get_organization

from . import selectors, selectors_volunteers, services_volunteers
from .forms import CategoryEndForm, MemberForm, ServiceForm, TeamForm
from .models import TeamMember
from .views import form_page, post_action


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or today_local().year)
    except ValueError:
        raise Http404 from None
    if not 1949 <= year <= 2100:
        raise Http404
    return year


@login_required
def team_list(request):
    rows = selectors_volunteers.teams(request.user).order_by("org_path", "name", "id")
    org = current_organization(request)
    can_create = (
        org is not None
        and org.system == System.WOMEN
        and scope_for(request.user, "create").covers(org.path)
    )
    return render(request, "ledger/teams.html", {"teams": rows, "org": org if can_create else None})


@login_required
def team_create(request, org_pk):
    org = get_organization(request.user, org_pk, "create")
    form = TeamForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("新建志愿服务队") + f" · {org.name}",
        save=lambda f: services_volunteers.team_create(
            actor=request.user, organization=org, **f.cleaned_data
        ),
        done=lambda team: reverse("ledger:team", args=[team.pk]),
        back=reverse("ledger:teams"),
        success=_("已新建队伍"),
    )


def _entries_for(user, team):
    return (
        selectors.entries(user)
        .filter(org_path__startswith=team.org_path, closed_on__isnull=True)
        .order_by("name", "id")
    )


@login_required
def team_detail(request, pk):
    team = selectors_volunteers.get_team(request.user, pk)
    year = _year(request)
    members = list(selectors_volunteers.members(team))
    hours = {row["member"]: row for row in selectors_volunteers.hours_by_volunteer(team, year)}
    for member in members:
        member.year = hours.get(member.pk, {"hours": 0, "services": 0})
        member.phone_masked = TeamMember._meta.get_field("phone").mask(member.phone)
    return render(
        request,
        "ledger/team.html",
        {
            "team": team,
            "year": year,
            "members": members,
            "totals": selectors_volunteers.team_year(team, year),
            "services": selectors_volunteers.services(team).filter(date__year=year),
            "member_form": MemberForm(
                entries=_entries_for(request.user, team), initial={"joined_on": today_local()}
            ),
        },
    )


@login_required
@require_POST
def member_add(request, pk):
    team = selectors_volunteers.get_team(request.user, pk)
    post_action(
        request,
        MemberForm(request.POST, entries=_entries_for(request.user, team)),
        lambda data: services_volunteers.member_add(actor=request.user, team=team, **data),
        _("已加入志愿者"),
    )
    return redirect("ledger:team", pk=team.pk)


@login_required
@require_POST
def member_leave(request, pk):
    member = get_object_or_404(TeamMember.objects.select_related("team"), pk=pk)
    team = selectors_volunteers.get_team(request.user, member.team_id)
    form = CategoryEndForm(request.POST)  # one date field, named end_date
    post_action(
        request,
        form,
        lambda data: services_volunteers.member_leave(
            actor=request.user, member=member, date=data["end_date"]
        ),
        _("已退出"),
    )
    return redirect("ledger:team", pk=team.pk)


@login_required
def service_create(request, pk):
    team = selectors_volunteers.get_team(request.user, pk)
    form = ServiceForm(request.POST or None, team=team, initial={"date": today_local()})
    return form_page(
        request,
        form,
        title=_("记录志愿服务") + f" · {team.name}",
        save=lambda f: services_volunteers.service_record(
            actor=request.user, team=team, **f.cleaned_data
        ),
        done=lambda _r: reverse("ledger:team", args=[team.pk]),
        back=reverse("ledger:team", args=[team.pk]),
        success=_("已记录服务"),
    )


def team_public(request, pk):
    """公开的队伍页面: no login, no names, no phones."""
    team = selectors_volunteers.public_team(parse_id(pk) or 0)
    return render(
        request,
        "ledger/team_public.html",
        {
            "team": team,
            "members": selectors_volunteers.open_member_count(team),
            "years": selectors_volunteers.public_years(team),
            "services": selectors_volunteers.services(team)[:20],
        },
    )
