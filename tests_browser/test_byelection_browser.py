"""A by-election from nomination to elected member (R-MB-12…14): a cadre nominates a new
candidate by the masses (supporters checked against ⌈12/3⌉ = 4), the same-level party
approver approves, the cadre records the vote at the plenary (expected from the roster,
present, scrutineer, counter, counts), sees "有效" and "当选" with the arithmetic, and the
candidate sits on the committee from that date."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from lvzhi.core.periods import today_local
from lvzhi.members.models import Nomination, NominationStatus
from lvzhi.members.tests.conftest import seat_committee
from lvzhi.orgs.models import Position, Term

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_byelection_from_nomination_to_member(browser, page, live_server, org_tree, make_user):
    from django.contrib.auth import get_user_model

    village = org_tree.xinhe_1
    members = seat_committee(village, 12, get_user_model(), "village_member")
    today = today_local()
    Term.objects.filter(organization=village).update(end_date=today + dt.timedelta(days=900))
    make_user("xinhe_cadre", "cadre", org_tree.xinhe)
    make_user("village_party", "party_approver", village, include_descendants=False)

    # The cadre nominates 林晓 by the masses: 3 members are not enough, 4 are.
    login(page, "xinhe_cadre")
    page.goto(f"/members/changes/{village.pk}/nominations/new/")
    expect(page.locator("main")).to_contain_text("至少 4 人")
    page.check("#nomination-form input[name=channel][value=masses]")
    page.fill("#id_new_name", "林晓")
    page.fill("#id_new_workplace", "新河一社区卫生服务站")
    page.fill("#id_residence", "新河一社区7号楼")
    page.fill("#id_supporters_members", "3")
    page.click("#nomination-form button[type=submit]")
    expect(page.locator("#field-supporters_members .field-error")).to_contain_text(
        "需三分之一以上执委（4人，现3人）或20名以上妇女群众（现0人）"
    )
    assert not Nomination.objects.exists()
    page.fill("#id_supporters_members", "4")
    page.click("#nomination-form button[type=submit]")
    expect(page.locator("#nomination-verdicts")).to_contain_text(
        "执委会现有12人，三分之一以上为至少4人"
    )
    expect(page.locator("#nomination-state")).to_contain_text("同级党组织审议通过")
    nomination = Nomination.objects.get()
    nomination_url = f"/members/changes/nominations/{nomination.pk}/"

    # The party approver of 新河一社区 approves.
    party = browser.new_context(locale="zh-CN", base_url=live_server.url)
    approver = party.new_page()
    approver.set_default_timeout(10_000)
    login(approver, "village_party")
    approver.goto(nomination_url)
    approver.fill("#nomination-review-form textarea[name=note]", "同意提交执委会表决")
    approver.click("#nomination-review-form button[value=party_review]")
    expect(approver.locator("#nomination-status")).to_have_text("党组织已审查")
    party.close()

    # The cadre records the plenary vote: 12 expected (the roster), 9 present, 8 yes.
    page.goto(f"/members/changes/{village.pk}/votes/new/")
    expect(page.locator("main")).to_contain_text("今天为 12 人")
    page.fill("#id_present", "9")
    page.check(f"#vote-form input[name=scrutineers][value='{members[4].pk}']")
    page.check("#id_scrutineers_approved")
    page.fill("#id_counters", "张会计")
    page.fill(f"#id_yes_{nomination.pk}", "8")
    page.fill(f"#id_no_{nomination.pk}", "1")
    page.click("#vote-form button[value=preview]")
    expect(page.locator("#vote-preview")).to_contain_text("核对结果")
    assert not Position.objects.filter(person=nomination.person).exists()
    page.click("#vote-form button[value=record]")
    expect(page.locator("#vote-validity")).to_have_text("有效")
    expect(page.locator("#vote-arithmetic")).to_contain_text(
        "应到12人，实到9人，超过应到人数的三分之二（8人），可以进行选举"
    )
    result = page.locator(f"#vote-results tr[data-nomination='{nomination.pk}']")
    expect(result).to_contain_text("当选")
    expect(result).to_contain_text(
        "林晓：赞成8票、反对1票、弃权0票，超过应到人数的半数（6人），当选"
    )

    # 林晓 sits on the committee from today.
    page.click("text=查看执行委员会")
    expect(page.locator("#committee")).to_contain_text("林晓")
    expect(page.locator("#committee")).to_contain_text("13")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ELECTED
    assert nomination.position.start_date == today
