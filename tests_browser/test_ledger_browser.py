"""妇女信息台账 in the browser: a community cadre divides her community into a grid, registers
a woman (ID masked, revealed with a reason), moves her to another community which accepts
her; on a phone, the grid worker opens her grid, records a visit with a need, and her
R-EX-08 gap shrinks."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from stdnum.cn import ric

from lvzhi.core.models import AuditEvent
from lvzhi.core.periods import today_local
from lvzhi.ledger import services, services_grids
from lvzhi.ledger.models import Entry, Visit
from lvzhi.orgs.models import Person

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
BODY = "12011619850312002"
NUMBER = BODY + ric.calc_check_digit(BODY + "0")


def test_cadre_registers_reveals_and_moves_a_woman(page, org_tree, make_user):
    cadre = make_user("xh1_cadre", "cadre", org_tree.xinhe_1)
    make_user("dg1_cadre", "cadre", org_tree.dagu_1)
    Person.objects.create(
        organization=org_tree.xinhe_1, org_path=org_tree.xinhe_1.path, name="王网格"
    )
    login(page, cadre.username)
    page.goto(reverse("ledger:list"))
    page.click("text=网格")
    page.fill("#id_name", "第一网格")
    page.check("text=王网格")
    with page.expect_navigation():
        page.click("#grid-submit")
    expect(page.locator("#grid-list")).to_contain_text("王网格")

    page.goto(reverse("ledger:list"))
    page.click("#new-entry")
    page.fill("#id_name", "李桂芳")
    page.fill("#id_id_number", NUMBER)
    page.fill("#id_phone", "13812345678")
    page.fill("#id_address", "新河一社区3号楼201")
    page.select_option("#id_grid", label="第一网格")
    page.check("text=留守妇女")
    with page.expect_navigation():
        page.click("#ledger-submit")
    expect(page.locator("#entry-name")).to_have_text("李桂芳")
    expect(page.locator("#id_number-masked")).to_have_text("*" * 14 + NUMBER[-4:])
    expect(page.locator("#phone-masked")).to_have_text("138****5678")
    expect(page.locator("#categories")).to_contain_text("留守妇女")
    assert NUMBER not in page.content()

    page.click("#reveal-id_number")
    page.fill("#id_reason", "核对救助申请材料")
    with page.expect_navigation():
        page.click("#reveal-submit")
    expect(page.locator("#id_number-value")).to_have_text(NUMBER)
    assert AuditEvent.objects.filter(action="reveal").count() == 1

    entry = Entry.objects.get()
    page.goto(reverse("ledger:create", args=[org_tree.xinhe_1.pk]))
    page.fill("#id_name", "李桂芳")
    page.fill("#id_id_number", NUMBER)
    with page.expect_navigation():
        page.click("#ledger-submit")
    expect(page.locator("#id_number-error")).to_contain_text("已登记在新河一社区妇女联合会")

    page.goto(reverse("ledger:entry", args=[entry.pk]))
    page.click("#transfer-entry")
    page.fill("#id_to_code", "BH-DG-01")
    page.fill("#id_reason", "随子女迁居大沽")
    with page.expect_navigation():
        page.click("#ledger-submit")
    expect(page.locator("#transfers")).to_contain_text("待接收")

    page.context.clear_cookies()
    login(page, "dg1_cadre")
    page.goto(reverse("ledger:transfers"))
    row = page.locator("#transfer-list tbody tr").first
    expect(row).to_contain_text("李桂芳")
    with page.expect_navigation():
        row.locator("button.accept").click()
    expect(row.locator(".transfer-status")).to_have_text("已迁入")
    entry.refresh_from_db()
    assert entry.organization_id == org_tree.dagu_1.pk and entry.grid is None
    page.goto(reverse("ledger:list"))
    expect(page.locator("#entries")).to_contain_text("大沽一社区妇女联合会")


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_grid_worker_records_a_visit_on_her_phone(phone, org_tree, make_user):
    today = today_local()
    cadre = make_user("xh1_cadre", "cadre", org_tree.xinhe_1)
    worker = make_user("xh1_worker", "member", org_tree.xinhe_1, include_descendants=False)
    person = Person.objects.create(
        organization=org_tree.xinhe_1, org_path=org_tree.xinhe_1.path, name="王网格", user=worker
    )
    grid = services_grids.grid_create(
        actor=cadre, organization=org_tree.xinhe_1, name="第一网格", workers=[person]
    )
    for name in ("李桂芳", "张秀英"):
        services.entry_create(actor=cadre, organization=org_tree.xinhe_1, name=name, grid=grid)

    login(phone, worker.username)
    phone.goto(reverse("ledger:list"))
    phone.locator("#my-grids").tap()
    expect(phone.locator("#contact-detail")).to_contain_text("已联系 0 名妇女，还差 10 名")
    expect(phone.locator("#visits-due")).to_contain_text("李桂芳")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.locator("#visits-due li", has_text="李桂芳").locator("a.btn").tap()
    phone.fill("#id_findings", "独居，腿脚不便")
    phone.fill("#id_needs", "希望有人定期助浴")
    phone.fill("#id_follow_up", "报社区联系助老服务")
    with phone.expect_navigation():
        phone.locator("#ledger-submit").tap()
    phone.wait_for_url(f"**{reverse('ledger:my')}")
    expect(phone.locator("#contact-detail")).to_contain_text("已联系 1 名妇女，还差 9 名")
    expect(phone.locator("#not-contacted")).not_to_contain_text("李桂芳")
    expect(phone.locator("#not-contacted")).to_contain_text("张秀英")
    visit = Visit.objects.get()
    assert (visit.visitor, visit.needs, visit.date) == (person, "希望有人定期助浴", today)
