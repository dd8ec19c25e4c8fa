"""TOTP for administrators: enrolment with a code from the app, the session held at
/account/2fa/verify/ after the password (pages, session API and the admin) until a right
code, wrong codes refused, audited and throttled, removal, and mandatory enrolment."""

import io

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lvzhi.core.models import AuditEvent

pytestmark = pytest.mark.django_db
VERIFY = "/account/2fa/verify/"
SETUP = "/account/2fa/"


def code_for(device) -> str:
    return str(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)).zfill(
        device.digits
    )


def wrong_code(device) -> str:
    return str((int(code_for(device)) + 1) % 10**6).zfill(6)


def unthrottle(device):
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


@pytest.fixture
def staff(make_user):
    return make_user("staffer", is_staff=True)


@pytest.fixture
def enrolled(staff):
    return TOTPDevice.objects.create(user=staff, name="authenticator", confirmed=True)


def test_staff_enrols_with_a_code_computed_from_the_secret(client, staff):
    client.force_login(staff)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "<svg" in page.content.decode() and page.context["secret"]
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    assert client.get(SETUP).context["secret"] == page.context["secret"]  # same key on reload

    refused = client.post(SETUP, {"code": wrong_code(device)})
    assert refused.status_code == 200 and "验证码不正确" in refused.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    unthrottle(device)

    response = client.post(SETUP, {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    event = AuditEvent.objects.get(action="otp_enrol")
    assert event.actor == staff and device.key not in str(event.changes)
    assert client.get("/admin/").status_code == 200  # this session is verified


def test_after_the_password_everything_waits_for_the_code(client, staff, enrolled):
    client.force_login(staff)  # the password step
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.get("/account/tokens/")["Location"].startswith(VERIFY)
    api = client.get("/api/v1/orgs/regions/")
    assert api.status_code == 403 and "动态验证码" in api.json()["detail"]
    assert client.get(VERIFY).status_code == 200

    refused = client.post(VERIFY, {"code": wrong_code(enrolled), "next": "/admin/"})
    assert refused.status_code == 200 and "验证码不正确" in refused.content.decode()
    failure = AuditEvent.objects.get(action="otp_verify_failed")
    assert failure.actor == staff and failure.object_id == str(enrolled.pk)
    # throttled: right after a failure even the right code is refused
    throttled = client.post(VERIFY, {"code": code_for(enrolled), "next": "/admin/"})
    assert "尝试过于频繁" in throttled.content.decode()
    assert client.get("/admin/").status_code == 302

    unthrottle(enrolled)
    response = client.post(VERIFY, {"code": code_for(enrolled), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/api/v1/orgs/regions/").status_code == 200


def test_unsafe_next_is_ignored(client, staff, enrolled):
    client.force_login(staff)
    response = client.post(VERIFY, {"code": code_for(enrolled), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_removal_needs_a_current_code_and_is_audited(client, staff, enrolled):
    client.force_login(staff)
    client.post(VERIFY, {"code": code_for(enrolled)})
    TOTPDevice.objects.filter(pk=enrolled.pk).update(last_t=-1)  # the next 30-second step
    refused = client.post(SETUP, {"code": wrong_code(enrolled)})
    assert refused.status_code == 200 and TOTPDevice.objects.filter(user=staff).exists()
    unthrottle(enrolled)
    assert client.post(SETUP, {"code": code_for(enrolled)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert AuditEvent.objects.filter(action="otp_remove", actor=staff).count() == 1


def test_mandatory_enrolment_for_staff(client, settings, staff, make_user):
    client.force_login(staff)
    assert client.get("/account/tokens/").status_code == 200
    settings.LVZHI_ADMIN_OTP_REQUIRED = True
    response = client.get("/account/tokens/")
    assert response.status_code == 302 and response["Location"].startswith(f"{SETUP}?next=")
    assert client.get("/admin/")["Location"].startswith(SETUP)
    assert client.get(SETUP).status_code == 200
    # other users never enrol and are never held
    client.force_login(make_user("plain"))
    assert client.get("/account/tokens/").status_code == 200
    assert client.get(SETUP).status_code == 404


def test_command_removes_a_lost_device(staff, enrolled):
    out = io.StringIO()
    call_command("otp_remove", "staffer", stdout=out)
    assert not TOTPDevice.objects.filter(user=staff).exists()
    event = AuditEvent.objects.get(action="otp_remove")
    assert event.actor is None


def test_password_login_leads_to_the_code_page(client, staff, enrolled):
    response = client.post("/login/", {"username": "staffer", "password": "pass-1234"})
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert follow.status_code == 302 and follow["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": code_for(enrolled)}).status_code == 302
    assert client.get("/admin/").status_code == 200
