"""Pages: the cadre engages an evaluator with weights; the evaluator sees only her own
projects (404 otherwise), scores one and downloads the report; the public rates a project
once per phone and reads the published results."""

import io
import re

from django.urls import reverse

from lvzhi.socialorgs.evaluations.models import Evaluation, EvaluationPlan, Rating

from .conftest import PASSWORD


def test_cadre_opens_account_and_plan_with_weights_checked(
    client, org_tree, district_cadre, funded
):
    client.force_login(district_cadre)
    url = reverse("socialorgs_evaluations:plans")
    assert client.get(url).status_code == 200
    opened = client.post(
        url,
        {
            "form": "evaluator",
            "evaluator-federation": org_tree.district.pk,
            "evaluator-username": "eval_x",
            "evaluator-password": PASSWORD,
            "evaluator-display_name": "评估员",
        },
    )
    assert opened.status_code == 302
    plan = {
        "form": "plan",
        "plan-federation": org_tree.district.pk,
        "plan-year": 2026,
        "plan-evaluator": "",
        "plan-agency": "滨海社会工作评估中心",
        "plan-weight_satisfaction": 50,
        "plan-weight_capacity": 30,
        "plan-weight_results": 30,
        "plan-threshold": 60,
    }
    from django.contrib.auth import get_user_model

    plan["plan-evaluator"] = get_user_model().objects.get(username="eval_x").pk
    refused = client.post(url, plan)
    assert refused.status_code == 400
    assert "三项权重之和应为100（当前为110）" in refused.content.decode()
    assert not EvaluationPlan.objects.exists()
    created = client.post(url, {**plan, "plan-weight_satisfaction": 40})
    row = EvaluationPlan.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse(
        "socialorgs_evaluations:plan", args=[row.pk]
    )
    page = client.get(created["Location"]).content.decode()
    assert "留守儿童陪伴计划" in page and "广场舞健康行" in page and "读书会" not in page


def test_evaluator_sees_only_her_own_and_scores(
    client, plan, evaluator, funded, district_cadre, org_tree
):
    from docx import Document

    from lvzhi.socialorgs.evaluations import services

    other = services.evaluator_create(
        actor=district_cadre, federation=org_tree.district, username="other_eval", password=PASSWORD
    )
    row = Evaluation.objects.get(application=funded["xinhe_app"])
    client.force_login(other)
    assert (
        "留守儿童陪伴计划"
        not in client.get(reverse("socialorgs_evaluations:mine")).content.decode()
    )
    assert client.get(reverse("socialorgs_evaluations:detail", args=[row.pk])).status_code == 404
    assert (
        client.post(reverse("socialorgs_evaluations:score", args=[row.pk]), {}).status_code == 404
    )
    assert client.get(reverse("socialorgs_evaluations:plan", args=[plan.pk])).status_code == 404
    assert client.get(reverse("socialorgs:list")).status_code in (200, 404)
    assert "新河一社区巾帼志愿队" not in client.get(reverse("socialorgs:list")).content.decode()

    client.force_login(evaluator)
    mine = client.get(reverse("socialorgs_evaluations:mine")).content.decode()
    assert "留守儿童陪伴计划" in mine and "广场舞健康行" in mine
    detail = client.get(reverse("socialorgs_evaluations:detail", args=[row.pk])).content.decode()
    assert 'id="score-form"' in detail and row.public_key in detail
    qr = client.get(reverse("socialorgs_evaluations:qr", args=[row.pk]))
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    score_url = reverse("socialorgs_evaluations:score", args=[row.pk])
    bad = client.post(score_url, {"capacity": "101", "results": "80", "satisfaction": "80"})
    assert bad.status_code == 400 and "服务能力得分应在0—100之间" in bad.content.decode()
    done = client.post(
        score_url, {"capacity": "80", "results": "80", "satisfaction": "90", "comment": "良好"}
    )
    assert done.status_code == 302
    page = client.get(done["Location"]).content.decode()
    assert 'id="weighted-score">84.0<' in page and "达到合格分数线 60 分" in page
    report = client.get(reverse("socialorgs_evaluations:report", args=[row.pk]))
    assert report.status_code == 200
    assert "attachment" in report["Content-Disposition"]
    document = Document(io.BytesIO(b"".join(report.streaming_content)))
    assert any("84.0" == c.text for t in document.tables for r in t.rows for c in r.cells)

    client.force_login(other)
    assert client.get(reverse("socialorgs_evaluations:report", args=[row.pk])).status_code == 404
    client.force_login(district_cadre)
    assert client.get(reverse("socialorgs_evaluations:report", args=[row.pk])).status_code == 200
    client.logout()
    public = client.get(reverse("socialorgs_evaluations:public")).content.decode()
    assert "留守儿童陪伴计划" in public and "84.0" in public and "良好" not in public
    assert "广场舞健康行" not in public


def test_public_rating_once_per_phone(client, plan, funded):
    row = Evaluation.objects.get(application=funded["dagu_app"])
    url = reverse("socialorgs_evaluations:rate", args=[row.public_key])
    form = client.get(url).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', form).group(1)
    assert client.post(url, {"score": "9", "token": token}).status_code == 400
    sent = client.post(url, {"score": "4", "comment": "老师很耐心", "token": token})
    assert sent.status_code == 200 and "评价已提交" in sent.content.decode()
    again = client.get(url).content.decode()
    assert 'id="already-rated"' in again and 'id="rating-form"' not in again
    assert client.post(url, {"score": "5", "token": token}).status_code == 400
    assert Rating.objects.count() == 1
    assert client.get(reverse("socialorgs_evaluations:rate", args=["nokey"])).status_code == 404


def test_evaluator_lands_on_her_projects(client, evaluator):
    client.force_login(evaluator)
    response = client.get("/workbench/")
    assert response.status_code == 302
    assert response["Location"] == reverse("socialorgs_evaluations:mine")


def test_public_directory_links_the_results(client, db):
    page = client.get(reverse("socialorgs:public-list")).content.decode()
    assert reverse("socialorgs_evaluations:public") in page
