"""Six-standard assessment and designation on the process engine (R-HM-01/02): the village
self-assesses with evidence, the township returns a part with a reason, she fixes it, the
district designates; a failed re-check withdraws the name. Refusals change nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.core.models import AuditEvent
from lvzhi.core.scopes import OutOfScope
from lvzhi.homes import rules
from lvzhi.homes.assessments import services
from lvzhi.homes.models import (
    Assessment,
    AssessmentPart,
    AssessmentStatus,
    Designation,
    Evidence,
    Home,
    PartReview,
)
from lvzhi.processes import services as processes
from lvzhi.processes.models import CaseStatus

from .test_services import jpeg

pytestmark = pytest.mark.django_db


def pdf(name="plan.pdf"):
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def people(org_tree, make_user, cadre):
    return {
        "village": make_user("village_chair", "cadre", org_tree.xinhe_1),
        "township": cadre,
        "district": make_user("district_cadre", "cadre", org_tree.district),
        "other": make_user("dagu_cadre", "cadre", org_tree.dagu),
    }


def fill_all(assessment, actor, skip=()):
    for code in rules.part_codes():
        if code in skip:
            continue
        services.part_record(
            actor=actor,
            assessment=assessment,
            code=code,
            met=True,
            note="已落实",
            evidence=[jpeg(f"{code}.jpg")],
        )


def reload(assessment):
    return Assessment.objects.select_related("case__current_step", "home").get(pk=assessment.pk)


def all_agreed(**returned):
    reviews = {code: ("agreed", "") for code in rules.part_codes()}
    reviews.update({code: ("returned", reason) for code, reason in returned.items()})
    return reviews


def test_the_whole_flow_with_a_returned_part(people, homes, clock):
    home = homes["xinhe_1"]
    a = services.assessment_start(actor=people["village"], home=home)
    assert a.status == AssessmentStatus.SELF
    assert a.parts.count() == len(rules.part_codes())
    assert [s.name for s in a.case.steps.order_by("order")] == [
        "村（社区）妇联自评",
        "乡镇（街道）妇联审核",
        "区县妇联命名",
    ]
    fill_all(a, people["village"])
    a = services.assessment_submit(actor=people["village"], assessment=reload(a))
    assert a.status == AssessmentStatus.TOWNSHIP
    assert a.verdicts[-1]["rule_id"] == "R-HM-01" and a.verdicts[-1]["outcome"] == "met"

    a = services.assessment_review(
        actor=people["township"],
        assessment=reload(a),
        reviews=all_agreed(rota="值班表未上墙"),
    )
    assert a.status == AssessmentStatus.SELF
    part = a.parts.get(code="rota")
    assert part.review == "returned" and part.review_reason == "值班表未上墙"
    assert a.verdicts[-1]["outcome"] == "returned" and "值班表未上墙" in a.verdicts[-1]["detail"]
    assert a.case.events.filter(kind="returned").exists()

    services.part_record(
        actor=people["village"],
        assessment=reload(a),
        code="rota",
        met=True,
        note="值班表已上墙",
        evidence=[jpeg("rota2.jpg")],
    )
    assert AssessmentPart.objects.get(assessment=a, code="rota").review == ""
    a = services.assessment_submit(actor=people["village"], assessment=reload(a))
    a = services.assessment_review(
        actor=people["township"], assessment=reload(a), reviews=all_agreed()
    )
    assert a.status == AssessmentStatus.DISTRICT
    a = services.assessment_decide(actor=people["district"], assessment=reload(a), designate=True)
    assert a.status == AssessmentStatus.DESIGNATED
    home = Home.objects.get(pk=home.pk)
    assert home.designation == Designation.DESIGNATED and home.designated_on == clock.today
    assert [v["rule_id"] for v in a.verdicts[-2:]] == ["R-HM-01", "R-HM-02"]
    assert reload(a).case.status == CaseStatus.FINISHED
    assert AuditEvent.objects.filter(action="designate", object_id=str(home.pk)).exists()


def test_submit_refused_until_every_part_is_met_with_evidence(people, homes):
    a = services.assessment_start(actor=people["village"], home=homes["xinhe_1"])
    fill_all(a, people["village"], skip=("rota",))
    services.part_record(actor=people["village"], assessment=reload(a), code="rota", met=True)
    with pytest.raises(ValidationError) as exc:
        services.assessment_submit(actor=people["village"], assessment=reload(a))
    assert "缺少佐证材料" in exc.value.messages[0] and "R-HM-01" in exc.value.messages[0]
    services.part_record(actor=people["village"], assessment=reload(a), code="rota", met=False)
    with pytest.raises(ValidationError) as exc:
        services.assessment_submit(actor=people["village"], assessment=reload(a))
    assert "未达到" in exc.value.messages[0]
    assert reload(a).status == AssessmentStatus.SELF and reload(a).verdicts == []


def test_only_who_acts_on_the_step_moves_it(people, homes):
    a = services.assessment_start(actor=people["village"], home=homes["xinhe_1"])
    with pytest.raises(PermissionDenied):
        services.part_record(actor=people["other"], assessment=reload(a), code="rota", met=True)
    fill_all(a, people["village"])
    services.assessment_submit(actor=people["village"], assessment=reload(a))
    with pytest.raises(PermissionDenied):  # the village cannot review her own application
        services.assessment_review(
            actor=people["village"], assessment=reload(a), reviews=all_agreed()
        )
    with pytest.raises(ValidationError):  # the district's turn has not come
        services.assessment_decide(actor=people["district"], assessment=reload(a), designate=True)
    assert reload(a).status == AssessmentStatus.TOWNSHIP


def test_review_needs_every_part_and_a_reason_for_a_return(people, homes):
    a = services.assessment_start(actor=people["village"], home=homes["xinhe_1"])
    fill_all(a, people["village"])
    services.assessment_submit(actor=people["village"], assessment=reload(a))
    reviews = all_agreed(rota=" ")
    with pytest.raises(ValidationError) as exc:
        services.assessment_review(actor=people["township"], assessment=reload(a), reviews=reviews)
    assert "退回需填写理由" in exc.value.messages[0]
    reviews = all_agreed()
    del reviews["sign_board"]
    with pytest.raises(ValidationError) as exc:
        services.assessment_review(actor=people["township"], assessment=reload(a), reviews=reviews)
    assert "未审核" in exc.value.messages[0]
    assert reload(a).status == AssessmentStatus.TOWNSHIP
    assert not AssessmentPart.objects.filter(assessment=a).exclude(review="").exists()


def test_district_returns_with_a_reason(people, homes):
    a = services.assessment_start(actor=people["village"], home=homes["xinhe_1"])
    fill_all(a, people["village"])
    services.assessment_submit(actor=people["village"], assessment=reload(a))
    services.assessment_review(actor=people["township"], assessment=reload(a), reviews=all_agreed())
    with pytest.raises(ValidationError):
        services.assessment_decide(actor=people["district"], assessment=reload(a), designate=False)
    a = services.assessment_decide(
        actor=people["district"], assessment=reload(a), designate=False, reason="场地照片不清晰"
    )
    assert a.status == AssessmentStatus.SELF
    assert Home.objects.get(pk=a.home_id).designation == Designation.NONE
    assert "场地照片不清晰" in a.verdicts[-1]["detail"]


def test_bad_evidence_is_refused_and_nothing_is_stored(people, homes):
    a = services.assessment_start(actor=people["village"], home=homes["xinhe_1"])
    fake = SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        services.part_record(
            actor=people["village"],
            assessment=reload(a),
            code="rota",
            met=True,
            evidence=[pdf(), fake],
        )
    assert "x.jpg" in exc.value.message_dict["evidence"][0]
    assert not Evidence.objects.exists()
    assert AssessmentPart.objects.get(assessment=a, code="rota").met is None
    services.part_record(
        actor=people["village"], assessment=reload(a), code="rota", met=True, evidence=[pdf()]
    )
    assert Evidence.objects.get().is_image is False


def test_one_open_assessment_and_not_for_a_designated_home(people, homes):
    services.assessment_start(actor=people["village"], home=homes["xinhe_1"])
    with pytest.raises(ValidationError):
        services.assessment_start(actor=people["village"], home=homes["xinhe_1"])
    Home.objects.filter(pk=homes["dagu_1"].pk).update(designation=Designation.DESIGNATED)
    with pytest.raises(ValidationError):
        services.assessment_start(actor=people["other"], home=homes["dagu_1"])
    assert Assessment.objects.count() == 1


def test_failed_recheck_withdraws_and_passed_keeps(people, homes, clock):
    home = homes["xinhe_1"]
    Home.objects.filter(pk=home.pk).update(designation=Designation.DESIGNATED)
    results = dict.fromkeys(rules.part_codes(), True)
    kept = services.recheck_record(actor=people["district"], home=home, results=results)
    assert kept.status == AssessmentStatus.KEPT
    assert Home.objects.get(pk=home.pk).designation == Designation.DESIGNATED
    with pytest.raises(OutOfScope):  # a township cadre does not re-check
        services.recheck_record(actor=people["township"], home=home, results=results)
    results["rota"] = False
    with pytest.raises(ValidationError):  # a failed part needs its note
        services.recheck_record(actor=people["district"], home=home, results=results)
    failed = services.recheck_record(
        actor=people["district"], home=home, results=results, notes={"rota": "无人值班"}
    )
    assert failed.status == AssessmentStatus.WITHDRAWN
    assert [v["rule_id"] for v in failed.verdicts] == ["R-HM-01", "R-HM-02"]
    assert Home.objects.get(pk=home.pk).designation == Designation.WITHDRAWN


def test_rules_review_verdict_table():
    all_ok = {c: ("agreed", "") for c in rules.part_codes()}
    assert rules.review_verdict(all_ok).outcome == "met"
    assert rules.review_verdict({**all_ok, "rota": ("returned", "缺")}).outcome == "returned"
    assert rules.review_verdict({**all_ok, "rota": ("returned", "")}).outcome == "pending"
    assert rules.review_verdict({}).outcome == "pending"
    met = dict.fromkeys(rules.part_codes(), True)
    counts = dict.fromkeys(rules.part_codes(), 1)
    assert rules.self_assessment_verdict(met, counts).outcome == "met"
    assert rules.self_assessment_verdict(met, {**counts, "rota": 0}).outcome == "pending"
    assert rules.self_assessment_verdict({**met, "rota": False}, counts).outcome == "unmet"


def test_the_applicant_does_not_designate_her_own_application(people, homes):
    a = services.assessment_start(actor=people["district"], home=homes["xinhe_1"])
    fill_all(a, people["district"])  # a district cadre may act for the village
    services.assessment_submit(actor=people["district"], assessment=reload(a))
    services.assessment_review(actor=people["township"], assessment=reload(a), reviews=all_agreed())
    with pytest.raises(ValidationError) as exc:
        services.assessment_decide(actor=people["district"], assessment=reload(a), designate=True)
    assert "提交自评的人" in exc.value.messages[0]
    assert Home.objects.get(pk=a.home_id).designation == Designation.NONE


def test_the_generic_case_page_cannot_move_an_assessment(people, homes, client):
    """The case_step hook: moved from the generic case page (or processes' service without
    ``via``), an assessment's step would skip the part reviews; it is refused, unchanged."""
    a = services.assessment_start(actor=people["village"], home=homes["xinhe_1"])
    fill_all(a, people["village"])
    services.assessment_submit(actor=people["village"], assessment=reload(a))
    a = reload(a)
    step = a.case.current_step
    revision = step.revision
    with pytest.raises(ValidationError, match="评估页面"):
        processes.step_transition(
            actor=people["township"], case=a.case, step_id=step.pk, action="approve"
        )
    client.force_login(people["township"])
    url = reverse("processes:case-transition", args=[a.case.pk, step.pk])
    response = client.post(url, {"action": "approve", "comment": "", "revision": revision})
    assert response.status_code == 200
    assert "评估页面" in response.content.decode()
    step.refresh_from_db()
    assert (step.revision, reload(a).status) == (revision, AssessmentStatus.TOWNSHIP)
    assert not a.parts.exclude(review=PartReview.PENDING).exists()
