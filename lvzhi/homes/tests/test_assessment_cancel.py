"""The process engine's hooks for the six-standard assessment (lvzhi.homes.assessments.cancel):

- a cancel of an assessment's case from processes' service, the generic case page or its
  API cancels the assessment in the same transaction (已撤销, who and when and the reason in
  its verdicts with R-HM-01, audited); its services no longer move it and the village can
  apply again (``one_open_assessment_per_home``);
- a receiver after it refusing the cancel rolls the assessment back with the case;
- a reopen of its case from there is refused and nothing is written."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.homes.assessments import services
from lvzhi.homes.models import Assessment, AssessmentStatus
from lvzhi.processes import services as processes
from lvzhi.processes.models import CaseEvent, CaseStatus, EventKind

from .test_assessments import fill_all, people, reload  # noqa: F401

pytestmark = pytest.mark.django_db

REOPEN_REFUSAL = "这是妇女之家规范化评估的办件，不能在此恢复办理"


def refuse_cancel(*, case, actor, reason, via):
    raise ValidationError("另一模块不同意撤销")


def assert_cancelled(a, actor, reason):
    a = reload(a)
    assert a.status == AssessmentStatus.CANCELLED
    assert a.case.status == CaseStatus.CANCELLED
    last = a.verdicts[-1]
    assert (last["rule_id"], last["outcome"], last["step"]) == ("R-HM-01", "cancelled", "cancel")
    assert last["detail"] == f"办件已撤销：{reason}"
    assert last["by"] == actor.get_username() and last["at"]
    audit = AuditEvent.objects.get(action="assessment_cancel", object_id=str(a.pk))
    assert audit.actor == actor
    assert audit.changes == {"status": [audit.changes["status"][0], "cancelled"]}
    return a


def test_a_cancel_through_the_service_cancels_the_assessment(people, homes):
    home = homes["xinhe_1"]
    a = services.assessment_start(actor=people["village"], home=home)
    processes.case_cancel(actor=people["village"], case=a.case, reason=" 材料准备不足 ")
    a = assert_cancelled(a, people["village"], "材料准备不足")
    # its services no longer move it
    with pytest.raises(ValidationError, match="已撤销"):
        services.part_record(actor=people["village"], assessment=a, code="sign", met=True)
    # and the village applies again
    again = services.assessment_start(actor=people["village"], home=home)
    assert again.status == AssessmentStatus.SELF and again.case.status == CaseStatus.OPEN
    assert set(Assessment.objects.filter(home=home).values_list("status", flat=True)) == {
        AssessmentStatus.CANCELLED,
        AssessmentStatus.SELF,
    }


def test_a_cancel_from_the_generic_case_page_at_the_township(people, homes, client):
    home = homes["xinhe_1"]
    a = services.assessment_start(actor=people["village"], home=home)
    fill_all(a, people["village"])
    a = services.assessment_submit(actor=people["village"], assessment=reload(a))
    assert a.status == AssessmentStatus.TOWNSHIP
    client.force_login(people["township"])
    response = client.post(
        reverse("processes:case-cancel", args=[a.case.pk]), {"cancel-reason": "村里换届后再申报"}
    )
    assert response.status_code == 302
    audit = AuditEvent.objects.get(action="assessment_cancel", object_id=str(a.pk))
    assert audit.changes == {"status": ["township", "cancelled"]}
    assert_cancelled(a, people["township"], "村里换届后再申报")
    assert services.assessment_start(actor=people["village"], home=home).status == "self"


def test_a_cancel_through_the_api(people, homes):
    home = homes["xinhe_1"]
    a = services.assessment_start(actor=people["village"], home=home)
    api = APIClient()
    api.force_authenticate(people["village"])
    response = api.post(
        f"/api/v1/processes/cases/{a.case.pk}/cancel/", {"reason": "重复申报"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert_cancelled(a, people["village"], "重复申报")
    response = api.post("/api/v1/homes/assessments/", {"home": home.pk}, format="json")
    assert response.status_code == 201, response.json()


def test_a_refused_cancel_leaves_the_assessment_open(people, homes, settings):
    a = services.assessment_start(actor=people["village"], home=homes["xinhe_1"])
    settings.LVZHI_HOOKS = {
        **settings.LVZHI_HOOKS,
        "case_cancel": [*settings.LVZHI_HOOKS["case_cancel"], f"{__name__}.refuse_cancel"],
    }
    with pytest.raises(ValidationError, match="另一模块不同意撤销"):
        processes.case_cancel(actor=people["village"], case=a.case, reason="不办了")
    a = reload(a)
    assert (a.status, a.case.status, a.verdicts) == (AssessmentStatus.SELF, CaseStatus.OPEN, [])
    assert not AuditEvent.objects.filter(action="assessment_cancel").exists()


def test_the_generic_reopen_of_an_assessment_case_is_refused(people, homes, client):
    a = services.assessment_start(actor=people["village"], home=homes["xinhe_1"])
    processes.case_cancel(actor=people["village"], case=a.case, reason="材料准备不足")
    a = reload(a)
    counts = (AuditEvent.objects.count(), CaseEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        processes.case_reopen(actor=people["village"], case=a.case, reason="继续申报")
    assert exc.value.messages[0].startswith(REOPEN_REFUSAL)
    client.force_login(people["township"])
    page = client.post(
        reverse("processes:case-reopen", args=[a.case.pk]), {"reopen-reason": "继续申报"}
    )
    assert page.status_code in (200, 400) and REOPEN_REFUSAL in page.content.decode()
    api = APIClient()
    api.force_authenticate(people["village"])
    response = api.post(
        f"/api/v1/processes/cases/{a.case.pk}/reopen/", {"reason": "继续申报"}, format="json"
    )
    assert response.status_code == 400 and REOPEN_REFUSAL in response.content.decode()
    a = reload(a)
    assert (a.status, a.case.status) == (AssessmentStatus.CANCELLED, CaseStatus.CANCELLED)
    assert not a.case.events.filter(kind=EventKind.REOPENED).exists()
    assert (AuditEvent.objects.count(), CaseEvent.objects.count()) == counts
