"""/api/v1/catalog/: published data for everyone, drafts only within scope."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.catalog import services

from .test_models_services import cadre, draft, small_catalog  # noqa: F401

ITEMS = "/api/v1/catalog/items/"


def _publish(cadre, draft):  # noqa: F811
    services.finding_decide(
        actor=cadre, finding=draft.findings.get(repair="shift_fields_back"), accept=True
    )
    return services.version_publish(actor=cadre, version=draft)


def test_draft_visible_only_in_scope(client, draft, cadre, org_tree, make_user):  # noqa: F811
    assert client.get(ITEMS).json()["count"] == 0
    assert client.get(f"/api/v1/catalog/versions/{draft.pk}/").status_code == 404
    client.force_login(make_user("dg", "cadre", org_tree.dagu))
    assert client.get(ITEMS).json()["count"] == 0
    client.force_login(cadre)
    assert client.get(ITEMS).json()["count"] == 3
    assert client.get(f"/api/v1/catalog/versions/{draft.pk}/").json()["status"] == "draft"


def test_published_readable_by_anyone_with_filters(client, draft, cadre, org_tree):  # noqa: F811
    _publish(cadre, draft)
    data = client.get(ITEMS).json()
    assert data["count"] == 3
    assert [r["number"] for r in client.get(ITEMS, {"q": "信访"}).json()["results"]] == ["2.1"]
    by_dept = client.get(ITEMS, {"department": org_tree.propaganda.pk}).json()["results"]
    assert [r["number"] for r in by_dept] == ["1.1"]
    assert client.get(ITEMS, {"version": draft.pk + 1000}).json()["count"] == 0
    item = draft.items.get(number="1.1")
    detail = client.get(f"{ITEMS}{item.pk}/").json()
    assert detail["department_name"] == "宣传部"
    assert any(c["doc_number"] == "滨党办发〔2017〕52号" for c in detail["citations"])
    catalogs = client.get("/api/v1/catalog/catalogs/").json()
    assert catalogs["count"] == 1
    docs = client.get("/api/v1/catalog/legal-documents/").json()["results"]
    doc = next(d for d in docs if d["doc_number"] == "滨党办发〔2017〕52号")
    assert sorted(i["number"] for i in doc["items"]) == ["1.1", "1.2"]


def test_item_list_queries_do_not_grow(client, draft, cadre):  # noqa: F811
    _publish(cadre, draft)
    with CaptureQueriesContext(connection) as few:
        client.get(ITEMS, {"page_size": 1})
    with CaptureQueriesContext(connection) as many:
        client.get(ITEMS, {"page_size": 50})
    assert len(few) == len(many)
