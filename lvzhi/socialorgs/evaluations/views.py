"""Pages of the third-party evaluation: the federation's plans (evaluator accounts,
weights, the year's funded projects), the evaluator's own projects with the score form and
the report, the public rating form a QR code opens, and the published results."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core import files
from lvzhi.core.forms import errors_to_form, run_service
from lvzhi.core.http import client_ip
from lvzhi.socialorgs import selectors as so_selectors

from . import report_docx, rules, selectors, services
from .forms import EvaluatorForm, PlanForm, RatingForm, ScoreForm, WeightsForm
from .models import EvaluationStatus


def _evaluators_in_scope(user):
    from django.contrib.auth import get_user_model

    from .roles import EVALUATOR

    federations = so_selectors.federations(user, "change")
    return (
        get_user_model()
        .objects.filter(
            role_assignments__role__code=EVALUATOR,
            role_assignments__organization__in=federations,
        )
        .distinct()
    )


@login_required
def plans(request):
    """The federation's evaluation plans, with the forms for an evaluator account and a
    plan (cadres who may change a federation)."""
    federations = so_selectors.federations(request.user, "change")
    evaluator_form = EvaluatorForm(
        request.POST if request.POST.get("form") == "evaluator" else None,
        federations=federations,
        prefix="evaluator",
    )
    plan_form = PlanForm(
        request.POST if request.POST.get("form") == "plan" else None,
        federations=federations,
        evaluators=_evaluators_in_scope(request.user),
        prefix="plan",
    )
    status = 200
    if request.method == "POST":
        if request.POST.get("form") == "evaluator" and evaluator_form.is_valid():
            data = evaluator_form.cleaned_data
            if run_service(
                evaluator_form,
                lambda: services.evaluator_create(
                    actor=request.user,
                    federation=data["federation"],
                    username=data["username"],
                    password=data["password"],
                    display_name=data["display_name"],
                ),
            ):
                messages.success(request, _("已开设评估账号"))
                return redirect("socialorgs_evaluations:plans")
        elif request.POST.get("form") == "plan" and plan_form.is_valid():
            plan = run_service(
                plan_form,
                lambda: services.plan_create(actor=request.user, **plan_form.cleaned_data),
            )
            if plan:
                return redirect("socialorgs_evaluations:plan", plan.pk)
        status = 400
    rows = selectors.plans(request.user).order_by("-year", "org_path", "id")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "socialorgs_evaluations/plans.html",
        {
            "page": page,
            "evaluator_form": evaluator_form,
            "plan_form": plan_form,
            "may_create": federations.exists(),
        },
        status=status,
    )


@login_required
def plan_detail(request, pk):
    plan = selectors.get_plan(request.user, pk)
    may_change = so_selectors.federations(request.user, "change").filter(pk=plan.federation_id)
    form = WeightsForm(
        request.POST or None,
        initial={"agency": plan.agency, **{f"weight_{g}": w for g, w in plan.weights.items()}}
        | {"threshold": plan.threshold},
    )
    status = 200
    if request.method == "POST":
        plan = selectors.get_plan(request.user, pk, "change")
        if form.is_valid() and run_service(
            form, lambda: services.plan_update(actor=request.user, plan=plan, **form.cleaned_data)
        ):
            messages.success(request, _("已保存"))
            return redirect("socialorgs_evaluations:plan", plan.pk)
        status = 400
    rows = plan.evaluations.select_related("application__organization", "application__batch")
    return render(
        request,
        "socialorgs_evaluations/plan.html",
        {
            "plan": plan,
            "rows": rows,
            "form": form,
            "may_change": may_change.exists(),
            "labels": rules.ground_labels(),
        },
        status=status,
    )


@login_required
def mine(request):
    """The evaluator's own projects."""
    rows = selectors.own_evaluations(request.user).order_by("status", "-plan__year", "id")
    return render(request, "socialorgs_evaluations/mine.html", {"rows": rows})


def _detail_context(request, row, form):
    return {
        "row": row,
        "form": form,
        "is_evaluator": selectors.is_evaluator_of(request.user, row),
        "ratings": selectors.rating_summary(row),
        "rate_url": request.build_absolute_uri(
            reverse("socialorgs_evaluations:rate", args=[row.public_key])
        ),
        "labels": rules.ground_labels(),
        "weights": row.plan.weights,
    }


@login_required
def evaluation_detail(request, pk):
    row = selectors.get_readable(request.user, pk)
    initial = {
        "satisfaction": row.satisfaction_score if not row.satisfaction_from_ratings else "",
        "capacity": row.capacity_score,
        "results": row.results_score,
        "comment": row.comment,
    }
    form = ScoreForm(initial=initial)
    return render(
        request, "socialorgs_evaluations/detail.html", _detail_context(request, row, form)
    )


@login_required
@require_POST
def evaluation_score(request, pk):
    row = selectors.get_own_evaluation(request.user, pk)
    form = ScoreForm(request.POST)
    if form.is_valid():
        scored = run_service(
            form,
            lambda: services.evaluation_score(
                actor=request.user, evaluation=row, **form.cleaned_data
            ),
        )
        if scored:
            messages.success(request, _("评估已提交，评估报告已生成"))
            return redirect("socialorgs_evaluations:detail", row.pk)
    return render(
        request,
        "socialorgs_evaluations/detail.html",
        _detail_context(request, row, form),
        status=400,
    )


@files.file_view
def evaluation_report(request, pk):
    row = selectors.get_readable(files.viewer(request), pk)
    if row.status != EvaluationStatus.SUBMITTED:
        from django.http import Http404

        raise Http404
    return files.serve(row.report, filename=report_docx.report_filename(row), max_age=0)


@login_required
def evaluation_qr(request, pk):
    """The QR code (SVG) of the project's public rating form, to hand to beneficiaries."""
    row = selectors.get_readable(request.user, pk)
    url = request.build_absolute_uri(reverse("socialorgs_evaluations:rate", args=[row.public_key]))
    response = HttpResponse(
        segno.make(url, error="m").svg_inline(scale=6, border=2), content_type="image/svg+xml"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


def rate(request, key):
    """The public one-page rating form (no login, no personal data): one rating per phone
    (signed cookie), a one-time signed token, a rate limit per address."""
    row = selectors.get_rateable(key)
    rated = services.already_rated(request, row)
    form = RatingForm(request.POST or None)
    status = 200
    done = False
    if request.method == "POST":
        if rated:
            form.add_error(None, _("您已评价过本项目，感谢参与"))
            status = 400
        elif form.is_valid():
            try:
                services.rating_create(
                    actor=request.user,
                    evaluation=row,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                    token=form.cleaned_data["token"],
                    client_address=client_ip(request),
                )
            except services.RateLimited as exc:
                form.add_error(None, str(exc))
                status = 429
            except ValidationError as exc:
                errors_to_form(form, exc)
                status = 400
            else:
                done = True
        else:
            status = 400
    response = render(
        request,
        "socialorgs_evaluations/rate.html",
        {
            "row": row,
            "rated": rated or done,
            "done": done,
            "form": form,
            "token": services.form_token(row),
            "scores": range(1, 6),
        },
        status=status,
    )
    if done:
        services.mark_rated(response, row, secure=request.is_secure())
    response["Cache-Control"] = "no-store"
    return response


def public_results(request):
    """Published results: the submitted evaluations' scores and verdicts."""
    page = Paginator(selectors.public_results(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "socialorgs_evaluations/public.html",
        {"page": page, "labels": rules.ground_labels()},
    )
