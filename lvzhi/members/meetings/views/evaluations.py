"""Pages of evaluations and yearly results, 优秀执委 candidates and incentives."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core.exports import Column, wants_xlsx, xlsx_response
from lvzhi.core.forms import run_service
from lvzhi.core.periods import today_local
from lvzhi.core.rulesets import load_ruleset
from lvzhi.members.common.selectors import ruleset_for
from lvzhi.members.meetings import forms
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings import services as svc
from lvzhi.members.meetings.views._helpers import _managed, _nav, _year, _years
from lvzhi.members.models import YearResult
from lvzhi.orgs.models import Person


def _evaluation_page(request, org, *, meeting=None):
    today = today_local()
    year = meeting.date.year if meeting else _year(request, today)
    members = sel.committee_members(org, dt.date(year, 1, 1), dt.date(year, 12, 31))
    grades = sel.grades(ruleset_for(org))
    form = forms.EvaluationForm(
        request.POST or None,
        members=members,
        grades=grades,
        with_year=meeting is None,
        initial={"year": year},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        evaluator = None
        if data.get("evaluator"):
            evaluator = next(
                (m.person for m in members if str(m.person.pk) == data["evaluator"]), None
            )
        rows = run_service(
            form,
            lambda: svc.evaluations_record(
                actor=request.user,
                organization=org,
                year=data.get("year", year),
                evaluator_kind=data["evaluator_kind"],
                evaluator_name=data.get("evaluator_name", ""),
                evaluator=evaluator,
                grades=form.grades(),
                meeting=meeting,
                today=today,
            ),
        )
        if rows is not None:
            messages.success(request, _("已记录%(n)d条评议") % {"n": len(rows)})
            target = reverse("members:evaluations", args=[org.pk]) + f"?year={rows[0].year}"
            return redirect(target)
    return render(
        request,
        "members/evaluation_form.html",
        {
            **_nav(org, request.user, "evaluations"),
            "form": form,
            "meeting": meeting,
            "year": year,
            "grades": grades,
        },
    )


@login_required
def meeting_evaluate(request, pk):
    meeting = sel.get_meeting(request.user, pk, "create")
    return _evaluation_page(request, meeting.organization, meeting=meeting)


EVALUATION_RULE = "R-EX-09"


def _evaluation_columns(grades, clause: str):
    """The table's columns (lvzhi/core/exports.py): a count per grade, the total, the
    most frequent grade and the year's result; the rule and its clause in their own
    columns."""

    def count_of(index):
        return lambda row: row.counts[index][1]

    return (
        Column(gettext_lazy("执委"), lambda row: row.person.name, width=12),
        Column(gettext_lazy("职务"), lambda row: row.title_label, width=10),
        *(Column(grade, count_of(index), width=8) for index, grade in enumerate(grades)),
        Column(gettext_lazy("合计"), lambda row: row.total, width=8),
        Column(gettext_lazy("最多的等次"), lambda row: "、".join(row.most)),
        Column(gettext_lazy("年度评议结果"), lambda row: row.result.grade if row.result else ""),
        Column(
            gettext_lazy("优秀执委"),
            lambda row: bool(row.result and row.result.is_excellent),
            width=10,
        ),
        Column(gettext_lazy("规则"), lambda row: EVALUATION_RULE, width=10),
        Column(gettext_lazy("依据"), lambda row: clause),
    )


@login_required
def evaluations(request, org_pk):
    org = _managed(request, org_pk)
    today = today_local()
    year = _year(request, today)
    rows = sel.evaluation_rows(org, year)
    grades = sel.grades(ruleset_for(org))
    if wants_xlsx(request):
        clause = load_ruleset(ruleset_for(org))[EVALUATION_RULE].source
        return xlsx_response(
            rows,
            _evaluation_columns(grades, clause),
            filename=_("%(org)s%(year)d年评议") % {"org": org.name, "year": year},
            sheet_title=_("评议"),
        )
    return render(
        request,
        "members/evaluation_list.html",
        {
            **_nav(org, request.user, "evaluations"),
            "rows": rows,
            "grades": grades,
            "year": year,
            "years": _years(today),
        },
    )


@login_required
def evaluation_new(request, org_pk):
    org = sel.get_organization(request.user, org_pk, "create")
    return _evaluation_page(request, org)


@login_required
@require_POST
def year_result(request, org_pk):
    org = _managed(request, org_pk)
    form = forms.YearResultForm(request.POST, grades=sel.grades(ruleset_for(org)))
    target = reverse("members:evaluations", args=[org.pk])
    if form.is_valid():
        data = form.cleaned_data
        person = get_object_or_404(Person.objects.restrict(request.user, "view"), pk=data["person"])
        target += f"?year={data['year']}"
        try:
            result = svc.year_result_decide(
                actor=request.user,
                person=person,
                organization=org,
                year=data["year"],
                grade=data["grade"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(name)s%(year)d年度评议结果：%(grade)s")
                % {"name": person.name, "year": result.year, "grade": result.grade},
            )
    else:
        messages.error(request, _("请选择评议等次"))
    return redirect(target)


# Excellent members and incentives ----------------------------------------------------------


@login_required
def excellent(request, org_pk):
    org = _managed(request, org_pk)
    today = today_local()
    year = _year(request, today)
    return render(
        request,
        "members/excellent_list.html",
        {
            **_nav(org, request.user, "excellent"),
            "listing": sel.excellent_candidates(org, year),
            "incentives": sel.incentives_of(request.user, org, year).order_by("person__name", "id"),
            "year": year,
            "years": _years(today),
        },
    )


@login_required
@require_POST
def excellent_select(request, org_pk):
    org = _managed(request, org_pk)
    form = forms.ExcellentSelectForm(request.POST)
    target = reverse("members:excellent", args=[org.pk])
    if not form.is_valid():
        messages.error(request, _("请求无效"))
        return redirect(target)
    data = form.cleaned_data
    result = get_object_or_404(
        YearResult.objects.restrict(request.user, "change").select_related("person"),
        organization=org,
        person_id=data["person"],
        year=data["year"],
    )
    try:
        svc.excellent_select(actor=request.user, result=result, is_excellent=data["is_excellent"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request,
            (_("已评为优秀执委：%(name)s") if data["is_excellent"] else _("已取消评选：%(name)s"))
            % {"name": result.person.name},
        )
    return redirect(f"{target}?year={data['year']}")


@login_required
def incentive_new(request, org_pk):
    org = sel.get_organization(request.user, org_pk, "create")
    today = today_local()
    year = _year(request, today)
    selected = list(
        YearResult.objects.filter(organization=org, is_excellent=True, year__gte=year - 4)
        .select_related("person")
        .order_by("person__name")
    )
    people = list({r.person.pk: r.person for r in selected}.values())
    initial = {"year": year}
    if request.GET.get("person", "").isdigit():
        initial["person"] = request.GET["person"]
    form = forms.IncentiveForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = next(p for p in people if str(p.pk) == data["person"])
        given = run_service(
            form,
            lambda: svc.incentive_give(
                actor=request.user,
                person=person,
                organization=org,
                year=data["year"],
                kind=data["kind"],
                note=data.get("note", ""),
                amount=data.get("amount") or None,
                today=today,
            ),
        )
        if given is not None:
            messages.success(request, _("激励已记录"))
            return redirect(reverse("members:excellent", args=[org.pk]) + f"?year={given.year}")
    return render(
        request,
        "members/excellent_incentive_form.html",
        {**_nav(org, request.user, "excellent"), "form": form, "year": year},
    )
