"""A district cadre logs in, switches organization, opens a person and sees the ID masked."""

import re

import pytest
from playwright.sync_api import expect

from lvzhi.core.models import AuditEvent
from lvzhi.orgs import services

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_switch_org_open_person_masked(page, org_tree, make_user):
    cadre = make_user("bh_cadre", "cadre", org_tree.district)
    make_user_assignment = make_user  # second assignment for the switcher
    from lvzhi.core.models import Role, RoleAssignment

    RoleAssignment.objects.create(
        user=cadre, role=Role.objects.get(code="cadre"), organization=org_tree.union
    )
    person = services.person_create(
        actor=cadre,
        organization=org_tree.xinhe_1,
        name="王秀英",
        gender="F",
        id_number="11010519491231002X",
        phone="13812345678",
    )
    del make_user_assignment

    login(page, "bh_cadre")
    expect(page.locator("h1")).to_contain_text("工作台")  # the workbench after login
    page.goto(f"/orgs/{org_tree.district.pk}/")
    expect(page.locator("#org-name")).to_have_text("天津市滨海新区妇女联合会")
    switcher = page.locator("#switch-org-select")
    expect(switcher.locator("option")).to_have_count(2)
    # the switcher submits its form: wait for that navigation to finish, or the
    # next goto would abort it (net::ERR_ABORTED)
    with page.expect_navigation():
        switcher.select_option(label="滨海新区总工会")
    expect(page.locator("#org-name")).to_have_text("滨海新区总工会")
    with page.expect_navigation():
        page.locator("#switch-org-select").select_option(label="天津市滨海新区妇女联合会")
    expect(page.locator("#org-name")).to_have_text("天津市滨海新区妇女联合会")

    # lazy tree: expand the district, then 新河街道, then open the community
    page.goto("/orgs/")
    node = page.locator("li[data-org]", has_text="天津市滨海新区妇女联合会").first
    node.locator(".toggle").first.click()
    page.locator("a", has_text="新河街道妇女联合会").wait_for()
    # search by name
    page.fill("#org-search", "新河一")
    expect(page.locator("#org-search-results")).to_contain_text("新河一社区妇女联合会")

    page.goto(f"/orgs/people/{person.pk}/")
    expect(page.locator("#person-name")).to_have_text("王秀英")
    expect(page.locator("#id_number-masked")).to_have_text("**************002X")
    expect(page.locator("#phone-masked")).to_have_text("138****5678")
    expect(page.locator("#birth_date-masked")).to_have_text("1949年")
    assert "11010519491231002X" not in page.content() and "1949-12-31" not in page.content()
    page.click("#reveal-id_number")  # the reason is required: the browser keeps the page
    assert AuditEvent.objects.filter(action="reveal", object_id=str(person.pk)).count() == 0
    page.fill("#reveal-reason", "核对身份")
    page.click("#reveal-id_number")
    expect(page.locator("#id_number-value")).to_have_text("11010519491231002X")
    event = AuditEvent.objects.get(action="reveal", object_id=str(person.pk))
    assert event.changes["reason"] == "核对身份"


def test_form_errors_in_chinese_and_english(page, org_tree, make_user):
    make_user("xinhe_cadre", "cadre", org_tree.xinhe)
    login(page, "xinhe_cadre")
    page.goto(f"/orgs/{org_tree.xinhe.pk}/people/new/")
    page.fill("#id_name", "李四")
    page.fill("#id_id_number", "110105194912310021")
    page.click("#edit-form button[type=submit]")
    expect(page.locator(".field-error").first).to_contain_text("校验位")
    # switch the UI to English
    with page.expect_navigation():
        page.select_option("#language-form select", "en")
    expect(page.locator("html")).to_have_attribute("lang", re.compile("en"))
