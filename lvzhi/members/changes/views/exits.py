"""Pages of exits: recommendations and cases with their procedure (R-MB-08…11)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.forms import run_service
from lvzhi.core.periods import today_local
from lvzhi.core.selectors import current_organization
from lvzhi.members import rules
from lvzhi.members.changes import selectors, services
from lvzhi.members.changes.forms import ExitDismissForm, ExitEnterForm, ExitStepForm
from lvzhi.members.changes.views._helpers import _tabs
from lvzhi.members.common.selectors import ruleset_for
from lvzhi.members.models import ExitStatus
from lvzhi.orgs.models import Person


@login_required
def changes_home(request):
    org = current_organization(request)
    if org is None:
        raise Http404(_("没有可管理的组织"))
    if selectors.federations(request.user, "exits").filter(pk=org.pk).exists():
        return redirect("members:exit-list", org=org.pk)
    return redirect("members:nomination-list", org=org.pk)


# 退出 -----------------------------------------------------------------------


@login_required
def exit_list(request, org):
    org = selectors.get_federation(request.user, org, "exits")
    today = today_local()
    ruleset = ruleset_for(org)
    cases = list(selectors.exit_case_list(request.user, org))
    labels = selectors.ground_labels(ruleset)
    for case in cases:
        case.ground_label = labels.get(case.ground, case.ground)
    rows = selectors.recommendations_for(org, today, ruleset=ruleset)
    for row in rows:
        row.ground_label = labels.get(row.ground, row.ground)
        row.kind_label = rules.KIND_LABELS[row.recommendation.kind]
    context = _tabs(request.user, org, "exits")
    context.update(
        today=today,
        recommendations=rows,
        cases=cases,
        unannounced=selectors.unannounced_terminations(
            selectors.exit_cases(request.user).filter(organization=org)
        ),
    )
    return render(request, "members/exit_list.html", context)


@login_required
def exit_create(request, org):
    org = selectors.get_federation(request.user, org, "create")
    today = today_local()
    ruleset = ruleset_for(org)
    form = ExitEnterForm(request.POST or None, organization=org, today=today, ruleset=ruleset)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = run_service(
            form,
            lambda: services.exit_open(
                actor=request.user,
                organization=org,
                person=data["person"],
                ground=data["ground"],
                date=data["date"],
                note=data["note"],
                today=today,
            ),
        )
        if case is not None:
            messages.success(request, _("已登记，请按程序办理"))
            return redirect("members:exit-detail", pk=case.pk)
    context = _tabs(request.user, org, "exits")
    context.update(form=form)
    return render(request, "members/exit_form.html", context)


@login_required
@require_POST
def exit_open(request, org):
    """Turn a recommendation the platform found into a case."""
    org = selectors.get_federation(request.user, org, "create")
    person_id = request.POST.get("person", "")
    person = (
        Person.objects.restrict(request.user, "view").filter(pk=person_id).first()
        if person_id.isdigit()
        else None
    )
    if person is None:
        raise Http404(_("人员不存在或不在您的管理范围内"))
    try:
        case = services.exit_open(
            actor=request.user,
            organization=org,
            person=person,
            ground=request.POST.get("ground", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("members:exit-list", org=org.pk)
    messages.success(request, _("已立案，请按程序办理"))
    return redirect("members:exit-detail", pk=case.pk)


def _exit_page(request, case, *, step_form=None, dismiss_form=None, status=200):
    org = case.organization
    ruleset = ruleset_for(org)
    change = selectors.change_of(case)
    pending = selectors.next_steps(case, ruleset)
    step = pending[0] if pending else None
    if step == "party_approval":
        may_step = selectors.is_party_approver(request.user, org)
    else:
        may_step = step is not None and selectors.is_cadre(request.user, org)
    done = {s["step"]: s for s in case.steps if s.get("step") in rules.STEP_LABELS}
    procedure = [
        {
            "step": name,
            "label": rules.STEP_LABELS[name],
            "record": done.get(name),
            "effective": name == rules.effective_step(change, ruleset),
        }
        for name in rules.procedure_steps(change, ruleset)
    ]
    step_errors = []
    if step_form is not None and step_form.is_bound and not may_step:
        step_errors = [e for errors in step_form.errors.values() for e in errors]
    if step_form is None and step is not None:
        step_form = ExitStepForm(initial={"step": step, "date": today_local()}, organization=org)
    context = _tabs(request.user, org, "exits")
    context.update(
        case=case,
        ground_label=selectors.ground_labels(ruleset).get(case.ground, case.ground),
        kind_label=rules.KIND_LABELS[case.kind],
        procedure=procedure,
        next_step=step,
        next_step_label=rules.STEP_LABELS.get(step, ""),
        may_step=may_step,
        step_form=step_form,
        step_errors=step_errors,
        dismiss_form=dismiss_form or ExitDismissForm(),
        may_dismiss=case.status in selectors.OPEN_EXIT_STATUSES
        and selectors.is_cadre(request.user, org),
        dismissed=[s for s in case.steps if s.get("step") == "dismissed"],
        is_termination=case.kind == "termination",
        effective=case.status == ExitStatus.EFFECTIVE,
    )
    return render(request, "members/exit_detail.html", context, status=status)


@login_required
def exit_detail(request, pk):
    return _exit_page(request, selectors.get_exit_case(request.user, pk))


@login_required
@require_POST
def exit_step(request, pk):
    case = selectors.get_exit_case(request.user, pk)
    form = ExitStepForm(request.POST, organization=case.organization)
    if form.is_valid() and run_service(
        form, lambda: services.exit_step(actor=request.user, case=case, **form.cleaned_data)
    ):
        step = rules.STEP_LABELS[form.cleaned_data["step"]]
        messages.success(request, _("已记录：%(step)s") % {"step": step})
        return redirect("members:exit-detail", pk=case.pk)
    return _exit_page(request, selectors.get_exit_case(request.user, pk), step_form=form)


@login_required
@require_POST
def exit_dismiss(request, pk):
    case = selectors.get_exit_case(request.user, pk)
    form = ExitDismissForm(request.POST)
    if form.is_valid() and run_service(
        form, lambda: services.exit_dismiss(actor=request.user, case=case, **form.cleaned_data)
    ):
        messages.success(request, _("已不予处理"))
        return redirect("members:exit-detail", pk=case.pk)
    return _exit_page(request, case, dismiss_form=form)
