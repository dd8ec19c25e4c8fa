"""Issue 14 end to end: a district cadre imports a 四新 list from Excel (preview, confirm),
sees a blank spot (an organization that should have its own federation under R-OR-01 and
has none), starts the founding procedure (R-OR-05) and goes through its steps with the
party organization's approver: the delegates, the candidates and the secret-ballot
results of the congress and of the first committee meeting are entered on the election
page (a count with more ballots returned than issued is refused), the results are filed,
and the new federation is found in the organization tree with its first term, chair,
vice-chairs and members seated."""

import pytest
from playwright.sync_api import expect

from lvzhi.grassroots.models import ElectionRound, SixinOrganization
from lvzhi.grassroots.tests.conftest import villages  # noqa: F401 (fixture)
from lvzhi.grassroots.tests.test_pages import _row, _xlsx
from lvzhi.orgs.models import Organization, PartyOrganization, Position
from lvzhi.processes.models import Case, CaseStatus

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBERS = ("王芳", "李娜", "张敏", "赵丽", "钱红")


@pytest.fixture
def open_page(browser, live_server):
    """A signed-in page in a fresh browser context (one per user)."""
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
    with page.expect_navigation():
        locator.click()


def _act(page, case_url, order, name, action="审核通过"):
    """On the case page, act on step ``order`` (its name shown) and see it done."""
    page.goto(case_url)
    expect(page.locator("#step-actions .card-header")).to_contain_text(name)
    _submit(page, page.locator("#transition-form").get_by_role("button", name=action))
    expect(page.locator(f"#case-steps #step-{order}")).to_have_attribute("data-status", "done")


def _ballots(page, stage, counts, votes, returned=None):
    form = page.locator(f"#ballots-form-{stage}")
    form.locator("input[name=held_on]").fill("2026-11-20")
    expected, present, issued = counts
    form.locator("input[name=expected]").fill(str(expected))
    form.locator("input[name=present]").fill(str(present))
    form.locator("input[name=ballots_issued]").fill(str(issued))
    form.locator("input[name=ballots_returned]").fill(str(returned or issued))
    boxes = form.locator("input[name$='_votes_for']")
    expect(boxes).to_have_count(len(votes))
    for i, value in enumerate(votes):
        boxes.nth(i).fill(str(value))
    form.locator("button[type=submit]").click()


def test_import_blank_spot_found_a_federation_and_find_it_in_the_tree(
    open_page,
    org_tree,
    villages,  # noqa: F811
    make_user,
    tmp_path,
):
    make_user("district_cadre", "cadre", org_tree.district)
    party = PartyOrganization.objects.create(
        organization=org_tree.xinhe, org_path=org_tree.xinhe.path, name="中共新河街道工作委员会"
    )
    Organization.objects.filter(pk=org_tree.xinhe.pk).update(party_organization=party)
    party.approvers.add(make_user("xinhe_party"))
    listing = tmp_path / "sixin.xlsx"
    listing.write_bytes(_xlsx([_row("新河科技有限公司", 36), _row("新河快递站", 29)]).getvalue())

    # 1. the 四新 list from Excel: preview with each verdict, then confirm
    cadre = open_page("district_cadre")
    cadre.click("#nav-grassroots")
    cadre.click("text=Excel 导入")
    cadre.select_option("#id_organization", label="新河街道妇女联合会")
    cadre.set_input_files("#id_file", str(listing))
    cadre.click("#import-form button[type=submit]")
    expect(cadre.locator("tr[data-row='2'] .verdict")).to_contain_text("R-OR-01")
    expect(cadre.locator("tr[data-row='3'] .verdict")).to_contain_text("R-OR-02")
    assert not SixinOrganization.objects.exists()  # nothing written before the confirmation
    _submit(cadre, cadre.locator("#confirm-form button[type=submit]"))
    expect(cadre.locator("#sixin-table tbody tr")).to_have_count(2)

    # 2. the blank spot: one organization due a standalone federation, none yet
    cadre.goto(f"/grassroots/coverage/?org={org_tree.xinhe.pk}")
    expect(cadre.locator("#total-standalone")).to_have_text("1")
    cadre.click("#total-standalone a")
    expect(cadre.locator("#sixin-table tbody tr")).to_have_count(1)
    cadre.click("#sixin-table >> text=新河科技有限公司")
    expect(cadre.locator("#sixin-verdict")).to_contain_text("R-OR-01")
    sixin = SixinOrganization.objects.get(name="新河科技有限公司")
    sixin_url = f"/grassroots/sixin/{sixin.pk}/"

    # 3. the founding procedure on the process engine, step by step
    _submit(cadre, cadre.locator("#founding-form button[type=submit]"))
    expect(cadre.locator("#case-title")).to_contain_text("新河科技有限公司建立妇联")
    case = Case.objects.get(title="新河科技有限公司建立妇联")
    case_url = f"/processes/cases/{case.pk}/"
    expect(cadre.locator("#case-steps [id^=step-]")).to_have_count(9)
    party_page = open_page("xinhe_party")
    _act(party_page, case_url, 1, "成立筹备组")
    _act(cadre, case_url, 2, "上级妇联意见")
    _act(party_page, case_url, 3, "党组织批复")

    # the women (36 ≤ 100: a general assembly) entered on the election page
    cadre.goto(sixin_url)
    _submit(cadre, cadre.locator("#founding-election-form button[type=submit]"))
    cadre.fill(
        "#delegates-form textarea", "\n".join(f"{n}，研发部" for n in (*MEMBERS, "周红", "吴敏"))
    )
    _submit(cadre, cadre.locator("#delegates-form button[type=submit]"))
    expect(cadre.locator("#delegates table tr")).to_have_count(7)
    election_url = cadre.url
    _act(cadre, case_url, 4, "产生妇女代表", action="完成本环节")

    # the candidates: the upper federation's opinion, then the party's approval
    cadre.goto(election_url)
    cadre.fill("#candidates-form-congress textarea", "\n".join(MEMBERS))
    _submit(cadre, cadre.locator("#candidates-form-congress button[type=submit]"))
    _act(cadre, case_url, 5, "上级妇联意见")
    _act(party_page, case_url, 6, "党组织批复")

    # the congress elects the committee by secret ballot; more returned than issued is refused
    cadre.goto(election_url)
    _ballots(cadre, "congress", (36, 34, 34), (30, 29, 28, 27, 26), returned=35)
    expect(cadre.locator("#ballots-form-congress")).to_contain_text("多于发出选票数")
    assert not ElectionRound.objects.exists()
    with cadre.expect_navigation():
        _ballots(cadre, "congress", (36, 34, 34), (30, 29, 28, 27, 26))
    expect(cadre.locator("#candidates-congress")).to_contain_text(
        "得票 30 > 应到 36 的半数 18：当选"
    )
    expect(cadre.locator("#candidates-congress tr[data-outcome='elected']")).to_have_count(5)
    _act(cadre, case_url, 7, "大会", action="完成本环节")

    # the first committee meeting elects the chair and two vice-chairs by secret ballot
    cadre.goto(election_url)
    cadre.fill("#candidates-form-first_meeting textarea", "王芳，主席\n李娜，副主席\n张敏，副主席")
    _submit(cadre, cadre.locator("#candidates-form-first_meeting button[type=submit]"))
    with cadre.expect_navigation():
        _ballots(cadre, "first_meeting", (5, 5, 5), (5, 4, 4))
    expect(cadre.locator("#candidates-first_meeting")).to_contain_text("得票 4 > 应到 5 的半数")
    _act(cadre, case_url, 8, "第一次会议", action="完成本环节")

    # the results filed: the federation, its first term and committee, no re-typing
    cadre.goto(election_url)
    form = cadre.locator("#file-form")
    form.locator("input[name=name]").fill("新河科技有限公司妇女联合会")
    form.locator("input[name=code]").fill("BH-XH-SX01")
    form.locator("input[name=term_start]").fill("2026-12-01")
    form.locator("input[name=term_end]").fill("2031-11-30")
    _submit(cadre, form.locator("button[type=submit]"))
    expect(cadre.locator("#org-name")).to_have_text("新河科技有限公司妇女联合会")
    _act(cadre, case_url, 9, "备案", action="完成本环节")
    case.refresh_from_db()
    assert case.status == CaseStatus.FINISHED

    # 4. the new federation in the tree, with its first term and committee seated
    federation = Organization.objects.get(code="BH-XH-SX01")
    cadre.goto("/orgs/")
    tree = cadre.locator("#org-tree")
    for org in (org_tree.district, org_tree.xinhe):
        node = tree.locator(f"li[data-org='{org.pk}']").first
        node.locator(":scope > .toggle").click()
        expect(node.locator(":scope > ul > li").first).to_be_visible()
    new_node = tree.locator(f"li[data-org='{federation.pk}']")
    expect(new_node).to_contain_text("新河科技有限公司妇女联合会")
    _submit(cadre, new_node.get_by_role("link", name="新河科技有限公司妇女联合会"))
    expect(cadre.locator("#term")).to_contain_text("第1届")
    committee = cadre.locator("#committee")
    expect(committee).to_contain_text("（5 人）")
    expect(committee.locator("p", has_text="副主席")).to_contain_text("李娜、张敏")
    expect(committee.locator("p").first).to_contain_text("王芳")
    expect(committee.locator("p", has_text="执委")).to_contain_text("赵丽、钱红")
    seats = Position.objects.filter(organization=federation, term__number=1)
    assert sorted(seats.values_list("title", flat=True)) == sorted(
        ["chair", "vice_chair", "vice_chair", "member", "member"]
    )
    cadre.goto(sixin_url)
    expect(cadre.locator("#sixin-verdict")).to_contain_text("已由“新河科技有限公司妇女联合会”覆盖")
    cadre.goto(f"/grassroots/coverage/?org={org_tree.xinhe.pk}")
    expect(cadre.locator("#total-standalone")).to_have_text("0")
