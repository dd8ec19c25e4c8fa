"""On a phone: a member opens her page, sees 宣讲 due this quarter, records a 宣讲 with a
photo, and sees the quarter met; then the chair (a cadre of the federation) sees it in
the roll-up and in the activity list, and confirms it."""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lvzhi.core.models import Role, RoleAssignment
from lvzhi.core.periods import period_of, today_local
from lvzhi.members.compliance import services as compliance
from lvzhi.members.models import Activity, ActivityPhoto
from lvzhi.members.tests.conftest import seat_committee

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def require_bootstrap():
    """The phone layout is Bootstrap's: without it the page is not what a phone shows."""
    from django.contrib.staticfiles import finders

    if not finders.find("vendor/bootstrap/bootstrap.min.css"):
        pytest.fail("lvzhi/static/vendor 中没有 Bootstrap：请先运行 make assets")


def small_jpeg(path):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 90, 90)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_member_records_lecture_on_phone_and_chair_sees_it(
    phone, org_tree, django_user_model, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    require_bootstrap()
    today = today_local()
    committee = seat_committee(org_tree.xinhe, 5, django_user_model, "xinhe_member")
    chair, member = committee[0], committee[1]
    RoleAssignment.objects.create(
        user=chair.user, role=Role.objects.get(code="cadre"), organization=org_tree.xinhe
    )
    compliance.rebuild(organizations=[org_tree.xinhe], year=today.year, today=today)

    login(phone, member.user.username)
    phone.goto(reverse("members:my"))
    lecture = phone.locator('#my-duties li[data-rule="R-EX-02"]')
    expect(lecture.locator(".duty-status")).to_have_text("待完成")
    expect(lecture).to_contain_text("附件2 二")
    expect(phone.locator('#my-owed li[data-rule="R-EX-02"]')).to_contain_text("宣讲 还差 1 次")
    # The page fits the phone: no horizontal scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.locator("#record-activity").tap()
    expect(phone.locator("#activity-form")).to_be_visible()
    phone.select_option("#id_kind", "lecture")
    phone.fill("#id_place", "新河街道妇女之家")
    phone.fill("#id_women_reached", "28")
    phone.fill("#id_note", "宣讲家庭教育促进法")
    phone.set_input_files("#id_photos", str(small_jpeg(tmp_path / "lecture.jpg")))
    phone.locator("#activity-submit").tap()

    phone.wait_for_url(f"**{reverse('members:my')}")
    expect(phone.locator(".alert-success")).to_contain_text("已记录")
    expect(lecture.locator(".duty-status")).to_have_text("已完成")
    expect(phone.locator('#my-owed li[data-rule="R-EX-02"]')).to_have_count(0)
    expect(phone.locator("#my-recent")).to_contain_text("新河街道妇女之家")
    activity = Activity.objects.get(person=member)
    assert ActivityPhoto.objects.filter(activity=activity).count() == 1

    # The chair: the roll-up of her federation counts the lecture, the list shows it.
    phone.context.clear_cookies()
    login(phone, chair.user.username)
    quarter = period_of("quarter", today)
    phone.goto(f"{reverse('members:rollup')}?org={org_tree.xinhe.pk}&period={quarter.code}")
    row = phone.locator('#rollup-rules tr[data-rule="R-EX-02"]')
    expect(row.locator(".members")).to_have_text("5")
    expect(row.locator(".met")).to_have_text("1")
    phone.goto(reverse("members:activities"))
    item = phone.locator(f'.activity-row[data-id="{activity.pk}"]')
    expect(item).to_contain_text(member.name)
    expect(item.locator(".activity-status")).to_have_text("待确认")
    expect(item.locator(".activity-thumb")).to_have_count(1)
    item.get_by_role("button", name="确认").tap()
    expect(item.locator(".activity-status")).to_have_text("已确认")
    activity.refresh_from_db()
    assert activity.status == "confirmed" and activity.verified_by == chair.user
