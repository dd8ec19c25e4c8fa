"""Catalog pages: upload → preview → accept repair → publish → public pages and search."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.catalog import services
from lvzhi.catalog.models import Catalog, CatalogVersion, VersionStatus
from lvzhi.core.models import AuditEvent

from .test_models_services import cadre, draft, seed_bytes, small_catalog  # noqa: F401


def _upload(client, org, name):
    return client.post(
        reverse("catalog:upload", args=[org.pk]),
        {"file": SimpleUploadedFile(name, seed_bytes(name))},
    )


def test_union_upload_accept_publish_public_search(client, org_tree, make_user):
    user = make_user("gh_cadre", "cadre", org_tree.union)
    client.force_login(user)
    page = client.get(reverse("catalog:org", args=[org_tree.union.pk]))
    assert page.status_code == 200 and "导入目录文件" in page.content.decode()
    response = _upload(client, org_tree.union, "binhai_zonggonghui.txt")
    assert response.status_code == 302
    version = CatalogVersion.objects.get()
    preview = client.get(response["Location"]).content.decode()
    assert 'id="item-count">57<' in preview and 'id="duty-count">13<' in preview
    assert 'data-item="9.1" data-code="fields_shifted"' in preview
    refused = client.post(reverse("catalog:publish", args=[version.pk]), follow=True)
    assert "未处理" in refused.content.decode()
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
    finding = version.findings.get(item_number="9.1", repair="shift_fields_back")
    for pending in services.pending_repairs(version):
        client.post(reverse("catalog:finding-decide", args=[pending.pk]), {"accept": "1"})
    finding.refresh_from_db()
    assert finding.decision == "accepted"
    published = client.post(reverse("catalog:publish", args=[version.pk]), follow=True)
    assert "已发布" in published.content.decode()
    history = client.get(reverse("history", args=["catalog.catalogversion", version.pk]))
    assert history.status_code == 200 and "发布" in history.content.decode()
    client.logout()

    public = client.get(reverse("catalog:public")).content.decode()
    assert "滨海新区总工会" in public
    catalog_page = client.get(reverse("catalog:public-catalog", args=[org_tree.union.pk]))
    assert catalog_page.status_code == 200
    item = version.items.get(number="9.1")
    sheet = client.get(reverse("catalog:public-item", args=[item.pk])).content.decode()
    assert "法定依据" in sheet and "监督方式" in sheet and 'id="print-stylesheet"' in sheet
    assert item.implementing_body.strip()[:6] in sheet
    found = client.get(reverse("catalog:public-search"), {"q": "信访"}).content.decode()
    assert reverse("catalog:public-item", args=[version.items.get(number="8.3").pk]) in found
    legal = client.get(reverse("catalog:legal-index"))
    assert legal.status_code == 200


def test_unreadable_upload_shows_message_and_writes_nothing(client, org_tree, cadre):  # noqa: F811
    client.force_login(cadre)
    audit_before = AuditEvent.objects.count()
    response = client.post(
        reverse("catalog:upload", args=[org_tree.district.pk]),
        {"file": SimpleUploadedFile("x.bin", bytes(range(256)) * 20)},
    )
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    assert not Catalog.objects.exists() and AuditEvent.objects.count() == audit_before


def test_out_of_scope_pages_are_404(client, org_tree, draft, make_user):  # noqa: F811
    outsider = make_user("dg_cadre", "cadre", org_tree.dagu)
    client.force_login(outsider)
    finding = draft.findings.first()
    item = draft.items.first()
    for method, url in [
        ("get", reverse("catalog:org", args=[org_tree.district.pk])),
        ("get", reverse("catalog:upload", args=[org_tree.district.pk])),
        ("get", reverse("catalog:version", args=[draft.pk])),
        ("post", reverse("catalog:publish", args=[draft.pk])),
        ("post", reverse("catalog:finding-decide", args=[finding.pk])),
        ("get", reverse("catalog:item-edit", args=[item.pk])),
        ("post", reverse("catalog:new-draft", args=[draft.catalog_id])),
    ]:
        assert getattr(client, method)(url).status_code == 404, url
    # a draft is not public
    client.logout()
    assert client.get(reverse("catalog:public-item", args=[item.pk])).status_code == 404
    assert (
        client.get(reverse("catalog:public-catalog", args=[org_tree.district.pk])).status_code
        == 404
    )


def test_item_edit_page_on_draft(client, draft, cadre):  # noqa: F811
    client.force_login(cadre)
    item = draft.items.get(number="1.1")
    url = reverse("catalog:item-edit", args=[item.pk])
    assert client.get(url).status_code == 200
    data = {
        name: getattr(item, name)
        for name in (
            "name",
            "legal_basis",
            "implementing_body",
            "boundary",
            "workflow",
            "requirements",
            "responsibilities",
            "supervision",
        )
    }
    data["workflow"] = "第一步→第二步"
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.workflow == "第一步→第二步"


@pytest.mark.parametrize("number_a, number_b", [("1.1", "2.1")])
def test_item_page_constant_queries(client, draft, cadre, number_a, number_b):  # noqa: F811
    services.finding_decide(
        actor=cadre, finding=draft.findings.get(repair="shift_fields_back"), accept=True
    )
    services.version_publish(actor=cadre, version=draft)
    counts = []
    for number in (number_a, number_b):
        item = draft.items.get(number=number)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("catalog:public-item", args=[item.pk])).status_code == 200
        counts.append(len(queries))
    assert item.citations.count() != draft.items.get(number=number_a).citations.count()
    assert counts[0] == counts[1] and counts[0] <= 4
