"""Activities by the 六个有 (R-HM-06) and public ratings: the plan is published only after
a wish is recorded, activities lie in their quarter, the summary is generated from them,
the public page shows this quarter's plan; a rating by QR is one per phone, rate-limited
and replay-resistant, and shows on the public page."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from lvzhi.homes import rules
from lvzhi.homes.activities import ratings, services
from lvzhi.homes.models import Activity, QuarterPlan, Rating

from .test_services import jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cadre, homes, clock):
    return services.plan_create(
        actor=cadre, home=homes["xinhe_1"], year=2026, quarter=4, content="开展家庭教育讲座等活动"
    )


def activity(cadre, plan, **fields):
    data = {
        "title": "家庭教育讲座",
        "date": dt.date(2026, 11, 20),
        "theme": "warmth",
        "key_date": "",
        "content": "讲座",
        "flow": "签到、讲座、交流",
        "participants": "社区妇女",
        "signed_in": 35,
        "results": "35名妇女参加，反响良好",
    }
    data.update(fields)
    return services.activity_create(actor=cadre, plan=plan, **data)


def test_publish_needs_a_wish(cadre, plan):
    with pytest.raises(ValidationError) as exc:
        services.plan_publish(actor=cadre, plan=plan)
    assert "R-HM-06" in exc.value.messages[0]
    assert QuarterPlan.objects.get(pk=plan.pk).published_on is None
    services.wish_add(actor=cadre, plan=plan, text="希望学习家庭教育", source="visit", count=12)
    services.plan_publish(actor=cadre, plan=plan)
    assert QuarterPlan.objects.get(pk=plan.pk).published_on is not None


def test_activity_in_its_quarter_and_not_recorded_before_it_happens(cadre, plan):
    with pytest.raises(ValidationError) as exc:
        activity(cadre, plan, date=dt.date(2026, 7, 1))
    assert "季度" in exc.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as exc:
        activity(cadre, plan, date=dt.date(2026, 12, 20))  # after today, with sign-in
    assert "signed_in" in exc.value.message_dict
    with pytest.raises(ValidationError):
        activity(cadre, plan, theme="nonsense")
    assert not Activity.objects.exists()
    later = activity(cadre, plan, date=dt.date(2026, 12, 20), signed_in=None, results="")
    assert later.public_key


def test_six_verdict_and_summary(cadre, plan):
    from lvzhi.homes.activities.selectors import six_verdict

    row = activity(cadre, plan, photos=[jpeg()])
    activity(cadre, plan, title="巾帼志愿服务", theme="image", date=dt.date(2026, 10, 8))
    row = Activity.objects.get(pk=row.pk)
    assert six_verdict(row).outcome == "unmet"  # the plan is not published: 有计划 missing
    services.wish_add(actor=cadre, plan=plan, text="志愿服务", source="online")
    services.plan_publish(actor=cadre, plan=plan)
    row = Activity.objects.select_related("plan").get(pk=row.pk)
    assert six_verdict(row).outcome == "met"
    summary = services.summary_generate(actor=cadre, plan=plan).summary
    assert "共开展活动2场，参与70人次" in summary
    assert "巾帼暖人心1场" in summary and "巾帼亮形象1场" in summary
    assert summary.index("10月8日") < summary.index("11月20日")


def test_quarter_rules():
    assert rules.quarter_of(dt.date(2026, 3, 31)) == (2026, 1)
    assert rules.quarter_of(dt.date(2026, 4, 1)) == (2026, 2)
    assert rules.quarter_bounds(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert rules.quarter_bounds(2024, 1)[1] == dt.date(2024, 3, 31)


@pytest.fixture
def published(cadre, plan):
    services.wish_add(actor=cadre, plan=plan, text="讲座", source="visit")
    services.plan_publish(actor=cadre, plan=plan)
    cache.clear()
    return activity(cadre, plan, photos=[jpeg()])


def rate_form(client, row):
    response = client.get(reverse("homes:rate", args=[row.public_key]))
    assert response.status_code == 200
    return response.context["token"]


def test_rating_by_qr_shows_on_the_public_page(client, published):
    token = rate_form(client, published)
    response = client.post(
        reverse("homes:rate", args=[published.public_key]),
        {"score": 5, "comment": "很实用", "token": token},
    )
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.score, rating.comment) == (5, "很实用")
    page = client.get(response.url)
    body = page.content.decode()
    assert "家庭教育讲座" in body and "5.0" in body and "很实用" not in body
    photo = published.photos.get()
    assert client.get(reverse("homes:public-activity-photo", args=[photo.pk])).status_code == 200
    # the same phone again: refused by its cookie
    again = client.get(reverse("homes:rate", args=[published.public_key]))
    assert 'id="already-rated"' in again.content.decode()
    response = client.post(
        reverse("homes:rate", args=[published.public_key]),
        {"score": 1, "token": again.context["token"]},
    )
    assert response.status_code == 400 and Rating.objects.count() == 1


def test_replay_of_a_sent_form_is_refused(client, published):
    from django.test import Client

    token = rate_form(client, published)
    data = {"score": 4, "token": token}
    assert client.post(reverse("homes:rate", args=[published.public_key]), data).status_code == 302
    other_phone = Client()  # the same request replayed without the cookie
    response = other_phone.post(reverse("homes:rate", args=[published.public_key]), data)
    assert response.status_code == 400 and "请勿重复提交" in response.content.decode()
    forged = {"score": 4, "token": token[:-2] + "xx"}
    response = other_phone.post(reverse("homes:rate", args=[published.public_key]), forged)
    assert response.status_code == 400 and Rating.objects.count() == 1


def test_rate_limit_per_address(client, published, settings):
    from django.test import Client

    settings.HOMES_RATING_RATE_LIMIT = 2
    url = reverse("homes:rate", args=[published.public_key])
    statuses = []
    for _i in range(3):
        phone = Client()
        token = rate_form(phone, published)
        statuses.append(phone.post(url, {"score": 3, "token": token}).status_code)
    assert statuses == [302, 302, 429]
    assert Rating.objects.count() == 2
    ratings.reset_rate("127.0.0.1")


def test_bad_score_and_unpublished_activity(client, cadre, plan, clock):
    row = activity(cadre, plan)
    assert client.get(reverse("homes:rate", args=[row.public_key])).status_code == 404
    services.wish_add(actor=cadre, plan=plan, text="讲座", source="visit")
    services.plan_publish(actor=cadre, plan=plan)
    cache.clear()
    token = rate_form(client, row)
    response = client.post(
        reverse("homes:rate", args=[row.public_key]), {"score": 9, "token": token}
    )
    assert response.status_code == 400 and not Rating.objects.exists()


def test_pages_and_qr(client, cadre, published, org_tree, make_user):
    client.force_login(cadre)
    plan = published.plan
    assert client.get(reverse("homes:plans", args=[plan.home_id])).status_code == 200
    body = client.get(reverse("homes:plan", args=[plan.pk])).content.decode()
    assert "家庭教育讲座" in body and "六个有齐全" in body
    response = client.get(reverse("homes:activity-qr", args=[published.pk]))
    assert response["Content-Type"] == "image/svg+xml" and b"<svg" in response.content
    response = client.post(
        reverse("homes:activity-add", args=[plan.pk]),
        {"title": "", "date": "2026-11-01", "theme": "party"},
    )
    assert response.status_code == 400
    other = make_user("dagu", "cadre", org_tree.dagu)
    client.force_login(other)
    assert client.get(reverse("homes:plan", args=[plan.pk])).status_code == 404
    assert client.get(reverse("homes:activity", args=[published.pk])).status_code == 404


def test_ratings_roll_up_by_township_and_home(
    client, cadre, published, org_tree, make_user, django_assert_max_num_queries
):
    from lvzhi.homes.models import Rating as R

    for n, score in enumerate((5, 4, 3)):
        R.objects.create(
            activity=published, org_path=published.org_path, score=score, nonce=f"n{n}"
        )
    district = make_user("bh", "cadre", org_tree.district)
    client.force_login(district)
    url = reverse("homes:ratings") + f"?org={org_tree.district.pk}"
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.context["total"]["n"] == 3 and response.context["total"]["avg"] == 4
    [(child, n, avg)] = response.context["children"]
    assert child.pk == org_tree.xinhe.pk and n == 3
    assert response.context["homes"][0][1] == "新河一社区妇女之家"
    client.force_login(make_user("dg", "cadre", org_tree.dagu))
    response = client.get(reverse("homes:ratings") + f"?org={org_tree.dagu.pk}")
    assert response.context["total"]["n"] == 0


def test_api_plans_activities_and_rollup(cadre, homes, clock, org_tree, make_user):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(cadre)
    base = "/api/v1/homes"
    response = api.post(
        f"{base}/plans/",
        {"home": homes["xinhe_1"].pk, "year": 2026, "quarter": 4, "content": "计划"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = api.post(f"{base}/plans/{pk}/publish/")
    assert response.status_code == 400 and "R-HM-06" in str(response.json())
    response = api.post(f"{base}/plans/{pk}/wishes/", {"text": "讲座", "source": "visit"})
    assert response.json()["wishes"][0]["text"] == "讲座"
    assert api.post(f"{base}/plans/{pk}/publish/").json()["published_on"]
    body = {
        "plan": pk,
        "title": "讲座",
        "date": "2026-11-20",
        "theme": "warmth",
        "content": "c",
        "flow": "f",
        "participants": "p",
    }
    response = api.post(f"{base}/activities/", body, format="json")
    assert response.status_code == 201, response.json()
    activity = response.json()["id"]
    assert response.json()["six"]["rule_id"] == "R-HM-06"
    response = api.patch(
        f"{base}/activities/{activity}/", {"signed_in": 30, "results": "好"}, format="json"
    )
    assert response.status_code == 200 and response.json()["signed_in"] == 30
    assert api.post(f"{base}/plans/{pk}/summary/").json()["summary"].count("讲座") == 1
    assert api.get(f"{base}/activities/?colour=red").status_code == 400
    response = api.get(f"{base}/ratings/?org={org_tree.xinhe.pk}")
    assert response.status_code == 200 and response.json()["n"] == 0
    assert api.get(f"{base}/ratings/").status_code == 400
    other = APIClient()
    other.force_authenticate(make_user("dg", "cadre", org_tree.dagu))
    assert other.get(f"{base}/plans/{pk}/").status_code == 404
    assert other.post(f"{base}/plans/{pk}/publish/").status_code == 404
    assert other.get(f"{base}/ratings/?org={org_tree.xinhe.pk}").status_code == 404
