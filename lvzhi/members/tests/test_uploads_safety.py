"""Uploads end to end: an HTML page hidden after a JPEG and named .html is stored as a
re-encoded .jpg and served as an image with nosniff and a sandbox; image bombs answer
400 in Chinese and write nothing; files are served only through their owner's scope, by
nginx when X-Accel-Redirect is set, and never from /media/."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import clear_url_caches, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.core.periods import today_local
from lvzhi.core.tests.files import HTML, big_png, html_jpeg, jpeg_bytes
from lvzhi.core.tokens.models import ApiToken
from lvzhi.core.tokens.services import api_token_create
from lvzhi.members.models import Activity, ActivityPhoto, MemberProfile
from lvzhi.orgs.models import Person

pytestmark = pytest.mark.django_db
MY = "/api/v1/members/me/activities/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def token_client(user):
    token, key = api_token_create(actor=None, user=user, name="测试")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_safe_image(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Cache-Control"].startswith("private")


def test_html_in_a_jpeg_named_html_is_stored_as_a_clean_jpg_and_served_as_an_image(
    committees, settings
):
    member = committees.township[1]
    api = token_client(member.user)
    created = api.post(
        MY,
        {
            "kind": "lecture",
            "date": today_local().isoformat(),
            "photos": [SimpleUploadedFile("evil.html", html_jpeg(), "text/html")],
        },
        format="multipart",
    )
    assert created.status_code == 201, created.content
    photo = ActivityPhoto.objects.get()
    for field in (photo.image, photo.display):
        assert field.name.startswith("activities/") and field.name.endswith(".jpg")
        assert "evil" not in field.name
        data = field.read()
        assert data.startswith(b"\xff\xd8\xff") and b"<html" not in data and b"script" not in data
    urls = created.json()["photos"][0]
    assert urls["image"].startswith("http://testserver/members/activities/photos/")
    served = api.get(urls["image"])  # the API's own URL, with the token
    assert_safe_image(served)
    assert HTML not in body(served)
    assert_safe_image(api.get(urls["display"]))
    # the page shows the served URLs, never /media/
    client = Client()
    client.force_login(member.user)
    page = client.get(reverse("members:activity", args=[photo.activity_id])).content.decode()
    assert reverse("members:activity-photo-display", args=[photo.pk]) in page
    assert "/media/" not in page


@pytest.mark.parametrize("size", [20000, 12000])
def test_image_bombs_answer_400_in_chinese_and_write_nothing(committees, settings, size):
    member = committees.township[1]
    api = token_client(member.user)
    before = (Activity.objects.count(), ActivityPhoto.objects.count(), AuditEvent.objects.count())
    refused = api.post(
        MY,
        {
            "kind": "lecture",
            "date": today_local().isoformat(),
            "photos": [SimpleUploadedFile("bomb.png", big_png(size, size), "image/png")],
        },
        format="multipart",
    )
    assert refused.status_code == 400
    assert "图片尺寸过大" in str(refused.json()["photos"])
    after = (Activity.objects.count(), ActivityPhoto.objects.count(), AuditEvent.objects.count())
    assert after == before and stored_files(settings) == []


def test_person_photo_bomb_is_a_form_error_and_a_clean_photo_is_served(
    org_tree, make_user, settings
):
    cadre = make_user("photo_cadre", "cadre", org_tree.xinhe)
    client = Client()
    client.force_login(cadre)
    url = reverse("orgs:person-create", args=[org_tree.xinhe.pk])
    bomb = SimpleUploadedFile("bomb.png", big_png(20000, 20000), "image/png")
    page = client.post(url, {"name": "刘", "gender": "F", "photo": bomb})
    assert page.status_code == 200 and "图片尺寸过大" in page.content.decode()
    assert not Person.objects.exists() and stored_files(settings) == []

    evil = SimpleUploadedFile("evil.html", html_jpeg(), "text/html")
    done = client.post(url, {"name": "刘", "gender": "F", "photo": evil})
    assert done.status_code == 302
    person = Person.objects.get()
    assert person.photo.name.startswith("people/") and person.photo.name.endswith(".jpg")
    assert b"<html" not in person.photo.read()
    served = client.get(reverse("orgs:person-photo", args=[person.pk]))
    assert_safe_image(served)
    assert served["Cache-Control"] == "private, no-cache"
    detail = client.get(reverse("orgs:person", args=[person.pk])).content.decode()
    assert reverse("orgs:person-photo", args=[person.pk]) in detail
    # anonymous and another district's cadre: 404
    assert Client().get(reverse("orgs:person-photo", args=[person.pk])).status_code == 404
    other = Client()
    other.force_login(make_user("dagu_photo", "cadre", org_tree.dagu))
    assert other.get(reverse("orgs:person-photo", args=[person.pk])).status_code == 404


def _with_photo(person) -> Person:
    name = default_storage.save("people/2026/legacy-photo.html", ContentFile(html_jpeg()))
    Person.objects.filter(pk=person.pk).update(photo=name)
    person.refresh_from_db()
    return person


def test_public_photo_follows_the_public_page_and_old_names_are_served_safely(committees):
    person = _with_photo(committees.township[1])
    profile = MemberProfile.objects.create(
        person=person,
        organization=committees.tree.xinhe,
        org_path=committees.tree.xinhe.path,
        is_published=True,
        public_token="uploads-test",
    )
    url = reverse("members:public-profile-photo", args=[profile.public_token])
    served = Client().get(url)  # anonymous, while published and seated
    assert_safe_image(served)  # a file stored before this change, named .html
    assert served["Content-Disposition"].startswith('inline; filename="photo-')
    page = Client().get(reverse("members:public-profile", args=[profile.public_token]))
    assert url in page.content.decode()
    MemberProfile.objects.filter(pk=profile.pk).update(is_published=False)
    assert Client().get(url).status_code == 404


def test_report_file_is_a_pdf_download(committees):
    from lvzhi.members.meetings import services as svc

    member = committees.township[1]
    report = svc.report_written_submit(
        actor=member.user,
        person=member,
        organization=committees.tree.xinhe,
        year=today_local().year,
        file=SimpleUploadedFile("述职<script>.pdf", b"%PDF-1.4\n%%EOF\n"),
        today=today_local(),
    )
    assert report.file.name.startswith("reports/") and report.file.name.endswith(".pdf")
    client = Client()
    client.force_login(member.user)
    served = client.get(reverse("members:report-file", args=[report.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("attachment;")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]


def test_x_accel_redirect_hands_the_file_to_nginx(committees, settings):
    person = _with_photo(committees.township[1])
    settings.LVZHI_X_ACCEL_REDIRECT = "/protected-media/"
    client = Client()
    client.force_login(person.user)
    served = client.get(reverse("members:profile-photo", args=[person.pk]))
    assert served.status_code == 200 and served.content == b""
    assert served["X-Accel-Redirect"] == "/protected-media/" + person.photo.name
    assert served["Content-Type"] == "image/jpeg" and served["X-Content-Type-Options"] == "nosniff"


def test_media_is_not_served_even_with_debug_on(committees, settings):
    person = _with_photo(committees.township[1])
    client = Client()
    client.force_login(person.user)
    settings.DEBUG = True
    import lvzhi.urls

    try:
        importlib.reload(lvzhi.urls)
        clear_url_caches()
        assert client.get(settings.MEDIA_URL + person.photo.name).status_code == 404
        assert client.get("/media/").status_code == 404
    finally:
        settings.DEBUG = False
        importlib.reload(lvzhi.urls)
        clear_url_caches()


def test_photo_urls_answer_404_out_of_scope(committees, make_user):
    member = committees.township[1]
    activity = Activity.objects.create(
        person=member,
        organization=committees.tree.xinhe,
        org_path=committees.tree.xinhe.path,
        kind="lecture",
        date=today_local(),
    )
    photo = ActivityPhoto.objects.create(
        activity=activity,
        org_path=activity.org_path,
        image=default_storage.save("activities/2026/x.jpg", ContentFile(jpeg_bytes())),
    )
    url = reverse("members:activity-photo", args=[photo.pk])
    display = reverse("members:activity-photo-display", args=[photo.pk])  # falls back to image
    own = Client()
    own.force_login(member.user)
    assert own.get(url).status_code == 200 and own.get(display).status_code == 200
    other = Client()
    other.force_login(committees.township[2].user)
    anonymous = Client()
    dagu = Client()
    dagu.force_login(make_user("dagu_c", "cadre", committees.tree.dagu))
    for client in (other, anonymous, dagu):
        refused = client.get(url)
        assert refused.status_code == 404 and member.name not in refused.content.decode()
