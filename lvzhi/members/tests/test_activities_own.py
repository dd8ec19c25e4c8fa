"""A member's own activities are found by her person, whatever the scope of her roles.

The case of issue 11: a member whose role assignment is at her village sits on the
township committee and records an activity there. It counts; she must see and open it
(list, detail, photo, phone page, API), while other members' activities stay hidden."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from lvzhi.core.models import RoleAssignment
from lvzhi.core.periods import today_local
from lvzhi.members.activities import services

pytestmark = pytest.mark.django_db

MY = "/api/v1/members/me/activities/"
ALL = "/api/v1/members/activities/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (60, 120, 180)).save(buffer, "JPEG")
    return SimpleUploadedFile("p.jpg", buffer.getvalue(), "image/jpeg")


@pytest.fixture
def mismatch(committees):
    """xinhe_member2 sits on the township committee; her member role is at the village."""
    member = committees.township[1]
    RoleAssignment.objects.filter(user=member.user).update(
        organization=committees.tree.xinhe_1, include_descendants=False
    )
    member.user.refresh_from_db()
    mine = services.activity_record(
        actor=member.user,
        person=member,
        kind="lecture",
        date=today_local(),
        note="镇执委的宣讲",
        photos=[jpeg()],
    )
    other = committees.village[1]  # a member at the village, where her role is
    theirs = services.activity_record(
        actor=other.user, person=other, kind="lecture", date=today_local(), note="别人的宣讲"
    )
    return member, mine, theirs


def test_member_finds_her_activity_outside_her_role_scope(client, mismatch):
    member, mine, theirs = mismatch
    assert mine.organization.path != member.user.role_assignments.get().organization.path
    client.force_login(member.user)
    listing = client.get(reverse("members:activities")).content.decode()
    assert "镇执委的宣讲" in listing and "别人的宣讲" not in listing
    assert client.get(reverse("members:activity", args=[mine.pk])).status_code == 200
    assert client.get(reverse("members:activity-edit", args=[mine.pk])).status_code == 200
    photo = mine.photos.get()
    assert client.get(reverse("members:activity-photo", args=[photo.pk])).status_code == 200
    phone = client.get(reverse("members:my")).content.decode()
    assert reverse("members:activity", args=[mine.pk]) in phone
    assert client.get(reverse("members:activity", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("members:activity-edit", args=[theirs.pk])).status_code == 404


def test_api_finds_her_activity_outside_her_role_scope(mismatch):
    member, mine, theirs = mismatch
    api = APIClient()
    api.force_authenticate(member.user)
    for base in (MY, ALL):
        ids = [row["id"] for row in api.get(base).json()["results"]]
        assert ids == [mine.pk], base
        assert api.get(f"{base}{mine.pk}/").status_code == 200, base
        assert api.get(f"{base}{theirs.pk}/").status_code == 404, base
