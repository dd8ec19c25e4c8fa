"""Activities recorded offline on the phone: each carries the id the phone gave it
(``client_id``); sent again by the same person it answers with the activity saved the
first time and writes nothing (API: 200 instead of 201; page: redirect to it), also when
two sends race; another person may use the same id. The web app's manifest and service
worker are served under /members/."""

import io
import uuid
from unittest import mock

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.core.periods import today_local
from lvzhi.members.activities import services
from lvzhi.members.models import Activity, ActivityPhoto, MemberCompliance

pytestmark = pytest.mark.django_db
MY = "/api/v1/members/me/activities/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def member(committees):
    return committees.township[1]


@pytest.fixture
def other(committees):
    return committees.township[2]


def png(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (90, 160, 90)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def api_for(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def state():
    return (
        Activity.objects.count(),
        ActivityPhoto.objects.count(),
        AuditEvent.objects.count(),
        MemberCompliance.objects.filter(done__gt=0).count(),
    )


def body(client_id, **extra):
    return {
        "kind": "lecture",
        "date": today_local().isoformat(),
        "place": "妇女之家",
        "client_id": str(client_id),
        **extra,
    }


# API --------------------------------------------------------------------------------


def test_api_same_client_id_twice_saves_once_and_answers_200(member):
    api = api_for(member)
    client_id = uuid.uuid4()
    first = api.post(MY, body(client_id, photos=[png()]), format="multipart")
    assert first.status_code == 201, first.content
    saved = state()
    assert saved[:2] == (1, 1)

    again = api.post(MY, body(client_id, photos=[png()]), format="multipart")

    assert again.status_code == 200, again.content
    assert again.json()["id"] == first.json()["id"]
    assert len(again.json()["photos"]) == 1
    assert state() == saved  # no second activity, photo, audit event or count
    activity = Activity.objects.get()
    assert activity.client_id == client_id and activity.person == member
    assert AuditEvent.objects.filter(object_id=str(activity.pk), action="create").count() == 1


def test_api_same_client_id_by_another_person_is_another_activity(member, other):
    client_id = uuid.uuid4()
    assert api_for(member).post(MY, body(client_id), format="json").status_code == 201
    response = api_for(other).post(MY, body(client_id), format="json")
    assert response.status_code == 201, response.content
    assert Activity.objects.filter(client_id=client_id).count() == 2
    assert {a.person_id for a in Activity.objects.all()} == {member.pk, other.pk}


def test_api_without_client_id_records_each_send(member):
    api = api_for(member)
    data = body(uuid.uuid4())
    del data["client_id"]
    assert api.post(MY, data, format="json").status_code == 201
    assert api.post(MY, data, format="json").status_code == 201
    assert Activity.objects.count() == 2
    assert not Activity.objects.filter(client_id__isnull=False).exists()


@pytest.mark.parametrize("bad", ["not-a-uuid", "1234", "g" * 32])
def test_api_malformed_client_id_is_refused_in_chinese(member, bad):
    response = api_for(member).post(MY, body(bad), format="json")
    assert response.status_code == 400
    assert response.json()["client_id"] == ["客户端编号格式不正确"]
    assert Activity.objects.count() == 0


# Service: the race --------------------------------------------------------------------


def test_resend_racing_the_first_send_returns_the_saved_row(member):
    """The second send looked before the first was committed (it saw no row) and then
    hits the unique constraint: it answers with the first send's activity, writes
    nothing, and the transaction stays usable."""
    client_id = uuid.uuid4()
    first, created = services.activity_record_once(
        actor=member.user,
        person=member,
        kind="lecture",
        date=today_local(),
        client_id=client_id,
    )
    assert created
    saved = state()
    real = services._sent_before
    calls = []

    def not_yet(person, cid):
        calls.append(cid)
        return None if len(calls) == 1 else real(person, cid)

    with mock.patch.object(services, "_sent_before", side_effect=not_yet):
        again, created = services.activity_record_once(
            actor=member.user,
            person=member,
            kind="lecture",
            date=today_local(),
            photos=[png()],
            client_id=str(client_id),
        )
    assert len(calls) == 2  # the constraint answered, then the saved row was read
    assert not created and again.pk == first.pk
    assert state() == saved
    assert Activity.objects.filter(person=member).count() == 1


def test_service_refuses_malformed_client_id(member):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.activity_record(
            actor=member.user, person=member, kind="lecture", date=today_local(), client_id="x"
        )
    assert refused.value.message_dict == {"client_id": ["客户端编号格式不正确"]}


# Page ---------------------------------------------------------------------------------


def test_page_resend_redirects_to_the_saved_activity(client, member):
    client.force_login(member.user)
    client_id = uuid.uuid4()
    form = {**body(client_id), "women_reached": "12", "photos": png()}
    first = client.post(reverse("members:activity-new"), form)
    assert first.status_code == 302 and first["Location"] == reverse("members:my")
    saved = state()
    activity = Activity.objects.get()
    assert activity.client_id == client_id

    again = client.post(reverse("members:activity-new"), {**form, "photos": png()})

    assert again.status_code == 302
    assert again["Location"] == reverse("members:activity", args=[activity.pk])
    assert state() == saved


def test_page_form_carries_a_client_id_field(client, member):
    client.force_login(member.user)
    html = client.get(reverse("members:activity-new")).content.decode()
    assert 'type="hidden" name="client_id"' in html
    assert 'data-offline="1"' in html
    assert "members/offline.js" in html


def test_page_malformed_client_id_is_refused_in_chinese(client, member):
    client.force_login(member.user)
    response = client.post(reverse("members:activity-new"), body("abc"))
    assert response.status_code == 400
    assert "客户端编号格式不正确" in response.content.decode()
    assert Activity.objects.count() == 0


# Installable web app -------------------------------------------------------------------


def test_service_worker_is_served_under_members_for_anyone(client):
    response = client.get(reverse("members:service-worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/members/"
    assert reverse("members:service-worker").startswith("/members/")
    script = response.content.decode()
    assert '"/members/me/"' in script and '"/members/activities/new/"' in script
    assert "/static/members/offline.js" in script
    assert client.post(reverse("members:service-worker")).status_code == 405


def test_manifest_names_the_app_and_its_icons(client):
    response = client.get(reverse("members:manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "履职" and manifest["lang"] == "zh-Hans"
    assert manifest["start_url"] == "/members/me/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert sizes == {"192x192", "512x512"}
    for size in (192, 512):
        found = finders.find(f"members/icons/icon-{size}.png")
        assert found, size
        with Image.open(found) as icon:
            assert icon.size == (size, size) and icon.format == "PNG"


def test_phone_page_links_manifest_and_offline_list(client, member):
    client.force_login(member.user)
    html = client.get(reverse("members:my")).content.decode()
    assert f'rel="manifest" id="members-manifest" href="{reverse("members:manifest")}"' in html
    assert f'data-worker="{reverse("members:service-worker")}"' in html
    assert 'data-scope="/members/"' in html and f'data-api="{MY}"' in html
    assert 'id="offline-pending"' in html and "待上传" in html
