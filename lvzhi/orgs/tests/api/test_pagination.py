"""/api/v1/orgs/: pagination, and list query counts that do not grow with the page size."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core.search import build_search_text
from lvzhi.orgs.models import (
    Department,
    Kind,
    Level,
    Organization,
    PartyOrganization,
    Person,
    Position,
    Term,
)

from .support import API, api

pytestmark = pytest.mark.django_db

# 分页与查询数 ----------------------------------------------------------------


def _bulk_rows(tree, admin_user, count: int = 60):
    """``count`` villages under 新河 (through treebeard), and people, terms and positions."""
    parent = Organization.objects.get(pk=tree.xinhe.pk)
    villages = []
    for i in range(count):
        org = Organization(
            name=f"新河{i:03d}社区妇女联合会",
            code=f"BH-XH-B{i:03d}",
            system="fl",
            kind=Kind.LOCAL_FEDERATION,
            level=Level.VILLAGE,
        )
        org.search_text = build_search_text(org.name, org.code)
        villages.append(Organization.objects.add_child(parent, instance=org))
        parent = Organization.objects.get(pk=tree.xinhe.pk)
    people = Person.objects.bulk_create(
        Person(
            organization=org,
            org_path=org.path,
            name=f"人员{i:03d}",
            phone=f"1381234{i:04d}",
            search_text=build_search_text(f"人员{i:03d}"),
        )
        for i, org in enumerate(villages)
    )
    terms = Term.objects.bulk_create(
        Term(
            organization=org,
            org_path=org.path,
            number=1,
            start_date=dt.date(2022, 1, 1),
            end_date=dt.date(2027, 1, 1),
        )
        for org in villages
    )
    Position.objects.bulk_create(
        Position(
            person=p,
            organization=p.organization,
            org_path=p.org_path,
            term=t,
            title="chair",
            start_date=dt.date(2022, 1, 1),
        )
        for p, t in zip(people, terms, strict=True)
    )
    Department.objects.bulk_create(
        Department(organization=org, org_path=org.path, name="办公室") for org in villages
    )
    party = PartyOrganization.objects.bulk_create(
        PartyOrganization(organization=org, org_path=org.path, name=f"党支部{i:03d}")
        for i, org in enumerate(villages)
    )
    for org, p in zip(villages, party, strict=True):
        org.party_organization = p
    Organization.objects.bulk_update(villages, ["party_organization"])
    return villages


def _queries(user_pk: int, url: str, params: dict) -> tuple[int, dict]:
    """Queries of one request by a freshly loaded user (no scope cached yet)."""
    client = api(get_user_model().objects.get(pk=user_pk))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


LIST_CASES = [
    ("organizations", {}),
    ("organizations", {"ancestor": "XINHE", "level": "village"}),
    ("organizations", {"q": "新河"}),
    ("organizations/XINHE/children", {}),
    ("people", {}),
    ("people", {"ancestor": "XINHE", "q": "人员"}),
    ("positions", {"current": "true"}),
    ("terms", {"ordering": "-start_date"}),
    ("departments", {}),
    ("party-organizations", {}),
    ("regions", {}),
]


def test_list_query_count_does_not_grow_with_page_size(tree, admin_user, make_user):
    """Related rows come in the page query: 5 rows or 50 cost the same queries."""
    _bulk_rows(tree, admin_user)
    cadre = make_user("cadre", "cadre", tree.district)
    counts = {}
    for resource, params in LIST_CASES:
        url = f"{API}/{resource.replace('XINHE', str(tree.xinhe.pk))}/"
        params = {k: (str(tree.xinhe.pk) if v == "XINHE" else v) for k, v in params.items()}
        small, small_data = _queries(cadre.pk, url, {**params, "page_size": 5})
        large, large_data = _queries(cadre.pk, url, {**params, "page_size": 50})
        if resource != "regions":
            assert len(small_data["results"]) == 5, resource
            assert len(large_data["results"]) == 50, resource
        counts[f"{resource} {params}"] = (small, large)
    assert all(small == large for small, large in counts.values()), counts
    # the forced-password-change check (a token request loads it with the user), scope
    # (role assignments), the ancestor's path when filtering by it, count, page
    assert all(large <= 5 for _, large in counts.values()), counts


def test_pagination(tree, admin_user):
    _bulk_rows(tree, admin_user, count=12)
    client = api(admin_user)
    data = client.get(f"{API}/people/", {"page_size": 5}).json()
    assert data["count"] == 12
    assert len(data["results"]) == 5
    assert "page=2" in data["next"] and data["previous"] is None
    last = client.get(f"{API}/people/", {"page_size": 5, "page": 3}).json()
    assert len(last["results"]) == 2 and last["next"] is None
    assert client.get(f"{API}/people/", {"page": 9}).status_code == 404
    everything = client.get(f"{API}/organizations/", {"page_size": 10_000}).json()
    assert len(everything["results"]) == everything["count"] == 21  # below the cap of 200
    masked = client.get(f"{API}/people/", {"page_size": 1}).json()["results"][0]
    assert masked["phone_masked"].startswith("138****")
