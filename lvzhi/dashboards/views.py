"""The workbench (工作台), the page every signed-in user lands on, and the list of
terms past their end that it links to. Thin: the counts come from ``selectors``."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.exports import Column, wants_xlsx, xlsx_response
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import user_assignments
from lvzhi.core.selectors import current_organization
from lvzhi.orgs.models import Organization

from . import selectors

# Roles outside the federation tree (no workbench): the page each lands on after login.
OUTSIDE_LANDINGS = {
    "social_evaluator": "socialorgs_evaluations:mine",
    "social_org_user": "socialorg_projects:my",
}

PAGE_SIZE = 50


def terms_overdue_columns(today) -> tuple:
    return (
        Column(gettext_lazy("组织"), "organization.name", width=32),
        Column(gettext_lazy("届次"), str, width=12),
        Column(gettext_lazy("届满日期"), "end_date", width=12),
        Column(gettext_lazy("逾期天数"), lambda term: (today - term.end_date).days, width=10),
        Column(gettext_lazy("规则"), lambda _term: "R-OR-08", width=10),
    )


@login_required
def workbench(request):
    """Per role: a cadre's counts at the organization she works on, department staff's
    and a party approver's steps; a member goes to her phone page."""
    kind = selectors.workbench_kind(request.user)
    if kind == selectors.MEMBER:
        return redirect("members:my")
    if kind == selectors.NOTHING:
        # outside roles (social organizations' users, evaluators) land on their own pages
        for assignment in user_assignments(request.user):
            if assignment.role.code in OUTSIDE_LANDINGS:
                return redirect(OUTSIDE_LANDINGS[assignment.role.code])
    today = today_local()
    organization = current_organization(request) if kind == selectors.CADRE else None
    bench = selectors.workbench(request.user, organization, today)
    chart = {
        "labels": [row["name"] for row in bench.compliance],
        "shares": [row["share"] for row in bench.compliance],
        "below": [row["below"] for row in bench.compliance],
        "threshold": selectors.COMPLIANCE_THRESHOLD,
        "series_name": _("达标率"),
        "threshold_name": _("达标线"),
    }
    context = {"bench": bench, "today": today, "chart": chart}
    # the items and the 七个一 section, rendered once per count (selectors.workbench_body)
    context["body"] = mark_safe(  # noqa: S308 (our own template's output)
        selectors.workbench_body(
            bench, lambda: render_to_string("dashboards/_workbench_body.html", context)
        )
    )
    unread = selectors.unread_reminders(bench)
    if unread is not None:
        context["unread_reminders"] = unread  # the navbar's badge: counted once
    return render(request, "dashboards/workbench.html", context)


@login_required
def terms_overdue(request):
    """R-OR-08: organizations of the subtree whose term has ended without a new one."""
    org_id = request.GET.get("org", "")
    if org_id:
        organization = get_object_or_404(
            Organization.objects.restrict(request.user, "view"),
            pk=int(org_id) if org_id.isdigit() else 0,
        )
    else:
        organization = current_organization(request)
        if organization is None:
            raise Http404(_("不在您的管理范围内"))
    today = today_local()
    queryset = selectors.overdue_terms(request.user, organization, today)
    if wants_xlsx(request):
        return xlsx_response(queryset, terms_overdue_columns(today), filename=_("届满未换届的组织"))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    for term in page.object_list:
        term.days_overdue = (today - term.end_date).days
    return render(
        request,
        "dashboards/terms_overdue.html",
        {"org": organization, "page": page, "today": today},
    )
