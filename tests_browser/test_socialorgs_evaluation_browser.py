"""Issue 17's browser test: a social organization signs in and applies for a published
project with its plan; the federation accepts it, approves it through review and decision
and records the contract; it engages an evaluator with its weights; a beneficiary rates the
project by its public form; the evaluator scores it; the report downloads and opens
(python-docx)."""

import datetime as dt
import io

import pytest
from docx import Document
from playwright.sync_api import expect

from lvzhi.core.periods import today_local
from lvzhi.socialorgs.evaluations import services as evaluation_services
from lvzhi.socialorgs.evaluations.models import Evaluation
from lvzhi.socialorgs.projects import services as project_services
from lvzhi.socialorgs.projects.models import ProjectApplication
from lvzhi.socialorgs.tests.conftest import add_org

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Zuzhi-Shenbao-2026!"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _page(browser, live_server):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _submit(page, form_id):
    with page.expect_navigation():
        page.click(f"#{form_id} button[type=submit]")


def test_apply_approve_evaluate_report(browser, live_server, org_tree, make_user, tmp_path):
    today = today_local()
    cadre = make_user("bh_cadre", "cadre", org_tree.district)
    organization = add_org(org_tree.xinhe_1, "新河一社区巾帼志愿队", address="新河一路1号")
    project_services.account_create(
        actor=cadre, organization=organization, username="xh_org", password=PASSWORD
    )
    project_services.batch_create(
        actor=cadre,
        federation=org_tree.district,
        title=f"{today.year}年妇女儿童关爱服务项目",
        content="面向留守儿童和困难妇女开展关爱服务",
        budget="200000",
        deadline=today + dt.timedelta(days=30),
        publish=True,
    )
    evaluation_services.evaluator_create(
        actor=cadre,
        federation=org_tree.district,
        username="pg_eval",
        password=PASSWORD,
        display_name="评估员甲",
    )

    # The organization applies with its plan.
    org_page = _page(browser, live_server)
    login(org_page, "xh_org", PASSWORD)
    org_page.goto("/socialorgs/projects/my/")
    with org_page.expect_navigation():
        org_page.click("#open-batches .apply-link")
    form = org_page.locator("#apply-form")
    form.locator("input[name=title]").fill("留守儿童陪伴计划")
    form.locator("textarea[name=summary]").fill("每周两次陪伴和课业辅导")
    form.locator("input[name=budget]").fill("50000")
    plan = tmp_path / "项目方案.pdf"
    plan.write_bytes(PDF)
    form.locator("input[name=plan]").set_input_files(str(plan))
    _submit(org_page, "apply-form")
    expect(org_page.locator("body")).to_contain_text("留守儿童陪伴计划")
    application = ProjectApplication.objects.get()

    # The federation accepts it and approves it through review, decision and contract.
    fed = _page(browser, live_server)
    login(fed, "bh_cadre")
    fed.goto(f"/socialorgs/projects/applications/{application.pk}/")
    with fed.expect_navigation():
        fed.click("#accept-form button")
    fed.check("#step-form input[name=decision][value=yes]")
    _submit(fed, "step-form")
    fed.check("#step-form input[name=decision][value=yes]")
    fed.fill("#step-form input[name=funded_amount]", "40000")
    _submit(fed, "step-form")
    fed.fill("#step-form input[name=signed_on]", today.isoformat())
    _submit(fed, "step-form")
    application.refresh_from_db()
    assert application.status == "midterm" or application.funded_amount == 40000

    # It engages the evaluator with its weights (a wrong sum is refused in Chinese).
    fed.goto("/socialorgs/evaluations/")
    plan_form = fed.locator("#plan-form")
    plan_form.locator("select[name=plan-federation]").select_option(str(org_tree.district.pk))
    plan_form.locator("input[name=plan-year]").fill(str(today.year))
    plan_form.locator("select[name=plan-evaluator]").select_option(label="评估员甲（pg_eval）")
    plan_form.locator("input[name=plan-agency]").fill("滨海社会工作评估中心")
    plan_form.locator("input[name=plan-weight_satisfaction]").fill("50")
    _submit(fed, "plan-form")
    expect(fed.locator("#plan-form")).to_contain_text("三项权重之和应为100（当前为110）")
    fed.locator("#plan-form input[name=plan-weight_satisfaction]").fill("40")
    _submit(fed, "plan-form")
    expect(fed.locator("#evaluations")).to_contain_text("留守儿童陪伴计划")
    evaluation = Evaluation.objects.get()

    # A beneficiary rates the project by the public form (no login).
    public = _page(browser, live_server)
    public.goto(f"/socialorgs/evaluations/rate/{evaluation.public_key}/")
    public.click("label[for=score-5]")
    with public.expect_navigation():
        public.click("#rating-submit")
    expect(public.locator("#already-rated")).to_be_visible()

    # The evaluator sees only her project, scores it and downloads the report.
    evaluator = _page(browser, live_server)
    login(evaluator, "pg_eval", PASSWORD)
    evaluator.goto("/socialorgs/evaluations/mine/")
    with evaluator.expect_navigation():
        evaluator.click("#my-evaluations >> text=留守儿童陪伴计划")
    expect(evaluator.locator("#ratings")).to_contain_text("已收到 1 份评价")
    score = evaluator.locator("#score-form")
    score.locator("input[name=capacity]").fill("85")
    score.locator("input[name=results]").fill("70")
    score.locator("textarea[name=comment]").fill("服务规范，陪伴成效明显。")
    _submit(evaluator, "score-form")
    # satisfaction 5 → 100: 100×40% + 85×30% + 70×30% = 86.5
    expect(evaluator.locator("#weighted-score")).to_have_text("86.5")
    expect(evaluator.locator("#verdict")).to_contain_text("达到合格分数线 60 分")
    with evaluator.expect_download() as download:
        evaluator.click("#report-link")
    path = tmp_path / "report.docx"
    download.value.save_as(path)
    assert download.value.suggested_filename.endswith("新河一社区巾帼志愿队.docx")
    document = Document(io.BytesIO(path.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "社会化项目第三方成效评估报告" in text and "服务规范，陪伴成效明显。" in text
    assert "留守儿童陪伴计划" in cells and "86.5" in cells and "滨海社会工作评估中心" in cells
    evaluator.goto(f"/socialorgs/projects/applications/{application.pk}/")
    assert "留守儿童陪伴计划" not in evaluator.content()

    public.goto("/socialorgs/evaluations/public/")
    expect(public.locator("#results")).to_contain_text("86.5")
