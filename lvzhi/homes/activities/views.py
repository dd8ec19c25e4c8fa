"""Pages of the activities by the 六个有 (R-HM-06): a home's quarterly plans, a plan with
its wishes, activities and generated summary, an activity with its record, photos, QR code
and ratings. Read like the home; written by who may change it (a POST from anyone else
answers 404)."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core import files
from lvzhi.core.forms import errors_to_form, run_service
from lvzhi.core.http import client_ip
from lvzhi.core.periods import today_local

from .. import rules
from .. import selectors as home_selectors
from . import ratings, selectors, services
from .forms import ActivityForm, PlanForm, RatingForm, WishForm


def _changer(request, home):
    if not home_selectors.may_change(request.user, home):
        raise Http404(_("页面不存在"))


@login_required
def plans(request, pk):
    home = home_selectors.get_home(request.user, pk)
    change = home_selectors.may_change(request.user, home)
    form = None
    if request.method == "POST":
        _changer(request, home)
        form = PlanForm(request.POST)
        if form.is_valid():
            plan = run_service(
                form,
                lambda: services.plan_create(actor=request.user, home=home, **form.cleaned_data),
            )
            if plan is not None:
                messages.success(request, _("已新建季度计划，请记录妇女意愿后公布"))
                return redirect("homes:plan", plan.pk)
    elif change:
        year, quarter = rules.quarter_of(today_local())
        form = PlanForm(initial={"year": year, "quarter": quarter})
    return render(
        request,
        "homes/plans.html",
        {"home": home, "rows": selectors.plans_of(home), "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _plan_page(request, plan, *, wish_form=None, activity_form=None, status=200):
    home = plan.home
    change = home_selectors.may_change(request.user, home)
    activities = list(selectors.activities_of(plan))
    for activity in activities:
        activity.six = selectors.six_verdict(activity)
    return render(
        request,
        "homes/plan.html",
        {
            "home": home,
            "plan": plan,
            "wishes": plan.wishes.all(),
            "activities": activities,
            "can_change": change,
            "publish": rules.plan_publish_verdict(
                wishes=len(plan.wishes.all()), content=plan.content
            ),
            "wish_form": wish_form or (WishForm() if change else None),
            "activity_form": activity_form
            or (ActivityForm(plan=plan, initial={"date": today_local()}) if change else None),
        },
        status=status,
    )


@login_required
def plan_detail(request, pk):
    return _plan_page(request, selectors.get_plan(request.user, pk))


@login_required
@require_POST
def wish_add(request, pk):
    plan = selectors.get_plan(request.user, pk, "change")
    form = WishForm(request.POST)
    if form.is_valid() and run_service(
        form, lambda: services.wish_add(actor=request.user, plan=plan, **form.cleaned_data)
    ):
        messages.success(request, _("已记录妇女意愿"))
        return redirect("homes:plan", plan.pk)
    return _plan_page(request, plan, wish_form=form, status=400)


@login_required
@require_POST
def plan_publish(request, pk):
    plan = selectors.get_plan(request.user, pk, "change")
    try:
        services.plan_publish(actor=request.user, plan=plan)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已公布季度计划"))
    return redirect("homes:plan", plan.pk)


@login_required
@require_POST
def summary_generate(request, pk):
    plan = selectors.get_plan(request.user, pk, "change")
    services.summary_generate(actor=request.user, plan=plan)
    messages.success(request, _("已根据本季度活动生成总结"))
    return redirect(reverse("homes:plan", args=[plan.pk]) + "#summary")


@login_required
@require_POST
def activity_add(request, pk):
    plan = selectors.get_plan(request.user, pk, "change")
    form = ActivityForm(request.POST, request.FILES, plan=plan)
    if form.is_valid():
        activity = run_service(
            form,
            lambda: services.activity_create(
                actor=request.user,
                plan=plan,
                photos=request.FILES.getlist("photos"),
                **form.service_fields(),
            ),
        )
        if activity is not None:
            messages.success(request, _("已登记活动"))
            return redirect("homes:activity", activity.pk)
    return _plan_page(request, plan, activity_form=form, status=400)


@login_required
def activity_detail(request, pk):
    activity = selectors.get_activity(request.user, pk)
    change = home_selectors.may_change(request.user, activity.home)
    form = None
    if request.method == "POST":
        _changer(request, activity.home)
        form = ActivityForm(request.POST, request.FILES, instance=activity)
        if form.is_valid() and run_service(
            form,
            lambda: services.activity_update(
                actor=request.user,
                activity=activity,
                photos=request.FILES.getlist("photos"),
                **form.service_fields(),
            ),
        ):
            messages.success(request, _("已保存"))
            return redirect("homes:activity", activity.pk)
    elif change:
        form = ActivityForm(instance=selectors.get_activity(request.user, pk))
    return render(
        request,
        "homes/activity.html",
        {
            "home": activity.home,
            "activity": activity,
            "six": selectors.six_verdict(activity),
            "form": form,
            "rate_url": request.build_absolute_uri(
                reverse("homes:rate", args=[activity.public_key])
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def activity_qr(request, pk):
    """The activity's QR code (SVG) to its public rating form, to print and post."""
    activity = selectors.get_activity(request.user, pk)
    url = request.build_absolute_uri(reverse("homes:rate", args=[activity.public_key]))
    svg = segno.make(url, error="m").svg_inline(scale=6, border=2)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@files.file_view
def activity_photo(request, pk):
    photo = selectors.get_activity_photo(files.viewer(request), pk)
    return files.serve(photo.display or photo.image, filename=f"activity-{photo.pk}")


@files.file_view
def public_activity_photo(request, pk):
    """A photo of an activity the public page shows (published plan, home not closed)."""
    photo = selectors.get_public_activity_photo(pk)
    return files.serve(photo.display or photo.image, filename=f"activity-{photo.pk}")


def rate(request, key):
    """The public one-page rating form a QR code opens (no login, no personal data)."""
    activity = selectors.get_rateable(key)
    rated = ratings.already_rated(request, activity)
    form = RatingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if rated:
            form.add_error(None, _("您已评价过本活动，感谢参与"))
            status = 400
        elif form.is_valid():
            try:
                ratings.rating_create(
                    actor=request.user,
                    activity=activity,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                    token=form.cleaned_data["token"],
                    client_address=client_ip(request),
                )
            except ratings.RateLimited as exc:
                form.add_error(None, str(exc))
                status = 429
            except ValidationError as exc:
                errors_to_form(form, exc)
                status = 400
            else:
                response = redirect(
                    reverse("homes:public-detail", args=[activity.home_id])
                    + f"?rated={activity.pk}#activity-{activity.pk}"
                )
                ratings.mark_rated(response, activity, secure=request.is_secure())
                return response
        else:
            status = 400
    response = render(
        request,
        "homes/rate.html",
        {
            "activity": activity,
            "home": activity.home,
            "rated": rated,
            "form": form,
            "token": ratings.form_token(activity),
            "scores": range(1, 6),
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def ratings_rollup(request):
    """Public ratings rolled up over a federation's subtree: by the organizations one
    level down (townships under a district, villages under a township) and by home."""
    from ..views import _org_from_request

    org = _org_from_request(request)
    return render(
        request,
        "homes/ratings.html",
        {"org": org, **selectors.ratings_rollup(request.user, org)},
    )
