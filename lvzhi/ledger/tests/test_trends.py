"""逐月趋势: women at each month's end by category and by grid, from category dates;
only what the user reads; page, API and a query count that does not grow."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from lvzhi.ledger import rules, selectors, services
from lvzhi.ledger.models import Category

pytestmark = pytest.mark.django_db


def test_month_ends():
    assert rules.month_ends(dt.date(2026, 3, 15), 4) == [
        dt.date(2025, 12, 31),
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 15),
    ]


def test_trends_by_category_and_grid(ledger, make_entry, today):
    poor = Category.objects.get(code="women_in_difficulty")
    a = make_entry(
        name="甲",
        grid=ledger.grid,
        categories=[ledger.category],
        category_since=dt.date(2026, 9, 10),
    )
    make_entry(
        name="乙",
        grid=ledger.grid2,
        categories=[ledger.category, poor],
        category_since=dt.date(2026, 11, 2),
    )
    record = a.categories.get()
    services.category_end(
        actor=ledger.cadre, record=record, end_date=dt.date(2026, 10, 5), today=today
    )
    make_entry(name="外", organization=ledger.other, categories=[ledger.category])
    data = selectors.trends(ledger.cadre, ledger.tree.xinhe, by="category", today=today)
    assert data["months"][-3:] == ["2026-09", "2026-10", "2026-11"]
    rows = {r["name"]: r["counts"][-3:] for r in data["rows"]}
    assert rows == {"留守妇女": [1, 0, 1], "困难妇女": [0, 0, 1]}
    grids = selectors.trends(ledger.cadre, ledger.tree.xinhe, by="grid", today=today)
    rows = {r["name"]: r["counts"][-3:] for r in grids["rows"]}
    assert rows == {
        "新河一社区妇女联合会 第一网格": [1, 0, 0],
        "新河一社区妇女联合会 第二网格": [0, 0, 1],
    }


def test_trends_page_and_api(client, ledger, make_entry, django_assert_max_num_queries):
    make_entry(categories=[ledger.category])
    client.force_login(ledger.cadre)
    url = reverse("ledger:trends") + f"?org={ledger.community.pk}"
    with django_assert_max_num_queries(25) as few:
        page = client.get(url)
    counted = len(few.captured_queries)
    assert page.status_code == 200 and "留守妇女" in page.content.decode()
    for n in range(10):
        make_entry(name=f"人{n}", grid=ledger.grid, categories=[ledger.category])
    with django_assert_max_num_queries(counted):
        client.get(url + "&by=grid")
    assert client.get(url + "&by=nonsense").status_code == 404
    client.force_login(ledger.other_cadre)
    assert client.get(url).status_code == 404
    api = APIClient()
    api.force_authenticate(ledger.cadre)
    answer = api.get(f"/api/v1/ledger/trends/?organization={ledger.community.pk}&by=grid")
    assert answer.status_code == 200 and len(answer.json()["months"]) == 12
    assert api.get("/api/v1/ledger/trends/?organization=x").status_code == 400
    assert (
        api.get(f"/api/v1/ledger/trends/?organization={ledger.community.pk}&by=x").status_code
        == 400
    )
    api.force_authenticate(ledger.staff)
    assert api.get(f"/api/v1/ledger/trends/?organization={ledger.community.pk}").status_code == 404
