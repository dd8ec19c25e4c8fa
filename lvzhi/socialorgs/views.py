"""Pages of social organizations. Thin: reads via selectors (404 out of scope), writes via
services; a malformed or unknown filter answers 400. Key members' phones are shown
masked; the public pages show only an organization's public fields."""

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
from lvzhi.core.pii import mask_phone
from lvzhi.core.scopes import scope_for
from lvzhi.orgs.selectors import organization_from_request, public_area_from_request

from . import rules, selectors, services
from .filters import OrganizationFilter
from .forms import (
    AdviserForm,
    DutyForm,
    FilingForm,
    KeyMemberForm,
    LedgerForm,
    ProfileForm,
    ProposalForm,
    RefileForm,
    SyncForm,
)
from .models import Field, Kind, Status, Tier

YEAR_MIN, YEAR_MAX = 2000, 2100

EXPORT_COLUMNS = (
    Column(gettext_lazy("名称"), "name", width=28),
    Column.choice(gettext_lazy("类别"), "kind", Kind.choices),
    Column(gettext_lazy("已在民政部门登记"), "registered"),
    Column(gettext_lazy("统一社会信用代码"), "credit_code", width=20),
    Column.choice(gettext_lazy("服务领域"), "service_field", Field.choices),
    Column(gettext_lazy("成员或从业人员数"), "size"),
    Column(gettext_lazy("有较大影响力"), "notable_influence"),
    Column(gettext_lazy("工作活跃"), "active"),
    Column.choice(gettext_lazy("状态"), "status", Status.choices),
    Column(gettext_lazy("已建党组织"), "has_party_organization"),
    Column(gettext_lazy("备案妇联"), "federation.name", width=24),
    Column.choice(gettext_lazy("建议备案层级"), "proposed_tier", Tier.choices),
    Column(gettext_lazy("人数恰在两档交界"), "at_boundary"),
    Column.choice(gettext_lazy("备案层级"), "filed_tier", Tier.choices),
    Column(gettext_lazy("层级理由"), "tier_reason"),
    Column(gettext_lazy("依据"), lambda o: "R-SO-01 CQ-SO 第五条", fields=()),
    Column(gettext_lazy("备案日期"), "filed_on"),
    Column(gettext_lazy("联系人"), "contact_name"),
    Column(
        gettext_lazy("联系电话"), lambda o: mask_phone(o.contact_phone), fields=("contact_phone",)
    ),
    Column(gettext_lazy("地址"), "address", width=30),
)


_org_from_request = organization_from_request  # ?org=<pk>, else the switcher's choice


def _year(request) -> int:
    raw = request.GET.get("year", "")
    if not raw:
        return today_local().year
    year = parse_id(raw)
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404(_("页面不存在"))
    return year


def _query(request, drop=("page",)) -> str:
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    return params.urlencode()


def _can_file(user, org) -> bool:
    return scope_for(user, "create").covers(org.path) and services.federation_error(org) is None


# 数据库 ------------------------------------------------------------------------------


@login_required
def organization_list(request):
    """R-SO-02: the database of the federation and its subtree, with search, status and
    party-organization filters, and its Excel export."""
    org = _org_from_request(request)
    params = request.GET.copy()
    for name in ("org", "page", "format"):
        params.pop(name, None)
    queryset = selectors.organizations(request.user).filter(selectors.subtree_q(org.path))
    filterset = OrganizationFilter(params, queryset=queryset, request=request)
    valid = filterset.is_valid()
    rows = (filterset.qs if valid else queryset.none()).order_by("org_path", "name", "id")
    if valid and wants_xlsx(request):
        return xlsx_response(rows, EXPORT_COLUMNS, filename=_("社会组织数据库"))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    page.object_list = selectors.retier_verdicts(page.object_list)
    return render(
        request,
        "socialorgs/list.html",
        {
            "org": org,
            "filterset": filterset,
            "page": page,
            "query": _query(request),
            "can_create": _can_file(request.user, org),
        },
        status=200 if valid else 400,
    )


@login_required
def organization_file(request):
    """信息备案 with the proposed tier: 试算 shows the proposal, 保存 files."""
    org = _org_from_request(request, "create")
    if services.federation_error(org):
        raise Http404(_("页面不存在"))
    form = FilingForm(request.POST or None)
    proposal = None
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        if "preview" not in request.POST:
            result = run_service(
                form,
                lambda: services.organization_file(actor=request.user, federation=org, **data),
            )
            if result is not None:
                messages.success(request, _("已备案"))
                return redirect("socialorgs:detail", result.pk)
        proposal = _proposal_of(data)
    return render(
        request,
        "socialorgs/file.html",
        {"org": org, "form": form, "proposal": proposal},
        status=400 if request.method == "POST" and "preview" not in request.POST else 200,
    )


def _proposal_of(data):
    try:
        return rules.propose_tier(
            data.get("size"),
            rules.Influence(
                notable=bool(data.get("notable_influence")),
                active=bool(data.get("active")),
                center_grade=bool(data.get("center_grade")),
            ),
        )
    except rules.RuleError:
        return None


@login_required
def organization_detail(request, pk, member_form=None, ledger_form=None, status=200):
    row = selectors.get_organization(request.user, pk)
    change = selectors.may_change(request.user, row)
    members = list(selectors.key_members(row))
    for member in members:
        member.phone_masked = mask_phone(member.phone)
    return render(
        request,
        "socialorgs/detail.html",
        {
            "row": row,
            "contact_masked": mask_phone(row.contact_phone),
            "retier": selectors.retier_verdict(row),
            "members": members,
            "ledger": selectors.ledger_of(row)[:200],
            "applications": selectors.applications_of(request.user, row)[:200],
            "can_change": change,
            "member_form": member_form or (KeyMemberForm() if change else None),
            "ledger_form": ledger_form
            or (LedgerForm(initial={"date": today_local()}) if change else None),
        },
        status=status,
    )


@login_required
def organization_edit(request, pk):
    """年度更新: the profile; the proposal is computed again (re-tiering)."""
    row = selectors.get_organization(request.user, pk, "change")
    shown = selectors.get_organization(request.user, pk, "change")
    form = ProfileForm(request.POST or None, instance=shown)
    if request.method == "POST" and form.is_valid():
        result = run_service(
            form,
            lambda: services.organization_update(
                actor=request.user, organization=row, **form.cleaned_data
            ),
        )
        if result is not None:
            messages.success(request, _("已保存"))
            return redirect("socialorgs:detail", row.pk)
    return render(
        request,
        "socialorgs/form.html",
        {
            "form": form,
            "title": _("年度更新") + f" · {row.name}",
            "back": reverse("socialorgs:detail", args=[row.pk]),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def organization_refile(request, pk):
    """调整备案: pass the filing up or down with a reason (R-SO-01)."""
    row = selectors.get_organization(request.user, pk, "change")
    form = RefileForm(
        request.POST or None,
        federations=selectors.federations(request.user).order_by("path"),
        initial={"federation": row.federation_id, "filed_tier": row.proposed_tier},
    )
    if request.method == "POST" and form.is_valid():
        result = run_service(
            form,
            lambda: services.organization_refile(
                actor=request.user, organization=row, **form.cleaned_data
            ),
        )
        if result is not None:
            messages.success(request, _("已调整备案"))
            return redirect("socialorgs:detail", row.pk)
    return render(
        request,
        "socialorgs/form.html",
        {
            "form": form,
            "title": _("调整备案") + f" · {row.name}",
            "back": reverse("socialorgs:detail", args=[row.pk]),
            "retier": selectors.retier_verdict(row),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def member_add(request, pk):
    row = selectors.get_organization(request.user, pk, "change")
    form = KeyMemberForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: services.key_member_add(actor=request.user, organization=row, **form.cleaned_data),
    ):
        messages.success(request, _("已添加骨干成员"))
        return redirect("socialorgs:detail", row.pk)
    return organization_detail(request, pk, member_form=form, status=400)


@login_required
@require_POST
def member_remove(request, pk):
    member = selectors.get_key_member(request.user, pk)
    services.key_member_remove(actor=request.user, member=member)
    messages.success(request, _("已删除"))
    return redirect("socialorgs:detail", member.organization_id)


@login_required
@require_POST
def ledger_add(request, pk):
    row = selectors.get_organization(request.user, pk, "change")
    form = LedgerForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: services.ledger_entry_add(
            actor=request.user, organization=row, **form.cleaned_data
        ),
    ):
        messages.success(request, _("已记入台账"))
        return redirect("socialorgs:detail", row.pk)
    return organization_detail(request, pk, ledger_form=form, status=400)


@login_required
def proposal(request):
    """试算 R-SO-01 for any size and influence (nothing is written)."""
    form = ProposalForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        result = _proposal_of(form.cleaned_data)
    return render(
        request,
        "socialorgs/proposal.html",
        {"form": form, "proposal": result},
        status=400 if request.GET and not form.is_valid() else 200,
    )


@login_required
def civil_affairs_sync(request):
    """R-SO-02 (第十条): update the database from the civil-affairs register (Excel)."""
    org = _org_from_request(request, "change")
    form = SyncForm(request.POST or None, request.FILES or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        summary = run_service(
            form,
            lambda: services.civil_affairs_sync(
                actor=request.user, federation=org, file=form.cleaned_data["file"]
            ),
        )
    return render(
        request,
        "socialorgs/sync.html",
        {"org": org, "form": form, "summary": summary},
        status=400 if request.method == "POST" and summary is None else 200,
    )


# 顾问 --------------------------------------------------------------------------------


@login_required
def advisers(request):
    """第十一条: the federation's expert advisers and public-benefit advisers."""
    org = _org_from_request(request)
    can_add = _can_file(request.user, org)
    form = None
    if request.method == "POST":
        if not can_add:
            raise Http404(_("页面不存在"))
        form = AdviserForm(request.POST)
        if form.is_valid() and run_service(
            form,
            lambda: services.adviser_create(
                actor=request.user, federation=org, **form.cleaned_data
            ),
        ):
            messages.success(request, _("已添加顾问"))
            return redirect(reverse("socialorgs:advisers") + f"?org={org.pk}")
    elif can_add:
        form = AdviserForm()
    rows = selectors.advisers(request.user).filter(selectors.subtree_q(org.path))
    return render(
        request,
        "socialorgs/advisers.html",
        {"org": org, "rows": rows.order_by("org_path", "kind", "name")[:500], "form": form},
        status=400 if request.method == "POST" else 200,
    )


# 年度工作 ----------------------------------------------------------------------------


@login_required
def duties(request):
    """R-SO-03: the federation's checklist for the year with each clause, its records,
    and the roll-up of the federations below."""
    org = _org_from_request(request)
    year = _year(request)
    today = today_local()
    can_add = _can_file(request.user, org)
    form = None
    if request.method == "POST":
        if not can_add:
            raise Http404(_("页面不存在"))
        form = DutyForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            if run_service(
                form,
                lambda: services.duty_record(actor=request.user, federation=org, **data),
            ):
                messages.success(request, _("已记录"))
                return redirect(reverse("socialorgs:duties") + f"?org={org.pk}&year={year}")
    elif can_add:
        form = DutyForm(initial={"date": today})
    records = (
        selectors.duties(request.user)
        .filter(federation=org, year=year)
        .order_by("kind", "-date", "-id")[:200]
    )
    rollup = [
        (o, items)
        for o, items in selectors.duty_rollup(request.user, org, year, today)
        if o.pk != org.pk
    ]
    return render(
        request,
        "socialorgs/duties.html",
        {
            "org": org,
            "year": year,
            "items": selectors.duty_checklist(request.user, org, year, today),
            "records": records,
            "rollup": rollup,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@files.file_view
def duty_document(request, pk):
    duty = selectors.get_duty(files.viewer(request), pk)
    return files.serve(duty.document, filename=duty.document_name or f"duty-{duty.pk}")


@login_required
def disclosure_gaps(request):
    """第十二条: organizations filed in the subtree without a disclosure this year."""
    org = _org_from_request(request)
    year = _year(request)
    page = Paginator(selectors.without_disclosure(request.user, org, year), 100).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "socialorgs/gaps.html",
        {"org": org, "year": year, "page": page, "query": _query(request)},
    )


# 公开 --------------------------------------------------------------------------------


def public_list(request):
    """Filed organizations, no login: ``?area=<federation id>``, public fields only."""
    area = public_area_from_request(request)
    rows = selectors.public_organizations()
    if area is not None:
        rows = rows.filter(selectors.subtree_q(area.path))
    page = Paginator(rows.order_by("org_path", "name", "id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "socialorgs/public_list.html",
        {"area": area, "page": page, "query": _query(request)},
    )


def public_detail(request, pk):
    row = selectors.get_public_organization(parse_id(pk) or 0)
    return render(request, "socialorgs/public_detail.html", {"row": row})
