"""Reads of the activities (R-HM-06): from ``restrict(user, action)`` for cadres; the
public reads show only published plans of homes not closed, and ratings only as counts
and averages (no rater is known)."""

import datetime as dt

from django.db.models import Avg, Count, Prefetch
from django.shortcuts import get_object_or_404

from .. import rules
from ..models import Activity, ActivityPhoto, QuarterPlan, Status


def plans_of(home):
    return (
        QuarterPlan.objects.filter(home=home)
        .annotate(
            n_activities=Count("activities", distinct=True), n_wishes=Count("wishes", distinct=True)
        )
        .order_by("-year", "-quarter")
    )


def get_plan(user, pk, action: str = "view") -> QuarterPlan:
    return get_object_or_404(
        QuarterPlan.objects.restrict(user, action).select_related("home__organization"), pk=pk
    )


def with_ratings(queryset):
    return queryset.annotate(
        n_ratings=Count("ratings", distinct=True), avg_rating=Avg("ratings__score")
    )


def activities_of(plan: QuarterPlan):
    return with_ratings(
        plan.activities.select_related("plan", "wish").prefetch_related("photos")
    ).order_by("date", "id")


def six_verdict(activity: Activity):
    return rules.activity_six_verdict(
        plan_published=activity.plan.published_on is not None,
        content=activity.content,
        flow=activity.flow,
        participants=activity.participants,
        theme=activity.theme,
        key_date=activity.key_date,
        signed_in=activity.signed_in,
        photos=len(activity.photos.all()),
        results=activity.results,
    )


def get_activity(user, pk, action: str = "view") -> Activity:
    return get_object_or_404(
        with_ratings(
            Activity.objects.restrict(user, action).select_related(
                "home__organization", "plan", "leader"
            )
        ).prefetch_related("photos"),
        pk=pk,
    )


def get_activity_photo(user, pk) -> ActivityPhoto:
    return get_object_or_404(ActivityPhoto.objects.restrict(user, "view"), pk=pk)


# 公开 --------------------------------------------------------------------------------


def public_activities():
    """Activities of published plans of homes not closed."""
    return Activity.objects.filter(plan__published_on__isnull=False).exclude(
        home__status=Status.CLOSED
    )


def get_public_activity_photo(pk) -> ActivityPhoto:
    return get_object_or_404(ActivityPhoto.objects.filter(activity__in=public_activities()), pk=pk)


def public_quarter(home, today: dt.date):
    """This quarter's published plan of ``home`` and its activities with photos and their
    rating counts and averages (three queries)."""
    year, quarter = rules.quarter_of(today)
    plan = QuarterPlan.objects.filter(
        home=home, year=year, quarter=quarter, published_on__isnull=False
    ).first()
    if plan is None:
        return None, []
    activities = with_ratings(
        Activity.objects.filter(plan=plan).prefetch_related(
            Prefetch("photos", queryset=ActivityPhoto.objects.order_by("id"))
        )
    ).order_by("date", "id")
    return plan, list(activities)


def get_rateable(public_key: str) -> Activity:
    """The activity a QR code names, if the public may rate it: its plan is published,
    its home is not closed, and it has taken place."""
    return get_object_or_404(public_activities().select_related("home"), public_key=public_key)


def rating_rollup(queryset, group: str | None = None):
    """Ratings counted and averaged over ``queryset`` of Rating (optionally by ``group``)."""
    if group:
        return queryset.values(group).annotate(n=Count("id"), avg=Avg("score")).order_by(group)
    return queryset.aggregate(n=Count("id"), avg=Avg("score"))


def ratings_rollup(user, org) -> dict:
    """Ratings over ``org``'s subtree: the total, per organization one level down (a
    grouped pass on the path prefix of that depth), and per home (the 100 most rated).
    Three queries whatever the size."""
    from django.db.models.functions import Substr

    from lvzhi.orgs.models import Organization

    from ..models import Home, Rating
    from ..selectors import subtree_q

    rows = Rating.objects.restrict(user, "view").filter(subtree_q(org.path))
    total = rows.aggregate(n=Count("id"), avg=Avg("score"))
    width = len(org.path) + 4
    grouped = {
        r["prefix"]: r
        for r in rows.annotate(prefix=Substr("org_path", 1, width))
        .values("prefix")
        .annotate(n=Count("id"), avg=Avg("score"))
        .order_by()
    }
    children = []
    if grouped:
        for child in Organization.objects.filter(path__in=list(grouped)).order_by("path"):
            children.append((child, grouped[child.path]["n"], grouped[child.path]["avg"]))
    per_home = list(
        rows.values("activity__home")
        .annotate(n=Count("id"), avg=Avg("score"))
        .order_by("-n", "activity__home")[:100]
    )
    names = dict(
        Home.objects.filter(pk__in=[r["activity__home"] for r in per_home]).values_list(
            "pk", "name"
        )
    )
    homes = [
        (r["activity__home"], names.get(r["activity__home"], ""), r["n"], r["avg"])
        for r in per_home
    ]
    return {"total": total, "children": children, "homes": homes}
