"""Pages of 七个一 compliance: the roll-up of a subtree (by rule, by child organization,
by quarter), a federation's members with their statuses, one member's year, and the
user's reminders. Thin: reads via compliance.selectors, writes via compliance.services.

Roll-ups and drill-downs are for cadres (404 otherwise); a member reads her own
compliance on her own page, and may open her own year here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.periods import today_local
from lvzhi.core.selectors import current_organization
from lvzhi.members.compliance import selectors, services

REMINDERS_PAGE_SIZE = 30


def _quarter(request, today):
    """The ?period= quarter, or the current one with a message when it is not offered."""
    try:
        return selectors.parse_quarter(request.GET.get("period"), today)
    except selectors.PeriodError as exc:
        messages.error(request, str(exc))
        return selectors.current_quarter(today)


def _chart_data(rollups) -> dict:
    """What the bar chart draws (the table beside it is the accessible source)."""
    return {
        "labels": [f"{r.rule_id} {r.label}" for r in rollups],
        "series": [
            {"key": "met", "name": _("已完成"), "data": [r.met for r in rollups]},
            {"key": "due", "name": _("待完成"), "data": [r.due for r in rollups]},
            {"key": "overdue", "name": _("逾期未完成"), "data": [r.overdue for r in rollups]},
            {"key": "partial", "name": _("部分时间在任"), "data": [r.partial for r in rollups]},
            {
                "key": "not_required",
                "name": _("不要求"),
                "data": [r.not_required for r in rollups],
            },
        ],
        "share": [r.share_met for r in rollups],
        "share_name": _("达标率（%）"),
    }


@login_required
def rollup(request):
    """/members/compliance/?org=&period=2026Q4"""
    today = today_local()
    org_id = request.GET.get("org")
    if org_id:
        if not org_id.isdigit():
            org_id = "0"  # 404 below, as for an id out of scope
        organization = selectors.compliance_organization(request.user, int(org_id))
    else:
        organization = current_organization(request)
        if organization is None or not selectors.may_read_compliance(request.user, organization):
            raise Http404
    quarter = _quarter(request, today)
    rules = selectors.rollup(request.user, organization, quarter)
    children = selectors.children_rollup(request.user, organization, quarter)
    offered = selectors.recent_quarters(today)
    compared = [quarter]  # the chosen quarter and the three before it, oldest first
    while len(compared) < selectors.QUARTERS_COMPARED:
        compared.insert(0, compared[0].previous())
    by_quarter = selectors.rollup_quarters(request.user, organization, compared)
    return render(
        request,
        "members/compliance_rollup.html",
        {
            "org": organization,
            "quarter": quarter,
            "quarters": offered,
            "rules": rules,
            "rule_ids": [r.rule_id for r in rules],
            "children": children,
            "compared": compared,
            "by_quarter": by_quarter,
            "chart": _chart_data(rules),
            "today": today,
        },
    )


@login_required
def organization_members(request, org_pk):
    """/members/compliance/<org_pk>/?period= — each member × rule."""
    today = today_local()
    organization = selectors.compliance_organization(request.user, org_pk)
    quarter = _quarter(request, today)
    rules = selectors.own_rollup(request.user, organization, quarter)
    members = selectors.member_verdicts(request.user, organization, quarter, today)
    rule_ids = [r.rule_id for r in rules]
    return render(
        request,
        "members/compliance_org.html",
        {
            "org": organization,
            "quarter": quarter,
            "quarters": selectors.recent_quarters(today),
            "rules": rules,
            "members": [(member, member.cells(rule_ids)) for member in members],
            "today": today,
        },
    )


@login_required
def person(request, person_pk):
    """/members/compliance/people/<person_pk>/?year= — her rows and activities of the year."""
    today = today_local()
    person_ = selectors.compliance_person(request.user, person_pk)
    try:
        year = selectors.parse_year(request.GET.get("year"), today)
    except selectors.PeriodError as exc:
        messages.error(request, str(exc))
        year = today.year
    periods = selectors.person_year(request.user, person_, year, today)
    return render(
        request,
        "members/compliance_person.html",
        {
            "person": person_,
            "year": year,
            "years": list(range(today.year, today.year - 4, -1)),
            "periods": periods,
            "today": today,
        },
    )


# 提醒 -----------------------------------------------------------------------


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def reminders(request):
    """/members/reminders/ — the user's reminders, unread first."""
    page = Paginator(selectors.reminders_of(request.user), REMINDERS_PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    return render(request, "members/reminder_list.html", {"page": page})


@login_required
@require_POST
def reminder_read(request, pk):
    reminder = selectors.get_reminder(request.user, pk)
    if services.reminder_mark_read(actor=request.user, reminder=reminder):
        messages.success(request, _("已标为已读"))
    default = reverse("members:reminders")
    if request.POST.get("open") and reminder.url.startswith("/"):
        default = reminder.url
    return redirect(_next_url(request, default))


@login_required
@require_POST
def reminders_read_all(request):
    count = services.reminders_mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("已将 %(n)d 条提醒标为已读") % {"n": count})
    return redirect("members:reminders")
