"""Issue 15's phone bar, end to end (390×844): a committee member who works a grid opens her
grid, records a visit, records the need it found and refers it as her 建议; the chair of her
federation sees the suggestion on her suggestions page and answers it (the answer comes back
to the woman's entry); the member's 联系 quarter (R-EX-01) turns met — one visit was all that
was missing — and on the committee page her R-EX-08 women count rises and her gap shrinks."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lvzhi.core.models import Role, RoleAssignment
from lvzhi.core.periods import today_local
from lvzhi.ledger import services, services_grids
from lvzhi.ledger.models import Need, Visit
from lvzhi.members.compliance import services as compliance
from lvzhi.members.models import Activity, ActivityKind
from lvzhi.members.tests.conftest import seat_committee

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
NEED = "希望参加家政技能培训，就近就业"


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def test_a_visit_need_reaches_the_chair_and_her_duties_move(phone, org_tree, django_user_model):
    today = today_local()
    village = org_tree.xinhe_1
    chair, member, _ = seat_committee(village, 3, django_user_model, "village_member")
    # the chair answers for the federation: she is its cadre too
    RoleAssignment.objects.create(
        user=chair.user,
        role=Role.objects.get(code="cadre"),
        organization=village,
        include_descendants=False,
    )
    grid = services_grids.grid_create(
        actor=chair.user, organization=village, name="第一网格", workers=[member]
    )
    for name in ("李桂芳", "张秀英"):
        services.entry_create(actor=chair.user, organization=village, name=name, grid=grid)
    compliance.rebuild(organizations=[village], year=today.year, today=today)
    seat = f'#committee-seats tr[data-person="{member.pk}"]'

    # before: the chair sees her with no ledger visit and ten women to reach
    login(phone, chair.user.username)
    phone.goto(reverse("members:committee", args=[village.pk]))
    expect(phone.locator(f"{seat} .contact-check")).to_contain_text("还需联系10名妇女群众")
    expect(phone.locator(f"{seat} .women-visited")).to_have_count(0)
    phone.goto(reverse("members:suggestions"))
    expect(phone.locator("#suggestion-list")).to_contain_text("没有建议")
    phone.context.clear_cookies()

    # the member, on her phone: her 联系 quarter is not met yet
    login(phone, member.user.username)
    phone.goto(reverse("members:my"))
    contact = phone.locator('#my-duties li[data-rule="R-EX-01"]')
    expect(contact.locator(".duty-status")).to_have_text("待完成")

    phone.goto(reverse("ledger:list"))
    phone.locator("#my-grids").tap()
    expect(phone.locator("#contact-detail")).to_contain_text("已联系 0 名妇女，还差 10 名")
    _fits(phone)
    phone.locator("#visits-due li", has_text="李桂芳").locator("a.btn").tap()
    phone.fill("#id_findings", "丈夫外出务工，本人在家照顾老人")
    phone.fill("#id_needs", "就业")
    with phone.expect_navigation():
        phone.locator("#ledger-submit").tap()
    phone.wait_for_url(f"**{reverse('ledger:my')}")
    expect(phone.locator("#contact-detail")).to_contain_text("已联系 1 名妇女，还差 9 名")
    _fits(phone)

    # the need found on that visit, recorded on her entry and referred as her 建议
    with phone.expect_navigation():
        phone.locator("#my-women a", has_text="李桂芳").tap()
    phone.locator("summary", has_text="登记需求").tap()
    phone.select_option("#need-add select[name=kind]", "employment")
    phone.select_option("#need-add select[name=visit]", label=today.isoformat())
    phone.fill("#need-add [name=description]", NEED)
    with phone.expect_navigation():
        phone.locator("#need-add button").tap()
    need_row = phone.locator("#needs tr.need", has_text=NEED)
    expect(need_row).to_contain_text("就业")
    with phone.expect_navigation():
        need_row.locator(".need-refer button[value=suggestion]").tap()
    expect(need_row.locator(".need-outcome")).to_contain_text("待答复")
    _fits(phone)

    # her 联系 quarter turned met
    phone.goto(reverse("members:my"))
    expect(contact.locator(".duty-status")).to_have_text("已完成")
    _fits(phone)
    phone.context.clear_cookies()

    # the chair: the suggestion is hers to answer; the committee page counts the visit
    login(phone, chair.user.username)
    phone.goto(reverse("members:suggestions"))
    row = phone.locator("#suggestion-list .suggestion-row", has_text=NEED)
    expect(row).to_contain_text(member.name)
    expect(row).to_contain_text("未答复")
    assert "李桂芳" not in row.inner_text()
    _fits(phone)
    row.locator("textarea[name=answer]").fill("已对接街道就业服务站，下周培训")
    with phone.expect_navigation():
        row.locator("button[type=submit]").tap()
    expect(row).to_contain_text("已答复")

    phone.goto(reverse("members:committee", args=[village.pk]))
    expect(phone.locator(f"{seat} .women-visited")).to_contain_text("台账走访 1 名")
    expect(phone.locator(f"{seat} .contact-check")).to_contain_text("还需联系9名妇女群众")

    # the answer came back to her entry
    need = Need.objects.get()
    phone.goto(reverse("ledger:entry", args=[need.entry_id]))
    outcome = phone.locator(f"#need-{need.pk} .need-outcome")
    expect(outcome).to_contain_text("已答复")
    expect(outcome).to_contain_text("已对接街道就业服务站")

    visit = Visit.objects.get()
    suggestion = Activity.objects.get(kind=ActivityKind.SUGGESTION)
    assert (visit.visitor, visit.date, need.visit_id) == (member, today, visit.pk)
    assert (suggestion.person, suggestion.organization) == (member, village)
    assert need.suggestion_id == suggestion.pk
