"""A union cadre uploads the trade-union catalog, sees the 9.1 shifted-fields finding,
accepts the repair, publishes; the public reads 9.1, finds items by search, downloads the
Excel export and sends a supervision message that the department answers."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from lvzhi.catalog.models import DutyItem, SupervisionMessage
from lvzhi.catalog.tests.test_models_services import SEEDS

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_union_catalog_upload_repair_publish_public(page, org_tree, make_user):
    make_user("gh_cadre", "cadre", org_tree.union)
    login(page, "gh_cadre")
    page.goto("/catalog/")
    page.click("#upload-link")
    page.set_input_files("#catalog-upload input[type=file]", str(SEEDS / "binhai_zonggonghui.txt"))
    page.click("#catalog-upload button[type=submit]")
    expect(page.locator("#item-count")).to_have_text("57")
    shifted = page.locator('#findings-table tr[data-item="9.1"][data-code="fields_shifted"]')
    expect(shifted).to_have_count(1)
    shifted.locator("button.accept-repair").click()
    page.wait_for_load_state("networkidle")
    expect(
        page.locator('#findings-table tr[data-item="9.1"][data-code="fields_shifted"]').locator(
            "button.accept-repair"
        )
    ).to_be_disabled()
    page.click("#publish-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#version-status")).to_have_text("已发布")

    item = DutyItem.objects.get(number="9.1", version__status="published")
    assert "滨党办发〔2017〕50号" in item.legal_basis

    public = page.context.browser.new_context(
        locale="zh-CN", base_url=page.url.split("/catalog")[0]
    )
    reader = public.new_page()
    reader.goto(f"/catalog/public/items/{item.pk}/")
    expect(reader.locator("#sheet-title")).to_contain_text("信息表")
    expect(reader.locator("body")).to_contain_text("滨党办发〔2017〕50号")
    reader.fill("#catalog-q", "信访")
    reader.press("#catalog-q", "Enter")
    reader.wait_for_load_state("networkidle")
    expect(reader.locator("#search-results")).to_contain_text("8.3")

    # the published catalog downloads as Excel and opens with the same items
    reader.goto(f"/catalog/public/org/{org_tree.union.pk}/")
    with reader.expect_download() as download_info:
        reader.click("#export-xlsx")
    workbook = load_workbook(io.BytesIO(open(download_info.value.path(), "rb").read()))
    text = "\n".join(
        str(c.value) for row in workbook.worksheets[0].iter_rows() for c in row if c.value
    )
    assert "zhuxi@bhxqgh.com" in text and "滨党办发〔2017〕50号" in text

    # supervision: the public sends a message from 9.1; the cadre answers; the public reads it
    reader.goto(f"/catalog/public/items/{item.pk}/")
    reader.click("#message-link")
    reader.fill("#message-form textarea[name=text]", "请问职工维权的办理进度在哪里查询？")
    reader.click("#message-form button[type=submit]")
    code = reader.locator("#tracking-code").inner_text().strip()
    assert SupervisionMessage.objects.count() == 1
    page.goto("/catalog/messages/")
    page.locator("#inbox a", has_text="职工维权").first.click()
    page.fill("#id_answer", "可在区总工会权益保障部窗口查询。")
    page.click("#answer-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    reader.goto("/catalog/public/messages/track/")
    reader.fill("#track-form input[name=code]", code)
    reader.click("#track-form button[type=submit]")
    expect(reader.locator("#track-answer")).to_contain_text("权益保障部窗口")
    public.close()
