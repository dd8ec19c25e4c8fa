"""Pages of the 四新 register, blank spots and coverage. Thin: reads via selectors,
writes via services; out-of-scope ids answer 404, a malformed filter 400."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core.exports import Column, wants_xlsx, xlsx_response
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for
from lvzhi.core.selectors import current_organization
from lvzhi.orgs.selectors import get_organization

from . import excel, selectors, services
from .filters import SixinFilter
from .forms import SixinForm
from .models import Category

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SIXIN_COLUMNS = (
    Column(gettext_lazy("名称"), "name", width=30),
    Column.choice(gettext_lazy("类别"), "category", Category.choices),
    Column(gettext_lazy("统一社会信用代码"), "uscc", width=22),
    Column(gettext_lazy("登记组织"), "organization.name", width=26),
    Column(gettext_lazy("固定从业人员"), "fixed_staff"),
    Column(gettext_lazy("其中固定女职工"), "fixed_female_staff"),
    Column(gettext_lazy("已建党组织"), "has_party_organization"),
    Column(gettext_lazy("覆盖该组织的妇联"), "covered_by.name", width=26),
    Column(gettext_lazy("规则"), lambda s: selectors.verdict_of(s).rule_id),
    Column(gettext_lazy("依据"), lambda s: selectors.verdict_of(s).source),
    Column(gettext_lazy("判定"), lambda s: selectors.verdict_of(s).detail, width=44),
)
UNCOVERED_SHOWN = 200


def _org_from_request(request, action="view"):
    """``?org=<pk>`` if visible, else the organization chosen in the switcher."""
    if request.GET.get("org"):
        pk = request.GET["org"]
        if not pk.isdigit():
            pk = 0
        return get_organization(request.user, pk, action)
    org = current_organization(request)
    if org is None:
        from django.http import Http404

        raise Http404(_("页面不存在"))
    return get_organization(request.user, org.pk, action)


def _run_service(form, call):
    try:
        return call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                target = {"region": "region_code", "covered_by": "covered_by_code"}.get(name, name)
                form.add_error(target if target in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return None


@login_required
def sixin_list(request):
    org = _org_from_request(request)
    params = request.GET.copy()
    params.pop("org", None)
    params.pop("page", None)
    queryset = selectors.sixin_queryset(request.user).filter(selectors.subtree_q(org.path))
    filterset = SixinFilter(params, queryset=queryset, request=request)
    if not filterset.is_valid():
        return render(
            request,
            "grassroots/sixin_list.html",
            {"org": org, "filterset": filterset, "page": None},
            status=400,
        )
    if wants_xlsx(request):
        return xlsx_response(
            filterset.qs, SIXIN_COLUMNS, filename=_("%(org)s四新组织") % {"org": org.name}
        )
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    page.object_list = selectors.with_verdicts(page.object_list)
    query = params.urlencode()
    return render(
        request,
        "grassroots/sixin_list.html",
        {
            "org": org,
            "filterset": filterset,
            "page": page,
            "query": query,
            "can_create": scope_for(request.user, "create").covers(org.path),
        },
    )


@login_required
def sixin_detail(request, pk):
    from . import founding_docx, rules

    sixin = selectors.get_sixin(request.user, pk)
    sixin.verdict = selectors.verdict_of(sixin)
    papers = founding_docx.available(founding_docx.gather(sixin)) if sixin.founding_case_id else []
    from .elections.selectors import election_of

    election = election_of(sixin) if sixin.founding_case_id else None
    return render(
        request,
        "grassroots/sixin_detail.html",
        {
            "sixin": sixin,
            "congress": rules.congress_form(women=sixin.fixed_female_staff),
            "papers": papers,
            "election": election,
            "can_change": scope_for(request.user, "change").covers(sixin.org_path),
            "can_found": scope_for(request.user, "create").covers(sixin.org_path)
            and sixin.covered_by_id is None
            and sixin.founding_case_id is None,
        },
    )


@login_required
@require_POST
def founding_start(request, pk):
    from . import founding

    sixin = selectors.get_sixin(request.user, pk, "create")
    try:
        case = founding.founding_start(actor=request.user, sixin=sixin)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("grassroots:sixin-detail", sixin.pk)
    messages.success(request, _("已启动建会程序"))
    return redirect("processes:case", case.pk)


def _form_page(request, form, *, title, org, save, history_obj=None):
    if request.method == "POST" and form.is_valid():
        result = _run_service(form, lambda: save(form.service_fields()))
        if result is not None:
            messages.success(request, _("已保存"))
            return redirect("grassroots:sixin-detail", result.pk)
    return render(
        request,
        "grassroots/sixin_form.html",
        {"form": form, "title": title, "org": org, "history_obj": history_obj},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def sixin_create(request):
    org = _org_from_request(request, "create")
    form = SixinForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form,
        title=_("登记四新组织"),
        org=org,
        save=lambda data: services.sixin_create(actor=request.user, organization=org, **data),
    )


@login_required
def sixin_edit(request, pk):
    sixin = selectors.get_sixin(request.user, pk, "change")
    fresh = selectors.get_sixin(request.user, pk, "change")
    form = SixinForm(request.POST or None, instance=sixin, user=request.user)
    return _form_page(
        request,
        form,
        title=_("修改四新组织"),
        org=fresh.organization,
        history_obj=fresh,
        save=lambda data: services.sixin_update(actor=request.user, sixin=fresh, **data),
    )


def _coverage_data(request, org):
    children = selectors.federation_children(request.user, org)
    totals, by_child = selectors.coverage_for(request.user, org, children)
    return totals, by_child


@login_required
def coverage(request):
    org = _org_from_request(request)
    totals, by_child = _coverage_data(request, org)
    villages = list(selectors.uncovered_villages(request.user, org)[: UNCOVERED_SHOWN + 1])
    chart = {
        "labels": [c.name for c in by_child],
        "series": [
            {
                "key": "standalone",
                "name": _("应单独建会未建"),
                "data": [c.standalone_due for c in by_child],
            },
            {
                "key": "joint",
                "name": _("应联建覆盖未覆盖"),
                "data": [c.joint_due for c in by_child],
            },
            {
                "key": "villages",
                "name": _("未建妇联的村（社区）"),
                "data": [c.villages_uncovered or 0 for c in by_child],
            },
        ],
    }
    return render(
        request,
        "grassroots/coverage.html",
        {
            "org": org,
            "today": today_local(),
            "totals": totals,
            "children": by_child,
            "villages": villages[:UNCOVERED_SHOWN],
            "more_villages": len(villages) > UNCOVERED_SHOWN,
            "chart": chart,
        },
    )


@login_required
def coverage_export(request):
    org = _org_from_request(request)
    totals, by_child = _coverage_data(request, org)
    blanks = (
        selectors.sixin_queryset(request.user)
        .filter(selectors.subtree_q(org.path), covered_by__isnull=True)
        .order_by("org_path", "name")
    )
    content = excel.blank_spots_workbook(
        org=org,
        totals=totals,
        children=by_child,
        sixin_rows=selectors.with_verdicts(blanks),
        villages=selectors.uncovered_villages(request.user, org),
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{org.name}空白点与覆盖率.xlsx"
    )
    return response


def detail_url(sixin) -> str:
    return reverse("grassroots:sixin-detail", args=[sixin.pk])


@login_required
def renewals(request):
    from . import selectors_units

    org = _org_from_request(request)
    today = today_local()
    rows = selectors_units.federations_with_terms(request.user, org, today)
    stage = request.GET.get("stage", "")
    if stage and stage not in selectors_units.STAGE_ORDER:
        return HttpResponse(_("换届状态无效"), status=400)
    counts = {key: 0 for key in selectors_units.STAGE_ORDER}
    for row in rows:
        counts[row.stage] += 1
    shown = (
        [r for r in rows if r.stage == stage]
        if stage
        else [r for r in rows if r.stage != "current"]
    )
    page = Paginator(shown, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "grassroots/renewals.html",
        {
            "org": org,
            "today": today,
            "page": page,
            "counts": counts,
            "stage": stage,
            "can_change": scope_for(request.user, "change").covers(org.path),
        },
    )


@login_required
def women_groups(request):
    from . import selectors_units

    org = _org_from_request(request)
    rows = selectors_units.women_groups(request.user, org, today_local())
    return render(
        request,
        "grassroots/women_groups.html",
        {
            "org": org,
            "rows": rows,
            "invalid": sum(1 for r in rows if r.verdict.outcome == "invalid"),
            "can_create": scope_for(request.user, "create").covers(org.path),
        },
    )


@login_required
def founding_document(request, pk, code):
    """One paper of the founding procedure as Word (R-OR-05), for whoever may see the
    register row; 404 before the procedure starts or for the results before they are filed."""
    from . import founding_docx

    sixin = selectors.get_sixin(request.user, pk)
    return founding_docx.document_response(sixin, code)


@login_required
def founding_result(request, pk):
    from . import founding
    from .forms import FoundingResultForm

    sixin = selectors.get_sixin(request.user, pk, "create")
    from .models import Election

    election = Election.objects.filter(sixin=sixin).first()
    if election is not None:
        # the election keeps the lists and counts as data: results are filed there
        return redirect("grassroots:election", election.pk)
    form = FoundingResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        federation = _run_service(
            form,
            lambda: founding.founding_complete(
                actor=request.user, sixin=sixin, **form.cleaned_data
            ),
        )
        if federation is not None:
            messages.success(request, _("已建立妇联并完成第一届执委会任职"))
            return redirect("orgs:detail", federation.pk)
    return render(
        request,
        "grassroots/founding_result.html",
        {"form": form, "sixin": sixin},
        status=400 if request.method == "POST" else 200,
    )
