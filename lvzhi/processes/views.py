"""Case pages (办件) over many cases: my inbox, the case list, a department's page, the
overdue list and the year plan, plus the helpers the pages of one case share
(views_cases.py: starting a case, the case page, transitions, uploads, attachments).
Thin: reads via selectors, writes via services; out of scope is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lvzhi.core.exports import wants_xlsx, xlsx_response
from lvzhi.core.forms import errors_to_form
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for, user_assignments
from lvzhi.core.selectors import current_organization
from lvzhi.orgs.models import Department
from lvzhi.orgs.selectors import get_organization

from . import rules, selectors, services
from .forms import (
    CaseFilterForm,
    YearPlanForm,
)
from .list_exports import INBOX_COLUMNS, assignee_names, case_columns
from .models import CaseStatus, StepStatus

PAGE_SIZE = 50
DEPARTMENT_OPEN_LIMIT = 200
NAV_LIMIT = 12


# 公用 -----------------------------------------------------------------------


def is_ajax(request) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
    )


def case_overdue(case, today) -> bool:
    status = StepStatus.ACTIVE if case.status == CaseStatus.OPEN else case.status
    return rules.is_overdue(status, case.current_due_on, today)


def _decorate_cases(cases, today):
    for case in cases:
        case.overdue = case_overdue(case, today)
        case.days_overdue = (today - case.current_due_on).days if case.overdue else 0
    return cases


def _own_departments(user) -> list:
    return [a.department for a in user_assignments(user) if a.department_id]


def nav_context(request, tab: str) -> dict:
    """What the tabs above every case page need: department staff get their department's
    page, cadres the departments of the organization they work on."""
    org = current_organization(request)
    departments = _own_departments(request.user)
    if not departments and org is not None and scope_for(request.user, "view").covers(org.path):
        departments = list(
            Department.objects.filter(organization=org).order_by("sort_order", "id")[:NAV_LIMIT]
        )
    return {
        "tab": tab,
        "nav_org": org,
        "nav_departments": departments,
        "nav_can_create": org is not None and scope_for(request.user, "create").covers(org.path),
    }


def _query_without_page(request) -> str:
    params = [(k, v) for k, v in request.GET.items() if k != "page"]
    return urlencode(params)


def _year_param(request, today) -> int:
    value = request.GET.get("year", "")
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return today.year


def creating_organization(request):
    """The organization where the user starts cases: ?organization= or the current one;
    404 when she may not create there."""
    org_pk = request.GET.get("organization", "")
    if org_pk:
        if not org_pk.isdigit():
            raise Http404
        return get_organization(request.user, org_pk, "create")
    org = current_organization(request)
    if org is None or not scope_for(request.user, "create").covers(org.path):
        raise Http404(_("不在您的管理范围内"))
    return org


# 我的待办与办件列表 ---------------------------------------------------------


@login_required
def inbox(request):
    today = today_local()
    if wants_xlsx(request):
        return xlsx_response(selectors.inbox(request.user), INBOX_COLUMNS, filename=_("我的待办"))
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for step in page.object_list:
        step.overdue = rules.is_overdue(step.status, step.due_on, today)
    return render(
        request,
        "processes/inbox.html",
        {"page": page, "today": today, **nav_context(request, "inbox")},
    )


def _filter_departments(request):
    org = current_organization(request)
    own = [d.pk for d in _own_departments(request.user)]
    condition = Q(pk__in=own)
    if org is not None:
        condition |= Q(organization=org)
    return list(
        Department.objects.restrict(request.user, "view")
        .filter(condition)
        .select_related("organization")
        .order_by("org_path", "sort_order", "id")
    )


def _export_cases(request, queryset, today, filename):
    """The page's cases (its scope and filters, every page of them) as Excel."""
    return xlsx_response(
        queryset,
        case_columns(today),
        filename=filename,
        prepare=assignee_names(request.user),
    )


def _cases_page(request, queryset, today, title, page_template, context):
    """A list of cases: the spreadsheet when asked for (``title``), else one page of it."""
    if wants_xlsx(request):
        return _export_cases(request, queryset, today, title)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    _decorate_cases(page.object_list, today)
    return render(request, page_template, {"page": page, **context})


@login_required
def case_list(request):
    today = today_local()
    form = CaseFilterForm(request.GET or None, departments=_filter_departments(request))
    filters = form.values() if form.is_bound else {}
    queryset = selectors.case_list(request.user, today=today, **filters)
    return _cases_page(
        request,
        queryset,
        today,
        _("办件列表"),
        "processes/case_list.html",
        {"form": form, "query": _query_without_page(request), **nav_context(request, "cases")},
    )


@login_required
def overdue(request):
    today = today_local()
    org = current_organization(request)
    queryset = selectors.case_list(request.user, overdue=True, organization=org, today=today)
    return _cases_page(
        request,
        queryset,
        today,
        _("逾期办件"),
        "processes/overdue.html",
        {"org": org, "today": today, **nav_context(request, "overdue")},
    )


# 部门、逾期与年度计划 -------------------------------------------------------


@login_required
def department(request, pk):
    found = get_object_or_404(
        selectors.visible_departments(request.user).select_related("organization"), pk=pk
    )
    today = today_local()
    year = _year_param(request, today)
    summary = selectors.department_summary(request.user, found, year, today=today)
    totals = {
        key: sum(row[key] for row in summary)
        for key in ("open", "overdue", "finished", "cancelled")
    }
    open_cases = list(
        selectors.case_list(request.user, status=CaseStatus.OPEN, department=found.pk)
        .order_by("current_due_on", "id")
        .select_related("template")[:DEPARTMENT_OPEN_LIMIT]
    )
    _decorate_cases(open_cases, today)
    return render(
        request,
        "processes/department.html",
        {
            "department": found,
            "year": year,
            "years": list(range(today.year + 1, today.year - 5, -1)),
            "summary": summary,
            "totals": totals,
            "open_cases": open_cases,
            "open_limit": DEPARTMENT_OPEN_LIMIT,
            "tab_department": found.pk,
            **nav_context(request, "department"),
        },
    )


@login_required
def year_plan(request):
    org = creating_organization(request)
    today = today_local()
    year = _year_param(request, today)
    form = YearPlanForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        try:
            result = services.year_plan_generate(actor=request.user, organization=org, year=year)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("已生成 %(created)d 件，已有 %(existing)d 件")
                % {"created": len(result["created"]), "existing": result["existing"]},
            )
            return redirect(reverse("processes:year-plan") + "?" + urlencode({"year": year}))
    templates = list(
        selectors.startable_templates(request.user, org).filter(organization=org, recurring=True)
    )
    planned = {
        case.template_id: case
        for case in selectors.visible_cases(request.user).filter(
            organization=org, plan_year=year, template_id__in=[t.pk for t in templates]
        )
    }
    rows = [(template, planned.get(template.pk)) for template in templates]
    unpublished = list(
        selectors.templates_of(request.user, org)
        .filter(recurring=True, is_active=True)
        .exclude(pk__in=[t.pk for t in templates])
    )
    return render(
        request,
        "processes/year_plan.html",
        {
            "org": org,
            "year": year,
            "form": form,
            "rows": rows,
            "missing": sum(1 for _t, case in rows if case is None),
            "unpublished": unpublished,
            **nav_context(request, "year-plan"),
        },
    )
