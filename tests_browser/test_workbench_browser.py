"""A township cadre signs in and lands on her workbench (工作台): counts, the 七个一 chart
drawn by ECharts from the page's JSON (no inline script), and a count that opens the
filtered list with as many rows."""

import pytest
from playwright.sync_api import expect

from lvzhi.dashboards.tests.conftest import populate, roles  # noqa: F401 (fixtures)

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cadre_lands_on_workbench_and_follows_a_count(page, populate):  # noqa: F811
    populate(2)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, "xinhe_cadre")
    assert page.url.endswith("/workbench/")
    expect(page.locator("h1")).to_contain_text("工作台")
    cards = page.locator(".workbench-item")
    assert cards.count() >= 8
    expect(page.locator("#workbench-chart canvas")).to_have_count(1)  # ECharts drew it
    card = page.locator('.workbench-item[data-key="activities_to_confirm"]')
    count = int(card.get_attribute("data-count"))
    assert count > 0
    expect(card).to_contain_text(str(count))
    with page.expect_navigation():
        card.click()
    assert "/members/activities/" in page.url and "status=recorded" in page.url
    expect(page.locator("#activity-list .activity-row")).to_have_count(count)
    assert errors == []
