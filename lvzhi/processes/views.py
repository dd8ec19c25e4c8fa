"""Case pages (办件): my inbox, the case list, starting a case, the case page with its
steps, documents, timeline and transitions, attachments, a department's page, the
overdue list and the year plan. Thin: reads via selectors, writes via services.

Errors: a service's ValidationError shows in the form (Chinese); ``StepConflict`` (the
step moved on while the page was open) answers 409 with the message to htmx/ajax and a
flash message after a redirect to plain forms; PermissionDenied (a step not routed to
the user) is a 403 page; out of scope is 404."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.models import Role
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for, user_assignments
from lvzhi.core.selectors import current_organization
from lvzhi.orgs.models import Department
from lvzhi.orgs.selectors import get_organization

from . import rules, selectors, services
from .forms import (
    AssignForm,
    CaseFilterForm,
    CaseStartForm,
    ReasonForm,
    TransitionForm,
    UploadForm,
    YearPlanForm,
    assignable_users,
)
from .models import ActorKind, CaseAttachment, CaseStatus, StepStatus

PAGE_SIZE = 50
DEPARTMENT_OPEN_LIMIT = 200
NAV_LIMIT = 12


# 公用 -----------------------------------------------------------------------


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _is_ajax(request) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
    )


def _case_overdue(case, today) -> bool:
    status = StepStatus.ACTIVE if case.status == CaseStatus.OPEN else case.status
    return rules.is_overdue(status, case.current_due_on, today)


def _decorate_cases(cases, today):
    for case in cases:
        case.overdue = _case_overdue(case, today)
        case.days_overdue = (today - case.current_due_on).days if case.overdue else 0
    return cases


def _own_departments(user) -> list:
    return [a.department for a in user_assignments(user) if a.department_id]


def _nav(request, tab: str) -> dict:
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


def _creating_organization(request):
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
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for step in page.object_list:
        step.overdue = rules.is_overdue(step.status, step.due_on, today)
    return render(
        request, "processes/inbox.html", {"page": page, "today": today, **_nav(request, "inbox")}
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


@login_required
def case_list(request):
    today = today_local()
    form = CaseFilterForm(request.GET or None, departments=_filter_departments(request))
    filters = form.values() if form.is_bound else {}
    queryset = selectors.case_list(request.user, today=today, **filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    _decorate_cases(page.object_list, today)
    return render(
        request,
        "processes/case_list.html",
        {
            "page": page,
            "form": form,
            "query": _query_without_page(request),
            **_nav(request, "cases"),
        },
    )


@login_required
def overdue(request):
    today = today_local()
    org = current_organization(request)
    queryset = selectors.case_list(request.user, overdue=True, organization=org, today=today)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    _decorate_cases(page.object_list, today)
    return render(
        request,
        "processes/overdue.html",
        {"page": page, "org": org, "today": today, **_nav(request, "overdue")},
    )


# 发起办件 -------------------------------------------------------------------


@login_required
def case_start(request):
    org = _creating_organization(request)
    templates = selectors.startable_templates(request.user, org)
    template_pk = request.GET.get("template", "")
    template = None
    if template_pk:
        template = templates.filter(pk=template_pk).first() if template_pk.isdigit() else None
        if template is None:
            messages.error(request, _("该流程模板不能在本组织发起：模板未发布、已停用或不适用"))
    if template is None:
        return render(
            request,
            "processes/case_start.html",
            {"org": org, "templates": list(templates), **_nav(request, "start")},
        )
    today = today_local()
    initial = {
        "year": today.year,
        "title": f"{today.year}年度{template.name}",
        "is_public": template.is_public,
    }
    form = CaseStartForm(request.POST or None, initial=initial, users=assignable_users(org))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_start(
                actor=request.user,
                template=template,
                organization=org,
                title=data["title"],
                year=data["year"],
                assignee=data["assignee"],
                is_public=data["is_public"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("已发起办件，第一个环节已送达办理人"))
            return redirect("processes:case", pk=case.pk)
    return render(
        request,
        "processes/case_start.html",
        {"org": org, "template": template, "form": form, **_nav(request, "start")},
    )


# 办件页 ---------------------------------------------------------------------


def _actor_label(step, role_names) -> str:
    org = step.actor_organization.name
    if step.actor_kind == ActorKind.DEPARTMENT:
        return f"{org} · {step.department.name}" if step.department else org
    if step.actor_kind == ActorKind.PARTY:
        return _("%(org)s 党组织") % {"org": org}
    return f"{org} · {role_names.get(step.role_code, step.role_code)}"


def _case_context(request, case, forms: dict) -> dict:
    user = request.user
    today = today_local()
    steps = selectors.case_steps(case)
    attachments = selectors.attachments_by_step(case)
    completers = get_user_model().objects.in_bulk(
        {s.completed_by_id for s in steps if s.completed_by_id}
    )
    role_names = dict(
        Role.objects.filter(code__in={s.role_code for s in steps if s.role_code}).values_list(
            "code", "name"
        )
    )
    by_name = {}
    for files in attachments.values():
        for attachment in files:
            by_name[(attachment.step_id, attachment.original_name)] = attachment
    current = None
    for step in steps:
        files = attachments.get(step.pk, [])
        names = [slot["name"] for slot in step.documents or []]
        step.slots = [
            {
                "name": slot["name"],
                "required": slot.get("required", True),
                "files": [a for a in files if a.slot == slot["name"]],
            }
            for slot in step.documents or []
        ]
        step.other_files = [a for a in files if a.slot not in names]
        step.completer = completers.get(step.completed_by_id)
        step.actor_label = _actor_label(step, role_names)
        step.overdue = rules.is_overdue(step.status, step.due_on, today)
        step.is_current = step.pk == case.current_step_id and case.status == CaseStatus.OPEN
        if step.is_current:
            current = step
    events = list(selectors.timeline(case))
    for event in events:
        event.files = [
            (name, by_name.get((event.step_id, name))) for name in event.data.get("files", [])
        ]
    acts = (
        current is not None
        and current.status == StepStatus.ACTIVE
        and selectors.acts_on(user, current)
    )
    can_change = scope_for(user, "change").covers(case.org_path)
    context = {
        "case": case,
        "steps": steps,
        "events": events,
        "current": current,
        "acts": acts,
        "can_change": can_change,
        "overdue": _case_overdue(case, today),
        "unplaced_files": attachments.get(None, []),
        **_nav(request, "cases"),
    }
    if acts:
        attached = {a.slot for a in attachments.get(current.pk, [])}
        form = forms.get("transition")
        if form is None or form.step_pk != current.pk:
            form = TransitionForm(step=current, attached_slots=attached)
            form.step_pk = current.pk
        context["transition_form"] = form
        context["upload_form"] = forms.get("upload") or UploadForm(step=current)
    if can_change:
        if case.status == CaseStatus.OPEN:
            context["assign_form"] = forms.get("assign") or AssignForm(
                users=assignable_users(case.organization), initial={"assignee": case.assignee_id}
            )
            context["cancel_form"] = forms.get("cancel") or ReasonForm(prefix="cancel")
        else:
            context["reopen_form"] = forms.get("reopen") or ReasonForm(prefix="reopen")
    return context


def _render_case(request, case, forms=None, status=200, conflict=""):
    context = _case_context(request, case, forms or {})
    context["conflict"] = conflict
    return render(request, "processes/case_detail.html", context, status=status)


@login_required
def case_detail(request, pk):
    return _render_case(request, selectors.get_case(request.user, pk))


def _conflict(request, case, message: str):
    if _is_ajax(request):
        fresh = selectors.get_case(request.user, case.pk)
        return _render_case(request, fresh, status=409, conflict=message)
    messages.error(request, message)
    return redirect("processes:case", pk=case.pk)


def _forbidden(request, case, exc: PermissionDenied):
    message = str(exc) or _("您没有权限进行此操作")
    return render(
        request,
        "processes/case_forbidden.html",
        {"case": case, "message": message, **_nav(request, "cases")},
        status=403,
    )


def _case_step(request, pk, step_pk):
    case = selectors.get_case(request.user, pk)
    step = get_object_or_404(case.steps.all(), pk=step_pk)
    return case, step


@login_required
@require_POST
def step_transition(request, pk, step_pk):
    case, step = _case_step(request, pk, step_pk)
    attached = {a.slot for a in selectors.attachments_by_step(case).get(step.pk, [])}
    form = TransitionForm(request.POST, request.FILES, step=step, attached_slots=attached)
    form.step_pk = step.pk
    if form.is_valid():
        action = form.cleaned_data["action"]
        try:
            services.step_transition(
                actor=request.user,
                case=case,
                step_id=step.pk,
                action=action,
                comment=form.cleaned_data["comment"],
                files=form.uploads(),
                expected_revision=form.cleaned_data["revision"],
            )
        except services.StepConflict as exc:
            return _conflict(request, case, exc.message)
        except PermissionDenied as exc:
            return _forbidden(request, case, exc)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            labels = {
                "complete": _("已完成环节“%(step)s”"),
                "approve": _("已审核通过“%(step)s”"),
                "return": _("已退回“%(step)s”"),
            }
            messages.success(request, labels[action] % {"step": step.name})
            return redirect("processes:case", pk=case.pk)
    return _render_case(request, case, {"transition": form})


@login_required
@require_POST
def step_upload(request, pk, step_pk):
    case, step = _case_step(request, pk, step_pk)
    form = UploadForm(request.POST, request.FILES, step=step)
    if form.is_valid():
        try:
            stored = services.attachments_add(
                actor=request.user, case=case, step=step, files=form.uploads()
            )
        except PermissionDenied as exc:
            return _forbidden(request, case, exc)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("已上传 %(n)d 个文件") % {"n": len(stored)})
            return redirect(reverse("processes:case", args=[case.pk]) + f"#step-{step.order}")
    return _render_case(request, case, {"upload": form})


@login_required
@require_POST
def case_assign(request, pk):
    case = selectors.get_case(request.user, pk)
    form = AssignForm(request.POST, users=assignable_users(case.organization))
    if form.is_valid():
        try:
            services.case_assign(
                actor=request.user, case=case, assignee=form.cleaned_data["assignee"]
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("已指派负责人"))
            return redirect("processes:case", pk=case.pk)
    return _render_case(request, case, {"assign": form})


def _reason_action(request, pk, prefix, write, done):
    case = selectors.get_case(request.user, pk)
    form = ReasonForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            write(actor=request.user, case=case, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, done)
            return redirect("processes:case", pk=case.pk)
    return _render_case(request, case, {prefix: form})


@login_required
@require_POST
def case_cancel(request, pk):
    return _reason_action(request, pk, "cancel", services.case_cancel, _("已撤销办件"))


@login_required
@require_POST
def case_reopen(request, pk):
    return _reason_action(request, pk, "reopen", services.case_reopen, _("已恢复办理"))


@login_required
def attachment(request, pk):
    """A case's file, for whoever may read the case (404 otherwise)."""
    found = get_object_or_404(
        CaseAttachment.objects.filter(case__in=selectors.visible_cases(request.user)), pk=pk
    )
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("文件不存在")) from exc
    return FileResponse(handle, as_attachment=True, filename=found.original_name)


# 部门、逾期与年度计划 -------------------------------------------------------


def _sees_department(user, department) -> bool:
    """Cadres (and other roles without a department) whose view scope covers the
    department's organization, and the department's own staff."""
    if scope_for(user, "view").everything:
        return True
    for assignment in user_assignments(user):
        if not assignment.role.allows("view"):
            continue
        if assignment.department_id:
            if assignment.department_id == department.pk:
                return True
            continue
        path = assignment.organization.path
        if department.org_path == path or (
            assignment.include_descendants and department.org_path.startswith(path)
        ):
            return True
    return False


@login_required
def department(request, pk):
    found = get_object_or_404(Department.objects.select_related("organization"), pk=pk)
    if not _sees_department(request.user, found):
        raise Http404
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
            **_nav(request, "department"),
        },
    )


@login_required
def year_plan(request):
    org = _creating_organization(request)
    today = today_local()
    year = _year_param(request, today)
    form = YearPlanForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        try:
            result = services.year_plan_generate(actor=request.user, organization=org, year=year)
        except ValidationError as exc:
            _errors_to_form(form, exc)
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
            **_nav(request, "year-plan"),
        },
    )
