"""退回修改 through the pages and /api/v1/socialorgs/projects/: the federation returns an
application at 审核 with a reason (required), the organization user reads the reason on
her application page, edits and resubmits; another organization's user gets 404, the
federation cannot return after the decision; refusals answer in Chinese and write
nothing."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.socialorgs.projects import services

from .project_helpers import (  # noqa: F401
    apply,
    batch,
    district_cadre,
    fresh,
    org_user,
    other_org_user,
    pdf,
    project_orgs,
)

BASE = "/api/v1/socialorgs/projects"
pytestmark = pytest.mark.usefixtures("clock")


def url(name, *args):
    return reverse(f"socialorg_projects:{name}", args=args)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def in_review(batch, org_user, district_cadre):
    row = services.application_accept(actor=district_cadre, application=apply(org_user, batch))
    return fresh(row)


def test_return_and_resubmit_through_the_pages(
    client, in_review, district_cadre, org_user, other_org_user
):
    pk = in_review.pk
    client.force_login(district_cadre)
    review = client.get(url("application", pk)).content.decode()
    assert 'value="return"' in review and 'name="funded_amount"' not in review
    step = url("application-step", pk, "review")
    bad = client.post(step, {"decision": "return", "note": " "})
    assert bad.status_code == 400 and "退回修改须说明理由" in bad.content.decode()
    assert fresh(in_review).status == "review"
    client.post(step, {"decision": "return", "note": "请补充服务对象名单"})
    assert fresh(in_review).status == "returned"
    # waiting for her, the federation may only refuse
    page = client.get(url("application", pk)).content.decode()
    assert "请补充服务对象名单" in page and 'value="no"' in page
    assert 'value="yes"' not in page and 'value="return"' not in page
    client.force_login(other_org_user)
    assert client.get(url("my-application", pk)).status_code == 404
    assert client.post(url("my-resubmit", pk), {"budget": "1"}).status_code == 404
    client.force_login(org_user)
    mine = client.get(url("my-application", pk)).content.decode()
    assert 'id="return-reason"' in mine and "请补充服务对象名单" in mine
    assert 'id="resubmit-form"' in mine
    bad = client.post(url("my-resubmit", pk), {"budget": "999999"})
    assert bad.status_code == 400 and "申请资金不能超过项目预算" in bad.content.decode()
    response = client.post(
        url("my-resubmit", pk),
        {"budget": "30000", "summary": "补充名单", "plan": pdf("新方案.pdf")},
    )
    assert response.status_code == 302
    row = fresh(in_review)
    assert (row.status, str(row.budget), row.documents.count()) == ("review", "30000.00", 2)
    assert 'id="resubmit-form"' not in client.get(url("my-application", pk)).content.decode()
    client.force_login(district_cadre)
    client.post(step, {"decision": "yes"})
    assert fresh(in_review).status == "decision"


def test_return_and_resubmit_through_the_api(in_review, district_cadre, org_user, other_org_user):
    pk = in_review.pk
    federation = api(district_cadre)
    audits = AuditEvent.objects.count()
    for body in ({}, {"reason": "  "}):
        bad = federation.post(f"{BASE}/applications/{pk}/return/", body, format="json")
        assert bad.status_code == 400 and "reason" in bad.json()
    assert AuditEvent.objects.count() == audits and fresh(in_review).status == "review"
    # she cannot return her own application
    assert (
        api(org_user)
        .post(f"{BASE}/applications/{pk}/return/", {"reason": "x"}, format="json")
        .status_code
        == 404
    )
    response = federation.post(
        f"{BASE}/applications/{pk}/return/", {"reason": "预算需细化到月"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    assert response.json()["return_reason"] == "预算需细化到月"
    mine = api(org_user).get(f"{BASE}/my/applications/{pk}/").json()
    assert mine["return_reason"] == "预算需细化到月"
    theirs = api(other_org_user).post(
        f"{BASE}/my/applications/{pk}/resubmit/", {"budget": "1000"}, format="multipart"
    )
    assert theirs.status_code == 404
    bad = api(org_user).post(f"{BASE}/my/applications/{pk}/resubmit/", {}, format="multipart")
    assert bad.status_code == 400 and fresh(in_review).status == "returned"
    done = api(org_user).post(
        f"{BASE}/my/applications/{pk}/resubmit/",
        {"budget": "45000", "summary": "按月预算"},
        format="multipart",
    )
    assert done.status_code == 200 and done.json()["status"] == "review"
    again = api(org_user).post(
        f"{BASE}/my/applications/{pk}/resubmit/", {"budget": "45000"}, format="multipart"
    )
    assert again.status_code == 400
    # not after the decision
    federation.post(f"{BASE}/applications/{pk}/review/", {"approve": True}, format="json")
    late = federation.post(f"{BASE}/applications/{pk}/return/", {"reason": "x"}, format="json")
    assert late.status_code == 400 and "立项决定" in str(late.json())
    assert fresh(in_review).status == "decision"
