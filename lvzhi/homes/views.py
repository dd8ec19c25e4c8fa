"""Pages of the 妇女之家. Thin: reads via selectors (404 out of scope), writes via
services; a malformed or unknown filter answers 400. The lending register names
borrowers, so it is read by who may change the home; the public pages show only what a
home posts outside (name, address, hours, open now, contact)."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core import files
from lvzhi.core.api import parse_id
from lvzhi.core.exports import Column, wants_xlsx, xlsx_response
from lvzhi.core.forms import run_service
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for
from lvzhi.orgs.selectors import organization_from_request, public_area_from_request

from . import rules, selectors, services
from .filters import HomeFilter
from .forms import (
    BoardUpdateForm,
    ExceptionForm,
    HomeForm,
    ItemForm,
    LoanForm,
    ReturnForm,
    RotaForm,
)
from .models import Designation, Location, Status

REGISTRY_COLUMNS = (
    Column(gettext_lazy("名称"), "name", width=28),
    Column(gettext_lazy("所属妇联"), "organization.name", width=28),
    Column.choice(gettext_lazy("所在阵地"), "location", Location.choices),
    Column(gettext_lazy("地址"), "address", width=30),
    Column(gettext_lazy("联系电话"), "contact_phone"),
    Column.choice(gettext_lazy("状态"), "status", Status.choices),
    Column.choice(gettext_lazy("规范化命名"), "designation", Designation.choices),
    Column(gettext_lazy("命名日期"), "designated_on"),
    Column(gettext_lazy("妇工园地上次更新"), lambda h: h.garden_last, fields=()),
    Column(gettext_lazy("活动剪影上次更新"), lambda h: h.snapshots_last, fields=()),
)
LOAN_DAYS = 14  # the register's default term; the federation may set another date


_org_from_request = organization_from_request  # ?org=<pk>, else the switcher's choice


def _query(request, drop=("page",)) -> str:
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    return params.urlencode()


def _form_page(request, form, *, title, save, done, back, status_ok=200, template=None):
    if request.method == "POST" and form.is_valid():
        result = run_service(form, lambda: save(form))
        if result is not None:
            messages.success(request, _("已保存"))
            return redirect(done(result))
    return render(
        request,
        template or "homes/form.html",
        {"form": form, "title": title, "back": back},
        status=400 if request.method == "POST" else status_ok,
    )


def _rows_page(request, pk, *, form_class, save, success, done, template, context, initial=None):
    """A home's list page with a form for who may change the home (exceptions, boards,
    items, …): anyone in view scope reads the list; a POST from someone who may not change
    the home answers 404; ``save(home, cleaned_data)`` is the service, its refusal shown on
    the form with status 400; success redirects to ``done`` (a URL name taking the home)."""
    home = selectors.get_home(request.user, pk)
    change = selectors.may_change(request.user, home)
    form = None
    if request.method == "POST":
        if not change:
            raise Http404(_("页面不存在"))
        form = form_class(request.POST, request.FILES)
        if form.is_valid() and run_service(form, lambda: save(home, dict(form.cleaned_data))):
            messages.success(request, success)
            return redirect(done, home.pk)
    elif change:
        form = form_class(initial=initial() if initial else None)
    return render(
        request,
        template,
        {"home": home, "form": form, **context(home)},
        status=400 if request.method == "POST" else 200,
    )


# 登记 -------------------------------------------------------------------------------


@login_required
def home_list(request):
    org = _org_from_request(request)
    params = request.GET.copy()
    for name in ("org", "page"):
        params.pop(name, None)
    today = today_local()
    queryset = selectors.homes(request.user).filter(selectors.subtree_q(org.path))
    filterset = HomeFilter(params, queryset=queryset, request=request)
    valid = filterset.is_valid()
    rows = filterset.qs if valid else queryset.none()
    if valid and wants_xlsx(request):
        return xlsx_response(
            rows.select_related(None)
            .select_related("organization")
            .order_by("org_path", "name", "id"),
            REGISTRY_COLUMNS,
            filename=_("妇女之家"),
        )
    page = Paginator(rows.order_by("org_path", "name", "id"), 50).get_page(request.GET.get("page"))
    page.object_list = selectors.with_flags(page.object_list, today)
    return render(
        request,
        "homes/list.html",
        {
            "org": org,
            "filterset": filterset,
            "page": page,
            "query": _query(request),
            "target": selectors.target_counts(request.user, org),
            "can_create": scope_for(request.user, "create").covers(org.path)
            and services.home_organization_error(org) is None,
        },
        status=200 if valid else 400,
    )


@login_required
def home_create(request):
    org = _org_from_request(request, "create")
    if services.home_organization_error(org):
        raise Http404(_("页面不存在"))
    form = HomeForm(request.POST or None, user=request.user, organization=org)
    return _form_page(
        request,
        form,
        title=_("登记妇女之家") + f" · {org.name}",
        save=lambda f: services.home_create(
            actor=request.user, organization=org, **f.service_fields()
        ),
        done=lambda home: reverse("homes:detail", args=[home.pk]),
        back=reverse("homes:list") + f"?org={org.pk}",
    )


@login_required
def home_edit(request, pk):
    home = selectors.get_home(request.user, pk, "change")
    shown = selectors.get_home(request.user, pk, "change")
    form = HomeForm(request.POST or None, instance=shown, user=request.user)
    return _form_page(
        request,
        form,
        title=_("修改妇女之家") + f" · {home.name}",
        save=lambda f: services.home_update(actor=request.user, home=home, **f.service_fields()),
        done=lambda home: reverse("homes:detail", args=[home.pk]),
        back=reverse("homes:detail", args=[home.pk]),
    )


@login_required
def home_detail(request, pk, rota_form=None, status=200):
    home = selectors.get_home(request.user, pk)
    today = today_local()
    change = selectors.may_change(request.user, home)
    return render(
        request,
        "homes/detail.html",
        {
            "home": home,
            "state": selectors.open_state(home),
            "boards": selectors.board_verdicts(home, today),
            "exceptions": selectors.upcoming_exceptions(home, today)[:10],
            "rota": home.rota.all(),
            "can_change": change,
            "rota_form": rota_form or (RotaForm(user=request.user, home=home) if change else None),
            "sessions": rules.SESSIONS,
        },
        status=status,
    )


@login_required
@require_POST
def rota_add(request, pk):
    home = selectors.get_home(request.user, pk, "change")
    form = RotaForm(request.POST, user=request.user, home=home)
    if form.is_valid() and run_service(
        form, lambda: services.rota_add(actor=request.user, home=home, **form.cleaned_data)
    ):
        messages.success(request, _("已添加值班安排"))
        return redirect("homes:detail", home.pk)
    return home_detail(request, pk, rota_form=form, status=400)


@login_required
@require_POST
def rota_remove(request, pk, entry_pk):
    home = selectors.get_home(request.user, pk, "change")
    entry = home.rota.filter(pk=entry_pk).first()
    if entry is None:
        raise Http404(_("页面不存在"))
    services.rota_remove(actor=request.user, entry=entry)
    messages.success(request, _("已删除值班安排"))
    return redirect("homes:detail", home.pk)


# 开放时间调整 -------------------------------------------------------------------------


@login_required
def exceptions(request, pk):
    return _rows_page(
        request,
        pk,
        form_class=ExceptionForm,
        save=lambda home, data: services.exception_create(actor=request.user, home=home, **data),
        success=_("已保存"),
        done="homes:exceptions",
        template="homes/exceptions.html",
        context=lambda home: {
            "rows": selectors.exceptions_of(home)[:200],
            "today": today_local(),
        },
    )


@login_required
@require_POST
def exception_delete(request, pk):
    row = selectors.get_exception(request.user, pk)
    services.exception_delete(actor=request.user, exception=row)
    messages.success(request, _("已删除"))
    return redirect("homes:exceptions", row.home_id)


# 宣传栏 ------------------------------------------------------------------------------


@login_required
def boards(request, pk):
    return _rows_page(
        request,
        pk,
        form_class=BoardUpdateForm,
        save=lambda home, data: services.board_update_record(
            actor=request.user, home=home, **{**data, "photos": request.FILES.getlist("photos")}
        ),
        success=_("已记录宣传栏更新"),
        done="homes:boards",
        template="homes/boards.html",
        context=lambda home: {
            "verdicts": selectors.board_verdicts(home, today_local()),
            "updates": selectors.board_updates(home)[:100],
        },
        initial=lambda: {"date": today_local()},
    )


@files.file_view
def board_photo(request, pk):
    photo = selectors.get_board_photo(files.viewer(request), pk)
    return files.serve(photo.image, filename=f"board-{photo.update_id}-{photo.pk}")


@files.file_view
def board_photo_display(request, pk):
    photo = selectors.get_board_photo(files.viewer(request), pk)
    return files.serve(photo.display or photo.image, filename=f"board-{photo.update_id}-{photo.pk}")


@login_required
def stale_boards(request):
    org = _org_from_request(request)
    today = today_local()
    rows = selectors.stale_homes(request.user, org, today)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    page.object_list = selectors.with_flags(page.object_list, today)
    return render(
        request,
        "homes/stale.html",
        {"org": org, "page": page, "query": _query(request), "today": today},
    )


# 设施设备与借阅 ------------------------------------------------------------------------


@login_required
def items(request, pk):
    return _rows_page(
        request,
        pk,
        form_class=ItemForm,
        save=lambda home, data: services.item_create(actor=request.user, home=home, **data),
        success=_("已登记"),
        done="homes:items",
        template="homes/items.html",
        context=lambda home: {"rows": selectors.items_of(home)},
    )


@login_required
def loans(request, pk):
    home = selectors.get_home(request.user, pk, "change")
    today = today_local()
    form = LoanForm(
        request.POST or None,
        items=selectors.lendable_items(home),
        initial={"lent_on": today, "due_date": today + dt.timedelta(days=LOAN_DAYS)},
    )
    if request.method == "POST" and form.is_valid():
        if run_service(
            form, lambda: services.loan_create(actor=request.user, home=home, **form.cleaned_data)
        ):
            messages.success(request, _("已登记借出"))
            return redirect("homes:loans", home.pk)
    rows = list(selectors.loans_of(request.user, home)[:500])
    for row in rows:
        row.overdue = rules.loan_overdue(
            due_date=row.due_date, returned_on=row.returned_on, today=today
        )
    return render(
        request,
        "homes/loans.html",
        {"home": home, "rows": rows, "form": form, "today": today, "return_form": ReturnForm()},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def loan_return(request, pk):
    loan = selectors.get_loan(request.user, pk)
    form = ReturnForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: services.loan_return(
            actor=request.user, loan=loan, returned_on=form.cleaned_data["returned_on"]
        ),
    ):
        messages.success(request, _("已登记归还"))
    else:
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    return redirect("homes:loans", loan.home_id)


@login_required
def overdue(request):
    org = _org_from_request(request)
    today = today_local()
    page = Paginator(selectors.overdue_loans(request.user, org, today), 100).get_page(
        request.GET.get("page")
    )
    for row in page.object_list:
        row.days = (today - row.due_date).days
    return render(
        request,
        "homes/overdue.html",
        {"org": org, "page": page, "query": _query(request), "today": today},
    )


# 公开 --------------------------------------------------------------------------------


def public_list(request):
    """Homes by district and township, no login: ``?area=<federation id>``."""
    area = public_area_from_request(request)
    rows = selectors.public_homes()
    if area is not None:
        rows = rows.filter(selectors.subtree_q(area.path))
    page = Paginator(rows.order_by("org_path", "name", "id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "homes/public_list.html",
        {
            "area": area,
            "children": selectors.public_children(area),
            "page": page,
            "query": _query(request),
        },
    )


def public_detail(request, pk):
    from .activities.selectors import public_quarter

    home = selectors.get_public_home(parse_id(pk) or 0)
    plan, activities = public_quarter(home, today_local())
    return render(
        request,
        "homes/public_detail.html",
        {
            "home": home,
            "state": selectors.open_state(home),
            "sessions": rules.SESSIONS,
            "plan": plan,
            "activities": activities,
            "rated": request.GET.get("rated", "") != "",
            "figures": selectors.public_board_figures(home),  # counted: cached (0021)
        },
    )


@login_required
def standards(request):
    """R-HM-01: the six standards and their parts, as the assessment will check them."""
    return render(request, "homes/standards.html", {"standards": rules.checklist()})


# 妇女工作情况介绍 (R-HM-08) -------------------------------------------------------------


class BoardFiguresForm(forms.Form):
    """One whole-number field per figure the platform has no source for."""

    def __init__(self, *args, figures=(), **kwargs):
        super().__init__(*args, **kwargs)
        for figure in figures:
            if figure.editable:
                self.fields[figure.code] = forms.IntegerField(
                    label=figure.label, min_value=0, required=False, initial=figure.value
                )


@login_required
def board_figures(request, pk):
    """R-HM-08: the outdoor board 妇女工作情况介绍 (CQ-FN 附件6), each number with its
    source; the federation enters those the platform has no source for."""
    home = selectors.get_home(request.user, pk)
    change = selectors.may_change(request.user, home)
    figures = selectors.board_figures(home)
    form = None
    if request.method == "POST":
        if not change:
            raise Http404(_("页面不存在"))
        form = BoardFiguresForm(request.POST, figures=figures)
        if form.is_valid() and run_service(
            form,
            lambda: services.board_figures_update(
                actor=request.user, home=home, values=dict(form.cleaned_data)
            ),
        ):
            messages.success(request, _("已保存"))
            return redirect("homes:board-figures", home.pk)
    elif change:
        form = BoardFiguresForm(figures=figures)
    return render(
        request,
        "homes/board_figures.html",
        {
            "home": home,
            "figures": figures,
            "verdict": rules.board_figures_verdict(figures),
            "board_paragraphs": rules.board_text(
                home.organization.name, {f.code: f.value for f in figures}
            )[1],
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
