"""A new account made in production logs in, is held at the password page, changes its
password through the form and reaches its organization; the user menu offers 修改密码."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_forced_password_change_then_user_menu(page, org_tree, make_user, settings):
    settings.PASSWORD_CHANGE_ON_FIRST_LOGIN = True
    make_user("new_cadre", "cadre", org_tree.xinhe)
    login(page, "new_cadre")
    expect(page).to_have_url(re.compile(r"/account/password/$"))
    expect(page.locator(".alert-warning")).to_contain_text("首次登录须先修改口令")
    page.fill("#id_old_password", "pass-1234")
    page.fill("#id_new_password1", "qiushui2026")
    page.fill("#id_new_password2", "qiushui2026")
    page.click("button[type=submit]")
    expect(page.locator(".invalid-feedback").first).to_contain_text("至少3类")
    page.fill("#id_old_password", "pass-1234")
    page.fill("#id_new_password1", "Qiu-shui-2026")
    page.fill("#id_new_password2", "Qiu-shui-2026")
    page.click("button[type=submit]")
    # the changed password lets her in: she lands on her workbench
    expect(page).to_have_url(re.compile(r"/workbench/$"))
    expect(page.locator("h1")).to_contain_text("新河街道妇女联合会")
    page.locator("#user-menu .dropdown-toggle").click()
    page.get_by_role("link", name="修改密码").click()
    expect(page.locator("h1")).to_have_text("修改密码")
    expect(page.locator(".alert-warning")).to_have_count(0)
