"""Pages of the ledger. Thin: reads via selectors (404 out of scope), writes via services;
ID numbers and phones are shown masked, in full only through the audited reveal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.exports import wants_xlsx
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for
from lvzhi.core.selectors import current_organization
from lvzhi.orgs.selectors import get_organization
from lvzhi.orgs.views_forms import reveal_page, run_service
from lvzhi.processes.selectors import startable_templates

from . import (
    rules,
    selectors,
    selectors_needs,
    selectors_privacy,
    services,
    services_grids,
    services_needs,
    services_privacy,
)
from .filters import EntryFilter, unknown_params
from .forms import (
    CategoryAddForm,
    CategoryEndForm,
    CloseForm,
    ConsentForm,
    DecisionForm,
    EntryForm,
    GridForm,
    NeedForm,
    RevealForm,
    TransferForm,
    VisitForm,
)
from .models import EntryCategory, ReadKind


def post_action(request, form, call, success: str) -> None:
    """A small POST from a detail page: validate ``form``, run ``call(cleaned_data)``
    (a service), and say how it went: ``success``, or the form's and service's errors."""
    if form.is_valid() and run_service(form, lambda: call(form.cleaned_data)):
        messages.success(request, success)
    else:
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))


def form_page(request, form, *, title, save, done, back, success=None):
    if request.method == "POST" and form.is_valid():
        result = run_service(form, lambda: save(form))
        if result is not None:
            messages.success(request, success or _("已保存"))
            return redirect(done(result))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "ledger/form.html", {"form": form, "title": title, "back": back}, status=status
    )


def _ledger_org(user, org):
    """``org`` when it keeps a ledger and the user may create there, else None."""
    if org is None or rules.ledger_organization_error(
        system=org.system, kind=org.kind, level=org.level
    ):
        return None
    return org if scope_for(user, "create").covers(org.path) else None


@login_required
def entry_list(request):
    bad = unknown_params(request.GET, EntryFilter)
    queryset = selectors.entries(request.user).order_by("org_path", "name", "id")
    filterset = EntryFilter(request.GET, queryset=queryset, request=request)
    valid = not bad and filterset.is_valid()
    rows = filterset.qs if valid else queryset.none()
    if valid and wants_xlsx(request):
        from .views_excel import export

        return export(request, rows, current_organization(request))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    org = current_organization(request)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "ledger/list.html",
        {
            "page": page,
            "filterset": filterset,
            "unknown": bad,
            "counts": selectors.category_counts(rows) if valid else [],
            "ledger_org": _ledger_org(request.user, org),
            "has_grids": selectors.my_grids(request.user).exists(),
            "query": query.urlencode(),
        },
        status=200 if valid else 400,
    )


@login_required
def entry_create(request, org_pk):
    org = get_organization(request.user, org_pk, "create")
    form = EntryForm(request.POST or None, organization=org)
    return form_page(
        request,
        form,
        title=_("登记台账人员") + f" · {org.name}",
        save=lambda f: services.entry_create(
            actor=request.user, organization=org, **f.service_fields()
        ),
        done=lambda entry: reverse("ledger:entry", args=[entry.pk]),
        back=reverse("ledger:list"),
        success=_("已登记"),
    )


@login_required
def entry_detail(request, pk):
    entry = selectors.get_entry(request.user, pk)
    manage = selectors.may_manage(request.user, entry)
    services_privacy.record_read(actor=request.user, entry=entry, kind=ReadKind.DETAIL)
    consents = selectors_privacy.consents(entry) if manage else []
    return render(
        request,
        "ledger/entry.html",
        {
            "consents": consents,
            "gaps": selectors_privacy.basis_gaps(entry, consents) if manage else [],
            "consent_form": ConsentForm(initial={"given_on": today_local()}) if manage else None,
            "close_form": CloseForm() if manage and not entry.closed_on else None,
            "entry": entry,
            "manage": manage,
            "can_reveal": selectors.may_reveal(request.user, entry),
            "can_visit": services_grids.may_visit(request.user, entry),
            "id_masked": _masked(entry, "id_number") if manage else "",
            "phone_masked": _masked(entry, "phone"),
            "category_form": CategoryAddForm() if manage else None,
            **_needs(request.user, entry, manage),
            **selectors.entry_history(entry),
        },
    )


def _needs(user, entry, manage: bool) -> dict:
    """Her needs with their outcomes; the forms to record one and to refer one."""
    needs = selectors_needs.entry_needs(user, entry)
    open_entry = not entry.closed_on and not entry.anonymised_at
    for need in needs:
        need.can_refer = (
            open_entry
            and not need.referred_as
            and services_needs.may_refer(user, need, "suggestion")
        )
    can_record = open_entry and services_grids.may_visit(user, entry)
    return {
        "needs": needs,
        "need_form": NeedForm(entry=entry) if can_record else None,
        "case_templates": (
            list(startable_templates(user, entry.organization))
            if manage and open_entry and any(n.can_refer for n in needs)
            else []
        ),
    }


def _masked(entry, field):
    return entry._meta.get_field(field).mask(getattr(entry, field))


@login_required
def entry_edit(request, pk):
    entry = selectors.get_managed_entry(request.user, pk)
    form = EntryForm(request.POST or None, instance=entry)
    return form_page(
        request,
        form,
        title=_("修改台账信息") + f" · {entry.name}",
        save=lambda f: services.entry_update(
            actor=request.user, entry=selectors.get_entry(request.user, pk), **f.service_fields()
        ),
        done=lambda updated: reverse("ledger:entry", args=[updated.pk]),
        back=reverse("ledger:entry", args=[pk]),
    )


@login_required
def entry_reveal(request, pk, field):
    """One field in full after a reason; 404 for whoever may not reveal PII there."""
    entry = selectors.get_entry(request.user, pk)
    if field not in services.REVEALABLE or not selectors.may_reveal(request.user, entry):
        raise Http404
    return reveal_page(
        request,
        RevealForm,
        "ledger/reveal.html",
        {"entry": entry, "field": field, "label": _(services.REVEALABLE[field])},
        lambda reason: services.entry_reveal_pii(
            actor=request.user, entry=entry, field=field, reason=reason
        ),
    )


@login_required
@require_POST
def category_add(request, pk):
    entry = selectors.get_managed_entry(request.user, pk)
    post_action(
        request,
        CategoryAddForm(request.POST),
        lambda data: services.category_add(
            actor=request.user,
            entry=entry,
            category=data["category"],
            start_date=data["start_date"],
        ),
        _("已添加类别"),
    )
    return redirect("ledger:entry", pk=entry.pk)


@login_required
@require_POST
def category_end(request, pk):
    record = get_object_or_404(EntryCategory.objects.select_related("entry"), pk=pk)
    entry = selectors.get_managed_entry(request.user, record.entry_id)
    post_action(
        request,
        CategoryEndForm(request.POST),
        lambda data: services.category_end(
            actor=request.user, record=record, end_date=data["end_date"]
        ),
        _("已退出该类别"),
    )
    return redirect("ledger:entry", pk=entry.pk)


@login_required
def transfer_create(request, pk):
    entry = selectors.get_managed_entry(request.user, pk)
    form = TransferForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("迁出") + f" · {entry.name}",
        save=lambda f: services.transfer_request(actor=request.user, entry=entry, **f.cleaned_data),
        done=lambda _t: reverse("ledger:entry", args=[entry.pk]),
        back=reverse("ledger:entry", args=[entry.pk]),
        success=_("已提交迁出，待迁入社区接收"),
    )


@login_required
def transfer_list(request):
    rows = selectors.transfers(request.user).order_by("-created_at", "-id")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    change = scope_for(request.user, "change")
    for transfer in page:
        transfer.can_receive = change.covers(transfer.to_path)
        transfer.can_cancel = change.covers(transfer.org_path)
    return render(request, "ledger/transfers.html", {"page": page})


@login_required
@require_POST
def transfer_decide(request, pk):
    transfer = selectors.get_transfer(request.user, pk)
    post_action(
        request,
        DecisionForm(request.POST),
        lambda data: services.transfer_decide(
            actor=request.user,
            transfer=transfer,
            decision=data["decision"],
            note=data["note"],
        ),
        _("已办理"),
    )
    return redirect("ledger:transfers")


# 网格与走访 -----------------------------------------------------------------


@login_required
def grid_list(request, org_pk):
    org = get_organization(request.user, org_pk, "change")
    grids = selectors.grids(request.user).filter(organization=org).prefetch_related("workers")
    form = GridForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        grid = run_service(
            form,
            lambda: services_grids.grid_create(
                actor=request.user, organization=org, **form.cleaned_data
            ),
        )
        if grid is not None:
            messages.success(request, _("已新建网格"))
            return redirect("ledger:grids", org_pk=org.pk)
    return render(
        request,
        "ledger/grids.html",
        {"org": org, "grids": grids.order_by("name"), "form": form},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
def grid_detail(request, pk):
    grid = selectors.get_grid(request.user, pk)
    women = selectors.entries(request.user).filter(grid=grid).order_by("name", "id")
    return render(
        request,
        "ledger/grid.html",
        {
            "grid": grid,
            "workers": list(grid.workers.order_by("name")),
            "women": women,
            "manage": selectors.may_manage(request.user, grid),
        },
    )


@login_required
def grid_edit(request, pk):
    grid = selectors.get_grid(request.user, pk)
    if not selectors.may_manage(request.user, grid):
        raise Http404
    form = GridForm(request.POST or None, instance=grid)
    return form_page(
        request,
        form,
        title=_("修改网格") + f" · {grid.name}",
        save=lambda f: services_grids.grid_update(
            actor=request.user,
            grid=selectors.get_grid(request.user, pk),
            name=f.cleaned_data["name"],
            note=f.cleaned_data["note"],
            households=f.cleaned_data["households"],
            is_active=f.cleaned_data["is_active"],
            workers=f.cleaned_data["workers"],
        ),
        done=lambda updated: reverse("ledger:grid", args=[updated.pk]),
        back=reverse("ledger:grid", args=[pk]),
    )


@login_required
def my_work(request):
    today = today_local()
    return render(
        request, "ledger/my.html", {"today": today, **selectors.my_work(request.user, today)}
    )


@login_required
def visit_create(request, pk):
    entry = selectors.get_entry(request.user, pk)
    if not services_grids.may_visit(request.user, entry):
        raise Http404
    form = VisitForm(request.POST or None, initial={"date": today_local()})
    return form_page(
        request,
        form,
        title=_("记录走访") + f" · {entry.name}",
        save=lambda f: services_grids.visit_create(
            actor=request.user, entry=entry, **f.cleaned_data
        ),
        done=lambda _v: (
            reverse("ledger:my")
            if not selectors.may_manage(request.user, entry)
            else reverse("ledger:entry", args=[entry.pk])
        ),
        back=reverse("ledger:entry", args=[entry.pk]),
        success=_("已记录走访"),
    )


def _editable_visit(request, pk):
    visit = get_object_or_404(selectors.visits(request.user), pk=pk)
    if not services_grids.may_edit_visit(request.user, visit):
        raise Http404
    return visit


@login_required
def visit_edit(request, pk):
    """Edit a visit (its visitor, or the community's cadre); a new date moves the 联系
    activity it counts as."""
    visit = _editable_visit(request, pk)
    form = VisitForm(request.POST or None, instance=visit)
    back = reverse("ledger:entry", args=[visit.entry_id])
    return form_page(
        request,
        form,
        title=_("修改走访") + f" · {visit.entry.name}",
        save=lambda f: services_grids.visit_update(
            actor=request.user, visit=visit, **f.cleaned_data
        ),
        done=lambda _v: back,
        back=back,
    )


@login_required
@require_POST
def visit_delete(request, pk):
    visit = _editable_visit(request, pk)
    entry_pk = visit.entry_id
    try:
        services_grids.visit_delete(actor=request.user, visit=visit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已删除走访记录"))
    return redirect("ledger:entry", pk=entry_pk)
