"""Issue 17 on a phone (390×844, Chromium): the evaluator's pages (her list ``mine/``, the
scoring page, the report) and the public rating and complaint forms fit the screen — no
page-level horizontal overflow (``document.documentElement.scrollWidth`` <= 390), no
squeezed cell or label broken per character (``test_phone_layout``'s measure) — and their
main action is usable there: the evaluator opens her project from the phone menu, scores
it and downloads the report; a beneficiary rates a project; a member of the public files a
complaint and reads her tracking code."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from lvzhi.core.periods import today_local
from lvzhi.socialorgs.evaluations import services as evaluation_services
from lvzhi.socialorgs.evaluations.models import Evaluation
from lvzhi.socialorgs.projects.models import ProjectApplication, ProjectBatch
from lvzhi.socialorgs.tests.conftest import add_org

from .conftest import login
from .test_phone_layout import PHONE, layout_problems, menu_links

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Pinggu-Jigou-2026!"
WIDTH = PHONE["viewport"]["width"]


@pytest.fixture
def funded(org_tree, make_user):
    """A funded project of this year at 滨海新区妇联, its evaluator and the plan naming her."""
    year = today_local().year
    cadre = make_user("bh_cadre", "cadre", org_tree.district)
    organization = add_org(
        org_tree.xinhe_1, "新河一社区巾帼志愿队（妇女儿童关爱服务中心）", address="新河一路1号"
    )
    batch = ProjectBatch.objects.create(
        federation=org_tree.district,
        org_path=org_tree.district.path,
        title=f"{year}年妇女儿童关爱服务项目（第一批社会化项目集中发布）",
        content="关爱服务",
        budget=Decimal("200000"),
        deadline=dt.date(year, 12, 31),
        year=year,
        published=True,
        published_on=dt.date(year, 3, 1),
    )
    ProjectApplication.objects.create(
        batch=batch,
        organization=organization,
        org_path=batch.org_path,
        title="留守儿童陪伴计划：每周两次陪伴、课业辅导和心理疏导",
        budget=Decimal("50000"),
        funded_amount=Decimal("40000"),
        status="contract",
        submitted_at=timezone.now(),
    )
    evaluator = evaluation_services.evaluator_create(
        actor=cadre,
        federation=org_tree.district,
        username="pg_eval",
        password=PASSWORD,
        display_name="评估员甲",
    )
    evaluation_services.plan_create(
        actor=cadre,
        federation=org_tree.district,
        year=year,
        evaluator=evaluator,
        agency="滨海社会工作评估中心",
        weight_satisfaction=40,
        weight_capacity=30,
        weight_results=30,
        threshold=60,
    )
    return {"organization": organization, "evaluation": Evaluation.objects.get()}


def _phone(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", base_url=live_server.url, accept_downloads=True, **PHONE
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _fits(page, urls):
    problems, _heights = layout_problems(page, urls, WIDTH)
    assert problems == {}, problems


def _usable(locator):
    """Visible, inside the screen's width, and enabled."""
    expect(locator).to_be_visible()
    expect(locator).to_be_enabled()
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box


def test_evaluator_pages_fit_a_phone_and_she_scores_there(browser, live_server, funded, tmp_path):
    evaluation = funded["evaluation"]
    page = _phone(browser, live_server)
    login(page, "pg_eval", PASSWORD)
    # her phone menu holds her evaluations (and her account), nothing of the federation's
    links = menu_links(page)
    assert "/socialorgs/evaluations/mine/" in links, links
    assert "/workbench/" not in links and "/catalog/" not in links, links
    mine = page.locator("#nav-my-evaluations")
    _usable(mine)

    detail = f"/socialorgs/evaluations/{evaluation.pk}/"
    _fits(page, ["/socialorgs/evaluations/mine/", detail])

    page.goto("/socialorgs/evaluations/mine/")
    # the project (her way in) is the first column, which keeps its width on a phone
    link = page.locator("#my-evaluations tbody tr td:first-child a").first
    _usable(link)
    with page.expect_navigation():
        link.click()
    score = page.locator("#score-form")
    score.locator("input[name=capacity]").fill("85")
    score.locator("input[name=results]").fill("70")
    if score.locator("input[name=satisfaction]").count():
        score.locator("input[name=satisfaction]").fill("90")
    score.locator("textarea[name=comment]").fill("服务规范，陪伴成效明显。")
    submit = score.locator("button[type=submit]")
    submit.scroll_into_view_if_needed()
    _usable(submit)
    with page.expect_navigation():
        submit.click()
    expect(page.locator("#weighted-score")).not_to_have_text("—")

    # after scoring: the verdict and the report link, still within the screen
    _fits(page, [detail, "/socialorgs/evaluations/mine/"])
    page.goto(detail)
    report = page.locator("#report-link")
    report.scroll_into_view_if_needed()
    _usable(report)
    with page.expect_download() as download:
        report.click()
    path = tmp_path / "report.docx"
    download.value.save_as(path)
    text = "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert "社会化项目第三方成效评估报告" in text


def test_public_rating_and_complaint_forms_fit_a_phone(browser, live_server, funded):
    evaluation, organization = funded["evaluation"], funded["organization"]
    page = _phone(browser, live_server)

    rate = f"/socialorgs/evaluations/rate/{evaluation.public_key}/"
    _fits(page, [rate])
    page.goto(rate)
    five = page.locator("label[for=score-5]")
    _usable(five)
    five.click()
    submit = page.locator("#rating-submit")
    _usable(submit)
    with page.expect_navigation():
        submit.click()
    expect(page.locator("#already-rated")).to_be_visible()
    _fits(page, [rate])

    public = f"/socialorgs/public/{organization.pk}/"
    complaint = f"/socialorgs/complaints/public/{organization.pk}/"
    _fits(page, [public, complaint])
    page.goto(public)
    opener = page.locator(f"a[href='{complaint}']")
    opener.scroll_into_view_if_needed()
    _usable(opener)
    with page.expect_navigation():
        opener.click()
    page.fill("#complaint-form textarea[name=text]", "活动收费不公开，希望妇联督促整改。")
    send = page.locator("#complaint-form button[type=submit]")
    send.scroll_into_view_if_needed()
    _usable(send)
    with page.expect_navigation():
        send.click()
    code = page.locator("#tracking-code")
    expect(code).to_be_visible()
    box = code.bounding_box()
    assert box is not None and box["x"] + box["width"] <= WIDTH, box
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
