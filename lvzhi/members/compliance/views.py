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
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core.exports import Column, wants_xlsx, xlsx_response
from lvzhi.core.periods import today_local
from lvzhi.core.selectors import current_organization
from lvzhi.members.compliance import selectors, services

REMINDERS_PAGE_SIZE = 30

# Excel exports (lvzhi/core/exports.py): one row per rule (the roll-up's table by rule,
# ``&table=rules``), per organization × rule (its table by child organization) or per
# member × rule (the drill-down), the rule id and its
# clause in their own columns; the counts and statuses the page shows, nothing more.
CHILD_COLUMNS = (
    Column(gettext_lazy("组织"), lambda r: r[0], width=28),
    Column(gettext_lazy("执委"), lambda r: r[1].members, width=8),
    Column(gettext_lazy("要求"), lambda r: r[2].label),
    Column(gettext_lazy("规则"), lambda r: r[2].rule_id, width=10),
    Column(gettext_lazy("依据"), lambda r: r[2].source),
    Column(gettext_lazy("计算期间"), lambda r: r[2].period.label),
    Column(gettext_lazy("已完成"), lambda r: r[2].met, width=8),
    Column(gettext_lazy("应完成"), lambda r: r[2].required, width=8),
    Column(gettext_lazy("达标率（%）"), lambda r: r[2].share_met, width=10),
)
RULE_COLUMNS = (
    Column(gettext_lazy("要求"), lambda r: r.label),
    Column(gettext_lazy("规则"), lambda r: r.rule_id, width=10),
    Column(gettext_lazy("依据"), lambda r: r.source),
    Column(gettext_lazy("计算期间"), lambda r: r.period.label),
    Column(gettext_lazy("执委"), lambda r: r.members, width=8),
    Column(gettext_lazy("已完成"), lambda r: r.met, width=8),
    Column(gettext_lazy("达标率（%）"), lambda r: r.share_met, width=10),
    Column(gettext_lazy("待完成"), lambda r: r.due, width=8),
    Column(gettext_lazy("逾期未完成"), lambda r: r.overdue, width=10),
    Column(gettext_lazy("部分时间在任"), lambda r: r.partial, width=12),
    Column(gettext_lazy("不要求"), lambda r: r.not_required, width=8),
)
MEMBER_COLUMNS = (
    Column(gettext_lazy("执委"), lambda r: r[0].person.name, width=12),
    Column(gettext_lazy("要求"), lambda r: r[1].label),
    Column(gettext_lazy("规则"), lambda r: r[1].rule_id, width=10),
    Column(gettext_lazy("依据"), lambda r: r[1].source),
    Column(gettext_lazy("计算期间"), lambda r: r[2]),
    Column(gettext_lazy("状态"), lambda r: r[1].status_label, width=10),
    Column(gettext_lazy("已完成"), lambda r: r[1].row.done, width=8),
    Column(gettext_lazy("应完成"), lambda r: r[1].row.required, width=8),
    Column(gettext_lazy("其中待确认"), lambda r: r[1].pending, width=10),
    Column(gettext_lazy("判断依据"), lambda r: r[1].detail, width=40),
)


def _child_rows(children):
    for child in children:
        name = child.organization.name
        if child.own:
            name = _("%(org)s（本级）") % {"org": name}
        for rule in child.rules:
            yield (name, child, rule)


def _member_rows(members, rules):
    periods = {r.rule_id: r.period.label for r in rules}
    for member in members:
        for rule_id, cell in zip(periods, member.cells(list(periods)), strict=True):
            if cell is not None:
                yield (member, cell, periods[rule_id])


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
        "labels": [r.label for r in rollups],
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
    if wants_xlsx(request):
        return _rollup_xlsx(request, organization, quarter)
    # the tables come from the shared cache while the counts, the rule set and the
    # reader's scope are those they were drawn from (selectors.rollup_fragments)
    fragments = selectors.rollup_fragments(
        request.user,
        organization,
        quarter,
        today,
        lambda: _rollup_tables(request.user, organization, quarter),
    )
    return render(
        request,
        "members/compliance_rollup.html",
        {
            "org": organization,
            "quarter": quarter,
            "quarters": selectors.recent_quarters(today),
            "fragments": fragments,
            "today": today,
        },
    )


def _rollup_xlsx(request, organization, quarter):
    if request.GET.get("table") == "rules":
        rules = selectors.rollup(request.user, organization, quarter)
        title = _("%(org)s%(quarter)s七个一按规则") % {
            "org": organization.name,
            "quarter": quarter.label,
        }
        return xlsx_response(rules, RULE_COLUMNS, filename=title, sheet_title=_("按规则"))
    children = selectors.children_rollup(request.user, organization, quarter)
    title = _("%(org)s%(quarter)s七个一按下级组织") % {
        "org": organization.name,
        "quarter": quarter.label,
    }
    return xlsx_response(
        _child_rows(children), CHILD_COLUMNS, filename=title, sheet_title=_("按下级组织")
    )


def _rollup_tables(user, organization, quarter) -> dict:
    """The roll-up's three tables (by rule with its chart, by child organization, by
    quarter) rendered, for the shared cache (``selectors.rollup_fragments``)."""
    compared = [quarter]  # the chosen quarter and the three before it, oldest first
    while len(compared) < selectors.QUARTERS_COMPARED:
        compared.insert(0, compared[0].previous())
    context = {
        "org": organization,
        "quarter": quarter,
        "rules": selectors.rollup(user, organization, quarter),
        "children": selectors.children_rollup(user, organization, quarter),
        "compared": compared,
        "by_quarter": selectors.rollup_quarters(user, organization, compared),
    }
    context["chart"] = _chart_data(context["rules"])
    return {
        name: render_to_string(f"members/_rollup_{name}.html", context)
        for name in ("rules", "children", "quarters")
    }


@login_required
def organization_members(request, org_pk):
    """/members/compliance/<org_pk>/?period= — each member × rule."""
    today = today_local()
    organization = selectors.compliance_organization(request.user, org_pk)
    quarter = _quarter(request, today)
    rules = selectors.own_rollup(request.user, organization, quarter)
    members = selectors.member_verdicts(request.user, organization, quarter, today)
    if wants_xlsx(request):
        title = _("%(org)s%(quarter)s七个一执委明细") % {
            "org": organization.name,
            "quarter": quarter.label,
        }
        return xlsx_response(
            _member_rows(members, rules), MEMBER_COLUMNS, filename=title, sheet_title=_("执委明细")
        )
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
