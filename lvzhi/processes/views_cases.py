"""Case pages (办件) that act on one case: starting a case, the case page with its steps,
documents, timeline and transitions, uploads, assign/cancel/reopen, attachments. Thin:
reads via selectors, writes via services.

Errors: a service's ValidationError shows in the form (Chinese); ``StepConflict`` (the
step moved on while the page was open) answers 409 with the message to htmx/ajax and a
flash message after a redirect to plain forms; PermissionDenied (a step not routed to
the user) is a 403 page; out of scope is 404."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core import files as uploads
from lvzhi.core.forms import errors_to_form
from lvzhi.core.models import Role
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for
from lvzhi.orgs.selectors import display_names, label_actors

from . import rules, selectors, services
from .forms import (
    AssignForm,
    CaseStartForm,
    ReasonForm,
    TransitionForm,
    UploadForm,
    assignee_choices,
)
from .models import ActorKind, CaseAttachment, CaseStatus, StepStatus
from .views import case_overdue, creating_organization, is_ajax, nav_context

# 发起办件 -------------------------------------------------------------------


@login_required
def case_start(request):
    org = creating_organization(request)
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
            {"org": org, "templates": list(templates), **nav_context(request, "start")},
        )
    today = today_local()
    initial = {
        "year": today.year,
        "title": f"{today.year}年度{template.name}",
        "is_public": template.is_public,
    }
    form = CaseStartForm(request.POST or None, initial=initial, users=assignee_choices(org))
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
            errors_to_form(form, exc)
        else:
            messages.success(request, _("已发起办件，第一个环节已送达办理人"))
            return redirect("processes:case", pk=case.pk)
    return render(
        request,
        "processes/case_start.html",
        {"org": org, "template": template, "form": form, **nav_context(request, "start")},
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
    events = list(selectors.timeline(case))
    # 负责人 changes store the login name; show the person instead (one query, if any).
    logins = {e.data.get("assignee") for e in events if e.data.get("assignee")}
    # Always one query (an empty list would skip it), so the count is the same per case.
    login_ids = dict(
        get_user_model()
        .objects.filter(username__in=sorted(logins) or [""])
        .values_list("username", "pk")
    )
    people = display_names(
        [s.completed_by_id for s in steps]
        + [e.actor_id for e in events]
        + [case.assignee_id]
        + list(login_ids.values()),
        user,
    )
    for event in events:
        login = event.data.get("assignee")
        event.assignee_label = people.get(login_ids.get(login), "") if login else ""
    label_actors(events, user, names=people)
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
            if not slot.get("reference")
        ]
        step.references = [s["name"] for s in step.documents or [] if s.get("reference")]
        step.other_files = [a for a in files if a.slot not in names]
        step.completer_label = people.get(step.completed_by_id, "")
        step.actor_label = _actor_label(step, role_names)
        step.overdue = rules.is_overdue(step.status, step.due_on, today)
        step.is_current = step.pk == case.current_step_id and case.status == CaseStatus.OPEN
        if step.is_current:
            current = step
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
        "names": people,
        "current": current,
        "acts": acts,
        "can_change": can_change,
        "overdue": case_overdue(case, today),
        "unplaced_files": attachments.get(None, []),
        **nav_context(request, "cases"),
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
                users=assignee_choices(case.organization), initial={"assignee": case.assignee_id}
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
    if is_ajax(request):
        fresh = selectors.get_case(request.user, case.pk)
        return _render_case(request, fresh, status=409, conflict=message)
    messages.error(request, message)
    return redirect("processes:case", pk=case.pk)


def _forbidden(request, case, exc: PermissionDenied):
    message = str(exc) or _("您没有权限进行此操作")
    return render(
        request,
        "processes/case_forbidden.html",
        {"case": case, "message": message, **nav_context(request, "cases")},
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
            errors_to_form(form, exc)
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
            errors_to_form(form, exc)
        else:
            messages.success(request, _("已上传 %(n)d 个文件") % {"n": len(stored)})
            return redirect(reverse("processes:case", args=[case.pk]) + f"#step-{step.order}")
    return _render_case(request, case, {"upload": form})


@login_required
@require_POST
def case_assign(request, pk):
    case = selectors.get_case(request.user, pk)
    form = AssignForm(request.POST, users=assignee_choices(case.organization))
    if form.is_valid():
        try:
            services.case_assign(
                actor=request.user, case=case, assignee=form.cleaned_data["assignee"]
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
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
            errors_to_form(form, exc)
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


@uploads.file_view
def attachment(request, pk):
    """A case's file, for whoever may read the case (404 otherwise, anonymous included)."""
    found = get_object_or_404(
        CaseAttachment.objects.filter(case__in=selectors.visible_cases(uploads.viewer(request))),
        pk=pk,
    )
    return uploads.serve(found.file, filename=found.original_name)
