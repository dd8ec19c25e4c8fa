"""妇女信息台账 in the browser, the pages of stop 20 and after: on a phone, a grid worker who
sits on the committee records a visit and her 联系 quarter (R-EX-01) turns met; a cadre
records a woman's legal basis (the entry page stops naming what is missing) and makes her
per-person report, which lands in the read log; an import whose preview shows a row error
writes nothing, the corrected file is imported; a volunteer team's service hours."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook
from playwright.sync_api import expect
from stdnum.cn import ric

from lvzhi.core.periods import today_local
from lvzhi.ledger import services, services_grids
from lvzhi.ledger.models import Category, Entry, ReadLog, Visit, VolunteerTeam
from lvzhi.members.compliance import services as compliance
from lvzhi.members.models import Activity
from lvzhi.members.tests.conftest import seat_committee

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def number(birth="19850312", serial="002"):
    body = f"120116{birth}{serial}"
    return body + ric.calc_check_digit(body + "0")


NUMBER = number()


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_committee_member_visit_turns_her_contact_quarter_met(
    phone, org_tree, make_user, django_user_model
):
    today = today_local()
    village = org_tree.xinhe_1
    cadre = make_user("xh1_cadre", "cadre", village)
    member = seat_committee(village, 3, django_user_model, "village_member")[1]
    grid = services_grids.grid_create(
        actor=cadre, organization=village, name="第一网格", workers=[member]
    )
    services.entry_create(
        actor=cadre, organization=village, name="李桂芳", grid=grid, id_number=NUMBER
    )
    compliance.rebuild(organizations=[village], year=today.year, today=today)

    login(phone, member.user.username)
    phone.goto(reverse("members:my"))
    contact = phone.locator('#my-duties li[data-rule="R-EX-01"]')
    expect(contact.locator(".duty-status")).to_have_text("待完成")

    phone.goto(reverse("ledger:my"))
    phone.locator("#visits-due li", has_text="李桂芳").locator("a.btn").tap()
    phone.fill("#id_findings", "独居，腿脚不便")
    phone.fill("#id_needs", "希望有人定期助浴")
    with phone.expect_navigation():
        phone.locator("#ledger-submit").tap()
    phone.wait_for_url(f"**{reverse('ledger:my')}")
    expect(phone.locator("#contact-detail")).to_contain_text("已联系 1 名妇女，还差 9 名")

    phone.goto(reverse("members:my"))
    expect(contact.locator(".duty-status")).to_have_text("已完成")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    activity = Activity.objects.get(person=member)
    assert Visit.objects.get().activity_id == activity.pk
    assert (activity.kind, activity.women_reached, activity.women) == ("contact", 1, "")
    assert "李桂芳" not in activity.note and "助浴" not in activity.note


def test_cadre_records_a_legal_basis_and_makes_her_report(page, org_tree, make_user):
    today = today_local()
    village = org_tree.xinhe_1
    cadre = make_user("xh1_cadre", "cadre", village)
    entry = services.entry_create(
        actor=cadre,
        organization=village,
        name="李桂芳",
        id_number=NUMBER,
        phone="13812345678",
        categories=[Category.objects.get(code="women_in_difficulty")],
    )
    login(page, cadre.username)
    page.goto(reverse("ledger:entry", args=[entry.pk]))
    expect(page.locator(".basis-gap").first).to_be_visible()
    page.click("text=记录处理依据")
    page.select_option("#id_basis", "consent")
    page.fill("#id_given_on", today.isoformat())
    page.fill("#id_scope", "建立台账、走访帮扶，含困难情况")
    page.fill("#id_given_by", "李桂芳")
    page.check("#id_sensitive")
    with page.expect_navigation():
        page.locator("#consent-add button").click()
    expect(page.locator("#consents")).to_contain_text("含敏感个人信息")
    expect(page.locator(".basis-gap")).to_have_count(0)

    page.click("#entry-report")
    page.fill("#id_purpose", "本人申请查阅、复制其个人信息")
    with page.expect_navigation():
        page.click("#report-submit")
    expect(page.locator("#report-id_number")).to_contain_text(NUMBER)
    expect(page.locator("#report-phone")).to_contain_text("13812345678")
    expect(page.locator("#report-reads")).to_contain_text("本人申请查阅、复制其个人信息")
    assert ReadLog.objects.filter(entry=entry, kind="report").count() == 1

    page.goto(reverse("ledger:reads") + f"?entry={entry.pk}")
    expect(page.locator("body")).to_contain_text("个人信息报告")
    assert NUMBER not in page.content()


def _workbook(rows, path):
    book = Workbook()
    book.active.append(["姓名", "性别", "身份证号", "联系电话", "网格", "类别"])
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    return str(path)


def test_import_preview_shows_a_row_error_and_the_fixed_file_is_imported(
    page, org_tree, make_user, tmp_path
):
    village = org_tree.xinhe_1
    cadre = make_user("xh1_cadre", "cadre", village)
    services_grids.grid_create(actor=cadre, organization=village, name="第一网格")
    other = number("19900101", "004")
    bad = other[:-1] + ("0" if other[-1] != "0" else "1")
    login(page, cadre.username)
    page.goto(reverse("ledger:import", args=[village.pk]))
    page.set_input_files(
        "#id_file",
        _workbook(
            [
                ("李桂芳", "女", NUMBER, "13812345678", "第一网格", "留守妇女"),
                ("张秀英", "女", bad, "", "第九网格", ""),
            ],
            tmp_path / "bad.xlsx",
        ),
    )
    with page.expect_navigation():
        page.click("#import-form button[type=submit]")
    expect(page.locator("#row-errors")).to_contain_text("有 1 行有误")
    wrong = page.locator('#preview-table tr[data-row="3"] .row-error')
    expect(wrong).to_contain_text("身份证号")
    expect(wrong).to_contain_text("本社区没有名为“第九网格”的网格")
    expect(page.locator("#confirm-form")).to_have_count(0)
    assert not Entry.objects.exists()

    page.goto(reverse("ledger:import", args=[village.pk]))
    page.set_input_files(
        "#id_file",
        _workbook(
            [
                ("李桂芳", "女", NUMBER, "13812345678", "第一网格", "留守妇女"),
                ("张秀英", "女", other, "", "第一网格", ""),
            ],
            tmp_path / "good.xlsx",
        ),
    )
    with page.expect_navigation():
        page.click("#import-form button[type=submit]")
    with page.expect_navigation():
        page.click("#confirm-form button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("导入完成：登记 2 人")
    assert sorted(Entry.objects.values_list("name", flat=True)) == ["张秀英", "李桂芳"]


def test_volunteer_team_records_service_hours(page, org_tree, make_user):
    today = today_local()
    village = org_tree.xinhe_1
    cadre = make_user("xh1_cadre", "cadre", village)
    woman = services.entry_create(actor=cadre, organization=village, name="李桂芳")
    login(page, cadre.username)
    page.goto(reverse("ledger:team-create", args=[village.pk]))
    page.fill("#id_name", "新河一社区巾帼志愿服务队")
    page.fill("#id_description", "助老、助残")
    with page.expect_navigation():
        page.click("#ledger-submit")
    expect(page.locator("#team-name")).to_have_text("新河一社区巾帼志愿服务队")

    page.locator("summary", has_text="加入志愿者").click()
    page.select_option("#id_entry", label=woman.name)
    page.fill("#id_joined_on", today.isoformat())
    page.check("#id_is_leader")
    with page.expect_navigation():
        page.locator("#member-add button").click()
    page.locator("summary", has_text="加入志愿者").click()
    page.fill("#id_name", "赵外援")
    page.fill("#id_phone", "13900001111")
    page.fill("#id_joined_on", today.isoformat())
    with page.expect_navigation():
        page.locator("#member-add button").click()
    expect(page.locator("#members")).to_contain_text("139****1111")
    assert "13900001111" not in page.content()

    page.click("#record-service")
    page.fill("#id_date", today.isoformat())
    page.fill("#id_title", "上门助浴")
    page.fill("#id_beneficiaries", "6")
    page.fill("#id_hours", "2.5")
    page.check("text=李桂芳")
    page.check("text=赵外援")
    with page.expect_navigation():
        page.click("#ledger-submit")
    expect(page.locator("#team-totals")).to_contain_text("服务 1 次，志愿服务时长 5.0 小时")
    expect(page.locator("#members tr", has_text="赵外援").locator(".member-hours")).to_contain_text(
        "2.5 小时 / 1 次"
    )
    team = VolunteerTeam.objects.get()
    page.goto(reverse("ledger:team-public", args=[team.pk]))
    text = page.content()
    assert "上门助浴" in text and "李桂芳" not in text and "赵外援" not in text
    assert "13900001111" not in text and "139****1111" not in text
