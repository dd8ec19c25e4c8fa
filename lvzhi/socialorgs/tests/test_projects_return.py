"""Return for revision (退回修改) and the generic cancel of a project's case.

- At 审核 the federation returns an application to the organization with a required
  reason; the case waits at 审核 (its timeline shows the return); the organization edits
  the amount, summary, plan or budget table and resubmits; the case goes on. Only her own
  organization resubmits, nothing is returned after 审核, refusals change nothing.
- The ``case_cancel`` hook refuses a cancel of a project's case from the generic case page
  or API; the projects' own refusal (不予立项) still cancels it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lvzhi.core.models import AuditEvent
from lvzhi.core.scopes import OutOfScope
from lvzhi.processes import services as processes
from lvzhi.processes.models import CaseEvent, CaseStatus, EventKind
from lvzhi.socialorgs.projects import services
from lvzhi.socialorgs.projects.models import ApplicationStatus

from .project_helpers import (  # noqa: F401
    PASSWORD,
    apply,
    batch,
    district_cadre,
    fresh,
    org_user,
    other_org_user,
    pdf,
    project_orgs,
    xlsx,
)

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def in_review(batch, org_user, district_cadre):
    row = services.application_accept(actor=district_cadre, application=apply(org_user, batch))
    return fresh(row)


def _returned(district_cadre, row, reason="请补充服务对象名单和分月预算"):
    return services.application_return(actor=district_cadre, application=row, reason=reason)


def test_return_needs_a_reason_and_changes_nothing_without_one(in_review, district_cadre):
    audits, events = AuditEvent.objects.count(), CaseEvent.objects.count()
    for reason in ("", "   ", None):
        with pytest.raises(ValidationError) as exc:
            services.application_return(actor=district_cadre, application=in_review, reason=reason)
        assert exc.value.message_dict == {"reason": ["退回修改须说明理由"]}
    with pytest.raises(ValidationError):
        services.application_return(actor=district_cadre, application=in_review, reason="长" * 501)
    row = fresh(in_review)
    assert (row.status, row.return_reason) == ("review", "")
    assert (AuditEvent.objects.count(), CaseEvent.objects.count()) == (audits, events)


def test_return_and_resubmit_continue_the_case(in_review, district_cadre, org_user):
    step = in_review.case.current_step
    row = _returned(district_cadre, in_review)
    assert row.status == ApplicationStatus.RETURNED
    assert row.return_reason == "请补充服务对象名单和分月预算"
    assert row.verdicts[-1]["outcome"] == "returned" and row.verdicts[-1]["rule_id"] == "R-SO-03"
    case = fresh(row).case
    assert case.status == CaseStatus.OPEN and case.current_step_id == step.pk
    returned = case.events.get(kind=EventKind.RETURNED)
    assert returned.comment == "请补充服务对象名单和分月预算"
    # the federation cannot pass it before she resubmits
    with pytest.raises(ValidationError) as early:
        services.application_review(actor=district_cadre, application=fresh(row), approve=True)
    assert early.value.messages == ["申报已退回修改，须等社会组织重新提交后再审核"]
    row = services.application_resubmit(
        actor=org_user,
        application=fresh(row),
        budget="42000",
        summary="每周陪伴，附服务对象名单",
        plan=pdf("修改后方案.pdf"),
        budget_file=xlsx(),
    )
    assert (row.status, str(row.budget)) == ("review", "42000.00")
    assert row.verdicts[-1]["outcome"] == "resubmitted"
    assert sorted(row.documents.values_list("kind", flat=True)) == ["budget", "plan", "plan"]
    audit = AuditEvent.objects.get(action="project_resubmit")
    assert audit.changes["status"] == ["returned", "review"]
    assert AuditEvent.objects.filter(action="project_return").count() == 1
    # the case goes on from 审核
    row = services.application_review(actor=district_cadre, application=fresh(row), approve=True)
    assert row.status == "decision" and fresh(row).case.current_step.name == "立项决定"


def test_only_her_own_organization_resubmits(in_review, district_cadre, other_org_user):
    row = _returned(district_cadre, in_review)
    with pytest.raises(OutOfScope):
        services.application_resubmit(actor=other_org_user, application=fresh(row), budget="1")
    with pytest.raises(PermissionDenied):
        services.application_resubmit(actor=district_cadre, application=fresh(row), budget="1")
    assert fresh(row).status == "returned"


def test_resubmit_refusals_change_nothing(in_review, district_cadre, org_user):
    row = _returned(district_cadre, in_review)
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.application_resubmit(
            actor=org_user, application=fresh(row), budget="999999", plan=pdf("方案.txt")
        )
    assert set(exc.value.message_dict) == {"budget", "plan"}
    row = fresh(row)
    assert (row.status, str(row.budget), row.documents.count()) == ("returned", "50000.00", 1)
    assert AuditEvent.objects.count() == audits
    # not returned: nothing to resubmit
    services.application_resubmit(actor=org_user, application=row, budget="40000")
    with pytest.raises(ValidationError):
        services.application_resubmit(actor=org_user, application=fresh(row), budget="40000")


def test_no_return_after_the_decision_or_before_acceptance(
    batch, in_review, district_cadre, org_user, other_org_user
):
    submitted = apply(other_org_user, batch)
    with pytest.raises(ValidationError):
        _returned(district_cadre, submitted)
    row = services.application_review(actor=district_cadre, application=in_review, approve=True)
    with pytest.raises(ValidationError) as exc:
        _returned(district_cadre, fresh(row))
    assert exc.value.messages == ["申报当前处于“立项决定”，不能进行此操作"]
    assert fresh(row).status == "decision"


def test_a_returned_application_can_still_be_refused(in_review, district_cadre):
    row = _returned(district_cadre, in_review)
    row = services.application_review(
        actor=district_cadre, application=fresh(row), approve=False, note="逾期未修改"
    )
    assert row.status == "rejected" and fresh(row).case.status == CaseStatus.CANCELLED


def test_the_generic_cancel_of_a_project_case_is_refused(in_review, district_cadre, client):
    case = in_review.case
    with pytest.raises(ValidationError) as exc:
        processes.case_cancel(actor=district_cadre, case=case, reason="不办了")
    assert "项目申报页面" in exc.value.messages[0]
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and fresh(in_review).status == "review"
    # the generic case page and its API answer the same refusal, nothing changes
    client.force_login(district_cadre)
    page = client.post(
        reverse("processes:case-cancel", args=[case.pk]), {"cancel-reason": "不办了"}
    )
    assert page.status_code in (200, 400) and "项目申报页面" in page.content.decode()
    api = client.post(f"/api/v1/processes/cases/{case.pk}/cancel/", {"reason": "不办了"})
    assert api.status_code == 400 and "项目申报页面" in api.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert not case.events.filter(kind=EventKind.CANCELLED).exists()
