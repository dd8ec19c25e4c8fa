"""Authorization matrix rows of the 妇女之家 activities (R-HM-06) and public ratings: the
plans, a plan, an activity, its QR code, its photos and the ratings roll-up are read like
the home; recording a wish needs the cadre's ``change`` scope; the rating form and the
public photo answer everyone (the plan is published).

Each target organization gets, the first time a row asks, a published plan of its home
with one held activity and one photo, written with the ORM."""

import datetime as dt

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import (
    CHANGE_SUBTREE_REDIRECT,
    NOT_FOUND,
    OK,
    Row,
    cadres,
    everyone,
    readers,
)

from .matrix_rows_homes import home_of


def activity_of(o):
    if getattr(o, "_home_activity", None) is None:
        import uuid

        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        from lvzhi.core.tests.files import jpeg_bytes
        from lvzhi.homes.models import Activity, ActivityPhoto, QuarterPlan

        home = home_of(o)
        plan = QuarterPlan.objects.create(
            home=home,
            org_path=home.org_path,
            year=2026,
            quarter=4,
            content="计划",
            published_on=dt.date(2026, 10, 1),
        )
        o._home_activity = Activity.objects.create(
            home=home,
            plan=plan,
            org_path=home.org_path,
            title="讲座",
            date=dt.date(2026, 11, 1),
            theme="warmth",
            content="内容",
            flow="流程",
            participants="妇女",
            public_key=uuid.uuid4().hex[:16],
        )
        name = default_storage.save(f"homes/2026/{uuid.uuid4().hex}.jpg", ContentFile(jpeg_bytes()))
        o._home_activity_photo = ActivityPhoto.objects.create(
            activity=o._home_activity, org_path=home.org_path, image=name, display=name
        )
    return o._home_activity


def photo_of(o):
    activity_of(o)
    return o._home_activity_photo


def _url(name, obj):
    return lambda o: reverse(name, args=[obj(o).pk])


ACTIVITY_ROWS = [
    Row("homes plans", "GET", _url("homes:plans", home_of), readers()),
    Row(
        "homes plan",
        "GET",
        lambda o: reverse("homes:plan", args=[activity_of(o).plan_id]),
        readers(),
    ),
    Row("homes activity", "GET", _url("homes:activity", activity_of), readers()),
    Row("homes activity qr", "GET", _url("homes:activity-qr", activity_of), readers()),
    Row(
        "homes activity photo",
        "GET",
        _url("homes:activity-photo", photo_of),
        readers(anonymous=NOT_FOUND),
    ),
    Row(
        "homes wish add",
        "POST",
        lambda o: reverse("homes:wish-add", args=[activity_of(o).plan_id]),
        cadres(CHANGE_SUBTREE_REDIRECT),
        data=lambda o: {"text": "希望办讲座", "source": "visit", "count": 3},
        writes=True,
    ),
    Row(
        "homes ratings rollup",
        "GET",
        lambda o: reverse("homes:ratings") + f"?org={o.pk}",
        readers(),
    ),
    Row(
        "homes public rating form",
        "GET",
        lambda o: reverse("homes:rate", args=[activity_of(o).public_key]),
        everyone(OK),
    ),
    Row(
        "homes public activity photo",
        "GET",
        _url("homes:public-activity-photo", photo_of),
        everyone(OK),
    ),
]
