"""A JPEG with an HTML page appended, uploaded as an activity photo named ``.html``, never
runs in the platform's origin: the stored file is re-encoded, and it (like a file stored
before re-encoding existed) is served as an image with nosniff and a sandbox."""

import base64

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from playwright.sync_api import expect

from lvzhi.core.tests.files import html_jpeg
from lvzhi.members.models import Activity, ActivityPhoto
from lvzhi.members.tests.conftest import seat_committee

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_no_script_ran(page, response):
    assert response.status == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]
    assert response.headers["content-disposition"].startswith("inline;")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.title() != "pwned"
    assert page.evaluate("document.contentType") == "image/jpeg"
    assert page.locator("script").count() == 0


def test_html_in_a_jpeg_never_executes(page, org_tree, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    member = seat_committee(org_tree.xinhe, 3, django_user_model, "upl_member")[1]
    evil = tmp_path / "evil.html"
    evil.write_bytes(html_jpeg())
    # the HTML runs when the bytes are a page: the probe is real
    page.goto("data:text/html;base64," + base64.b64encode(html_jpeg()).decode())
    assert page.evaluate("window.pwned") == 1

    login(page, member.user.username)
    page.goto(reverse("members:my"))
    page.locator("#record-activity").click()
    page.select_option("#id_kind", "lecture")
    page.fill("#id_place", "妇女之家")
    page.set_input_files("#id_photos", str(evil))
    page.locator("#activity-submit").click()
    page.wait_for_url(f"**{reverse('members:my')}")
    expect(page.locator(".alert-success")).to_contain_text("已记录")
    photo = ActivityPhoto.objects.get(activity__person=member)
    assert photo.image.name.endswith(".jpg") and b"<script" not in photo.image.read()

    response = page.goto(reverse("members:activity-photo", args=[photo.pk]))
    assert_no_script_ran(page, response)

    # a file stored under its uploader's name before this change: still only an image
    legacy = ActivityPhoto.objects.create(
        activity=Activity.objects.get(person=member),
        org_path=org_tree.xinhe.path,
        image=default_storage.save("activities/2026/11/evil.html", ContentFile(html_jpeg())),
    )
    assert b"<script" in legacy.image.read()
    response = page.goto(reverse("members:activity-photo", args=[legacy.pk]))
    assert_no_script_ran(page, response)
    # (/media/ itself is tested with Django's client: the live test server serves
    # MEDIA_URL on its own, in front of the platform's URLs)
