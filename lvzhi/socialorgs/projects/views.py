"""Pages of social projects (第六条、第十七条).

- The federation's cadres: batches of their subtree (create, edit, publish), each batch's
  applications, an application's page with the form of its current step, the
  organizations' accounts. Reads from ``restrict(user, action)``; out of scope: 404.
- The organization user: her portal (her organization, open batches, her applications),
  the application form, her application's page with the report form. She sees only her own
  organization's rows; anything else is a 404.
- Public, no login: published batches and, per batch, the funded projects.
Documents are served only through the scope-checking view."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core import files
from lvzhi.core.api import parse_id
from lvzhi.core.forms import run_service
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for
from lvzhi.core.selectors import current_organization
from lvzhi.orgs.selectors import get_organization
from lvzhi.processes.services import StepConflict

from .. import selectors as socialorgs_selectors
from .. import services as socialorgs_services
from . import selectors, services
from .forms import (
    AccountForm,
    ApplyForm,
    BatchCreateForm,
    BatchForm,
    ContractForm,
    DecideForm,
    ReportAcceptForm,
    ReportForm,
    ResubmitForm,
    ReturnedRefuseForm,
    ReviewForm,
)
from .models import ApplicationStatus

S = ApplicationStatus


def _federation(request, action="view"):
    """``?org=<pk>`` if visible, else the organization chosen in the switcher."""
    if request.GET.get("org"):
        return get_organization(request.user, parse_id(request.GET["org"]) or 0, action)
    org = current_organization(request)
    if org is None:
        raise Http404(_("页面不存在"))
    return get_organization(request.user, org.pk, action)


def _carrier():
    """An empty bound form that carries a service's refusal as its message."""
    form = forms.Form({})
    form.is_valid()
    return form


def _with_counts(rows):
    return rows.annotate(
        applied=Count("applications", filter=~Q(applications__status=S.WITHDRAWN)),
        funded=Count("applications", filter=Q(applications__status__in=selectors.FUNDED_STATUSES)),
    )


# 妇联：项目批次 ------------------------------------------------------------------------


@login_required
def batch_list(request):
    org = _federation(request)
    rows = _with_counts(
        selectors.batches(request.user).filter(selectors.subtree_q(org.path))
    ).order_by("-year", "-deadline", "-id")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    can_create = (
        scope_for(request.user, "create").covers(org.path)
        and socialorgs_services.federation_error(org) is None
    )
    return render(
        request,
        "socialorgs/projects/batch_list.html",
        {"org": org, "page": page, "can_create": can_create, "today": today_local()},
    )


@login_required
def batch_create(request):
    org = _federation(request, "create")
    if socialorgs_services.federation_error(org):
        raise Http404(_("页面不存在"))
    form = BatchCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = run_service(
            form,
            lambda: services.batch_create(actor=request.user, federation=org, **form.cleaned_data),
        )
        if batch is not None:
            messages.success(request, _("已发布") if batch.published else _("已保存"))
            return redirect("socialorg_projects:batch", batch.pk)
    return render(
        request,
        "socialorgs/projects/batch_form.html",
        {"org": org, "form": form, "batch": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def batch_detail(request, pk):
    batch = selectors.get_batch(request.user, pk)
    rows = batch.applications.select_related("organization").order_by("-submitted_at", "-id")
    return render(
        request,
        "socialorgs/projects/batch_detail.html",
        {
            "batch": batch,
            "org": batch.federation,
            "applications": rows,
            "funded_total": selectors.funded_total(batch),
            "can_manage": selectors.may_manage(request.user, batch),
            "is_open": selectors.is_open(batch),
        },
    )


@login_required
def batch_edit(request, pk):
    batch = selectors.get_batch(request.user, pk, "change")
    initial = {name: getattr(batch, name) for name in services.BATCH_FIELDS}
    form = BatchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        result = run_service(
            form,
            lambda: services.batch_update(actor=request.user, batch=batch, **form.cleaned_data),
        )
        if result is not None:
            messages.success(request, _("已保存"))
            return redirect("socialorg_projects:batch", batch.pk)
    return render(
        request,
        "socialorgs/projects/batch_form.html",
        {"org": batch.federation, "form": form, "batch": batch},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def batch_publish(request, pk):
    batch = selectors.get_batch(request.user, pk, "change")
    form = _carrier()
    if run_service(form, lambda: services.batch_publish(actor=request.user, batch=batch)):
        messages.success(request, _("已发布到公开页面"))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("__all__", [])))
    return redirect("socialorg_projects:batch", batch.pk)


# 妇联：申报办理 ------------------------------------------------------------------------

STEP_FORMS = {
    S.REVIEW: ("review", ReviewForm),
    S.RETURNED: ("review", ReturnedRefuseForm),
    S.DECISION: ("decide", DecideForm),
    S.CONTRACT: ("contract", ContractForm),
    S.MIDTERM: ("report-accept", ReportAcceptForm),
    S.FINAL: ("report-accept", ReportAcceptForm),
}


def _step_call(request, name, application, form):
    data = form.cleaned_data
    user = request.user
    if name == "review" and form.returning():
        return lambda: services.application_return(
            actor=user, application=application, reason=data["note"]
        )
    if name == "review":
        return lambda: services.application_review(
            actor=user, application=application, approve=form.approve(), note=data["note"]
        )
    if name == "decide":
        return lambda: services.application_decide(
            actor=user,
            application=application,
            approve=form.approve(),
            funded_amount=data["funded_amount"],
            note=data["note"],
        )
    if name == "contract":
        return lambda: services.contract_record(
            actor=user,
            application=application,
            signed_on=data["signed_on"],
            contract=request.FILES.get("contract"),
        )
    return lambda: services.report_accept(actor=user, application=application, note=data["note"])


@login_required
def application_detail(request, pk, step_form=None, status=200):
    application = selectors.get_application(request.user, pk)
    may_act = selectors.may_act(request.user, application)
    step = STEP_FORMS.get(application.status)
    form = None
    if may_act and step is not None:
        form = step_form or step[1]()
    return render(
        request,
        "socialorgs/projects/application_detail.html",
        {
            "application": application,
            "batch": application.batch,
            "documents": selectors.documents(application),
            "may_act": may_act,
            "may_accept": may_act and application.status == S.SUBMITTED,
            "step_name": step[0] if step else "",
            "step_form": form,
        },
        status=status,
    )


@login_required
@require_POST
def application_accept(request, pk):
    application = selectors.get_application(request.user, pk, "change")
    form = _carrier()
    if run_service(
        form, lambda: services.application_accept(actor=request.user, application=application)
    ):
        messages.success(request, _("已受理，进入审核"))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("__all__", [])))
    return redirect("socialorg_projects:application", application.pk)


@login_required
@require_POST
def application_step(request, pk, name):
    application = selectors.get_application(request.user, pk)
    step = STEP_FORMS.get(application.status)
    if step is None or step[0] != name:
        messages.error(request, _("申报当前处于“%(s)s”") % {"s": application.get_status_display()})
        return redirect("socialorg_projects:application", application.pk)
    form = step[1](request.POST, request.FILES)
    if form.is_valid():
        try:
            result = run_service(form, _step_call(request, name, application, form))
        except StepConflict as exc:
            messages.error(request, exc.message)
            return redirect("socialorg_projects:application", application.pk)
        if result is not None:
            messages.success(request, _("已办理：%(s)s") % {"s": result.get_status_display()})
            return redirect("socialorg_projects:application", application.pk)
    return application_detail(request, pk, step_form=form, status=400)


@files.file_view
def document(request, pk):
    row = selectors.get_document(files.viewer(request), parse_id(pk) or 0)
    return files.serve(row.file, filename=row.original_name)


# 妇联：社会组织账号 --------------------------------------------------------------------


@login_required
def accounts(request, pk):
    """The accounts of one filed organization; a cadre who may change it adds one."""
    organization = socialorgs_selectors.get_organization(request.user, pk)
    can_add = socialorgs_selectors.may_change(request.user, organization)
    form = AccountForm(request.POST or None) if can_add else None
    if request.method == "POST":
        if form is None:
            raise Http404(_("页面不存在"))
        if form.is_valid():
            result = run_service(
                form,
                lambda: services.account_create(
                    actor=request.user, organization=organization, **form.cleaned_data
                ),
            )
            if result is not None:
                messages.success(request, _("已开设账号"))
                return redirect("socialorg_projects:accounts", organization.pk)
    rows = selectors.accounts(request.user).filter(organization=organization).order_by("id")
    return render(
        request,
        "socialorgs/projects/accounts.html",
        {"row": organization, "accounts": rows, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# 社会组织用户 -------------------------------------------------------------------------


def _account(request):
    account = selectors.account_of(request.user)
    if account is None:
        raise Http404(_("页面不存在"))
    return account


@login_required
def my_portal(request):
    account = _account(request)
    return render(
        request,
        "socialorgs/projects/my_portal.html",
        {
            "account": account,
            "organization": account.organization,
            "batches": selectors.open_batches_for(request.user),
            "applications": selectors.own_applications(request.user).order_by(
                "-submitted_at", "-id"
            ),
        },
    )


@login_required
def my_apply(request, pk):
    account = _account(request)
    batch = selectors.get_open_batch_for(request.user, pk)
    eligibility = selectors.eligibility(account.organization, batch)
    form = ApplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = run_service(
            form,
            lambda: services.application_submit(
                actor=request.user,
                batch=batch,
                title=data["title"],
                summary=data["summary"],
                budget=data["budget"],
                plan=data["plan"],
                budget_file=data["budget_file"],
            ),
        )
        if result is not None:
            messages.success(request, _("已提交申报"))
            return redirect("socialorg_projects:my-application", result.pk)
    return render(
        request,
        "socialorgs/projects/my_apply.html",
        {"account": account, "batch": batch, "eligibility": eligibility, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def my_application(request, pk, report_form=None, resubmit_form=None, status=200):
    application = selectors.get_own_application(request.user, pk)
    reporting = application.status in (S.MIDTERM, S.FINAL)
    return render(
        request,
        "socialorgs/projects/my_application.html",
        {
            "application": application,
            "batch": application.batch,
            "documents": selectors.documents(application),
            "report_form": report_form or (ReportForm() if reporting else None),
            "resubmit_form": resubmit_form or _resubmit_form(application),
            "may_withdraw": application.status == S.SUBMITTED,
        },
        status=status,
    )


def _resubmit_form(application):
    if application.status != S.RETURNED:
        return None
    return ResubmitForm(initial={"budget": application.budget, "summary": application.summary})


@login_required
@require_POST
def my_resubmit(request, pk):
    """退回修改: she resubmits her revised application; it goes back to 审核."""
    application = selectors.get_own_application(request.user, pk)
    form = ResubmitForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        result = run_service(
            form,
            lambda: services.application_resubmit(
                actor=request.user,
                application=application,
                budget=data["budget"],
                summary=data["summary"],
                plan=data["plan"],
                budget_file=data["budget_file"],
            ),
        )
        if result is not None:
            messages.success(request, _("已重新提交申报"))
            return redirect("socialorg_projects:my-application", application.pk)
    return my_application(request, pk, resubmit_form=form, status=400)


@login_required
@require_POST
def my_withdraw(request, pk):
    application = selectors.get_own_application(request.user, pk)
    form = _carrier()
    if run_service(
        form, lambda: services.application_withdraw(actor=request.user, application=application)
    ):
        messages.success(request, _("已撤回申报"))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("__all__", [])))
    return redirect("socialorg_projects:my-application", application.pk)


@login_required
@require_POST
def my_report(request, pk):
    application = selectors.get_own_application(request.user, pk)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        result = run_service(
            form,
            lambda: services.report_submit(
                actor=request.user,
                application=application,
                text=form.cleaned_data["text"],
                attachment=form.cleaned_data["attachment"],
            ),
        )
        if result is not None:
            messages.success(request, _("已提交报告"))
            return redirect("socialorg_projects:my-application", application.pk)
    return my_application(request, pk, report_form=form, status=400)


# 公开 --------------------------------------------------------------------------------


def public_list(request):
    """Published batches, no login: open ones first."""
    today = today_local()
    rows = selectors.public_batches().order_by("-deadline", "-id")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "socialorgs/projects/public_list.html", {"page": page, "today": today})


def public_detail(request, pk):
    batch = selectors.get_public_batch(parse_id(pk) or 0)
    return render(
        request,
        "socialorgs/projects/public_detail.html",
        {
            "batch": batch,
            "funded": selectors.public_funded(batch),
            "is_open": selectors.is_open(batch),
        },
    )
