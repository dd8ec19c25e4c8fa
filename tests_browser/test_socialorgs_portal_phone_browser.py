"""Issue 17 on a phone (390×844, Chromium): the organization user's portal (``my/``), the
apply page and her application page fit the screen — no page-level horizontal overflow
(``document.documentElement.scrollWidth`` <= 390), no squeezed cell or label broken per
character (``test_phone_layout``'s measure) — and she works there: she applies with her
plan, reads the reason the federation returned it with (退回修改), edits her amount and
resubmits; the application is back at 审核."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from lvzhi.core.periods import today_local
from lvzhi.socialorgs.projects import services as project_services
from lvzhi.socialorgs.projects.models import ProjectApplication
from lvzhi.socialorgs.tests.conftest import add_org

from .conftest import login
from .test_phone_layout import PHONE, layout_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Zuzhi-Shenbao-2026!"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WIDTH = PHONE["viewport"]["width"]
REASON = "请补充服务对象名单（含年龄、所在社区）和分月预算明细，预算中的交通费需说明依据。"


def _fits(page, urls):
    problems, _heights = layout_problems(page, urls, WIDTH)
    assert problems == {}, problems


def _usable(locator):
    """Visible, inside the screen's width, and enabled."""
    locator.scroll_into_view_if_needed()
    expect(locator).to_be_visible()
    expect(locator).to_be_enabled()
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box


def _submit(page, form_id):
    button = page.locator(f"#{form_id} button[type=submit]")
    _usable(button)
    with page.expect_navigation():
        button.click()


def test_she_applies_reads_the_return_and_resubmits_on_a_phone(
    browser, live_server, org_tree, make_user, tmp_path
):
    today = today_local()
    cadre = make_user("bh_cadre", "cadre", org_tree.district)
    organization = add_org(
        org_tree.xinhe_1, "新河一社区巾帼志愿队（妇女儿童关爱服务中心）", address="新河一路1号"
    )
    project_services.account_create(
        actor=cadre, organization=organization, username="xh_org", password=PASSWORD
    )
    batch = project_services.batch_create(
        actor=cadre,
        federation=org_tree.district,
        title=f"{today.year}年妇女儿童关爱服务项目（第一批社会化项目集中发布）",
        content="面向留守儿童和困难妇女开展关爱服务",
        eligibility="在本区备案、活跃的妇女社会组织和以妇女儿童家庭为主要服务对象的社会组织",
        budget="200000",
        deadline=today + dt.timedelta(days=30),
        publish=True,
    )

    context = browser.new_context(locale="zh-CN", base_url=live_server.url, **PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, "xh_org", PASSWORD)
    apply_url = f"/socialorgs/projects/my/apply/{batch.pk}/"
    _fits(page, ["/socialorgs/projects/my/", apply_url])

    # she applies from her portal with her plan
    page.goto("/socialorgs/projects/my/")
    link = page.locator("#open-batches .apply-link").first
    _usable(link)
    with page.expect_navigation():
        link.click()
    form = page.locator("#apply-form")
    form.locator("input[name=title]").fill("留守儿童陪伴计划：每周两次陪伴、课业辅导和心理疏导")
    form.locator("textarea[name=summary]").fill("每周两次陪伴和课业辅导")
    form.locator("input[name=budget]").fill("50000")
    plan = tmp_path / "留守儿童陪伴计划项目方案（第一版）.pdf"
    plan.write_bytes(PDF)
    form.locator("input[name=plan]").set_input_files(str(plan))
    _submit(page, "apply-form")
    application = ProjectApplication.objects.get()
    mine = f"/socialorgs/projects/my/{application.pk}/"
    expect(page.locator("#application-status")).to_have_text("已申报，待受理")

    # the federation accepts it and returns it for revision with its reason
    application = project_services.application_accept(actor=cadre, application=application)
    project_services.application_return(
        actor=cadre,
        application=ProjectApplication.objects.get(pk=application.pk),
        reason=REASON,
    )

    # she reads the reason on her page, which still fits, and resubmits
    _fits(page, ["/socialorgs/projects/my/", mine])
    page.goto(mine)
    expect(page.locator("#return-reason")).to_contain_text(REASON)
    expect(page.locator("#application-status")).to_have_text("退回修改")
    resubmit = page.locator("#resubmit-form")
    resubmit.locator("input[name=budget]").fill("42000")
    resubmit.locator("textarea[name=summary]").fill("每周两次陪伴和课业辅导；附服务对象名单")
    revised = tmp_path / "留守儿童陪伴计划项目方案（修改稿，含服务对象名单和分月预算）.pdf"
    revised.write_bytes(PDF)
    resubmit.locator("input[name=plan]").set_input_files(str(revised))
    _submit(page, "resubmit-form")
    expect(page.locator("#application-status")).to_have_text("审核")
    expect(page.locator("#return-reason")).to_have_count(0)
    expect(page.locator("#documents")).to_contain_text("修改稿")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    _fits(page, ["/socialorgs/projects/my/", mine])
    application.refresh_from_db()
    assert (application.status, str(application.budget)) == ("review", "42000.00")
