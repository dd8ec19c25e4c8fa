"""A township cadre's new 妇女之家 pages on a phone (390×844): she lends a book to a woman
picked from the women's ledger (R-HM-05, her phone masked, no ID number shown) and reads
the homes closest to designation (R-HM-01/02); each page fits the screen."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lvzhi.core.periods import today_local
from lvzhi.homes import services as homes
from lvzhi.homes.models import Loan
from lvzhi.homes.tests.conftest import add_home
from lvzhi.ledger import services as ledger

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_cadre_lends_to_a_ledger_woman_and_reads_the_closest_homes_on_a_phone(
    browser, live_server, org_tree, make_user
):
    cadre = make_user("xinhe_cadre", "cadre", org_tree.xinhe)
    home = add_home(org_tree.xinhe_1, "新河一社区妇女之家")
    book = homes.item_create(
        actor=cadre, home=home, kind="book", name="家庭教育促进法读本", inventory_number="BK-003"
    )
    woman = ledger.entry_create(
        actor=cadre,
        organization=org_tree.xinhe_1,
        name="李桂芳",
        phone="13812345678",
        today=today_local(),
    )
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, **PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        login(page, "xinhe_cadre")
        page.goto(reverse("homes:loan-ledger", args=[home.pk]))
        assert fits(page)
        page.fill("#borrower-search input[name=q]", "李桂")
        page.click("#borrower-search button")
        form = page.locator("#ledger-loan-form")
        expect(form).to_be_visible()
        label = form.locator("select[name=borrower_entry] option").first.inner_text()
        assert "李桂芳" in label and "138****5678" in label and "13812345678" not in label
        form.locator("select[name=item]").select_option(str(book.pk))
        form.locator("button[type=submit]").click()
        page.wait_for_url(f"**{reverse('homes:loans', args=[home.pk])}")
        expect(page.locator("body")).to_contain_text("李桂芳")
        assert fits(page)
        loan = Loan.objects.get(home=home)
        assert loan.borrower_entry_id == woman.pk and loan.borrower_name == "李桂芳"
        assert loan.due_date == today_local() + dt.timedelta(days=14)

        page.goto(reverse("homes:assessments-closest") + f"?org={org_tree.xinhe.pk}")
        body = page.locator("body")
        expect(body).to_contain_text("新河一社区妇女之家")
        assert fits(page)
    finally:
        context.close()
