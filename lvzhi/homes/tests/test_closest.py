"""Homes closest to designation (R-HM-01/02): the subtree's homes not designated, ordered
by the parts their latest assessment meets (a part the township returned does not count),
each naming what it misses; the page, the API (400 without org, 404 out of scope) and a
query count that does not grow with the homes."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from lvzhi.homes import rules
from lvzhi.homes.assessments import closest
from lvzhi.homes.models import (
    Assessment,
    AssessmentPart,
    AssessmentStatus,
    Designation,
    PartReview,
    Status,
)

from .conftest import add_home

pytestmark = pytest.mark.django_db


def assess(home, met_codes, returned=(), year=2026, **fields):
    assessment = Assessment.objects.create(home=home, org_path=home.org_path, year=year, **fields)
    for code in rules.part_codes():
        AssessmentPart.objects.create(
            assessment=assessment,
            org_path=home.org_path,
            code=code,
            met=code in met_codes,
            review=PartReview.RETURNED if code in returned else PartReview.PENDING,
        )
    return assessment


@pytest.fixture
def ranked(org_tree, homes):
    codes = rules.part_codes()
    old = assess(
        homes["xinhe_1"], codes, status=AssessmentStatus.CANCELLED
    )  # an older assessment: only the latest counts
    old.created_at = old.created_at.replace(year=2020)
    old.save(update_fields=["created_at"])
    assess(homes["xinhe_1"], codes[:3])
    second = add_home(org_tree.xinhe_1, "新河一社区第二妇女之家")
    assess(second, codes[:5], returned=codes[:1])  # 4 count
    add_home(org_tree.xinhe_1, "从未评估的妇女之家")
    add_home(org_tree.xinhe_1, "已命名的妇女之家", designation=Designation.DESIGNATED)
    add_home(org_tree.xinhe_1, "已撤销的妇女之家", status=Status.CLOSED)
    return codes


def test_ordered_by_parts_met_and_naming_what_is_missing(org_tree, cadre, ranked):
    rows = closest.closest(cadre, org_tree.xinhe)
    assert [(r.home.name, r.met) for r in rows] == [
        ("新河一社区第二妇女之家", 4),
        ("新河一社区妇女之家", 3),
        ("从未评估的妇女之家", 0),
    ]
    total = len(ranked)
    assert all(r.total == total for r in rows)
    assert rules.part_name(ranked[0]) in rows[0].missing
    assert len(rows[0].missing) == total - 4
    assert rules.part_name(ranked[2]) not in rows[1].missing
    assert len(rows[2].missing) == total and rows[2].assessment_id is None


def test_scoped_by_restrict(org_tree, make_user, ranked):
    dagu = make_user("dagu_cadre", "cadre", org_tree.dagu)
    assert [r.home.name for r in closest.closest(dagu, org_tree.dagu)] == ["大沽一社区妇女之家"]
    # asking for a subtree she does not hold lists nothing of it
    assert closest.closest(dagu, org_tree.xinhe) == []


def test_page(client, cadre, org_tree, ranked):
    client.force_login(cadre)
    response = client.get(reverse("homes:assessments-closest") + f"?org={org_tree.xinhe.pk}")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("新河一社区第二妇女之家") < body.index("从未评估的妇女之家")
    assert "已命名的妇女之家" not in body and "已撤销的妇女之家" not in body
    assert f"4 / {len(ranked)}" in body
    pending = client.get(reverse("homes:assessments-pending") + f"?org={org_tree.xinhe.pk}")
    assert reverse("homes:assessments-closest") in pending.content.decode()


def test_page_out_of_scope_is_404(client, make_user, org_tree, ranked):
    client.force_login(make_user("dagu_cadre", "cadre", org_tree.dagu))
    url = reverse("homes:assessments-closest") + f"?org={org_tree.xinhe.pk}"
    assert client.get(url).status_code == 404


def test_api(cadre, org_tree, make_user, ranked):
    api = APIClient()
    api.force_authenticate(cadre)
    response = api.get(f"/api/v1/homes/closest/?org={org_tree.xinhe.pk}")
    assert response.status_code == 200
    data = response.json()
    assert [row["met"] for row in data] == [4, 3, 0]
    assert data[0]["name"] == "新河一社区第二妇女之家" and data[0]["total"] == len(ranked)
    assert len(data[0]["missing"]) == len(ranked) - 4
    answer = api.get("/api/v1/homes/closest/")
    assert answer.status_code == 400 and "组织" in str(answer.json())
    api.force_authenticate(make_user("dagu_cadre", "cadre", org_tree.dagu))
    assert api.get(f"/api/v1/homes/closest/?org={org_tree.xinhe.pk}").status_code == 404


def test_queries_do_not_grow_with_homes(
    client, cadre, org_tree, ranked, django_assert_max_num_queries
):
    client.force_login(cadre)
    url = reverse("homes:assessments-closest") + f"?org={org_tree.xinhe.pk}"
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    for n in range(12):
        home = add_home(org_tree.xinhe_1, f"新增妇女之家{n}")
        assess(home, ranked[: n % 4])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("新增妇女之家") == 12
