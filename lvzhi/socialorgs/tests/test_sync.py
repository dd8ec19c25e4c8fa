"""Civil-affairs sync (R-SO-02, 第十条): the register as an Excel sheet marks filed
organizations registered (by code, or by name when filed without one) and deregistered;
unmatched rows are reported; one bad row refuses the file and nothing is written."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.socialorgs.models import SocialOrganization

from .conftest import add_org

pytestmark = pytest.mark.django_db
CODE = "91110000600037341L"
OTHER = "52120000MJ0000012E"


def sheet(*rows, header=("统一社会信用代码", "名称", "登记状态")):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("民政.xlsx", buffer.getvalue())


def test_sync_marks_registered_and_deregistered(client, cadre, orgs, org_tree):
    coded = add_org(org_tree.xinhe, "新河街道读书会", registered=True, credit_code=OTHER)
    client.force_login(cadre)
    response = client.post(
        reverse("socialorgs:sync") + f"?org={org_tree.xinhe.pk}",
        {
            "file": sheet(
                (CODE, "新河一社区巾帼志愿队", "正常"),
                (OTHER, "新河街道读书会", "注销"),
                ("91350100M000100Y43", "外区组织", "存续"),
            )
        },
    )
    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary["rows"], summary["updated"], summary["deregistered"]) == (3, 2, 1)
    assert [r["row"] for r in summary["unmatched"]] == [4]
    named = SocialOrganization.objects.get(pk=orgs["xinhe_1"].pk)
    assert (named.registered, named.credit_code) == (True, CODE)
    assert SocialOrganization.objects.get(pk=coded.pk).status == "deregistered"
    assert AuditEvent.objects.filter(action="update").count() == 2


def test_one_bad_row_refuses_the_file(client, cadre, orgs, org_tree):
    client.force_login(cadre)
    response = client.post(
        reverse("socialorgs:sync") + f"?org={org_tree.xinhe.pk}",
        {
            "file": sheet(
                (CODE, "新河一社区巾帼志愿队", "正常"),
                ("91110000600037341X", "坏代码", "正常"),
                (OTHER, "x", "休业"),
            )
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "第3行" in body and "第4行" in body
    assert not SocialOrganization.objects.filter(registered=True).exists()
    assert not AuditEvent.objects.exists()
    bad = client.post(
        reverse("socialorgs:sync") + f"?org={org_tree.xinhe.pk}",
        {"file": sheet(header=("名称",))},
    )
    assert bad.status_code == 400 and "统一社会信用代码" in bad.content.decode()
    text = client.post(
        reverse("socialorgs:sync") + f"?org={org_tree.xinhe.pk}",
        {"file": SimpleUploadedFile("a.xlsx", b"not a workbook")},
    )
    assert text.status_code == 400


def test_sync_stays_in_scope(cadre, orgs, org_tree):
    client = APIClient()
    client.force_authenticate(cadre)
    url = "/api/v1/socialorgs/organizations/civil-affairs-sync/"
    SocialOrganization.objects.filter(pk=orgs["dagu_1"].pk).update(
        credit_code=CODE, registered=True
    )
    response = client.post(
        url,
        {"federation": org_tree.xinhe.pk, "file": sheet((CODE, "", "注销"))},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["unmatched"] == [{"row": 2, "credit_code": CODE, "name": ""}]
    assert SocialOrganization.objects.get(pk=orgs["dagu_1"].pk).status == "active"
    outside = client.post(
        url, {"federation": org_tree.dagu.pk, "file": sheet((CODE, "", "注销"))}, format="multipart"
    )
    assert outside.status_code == 404
