"""A district cadre starts founding a system federation (R-OR-06): with no subordinate
units and no 妇委会/妇工委 the page names both as missing and writes nothing; with the
agency's units and its 机关妇委会 chosen, the procedure starts on the system template
(candidates before delegates) and the founding shows in the subtree's list."""

import pytest
from playwright.sync_api import expect

from lvzhi.grassroots.models import SystemFounding
from lvzhi.orgs import services as orgs
from lvzhi.orgs.models import Kind
from lvzhi.processes.models import Case

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_system_founding_refused_then_started(page, org_tree, make_user):
    cadre = make_user("district_cadre", "cadre", org_tree.district)
    orgs.organization_create(
        actor=cadre,
        parent=org_tree.district,
        name="区教育局机关妇委会",
        code="JG-01",
        kind=Kind.AGENCY_COMMITTEE,
    )
    login(page, "district_cadre")
    page.goto(f"/grassroots/sixin/?org={org_tree.district.pk}")
    page.click("text=系统妇联建会")
    page.click("#system-founding-create")
    expect(page.locator("#system-steps li").nth(2)).to_have_attribute("data-step", "candidates")
    page.fill("#id_agency", "区教育局")
    page.fill("#id_subordinate_units", "0")
    page.click("#system-founding-form button[type=submit]")
    refused = page.locator("#system-founding-refused")
    expect(refused).to_contain_text("该机关没有下属单位")
    expect(refused).to_contain_text("该机关尚未建立妇委会或妇工委")
    expect(refused).to_contain_text("R-OR-06")
    assert not SystemFounding.objects.exists() and not Case.objects.exists()

    page.fill("#id_subordinate_units", "12")
    page.select_option("#id_women_committee", label="区教育局机关妇委会")
    with page.expect_navigation():
        page.click("#system-founding-form button[type=submit]")
    expect(page.locator("#system-founding-title")).to_contain_text("区教育局建立系统妇联")
    with page.expect_navigation():
        page.click("#system-founding-case")
    expect(page.locator("#case-title")).to_contain_text("区教育局建立系统妇联")
    steps = page.locator("#case-steps [id^=step-]")
    expect(steps).to_have_count(9)
    expect(steps.nth(3)).to_contain_text("提出执委候选人")  # before the delegates (CQ-XT 四)
    page.goto(f"/grassroots/system-foundings/?org={org_tree.district.pk}")
    expect(page.locator("#system-foundings-table tbody tr")).to_have_count(1)
    expect(page.locator("#system-foundings-table")).to_contain_text("建会中")

    # the election page presents the candidate list before the delegates (CQ-XT 四), and
    # refuses the delegates until the candidates are listed
    page.goto(f"/grassroots/system-foundings/{SystemFounding.objects.get().pk}/")
    with page.expect_navigation():
        page.click("#system-election-form button[type=submit]")
    steps = page.locator("section[data-step]")
    expect(steps).to_have_count(4)
    for index, code in enumerate(("candidates", "delegates", "congress", "first_meeting")):
        expect(steps.nth(index)).to_have_attribute("data-step", code)
    page.fill("#delegates-form textarea", "周红，实验小学")
    page.click("#delegates-form button[type=submit]")
    expect(page.locator("#delegates-form")).to_contain_text("先提出执委候选人建议名单")
    page.fill("#candidates-form-congress textarea", "王芳\n李娜\n张敏\n赵丽")
    with page.expect_navigation():
        page.click("#candidates-form-congress button[type=submit]")
    page.fill("#delegates-form textarea", "周红，实验小学")
    with page.expect_navigation():
        page.click("#delegates-form button[type=submit]")
    expect(page.locator("#candidate-list-congress tr")).to_have_count(4)
    expect(page.locator("#delegates table tr")).to_have_count(1)
