"""On a phone without signal: the member's page is an installable web app whose service
worker keeps the page and the recording form; she records a 宣讲 with a photo while
offline, sees it under 待上传, and when the network returns it is sent, saved once, and
her quarter turns 已完成."""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lvzhi.core.periods import today_local
from lvzhi.members.compliance import services as compliance
from lvzhi.members.models import Activity, ActivityPhoto
from lvzhi.members.tests.conftest import seat_committee

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", base_url=live_server.url, service_workers="allow", **PHONE
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def small_png(path):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (480, 360), (90, 160, 200)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_member_records_lecture_offline_and_it_is_sent_once_online(
    phone, org_tree, django_user_model, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = today_local()
    member = seat_committee(org_tree.xinhe, 3, django_user_model, "offline_member")[1]
    compliance.rebuild(organizations=[org_tree.xinhe], year=today.year, today=today)

    login(phone, member.user.username)
    phone.goto(reverse("members:my"))
    lecture = phone.locator('#my-duties li[data-rule="R-EX-02"]')
    expect(lecture.locator(".duty-status")).to_have_text("待完成")
    # The web app: its manifest in <head>, its worker active and controlling the page.
    manifest = phone.evaluate(
        "document.head.querySelector('link[rel=manifest]')?.getAttribute('href')"
    )
    assert manifest == reverse("members:manifest")
    scope = phone.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope.endswith("/members/")
    controlled = phone.evaluate(
        """() => navigator.serviceWorker.controller !== null || new Promise(resolve =>
            navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true)))"""
    )
    assert controlled is True
    kept = phone.evaluate(
        """async () => {
            const names = await caches.keys();
            const cache = await caches.open(names.find(n => n.startsWith('lvzhi-members-')));
            return (await cache.keys()).map(r => new URL(r.url).pathname);
        }"""
    )
    assert {reverse("members:my"), reverse("members:activity-new")} <= set(kept)

    phone.context.set_offline(True)
    assert phone.evaluate("navigator.onLine") is False
    with phone.expect_navigation() as opened:
        phone.locator("#record-activity").tap()
    assert opened.value.from_service_worker  # no network: the page the worker kept
    expect(phone.locator("#activity-form")).to_be_visible()
    client_id = phone.locator('input[name="client_id"]').input_value()
    assert len(client_id) == 36
    phone.select_option("#id_kind", "lecture")
    phone.fill("#id_place", "新河村文化室")
    phone.fill("#id_women_reached", "15")
    phone.set_input_files("#id_photos", str(small_png(tmp_path / "lecture.png")))
    phone.locator("#activity-submit").tap()

    phone.wait_for_url(f"**{reverse('members:my')}")
    pending = phone.locator("#offline-pending-list .pending-activity")
    expect(pending).to_have_count(1)
    expect(phone.locator("#offline-pending")).to_contain_text("待上传")
    expect(pending).to_contain_text("宣讲")
    expect(pending).to_contain_text("新河村文化室")
    expect(pending).to_contain_text("1张照片")
    assert Activity.objects.count() == 0

    phone.context.set_offline(False)
    expect(pending).to_have_count(0)
    expect(lecture.locator(".duty-status")).to_have_text("已完成")
    expect(phone.locator('#my-owed li[data-rule="R-EX-02"]')).to_have_count(0)
    expect(phone.locator("#my-recent")).to_contain_text("新河村文化室")
    activity = Activity.objects.get()
    assert activity.person == member and activity.kind == "lecture"
    assert str(activity.client_id) == client_id and activity.women_reached == 15
    assert ActivityPhoto.objects.filter(activity=activity).count() == 1

    # Sent again (a lost answer, another tab): still one activity.
    again = phone.evaluate(
        """async (id) => {
            const body = new FormData();
            body.append('kind', 'lecture');
            body.append('date', new Date().toISOString().slice(0, 10));
            body.append('client_id', id);
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const r = await fetch('/api/v1/members/me/activities/', {
                method: 'POST', body, headers: {'X-CSRFToken': token}});
            return [r.status, (await r.json()).id];
        }""",
        client_id,
    )
    assert again == [200, activity.pk]
    assert Activity.objects.count() == 1
