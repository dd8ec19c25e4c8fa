"""Women's 3.2 from template to finished case: a district cadre reviews the derived
template, routes its review step to the parent organization's cadre, publishes it and
starts a case; the 宣传部 staff completes the steps (uploading the three required
documents after being told they are missing); the reviewer at 天津市妇联 returns it with
a reason, then approves it; the department page shows the case finished."""

import pytest
from playwright.sync_api import expect

from lvzhi.catalog.demo import load_seed_catalogs
from lvzhi.processes.models import Case, CaseStatus, ProcessTemplate
from lvzhi.processes.services import catalog_version_publish

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "2027年度三八红旗手评选"
STEPS_32 = [
    "发放通知",
    "各开发区、街镇妇联和各系统有关部门组织推报",
    "审核评选",
    "表彰公布",
    "事迹宣传",
]
DOCUMENTS = ("候选人登记表", "名单汇总表", "事迹材料")
RETURN_REASON = "事迹材料不够具体，请补充后重新报送"


@pytest.fixture
def open_page(browser, live_server):
    """A page in a fresh browser context (one per user), closed at the end."""
    contexts = []

    def make(username):
        context = browser.new_context(locale="zh-CN", base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        login(page, username)
        return page

    yield make
    for context in contexts:
        context.close()


def _submit(page, locator):
    """Click a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        locator.click()


def _step(page, order):
    return page.locator(f"#case-steps #step-{order}")


def _complete(page, order):
    expect(page.locator("#step-actions .card-header")).to_contain_text(STEPS_32[order - 1])
    _submit(page, page.get_by_role("button", name="完成本环节"))
    expect(_step(page, order)).to_have_attribute("data-status", "done")


def test_women_32_template_to_finished_case(
    open_page, org_tree, make_user, admin_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_seed_catalogs(admin_user, publish=catalog_version_publish)
    make_user("district_cadre", "cadre", org_tree.district)
    make_user(
        "propaganda_staff", "department_staff", org_tree.district, department=org_tree.propaganda
    )
    make_user("city_reviewer", "cadre", org_tree.city, include_descendants=False)
    files = {}
    for name in DOCUMENTS:
        files[name] = tmp_path / f"{name}.pdf"
        files[name].write_bytes(b"%PDF-1.4\n% " + name.encode() + b"\n%%EOF\n")
    template = ProcessTemplate.objects.get(organization=org_tree.district, item_number="3.2")

    # the cadre reviews the derived draft: five steps, split at the arrows
    cadre = open_page("district_cadre")
    cadre.goto(f"/processes/templates/{template.pk}/")
    draft = cadre.locator("#draft-version")
    expect(draft.locator(".step-name")).to_have_text(STEPS_32)
    expect(draft.locator(".split-method")).to_contain_text("箭头")
    expect(cadre.locator("#start-case-link")).to_have_count(0)  # not published yet

    # step 3 is done by the cadre of the parent organization
    with cadre.expect_navigation():
        draft.locator('tr.step-row[data-order="3"]').get_by_role("link", name="修改").click()
    form = cadre.locator("#step-form")
    form.get_by_label("环节类型", exact=True).select_option(label="审核")
    form.get_by_label("办理主体", exact=True).select_option(label="上级组织角色")
    form.get_by_label("办理角色", exact=True).select_option(label="妇联干部")
    form.get_by_label("上溯层级", exact=True).fill("1")
    _submit(cadre, form.get_by_role("button", name="保存"))
    expect(draft.locator('tr.step-row[data-order="3"] .step-actor')).to_have_text(
        "上1级组织 · 妇联干部"
    )
    expect(cadre.locator("#publish-ready")).to_be_visible()
    _submit(cadre, cadre.locator("#publish-form button[type=submit]"))
    expect(cadre.locator("#published-version .step-name")).to_have_text(STEPS_32)
    expect(cadre.locator("#draft-version")).to_have_count(0)

    # and starts this year's selection from the template page
    with cadre.expect_navigation():
        cadre.locator("#start-case-link").click()
    start = cadre.locator("#case-start-form")
    start.get_by_label("办件名称").fill(TITLE)
    start.get_by_label("年度").fill("2027")
    _submit(cadre, start.get_by_role("button", name="发起办件"))
    expect(cadre.locator("#case-title")).to_contain_text(TITLE)
    expect(_step(cadre, 1)).to_have_attribute("data-status", "active")
    case = Case.objects.get(title=TITLE)
    case_url = f"/processes/cases/{case.pk}/"

    # the department finds it in her inbox and completes step 1
    staff = open_page("propaganda_staff")
    staff.goto(f"/processes/templates/{template.pk}/")
    expect(staff.locator("#published-version .step-name")).to_have_count(5)
    expect(staff.locator("#start-case-link")).to_have_count(0)  # she may not start cases
    staff.goto("/processes/")
    with staff.expect_navigation():
        staff.locator("#inbox").get_by_role("link", name=TITLE).click()
    _complete(staff, 1)

    # step 2 needs the three documents: refused without them, done with them
    expect(staff.locator("#step-actions .card-header")).to_contain_text(STEPS_32[1])
    _submit(staff, staff.get_by_role("button", name="完成本环节"))
    errors = staff.locator("#transition-errors")
    for name in DOCUMENTS:
        expect(errors).to_contain_text(name)
    expect(_step(staff, 2)).to_have_attribute("data-status", "active")
    for name in DOCUMENTS:
        staff.get_by_label(f"{name}（必需）").set_input_files(str(files[name]))
    _submit(staff, staff.get_by_role("button", name="完成本环节"))
    expect(_step(staff, 2)).to_have_attribute("data-status", "done")
    for name in DOCUMENTS:
        expect(_step(staff, 2).locator(f'li[data-slot="{name}"]')).to_have_attribute(
            "data-uploaded", "1"
        )
    expect(staff.locator("#waiting-for")).to_contain_text("天津市妇女联合会")

    # the reviewer at the city returns it with a reason
    reviewer = open_page("city_reviewer")
    reviewer.goto("/processes/")
    with reviewer.expect_navigation():
        reviewer.locator("#inbox").get_by_role("link", name=TITLE).click()
    expect(reviewer.locator("#step-actions .card-header")).to_contain_text("审核评选")
    reviewer.get_by_label("审核意见（退回时必填）").fill(RETURN_REASON)
    _submit(reviewer, reviewer.get_by_role("button", name="退回（需填写理由）"))
    expect(reviewer.locator('#timeline [data-event="returned"]')).to_contain_text(RETURN_REASON)
    expect(_step(reviewer, 2)).to_have_attribute("data-status", "active")

    # the department completes step 2 again (its documents are kept)
    staff.goto(case_url)
    expect(staff.locator('#timeline [data-event="returned"]')).to_contain_text(RETURN_REASON)
    _complete(staff, 2)

    # the reviewer approves
    reviewer.goto(case_url)
    _submit(reviewer, reviewer.get_by_role("button", name="审核通过"))
    expect(_step(reviewer, 3)).to_have_attribute("data-status", "done")

    # the department completes the last two steps; the case is finished
    staff.goto(case_url)
    _complete(staff, 4)
    _complete(staff, 5)
    expect(staff.locator("#case-status")).to_have_text("已办结")
    case.refresh_from_db()
    assert case.status == CaseStatus.FINISHED

    # the department page of 宣传部, for the case's year, shows it finished
    with staff.expect_navigation():
        staff.locator("#case-meta").get_by_role("link", name="宣传部").click()
    expect(staff.locator("h1")).to_contain_text("宣传部")
    expect(staff.locator('#department-totals [data-total="finished"]')).to_have_text("1")
    expect(staff.locator('#department-totals [data-total="open"]')).to_have_text("0")
    expect(staff.locator("#department-open")).not_to_contain_text(TITLE)
