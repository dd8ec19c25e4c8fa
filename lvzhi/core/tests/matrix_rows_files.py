"""Rows of the authorization matrix for the views that serve uploaded files
(``FILE_ROWS``). Each serving view loads the owning object the way its page does, so each
row expects what the owner's page answers, except that an unknown visitor gets 404 (a
file is never a login redirect): the person page's rule for a person's photo, the member
profile's for her profile photo, the activity page's for an activity's photos, the report
page's for a report's file. The public profile photo is served to anyone while the profile
is published and she holds a seat, and to no one otherwise.

Files are written with the ORM and the storage (no audit) into the test's temporary media
folder (root conftest)."""

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import (
    NOT_FOUND,
    OK,
    Row,
    cadres,
    everyone,
    readers,
)

CADRES = cadres(anonymous=NOT_FOUND)  # a file is never a login redirect


def _store(kind: str, content: bytes, ext: str) -> str:
    import uuid

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    return default_storage.save(f"{kind}/2026/{uuid.uuid4().hex}.{ext}", ContentFile(content))


def photo_of(o):
    """``o.person`` with a stored photo."""
    if not getattr(o, "_photo", None):
        from lvzhi.core.tests.files import jpeg_bytes
        from lvzhi.orgs.models import Person

        o._photo = _store("people", jpeg_bytes(), "jpg")
        Person.objects.filter(pk=o.person.pk).update(photo=o._photo)
    return o.person


def activity_photo_of(o):
    """A photo (with its display copy) of an activity of ``o.person`` at ``o``."""
    if getattr(o, "_activity_photo", None) is None:
        from lvzhi.core.tests.files import jpeg_bytes
        from lvzhi.members.models import ActivityPhoto
        from lvzhi.members.tests.matrix_rows_activities import activity_of

        o._activity_photo = ActivityPhoto.objects.create(
            activity=activity_of(o),
            org_path=o.path,
            image=_store("activities", jpeg_bytes(), "jpg"),
            display=_store("activities", jpeg_bytes((32, 24)), "jpg"),
            size=100,
        )
    return o._activity_photo


def report_file_of(o):
    """A written report of ``o.person`` with a stored PDF."""
    from lvzhi.members.tests.matrix_rows_meetings import report_of

    report = report_of(o)
    if not report.file:
        report.file = _store("reports", b"%PDF-1.4\n%matrix\n%%EOF\n", "pdf")
        report.save(update_fields=["file"])
    return report


def public_photo_token(o, published=True):
    from lvzhi.members.tests.matrix_rows_profiles import profile_of

    photo_of(o)
    return profile_of(o, published).public_token


def own_photo(o):
    from lvzhi.members.tests.matrix_rows_profiles import own_person

    photo_of(o)
    return own_person(o)


FILE_ROWS = [
    Row(
        "person photo",
        "GET",
        lambda o: reverse("orgs:person-photo", args=[photo_of(o).pk]),
        readers(anonymous=NOT_FOUND),
    ),
    Row(
        "member profile photo",
        "GET",
        lambda o: reverse("members:profile-photo", args=[photo_of(o).pk]),
        CADRES,
    ),
    Row(
        "own profile photo (member is the person)",
        "GET",
        lambda o: reverse("members:profile-photo", args=[own_photo(o).pk]),
        {**CADRES, "member": OK},
    ),
    Row(
        "public profile photo (published)",
        "GET",
        lambda o: reverse("members:public-profile-photo", args=[public_photo_token(o)]),
        everyone(OK),
    ),
    Row(
        "public profile photo (unpublished)",
        "GET",
        lambda o: reverse("members:public-profile-photo", args=[public_photo_token(o, False)]),
        everyone(NOT_FOUND),
    ),
    Row(
        "activity photo",
        "GET",
        lambda o: reverse("members:activity-photo", args=[activity_photo_of(o).pk]),
        CADRES,
    ),
    Row(
        "activity photo display copy",
        "GET",
        lambda o: reverse("members:activity-photo-display", args=[activity_photo_of(o).pk]),
        CADRES,
    ),
    Row(
        "written report file",
        "GET",
        lambda o: reverse("members:report-file", args=[report_file_of(o).pk]),
        CADRES,
    ),
    Row(
        "written report file (API)",
        "GET",
        lambda o: f"/api/v1/members/reports/{report_file_of(o).pk}/file/",
        cadres(),
        api=True,
    ),
]
