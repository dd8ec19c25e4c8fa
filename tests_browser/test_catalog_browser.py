"""A union cadre uploads the trade-union catalog, sees the 9.1 shifted-fields finding,
accepts the repair, publishes; the public reads 9.1 and finds items by search."""

import pytest
from playwright.sync_api import expect

from lvzhi.catalog.models import DutyItem
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
    expect(page.locator('#findings-table tr[data-item="9.1"][data-code="fields_shifted"]')
           .locator("button.accept-repair")).to_be_disabled()
    page.click("#publish-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#version-status")).to_have_text("已发布")

    item = DutyItem.objects.get(number="9.1", version__status="published")
    assert "滨党办发〔2017〕50号" in item.legal_basis

    public = page.context.browser.new_context(locale="zh-CN", base_url=page.url.split("/catalog")[0])
    reader = public.new_page()
    reader.goto(f"/catalog/public/items/{item.pk}/")
    expect(reader.locator("#sheet-title")).to_contain_text("信息表")
    expect(reader.locator("body")).to_contain_text("滨党办发〔2017〕50号")
    reader.fill("#catalog-q", "信访")
    reader.press("#catalog-q", "Enter")
    reader.wait_for_load_state("networkidle")
    expect(reader.locator("#search-results")).to_contain_text("8.3")
    public.close()
