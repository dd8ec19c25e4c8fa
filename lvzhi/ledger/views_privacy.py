"""Pages of the ledger's personal-information protection (PIPL): the legal basis of an
entry and its withdrawal, closing an entry, the read log and the per-person report."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core.duties.selectors import holds_duty
from lvzhi.core.exports import Column, xlsx_response

from . import selectors, selectors_privacy, services_privacy
from .forms import CloseForm, ConsentForm, ReportForm, WithdrawForm
from .models import Consent
from .views import post_action


@login_required
@require_POST
def consent_add(request, pk):
    entry = selectors.get_managed_entry(request.user, pk)
    post_action(
        request,
        ConsentForm(request.POST),
        lambda data: services_privacy.consent_add(actor=request.user, entry=entry, **data),
        _("已记录处理依据"),
    )
    return redirect("ledger:entry", pk=entry.pk)


@login_required
@require_POST
def consent_withdraw(request, pk):
    consent = get_object_or_404(Consent.objects.select_related("entry"), pk=pk)
    entry = selectors.get_managed_entry(request.user, consent.entry_id)
    post_action(
        request,
        WithdrawForm(request.POST),
        lambda data: services_privacy.consent_withdraw(
            actor=request.user, consent=consent, date=data["date"], note=data["note"]
        ),
        _("已记录撤回同意"),
    )
    return redirect("ledger:entry", pk=entry.pk)


@login_required
@require_POST
def entry_close(request, pk):
    entry = selectors.get_managed_entry(request.user, pk)
    post_action(
        request,
        CloseForm(request.POST),
        lambda data: services_privacy.entry_close(
            actor=request.user, entry=entry, reason=data["reason"], date=data["date"]
        ),
        _("已注销"),
    )
    return redirect("ledger:entry", pk=entry.pk)


@login_required
def read_log(request):
    """查阅记录: the federation's cadres see the reads of their communities' entries, the
    audit administrator all reads; ``?entry=`` narrows to one woman (404 out of scope)."""
    rows = selectors_privacy.reads(request.user).order_by("-at", "-id")
    entry = None
    if request.GET.get("entry"):
        try:
            entry_pk = int(request.GET["entry"])
        except ValueError:
            raise Http404 from None
        if not holds_duty(request.user, "view_audit"):
            entry = selectors.get_entry(request.user, entry_pk)
            if not selectors.may_manage(request.user, entry):
                raise Http404
        rows = rows.filter(entry_id=entry_pk)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "ledger/reads.html", {"page": page, "entry": entry})


REPORT_COLUMNS = (
    Column(gettext_lazy("部分"), lambda row: row[0], width=14),
    Column(gettext_lazy("项目"), lambda row: row[1], width=24),
    Column(gettext_lazy("内容"), lambda row: row[2], width=60),
)


def report_rows(entry, data) -> list[tuple]:
    """The report as (section, item, content) rows for its Excel file."""
    held = _("登记信息")
    rows = [
        (held, _("姓名"), entry.name),
        (held, _("所在社区"), entry.organization.name),
        (held, _("网格"), entry.grid.name if entry.grid else ""),
        (held, _("性别"), entry.get_gender_display()),
        (held, _("出生年份"), entry.birth_year),
        (held, _("身份证号"), entry.id_number),
        (held, _("联系电话"), entry.phone),
        (held, _("住址"), entry.address),
        (held, _("家庭情况"), entry.household),
        (held, _("备注"), entry.note),
    ]
    for r in data["category_records"]:
        period = (
            f"{r.start_date:%Y-%m-%d} — {r.end_date:%Y-%m-%d}"
            if r.end_date
            else (f"{r.start_date:%Y-%m-%d} — " + _("至今"))
        )
        rows.append((_("类别"), r.category.name, period))
    for v in data["visits"]:
        text = " ".join(x for x in (v.findings, v.needs, v.follow_up) if x)
        rows.append((_("走访记录"), f"{v.date:%Y-%m-%d} {v.visitor.name}", text))
    for n in data["needs"]:
        referred = (
            f"（{n.referred_on:%Y-%m-%d} {n.get_referred_as_display()}）" if n.referred_as else ""
        )
        rows.append(
            (
                _("需求与转办"),
                f"{n.recorded_on:%Y-%m-%d} {n.get_kind_display()}",
                n.description + referred,
            )
        )
    for t in data["transfers"]:
        rows.append(
            (
                _("迁移记录"),
                f"{t.created_at:%Y-%m-%d}",
                f"{t.from_organization.name} → {t.to_organization.name} {t.get_status_display()}",
            )
        )
    for c in data["consents"]:
        withdrawn = _("，%(date)s 撤回") % {"date": c.withdrawn_on} if c.withdrawn_on else ""
        rows.append(
            (_("处理依据"), f"{c.given_on:%Y-%m-%d} {c.get_basis_display()}", c.scope + withdrawn)
        )
    for r in data["reads"]:
        rows.append(
            (
                _("查阅记录"),
                f"{localtime(r.at):%Y-%m-%d %H:%M} {r.reader_name}",
                f"{r.get_kind_display()} {r.purpose}".strip(),
            )
        )
    for e in data["changes"]:
        rows.append(
            (
                _("变更记录"),
                f"{localtime(e.created_at):%Y-%m-%d %H:%M}",
                e.actor_name + " " + e.action,
            )
        )
    return rows


@login_required
def person_report(request, pk):
    """个人信息报告 for her access request (PIPL 第四十五条): what is held about her (in
    full: it is hers) and who read it. Needs ``reveal_pii`` and a stated request; the
    report itself is logged and audited. ``format=xlsx`` gives the read log as Excel."""
    entry = selectors.get_entry(request.user, pk)
    if not selectors.may_reveal(request.user, entry):
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        purpose = form.cleaned_data["purpose"]
        data = services_privacy.person_report(actor=request.user, entry=entry, purpose=purpose)
        if request.POST.get("format") == "xlsx":
            return xlsx_response(
                report_rows(entry, data), REPORT_COLUMNS, filename=_("个人信息报告")
            )
        response = render(
            request, "ledger/report.html", {"entry": entry, "purpose": purpose, **data}
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "ledger/report_form.html",
        {"entry": entry, "form": form},
        status=400 if form.is_bound else 200,
    )
