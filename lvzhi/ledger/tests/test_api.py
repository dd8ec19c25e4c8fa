"""/api/v1/ledger/: masked reads, audited reveal, writes through the services, strict
filters (400), out of scope 404, and list query counts that do not grow."""

import pytest
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.ledger.models import Entry, Transfer, Visit

from .conftest import id_number

pytestmark = pytest.mark.django_db
NUMBER = id_number("19850312", "002")
BASE = "/api/v1/ledger"


@pytest.fixture
def api():
    return APIClient()


def test_entries_masked_by_role(api, ledger, make_entry):
    entry = make_entry(
        grid=ledger.grid, id_number=NUMBER, phone="13812345678", categories=[ledger.category]
    )
    api.force_authenticate(ledger.cadre)
    row = api.get(f"{BASE}/entries/").json()["results"][0]
    assert row["id_number_masked"].endswith(NUMBER[-4:]) and row["phone_masked"] == "138****5678"
    assert [c["code"] for c in row["categories"]] == ["left_behind_women"]
    assert NUMBER not in str(row)
    api.force_authenticate(ledger.worker)
    row = api.get(f"{BASE}/entries/{entry.pk}/").json()
    assert row["id_number_masked"] is None
    assert (
        api.post(
            f"{BASE}/entries/{entry.pk}/reveal/", {"field": "phone", "reason": "x"}
        ).status_code
        == 404
    )
    api.force_authenticate(ledger.other_cadre)
    assert api.get(f"{BASE}/entries/{entry.pk}/").status_code == 404
    api.force_authenticate(ledger.staff)
    assert api.get(f"{BASE}/entries/").json()["count"] == 0


def test_create_update_reveal(api, ledger):
    api.force_authenticate(ledger.cadre)
    body = {
        "organization": ledger.community.pk,
        "name": "李桂芳",
        "id_number": NUMBER,
        "grid": ledger.grid.pk,
        "categories": ["left_behind_women", "party_members"],
    }
    created = api.post(f"{BASE}/entries/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["birth_year"] == 1985 and len(created.json()["categories"]) == 2
    again = api.post(f"{BASE}/entries/", body, format="json")
    assert again.status_code == 400 and "新河一社区" in again.json()["id_number"][0]
    pk = created.json()["id"]
    assert (
        api.patch(f"{BASE}/entries/{pk}/", {"address": "3号楼"}, format="json").json()["address"]
        == "3号楼"
    )
    revealed = api.post(f"{BASE}/entries/{pk}/reveal/", {"field": "id_number", "reason": "核对"})
    assert revealed.json()["value"] == NUMBER and revealed["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action="reveal").count() == 1
    township = api.post(
        f"{BASE}/entries/",
        {**body, "organization": ledger.tree.xinhe.pk, "id_number": ""},
        format="json",
    )
    assert township.status_code == 400
    elsewhere = api.post(
        f"{BASE}/entries/",
        {**body, "organization": ledger.other.pk, "id_number": ""},
        format="json",
    )
    assert elsewhere.status_code == 404
    assert Entry.objects.count() == 1


def test_filters_refuse_unknown_and_malformed(api, ledger, make_entry):
    make_entry(grid=ledger.grid)
    api.force_authenticate(ledger.cadre)
    assert api.get(f"{BASE}/entries/", {"grid": ledger.grid.pk}).json()["count"] == 1
    assert api.get(f"{BASE}/entries/", {"grid": ledger.grid2.pk}).json()["count"] == 0
    assert api.get(f"{BASE}/entries/", {"colour": "red"}).status_code == 400
    assert api.get(f"{BASE}/entries/", {"grid": "abc"}).status_code == 400
    assert api.get(f"{BASE}/entries/", {"grid": str(2**70)}).status_code == 400
    assert api.get(f"{BASE}/entries/", {"category": "nope"}).status_code == 400
    assert api.get(f"{BASE}/transfers/", {"status": "nope"}).status_code == 400


def test_transfer_and_visit_api(api, ledger, make_entry, today):
    entry = make_entry(grid=ledger.grid)
    api.force_authenticate(ledger.cadre)
    created = api.post(
        f"{BASE}/transfers/", {"entry": entry.pk, "to_code": "BH-DG-01", "reason": "搬迁"}
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api.post(f"{BASE}/transfers/{pk}/decide/", {"decision": "accept"}).status_code == 404
    api.force_authenticate(ledger.other_cadre)
    decided = api.post(f"{BASE}/transfers/{pk}/decide/", {"decision": "accept"})
    assert decided.status_code == 200 and decided.json()["status"] == "accepted"
    assert Transfer.objects.get().status == "accepted"
    api.force_authenticate(ledger.worker)
    other = make_entry("乙", grid=ledger.grid)
    visit = api.post(
        f"{BASE}/visits/", {"entry": other.pk, "date": today.isoformat(), "findings": "在家"}
    )
    assert visit.status_code == 201, visit.content
    assert Visit.objects.get().visitor == ledger.worker_person
    assert (
        api.post(
            f"{BASE}/visits/", {"entry": entry.pk, "date": today.isoformat(), "findings": "x"}
        ).status_code
        == 404
    )
    assert [g["name"] for g in api.get(f"{BASE}/grids/").json()["results"]] == ["第一网格"]


def test_list_query_counts_do_not_grow(
    api, ledger, make_entry, today, django_assert_max_num_queries
):

    api.force_authenticate(ledger.cadre)

    def grow(n, prefix):
        for i in range(n):
            entry = make_entry(f"{prefix}{i}", grid=ledger.grid, categories=[ledger.category])
            Visit.objects.create(
                entry=entry,
                org_path=entry.org_path,
                visitor=ledger.worker_person,
                date=today,
                findings="x",
            )

    grow(2, "甲")
    counts = {}
    for path in ("entries", "visits", "grids", "transfers"):
        with django_assert_max_num_queries(20) as captured:
            api.get(f"{BASE}/{path}/")
        counts[path] = len(captured.captured_queries)
    grow(15, "乙")
    for path, n in counts.items():
        with django_assert_max_num_queries(n):
            assert api.get(f"{BASE}/{path}/").status_code == 200


def test_counts_endpoint(api, ledger, make_entry):
    make_entry("甲", categories=[ledger.category])
    make_entry("丙", organization=ledger.other, categories=[ledger.category])
    api.force_authenticate(ledger.cadre)
    data = api.get(f"{BASE}/counts/", {"organization": ledger.tree.district.pk})
    assert data.status_code == 404  # the district is above her scope
    data = api.get(f"{BASE}/counts/", {"organization": ledger.tree.xinhe.pk}).json()
    assert data["total"] == 1
    assert next(c["n"] for c in data["categories"] if c["code"] == "left_behind_women") == 1
    assert data["communities"][0]["cells"][0] == 1
    assert api.get(f"{BASE}/counts/", {"organization": "abc"}).status_code == 400
    assert (
        api.get(f"{BASE}/counts/", {"organization": ledger.tree.xinhe.pk, "x": 1}).status_code
        == 400
    )


def test_categories_and_grids_through_the_api(api, ledger, make_entry):
    entry = make_entry()
    api.force_authenticate(ledger.cadre)
    added = api.post(
        f"{BASE}/entries/{entry.pk}/add-category/",
        {"category": "left_behind_women", "start_date": "2026-02-01"},
    )
    assert added.status_code == 200, added.content
    record = added.json()["categories"][0]["id"]
    ended = api.post(
        f"{BASE}/entries/{entry.pk}/end-category/", {"record": record, "end_date": "2026-03-01"}
    )
    assert ended.status_code == 200 and ended.json()["categories"] == []
    assert (
        api.post(
            f"{BASE}/entries/{entry.pk}/end-category/", {"record": record, "end_date": "2026-03-02"}
        ).status_code
        == 400
    )
    grid = api.post(
        f"{BASE}/grids/",
        {
            "organization": ledger.community.pk,
            "name": "第三网格",
            "workers": [ledger.worker_person.pk],
        },
        format="json",
    )
    assert grid.status_code == 201 and grid.json()["workers"] == ["王网格"]
    api.force_authenticate(ledger.worker)
    assert (
        api.post(
            f"{BASE}/entries/{entry.pk}/add-category/",
            {"category": "volunteers", "start_date": "2026-02-01"},
        ).status_code
        == 404
    )
    api.force_authenticate(ledger.other_cadre)
    refused = api.post(
        f"{BASE}/grids/", {"organization": ledger.community.pk, "name": "x"}, format="json"
    )
    assert refused.status_code == 404
