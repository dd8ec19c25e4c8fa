"""Pages of social projects: the federation publishes a batch, the organization user
applies with her plan through her portal, the federation moves the application step by
step, reports and the ledger entry; each sees only her own (404 otherwise); the public
pages need no login; documents only through the scope-checking view; query counts."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lvzhi.socialorgs.models import LedgerEntry
from lvzhi.socialorgs.projects import services
from lvzhi.socialorgs.projects.models import ProjectApplication, ProjectBatch

from .project_helpers import (  # noqa: F401
    apply,
    batch,
    district_cadre,
    fresh,
    make_batch,
    org_user,
    other_org_user,
    pdf,
    project_orgs,
    xlsx,
)

pytestmark = pytest.mark.usefixtures("clock")


def url(name, *args):
    return reverse(f"socialorg_projects:{name}", args=args)


def test_cadre_creates_and_publishes_a_batch(client, district_cadre, org_tree):
    client.force_login(district_cadre)
    assert client.get(url("batches") + f"?org={org_tree.district.pk}").status_code == 200
    create = url("batch-create") + f"?org={org_tree.district.pk}"
    assert client.get(create).status_code == 200
    bad = client.post(
        create, {"title": "x", "content": "y", "budget": "0", "deadline": "2026-12-31"}
    )
    assert bad.status_code == 400 and "项目预算应大于0" in bad.content.decode()
    assert not ProjectBatch.objects.exists()
    response = client.post(
        create,
        {
            "title": "巾帼关爱项目",
            "content": "关爱留守儿童",
            "budget": "100000",
            "eligibility": "本区备案组织",
            "deadline": "2026-12-20",
        },
    )
    batch = ProjectBatch.objects.get()
    assert response.status_code == 302 and not batch.published
    assert client.get(url("public-detail", batch.pk)).status_code == 404
    client.post(url("batch-publish", batch.pk))
    batch.refresh_from_db()
    assert batch.published and batch.published_on == dt.date(2026, 11, 29)
    client.logout()
    response = client.get(url("public-list"))
    assert response.status_code == 200 and "巾帼关爱项目" in response.content.decode()
    assert client.get(url("public-detail", batch.pk)).status_code == 200


def test_the_whole_flow_through_the_pages(client, batch, org_user, district_cadre, project_orgs):
    client.force_login(org_user)
    portal = client.get(url("my"))
    assert portal.status_code == 200 and batch.title in portal.content.decode()
    apply_url = url("my-apply", batch.pk)
    page = client.get(apply_url)
    assert page.status_code == 200 and "已备案、活跃" in page.content.decode()
    response = client.post(
        apply_url,
        {
            "title": "四点半课堂",
            "summary": "放学后辅导",
            "budget": "30000",
            "plan": pdf(),
            "budget_file": xlsx(),
        },
    )
    application = ProjectApplication.objects.get()
    assert response.status_code == 302 and response.url == url("my-application", application.pk)
    documents = list(application.documents.order_by("id"))
    assert client.get(url("document", documents[0].pk)).status_code == 200
    client.force_login(district_cadre)
    detail = url("application", application.pk)
    assert "受理" in client.get(detail).content.decode()
    client.post(url("application-accept", application.pk))
    assert fresh(application).status == "review"
    client.post(url("application-step", application.pk, "review"), {"decision": "yes"})
    assert fresh(application).status == "decision"
    bad = client.post(
        url("application-step", application.pk, "decide"),
        {"decision": "yes", "funded_amount": "40000"},
    )
    assert bad.status_code == 400 and "不能超过申请资金" in bad.content.decode()
    client.post(
        url("application-step", application.pk, "decide"),
        {"decision": "yes", "funded_amount": "28000"},
    )
    assert fresh(application).status == "contract"
    client.post(
        url("application-step", application.pk, "contract"),
        {"signed_on": "2026-11-29", "contract": pdf("协议.pdf")},
    )
    assert fresh(application).status == "midterm"
    client.force_login(org_user)
    mine = client.get(url("my-application", application.pk))
    assert "提交中期报告" in mine.content.decode()
    client.post(url("my-report", application.pk), {"text": "已开展 20 次"})
    client.force_login(district_cadre)
    client.post(url("application-step", application.pk, "report-accept"), {"note": ""})
    client.force_login(org_user)
    client.post(url("my-report", application.pk), {"text": "结项：服务 300 人次"})
    client.force_login(district_cadre)
    client.post(url("application-step", application.pk, "report-accept"), {"note": "同意结项"})
    row = fresh(application)
    assert row.status == "completed"
    assert LedgerEntry.objects.filter(pk=row.ledger_entry_id, kind="project_result").exists()
    client.logout()
    public = client.get(url("public-detail", batch.pk)).content.decode()
    assert "四点半课堂" in public and "28000" in public


def test_org_user_sees_only_her_own(client, batch, org_user, other_org_user, district_cadre):
    mine = apply(org_user, batch)
    theirs = apply(other_org_user, batch)
    client.force_login(org_user)
    assert client.get(url("my-application", mine.pk)).status_code == 200
    assert client.get(url("my-application", theirs.pk)).status_code == 404
    assert client.post(url("my-withdraw", theirs.pk)).status_code == 404
    assert client.get(url("document", theirs.documents.get().pk)).status_code == 404
    for name, args in (
        ("application", (mine.pk,)),
        ("batch", (batch.pk,)),
        ("batch-edit", (batch.pk,)),
        ("accounts", (mine.organization_id,)),
    ):
        assert client.get(url(name, *args)).status_code == 404, name
    assert client.get(reverse("socialorgs:detail", args=[mine.organization_id])).status_code == 404
    portal = client.get(url("my")).content.decode()
    assert mine.title in portal and "大沽一社区舞蹈队" not in portal
    client.force_login(district_cadre)
    assert client.get(url("my")).status_code == 404  # a cadre has no organization account


def test_cadre_outside_scope_gets_404(client, batch, org_user, make_user, org_tree):
    application = apply(org_user, batch)
    dagu = make_user("dg_cadre", "cadre", org_tree.dagu)
    client.force_login(dagu)
    assert client.get(url("application", application.pk)).status_code == 404
    assert client.get(url("batch", batch.pk)).status_code == 404
    assert client.get(url("document", application.documents.get().pk)).status_code == 404
    assert client.post(url("application-accept", application.pk)).status_code == 404
    assert fresh(application).status == "submitted"


def test_anonymous_document_and_portal(client, batch, org_user):
    application = apply(org_user, batch)
    assert client.get(url("document", application.documents.get().pk)).status_code == 404
    assert client.get(url("my")).status_code == 302


def test_cadre_opens_an_account_and_it_signs_in(client, district_cadre, project_orgs):
    organization = project_orgs["xinhe_1"]
    client.force_login(district_cadre)
    page = url("accounts", organization.pk)
    assert client.get(page).status_code == 200
    bad = client.post(page, {"username": "xh", "password": "123"})
    assert bad.status_code == 400
    client.post(page, {"username": "xh_vol", "password": "Zuzhi-Shenbao-2026!"})
    user = get_user_model().objects.get(username="xh_vol")
    assert user.check_password("Zuzhi-Shenbao-2026!")
    client.force_login(user)
    assert organization.name in client.get(url("my")).content.decode()


def test_application_page_refuses_a_step_out_of_turn(client, batch, org_user, district_cadre):
    application = apply(org_user, batch)
    client.force_login(district_cadre)
    response = client.post(
        url("application-step", application.pk, "decide"),
        {"decision": "yes", "funded_amount": "1"},
    )
    assert response.status_code == 302 and fresh(application).status == "submitted"


def test_query_counts_do_not_grow(
    client, district_cadre, org_tree, org_user, other_org_user, django_assert_max_num_queries
):
    first = make_batch(district_cadre, org_tree.district)
    apply(org_user, first)

    def pages():
        return [
            (district_cadre, url("batches") + f"?org={org_tree.district.pk}"),
            (district_cadre, url("batch", first.pk)),
            (org_user, url("my")),
            (None, url("public-list")),
            (None, url("public-detail", first.pk)),
        ]

    def measure():
        counts = []
        for user, page in pages():
            if user:
                client.force_login(user)
            else:
                client.logout()
            with django_assert_max_num_queries(40) as captured:
                assert client.get(page).status_code == 200
            counts.append(len(captured))
        return counts

    measure()  # first requests of a session fill its caches
    counts = measure()
    apply(other_org_user, first)
    for number in range(3):
        extra = make_batch(district_cadre, org_tree.district, title=f"批次{number}")
        apply(other_org_user, extra)
        services.application_accept(actor=district_cadre, application=apply(org_user, extra))
    again = measure()
    assert again == counts
