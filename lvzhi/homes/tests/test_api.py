"""/api/v1/homes/: scope (404 outside), writes through the services, filters and bad
input answering 400 in Chinese, open now, the lending register, and a valid schema."""

import datetime as dt

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.homes.models import BoardUpdate, Home, Item, Loan, OpeningException

from .test_services import jpeg

BASE = "/api/v1/homes"
pytestmark = pytest.mark.django_db


@pytest.fixture
def api(cadre):
    client = APIClient()
    client.force_authenticate(cadre)
    return client


def test_list_is_the_subtree_with_board_verdicts(api, homes):
    response = api.get(f"{BASE}/homes/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["name"] for r in rows] == ["新河一社区妇女之家"]
    assert {v["rule_id"] for v in rows[0]["boards"]} == {"R-HM-04"}
    assert api.get(f"{BASE}/homes/{homes['dagu_1'].pk}/").status_code == 404


def test_filters_answer_400_in_chinese(api, homes):
    for params in ({"stale": "maybe"}, {"designation": "x"}, {"colour": "red"}, {"ancestor": "0"}):
        response = api.get(f"{BASE}/homes/", params)
        assert response.status_code == 400, params
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(response.json())), params
    assert api.get(f"{BASE}/homes/", {"stale": "true"}).json()["count"] == 1
    assert api.get(f"{BASE}/loans/", {"overdue": "x"}).status_code == 400
    assert api.get(f"{BASE}/exceptions/", {"date_after": "2026-13-01"}).status_code == 400


def test_create_and_patch_a_home(api, org_tree):
    response = api.post(
        f"{BASE}/homes/",
        {"organization": org_tree.xinhe_1.pk, "name": "新家", "address": "一路", "indoor_area": 50},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert AuditEvent.objects.filter(object_type="homes.home", object_id=str(pk)).exists()
    response = api.patch(f"{BASE}/homes/{pk}/", {"contact_phone": "022-8"}, format="json")
    assert response.status_code == 200 and response.json()["contact_phone"] == "022-8"
    assert (
        api.patch(
            f"{BASE}/homes/{pk}/", {"organization": org_tree.xinhe.pk}, format="json"
        ).status_code
        == 400
    )
    outside = api.post(
        f"{BASE}/homes/",
        {"organization": org_tree.dagu_1.pk, "name": "x", "address": "y"},
        format="json",
    )
    assert outside.status_code == 404
    huge = api.post(
        f"{BASE}/homes/",
        {"organization": org_tree.xinhe_1.pk, "name": "x", "address": "y", "indoor_area": 2**70},
        format="json",
    )
    assert huge.status_code == 400


def test_open_state(api, homes, clock):
    clock.set(dt.datetime(2026, 10, 10, 9))  # a make-up working Saturday, 9:00 exactly
    data = api.get(f"{BASE}/homes/{homes['xinhe_1'].pk}/open-state/").json()
    assert data["open"] is True and data["verdict"]["rule_id"] == "R-HM-03"
    clock.set(dt.datetime(2026, 10, 1, 10))
    data = api.get(f"{BASE}/homes/{homes['xinhe_1'].pk}/open-state/").json()
    assert data["open"] is False and data["next_opening"].startswith("2026-10-08T09:00")


def test_exceptions_boards_items_and_loans(api, homes, clock):
    home = homes["xinhe_1"]
    response = api.post(
        f"{BASE}/exceptions/",
        {"home": home.pk, "date": "2026-12-02", "is_open": False, "reason": "培训"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    again = api.post(
        f"{BASE}/exceptions/",
        {"home": home.pk, "date": "2026-12-02", "is_open": True, "reason": "x"},
        format="json",
    )
    assert again.status_code == 400 and "date" in again.json()
    assert api.delete(f"{BASE}/exceptions/{response.json()['id']}/").status_code == 204
    assert not OpeningException.objects.exists()
    other = api.post(
        f"{BASE}/exceptions/",
        {"home": homes["dagu_1"].pk, "date": "2026-12-02", "reason": "x"},
        format="json",
    )
    assert other.status_code == 404
    board = api.post(
        f"{BASE}/board-updates/",
        {
            "home": home.pk,
            "board": "garden",
            "date": "2026-11-20",
            "title": "三八",
            "photos": [jpeg()],
        },
        format="multipart",
    )
    assert board.status_code == 201, board.json()
    assert len(board.json()["photos"]) == 1
    assert BoardUpdate.objects.get().photos.count() == 1
    item = api.post(
        f"{BASE}/items/",
        {"home": home.pk, "kind": "book", "name": "读本", "inventory_number": "A1"},
        format="json",
    )
    assert item.status_code == 201, item.json()
    loan = api.post(
        f"{BASE}/loans/",
        {
            "home": home.pk,
            "item": item.json()["id"],
            "borrower_name": "王女士",
            "lent_on": "2026-11-01",
            "due_date": "2026-11-10",
        },
        format="json",
    )
    assert loan.status_code == 201, loan.json()
    assert loan.json()["overdue"] is True
    assert api.get(f"{BASE}/items/{item.json()['id']}/").json()["on_loan"] is True
    assert [r["id"] for r in api.get(f"{BASE}/loans/", {"overdue": "true"}).json()["results"]] == [
        loan.json()["id"]
    ]
    returned = api.post(
        f"{BASE}/loans/{loan.json()['id']}/return/", {"returned_on": "2026-11-29"}, format="json"
    )
    assert returned.status_code == 200 and returned.json()["returned_on"] == "2026-11-29"
    assert Loan.objects.get().returned_on == dt.date(2026, 11, 29)


def test_a_member_cannot_read_the_register(org_tree, make_user, homes):
    Item.objects.create(
        home=homes["xinhe_1"],
        org_path=homes["xinhe_1"].org_path,
        kind="book",
        name="b",
        inventory_number="1",
    )
    Loan.objects.create(
        home=homes["xinhe_1"],
        org_path=homes["xinhe_1"].org_path,
        item=Item.objects.get(),
        borrower_name="王",
        lent_on=dt.date(2026, 11, 1),
        due_date=dt.date(2026, 11, 2),
    )
    client = APIClient()
    client.force_authenticate(make_user("m", "member", org_tree.xinhe_1, include_descendants=False))
    assert client.get(f"{BASE}/homes/{homes['xinhe_1'].pk}/").status_code == 200
    assert client.get(f"{BASE}/loans/").json()["count"] == 0
    assert Home.objects.count() == 2


def test_schema_documents_the_homes_api():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    for path in (
        "/api/v1/homes/homes/",
        "/api/v1/homes/homes/{id}/open-state/",
        "/api/v1/homes/exceptions/{id}/",
        "/api/v1/homes/board-updates/",
        "/api/v1/homes/items/{id}/",
        "/api/v1/homes/loans/{id}/return/",
        "/api/v1/homes/public/{id}/",
    ):
        assert path in schema["paths"], path
    # a decision not carried on answers escalated_as "": the schema must admit it
    escalated = schema["components"]["schemas"]["HomeDecision"]["properties"]["escalated_as"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in escalated["oneOf"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("board-updates", {"board": "garden", "date": "2026-11-01", "title": "t", "photos": ["x"]}),
        ("board-updates", {"board": "garden", "date": "0001-01-01", "title": "t"}),
        ("exceptions", {"date": "0001-01-01", "reason": "x"}),
        ("exceptions", {"date": "2026-12-01", "reason": "x", "is_open": "perhaps"}),
        ("items", {"kind": "book", "name": "x" * 101, "inventory_number": "1"}),
        (
            "loans",
            {
                "item": 2**70,
                "borrower_name": "王",
                "lent_on": "2026-11-01",
                "due_date": "2026-11-02",
            },
        ),
        (
            "loans",
            {
                "item": "abc",
                "borrower_name": "王",
                "lent_on": "2026-11-01",
                "due_date": "2026-11-02",
            },
        ),
    ],
)
def test_bad_bodies_answer_400_in_chinese(api, homes, clock, path, body):
    response = api.post(f"{BASE}/{path}/", {"home": homes["xinhe_1"].pk, **body}, format="json")
    assert response.status_code == 400, response.content
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(response.json()))


def test_bad_home_ids_and_references(api, homes, org_tree):
    assert (
        api.post(
            f"{BASE}/items/",
            {"home": 2**70, "kind": "book", "name": "x", "inventory_number": "1"},
            format="json",
        ).status_code
        == 400
    )
    huge_admin = api.post(
        f"{BASE}/homes/",
        {"organization": org_tree.xinhe_1.pk, "name": "x", "address": "y", "administrator": 2**70},
        format="json",
    )
    assert huge_admin.status_code == 400
    assert api.get(f"{BASE}/homes/abc/").status_code == 404
    assert api.get(f"{BASE}/nothing/").status_code == 404


def test_public_api_without_login_shows_no_person(homes, org_tree, clock):
    from lvzhi.orgs.models import Person

    person = Person.objects.create(
        organization=org_tree.xinhe_1, org_path=org_tree.xinhe_1.path, name="赵管理员"
    )
    Home.objects.filter(pk=homes["xinhe_1"].pk).update(administrator=person)
    client = APIClient()
    rows = client.get(f"{BASE}/public/", {"area": org_tree.xinhe.pk}).json()["results"]
    assert [r["name"] for r in rows] == ["新河一社区妇女之家"]
    clock.set(dt.datetime(2026, 11, 29, 16, 59))  # an ordinary Sunday, a minute before 17:00
    detail = client.get(f"{BASE}/public/{homes['xinhe_1'].pk}/")
    assert detail.status_code == 200
    assert detail.json()["open_state"]["open"] is True
    assert "赵管理员" not in detail.content.decode()
    assert "administrator" not in detail.json()
    assert client.get(f"{BASE}/public/", {"area": "x"}).status_code == 400
    assert client.get(f"{BASE}/public/", {"who": "x"}).status_code == 400
    assert client.post(f"{BASE}/public/", {}, format="json").status_code == 405


def test_rota_through_the_api(api, homes):
    home = homes["xinhe_1"]
    created = api.post(
        f"{BASE}/rota/",
        {"home": home.pk, "weekday": 5, "session": "am", "role": "volunteer", "name": "志愿者甲"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert api.get(f"{BASE}/rota/", {"weekday": "5"}).json()["count"] == 1
    assert api.get(f"{BASE}/rota/", {"weekday": "9"}).status_code == 400
    nameless = api.post(
        f"{BASE}/rota/",
        {"home": home.pk, "weekday": 5, "session": "am", "role": "volunteer"},
        format="json",
    )
    assert nameless.status_code == 400 and "name" in nameless.json()
    assert api.delete(f"{BASE}/rota/{created.json()['id']}/").status_code == 204
    assert not home.rota.exists()
