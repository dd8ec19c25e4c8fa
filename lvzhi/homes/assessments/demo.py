"""Demo assessments: homes of the demo district at every stage of R-HM-01/02 — one just
started, one returned by the township with a reason (the village chair's own home when
she has one), one waiting for the township, one for the district, one designated through
the flow, one designated home re-checked and kept, one re-checked and withdrawn. The
village's steps are taken by ``admin``, the reviews and decisions by ``bh_cadre`` (the
applicant never decides her own application). Idempotent: nothing is added once the
district has an assessment."""

import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from .. import rules
from ..models import Assessment, Designation, Home
from . import services

REASON = "值班表照片看不清，请重新拍摄上传"


def _photo(name: str, colour: str):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _fill(actor, assessment, codes=None):
    for code in codes or rules.part_codes():
        services.part_record(
            actor=actor,
            assessment=Assessment.objects.get(pk=assessment.pk),
            code=code,
            met=True,
            note="已落实",
            evidence=[_photo(f"{code}.jpg", "#c0392b")],
        )


def _fresh(assessment):
    return Assessment.objects.select_related("case__current_step", "home__organization").get(
        pk=assessment.pk
    )


def _agreed(**returned):
    reviews = {code: ("agreed", "") for code in rules.part_codes()}
    reviews.update({code: ("returned", reason) for code, reason in returned.items()})
    return reviews


def load_assessments_demo(district, admin, subtree: dict) -> dict:
    counts = {"assessments": 0, "designated_by_flow": 0, "withdrawn": 0}
    reviewer = get_user_model().objects.filter(username="bh_cadre").first()
    if reviewer is None or Assessment.objects.filter(**subtree).exists():
        return counts
    homes = list(Home.objects.filter(**subtree).select_related("organization").order_by("org_path"))
    chair_home = next((h for h in homes if h.organization.code == "BH-FL-006-02"), None)
    undesignated = [h for h in homes if h.designation == Designation.NONE and h != chair_home]
    designated = [h for h in homes if h.designation == Designation.DESIGNATED]
    stages = ["returned", "started", "township", "district", "designated"]
    queue = ([chair_home] if chair_home else []) + undesignated
    for stage, home in zip(stages, queue, strict=False):
        assessment = services.assessment_start(actor=admin, home=home)
        counts["assessments"] += 1
        if stage == "started":
            _fill(admin, assessment, rules.part_codes()[:5])
            continue
        _fill(admin, assessment)
        services.assessment_submit(actor=admin, assessment=_fresh(assessment))
        if stage == "township":
            continue
        returned = stage == "returned"
        services.assessment_review(
            actor=reviewer,
            assessment=_fresh(assessment),
            reviews=_agreed(rota=REASON) if returned else _agreed(),
        )
        if stage in ("returned", "district"):
            continue
        services.assessment_decide(actor=reviewer, assessment=_fresh(assessment), designate=True)
        counts["designated_by_flow"] += 1
    all_met = dict.fromkeys(rules.part_codes(), True)
    for index, home in enumerate(designated[:2]):
        failed = index == 1
        services.recheck_record(
            actor=reviewer,
            home=home,
            results={**all_met, "rota": False} if failed else all_met,
            notes={"rota": "复核时无人值班，值班表未上墙"} if failed else {},
        )
        counts["assessments"] += 1
        counts["withdrawn"] += failed
    return counts
