"""Authorization matrix rows of the 妇女之家 assessments (R-HM-01/02): the home's
assessments page, an assessment with its checklist, an evidence file and the API's
detail are read like the home (``readers``); evidence answers anonymous users 404.

Each target organization gets, the first time a row asks, one assessment of its home with
one part and one evidence photo, written with the ORM (no case: the rows read)."""

from django.urls import reverse

from lvzhi.core.tests.test_authorization_matrix import NOT_FOUND, Row, readers

from .matrix_rows_homes import API, home_of


def assessment_of(o):
    if getattr(o, "_home_assessment", None) is None:
        from lvzhi.homes.models import Assessment

        home = home_of(o)
        o._home_assessment = Assessment.objects.create(home=home, org_path=home.org_path, year=2026)
    return o._home_assessment


def evidence_of(o):
    if getattr(o, "_home_evidence", None) is None:
        import uuid

        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        from lvzhi.core.tests.files import jpeg_bytes
        from lvzhi.homes.models import AssessmentPart, Evidence

        assessment = assessment_of(o)
        part = AssessmentPart.objects.create(
            assessment=assessment, org_path=assessment.org_path, code="sign_board", met=True
        )
        name = default_storage.save(f"homes/2026/{uuid.uuid4().hex}.jpg", ContentFile(jpeg_bytes()))
        o._home_evidence = Evidence.objects.create(
            part=part, org_path=part.org_path, file=name, original_name="标识牌.jpg", is_image=True
        )
    return o._home_evidence


ASSESSMENT_ROWS = [
    Row(
        "homes assessments of a home",
        "GET",
        lambda o: reverse("homes:assessments", args=[home_of(o).pk]),
        readers(),
    ),
    Row(
        "homes assessment",
        "GET",
        lambda o: reverse("homes:assessment", args=[assessment_of(o).pk]),
        readers(),
    ),
    Row(
        "homes assessment evidence",
        "GET",
        lambda o: reverse("homes:evidence", args=[evidence_of(o).pk]),
        readers(anonymous=NOT_FOUND),
    ),
    Row(
        "homes api assessment",
        "GET",
        lambda o: f"{API}/assessments/{assessment_of(o).pk}/",
        readers(),
        api=True,
    ),
    Row(
        "homes closest to designation",
        "GET",
        lambda o: reverse("homes:assessments-closest") + f"?org={o.pk}",
        readers(),
    ),
    Row(
        "homes api closest to designation",
        "GET",
        lambda o: f"{API}/closest/?org={o.pk}",
        readers(),
        api=True,
    ),
]
