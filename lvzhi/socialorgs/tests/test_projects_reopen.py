"""The ``case_reopen`` hook refuses a reopen of a project's case from the generic case
page or API: a refused (不予立项) application's cancelled case stays cancelled, the
application refused, nothing written; the refusal points to the application page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lvzhi.core.models import AuditEvent
from lvzhi.processes import services as processes
from lvzhi.processes.models import CaseEvent, CaseStatus, EventKind
from lvzhi.socialorgs.projects import services
from lvzhi.socialorgs.projects.models import ApplicationStatus

from .project_helpers import (  # noqa: F401
    apply,
    batch,
    district_cadre,
    fresh,
    org_user,
    project_orgs,
)

pytestmark = pytest.mark.usefixtures("clock")

REFUSAL = "这是社会化项目申报的办件，不能在此恢复办理"


@pytest.fixture
def refused(batch, org_user, district_cadre):
    row = services.application_accept(actor=district_cadre, application=apply(org_user, batch))
    row = services.application_review(
        actor=district_cadre, application=fresh(row), approve=False, note="服务对象不明确"
    )
    assert row.status == ApplicationStatus.REJECTED
    return fresh(row)


def test_the_generic_reopen_of_a_refused_project_case_is_refused(refused, district_cadre, client):
    case = refused.case
    assert case.status == CaseStatus.CANCELLED
    counts = (AuditEvent.objects.count(), CaseEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        processes.case_reopen(actor=district_cadre, case=case, reason="重新审核")
    assert exc.value.messages[0].startswith(REFUSAL) and "项目申报页面" in exc.value.messages[0]
    # the generic case page and its API answer the same refusal
    client.force_login(district_cadre)
    page = client.post(
        reverse("processes:case-reopen", args=[case.pk]), {"reopen-reason": "重新审核"}
    )
    assert page.status_code in (200, 400) and REFUSAL in page.content.decode()
    api = client.post(f"/api/v1/processes/cases/{case.pk}/reopen/", {"reason": "重新审核"})
    assert api.status_code == 400 and REFUSAL in api.content.decode()
    # nothing written: the case stays cancelled, the application refused
    case.refresh_from_db()
    assert case.status == CaseStatus.CANCELLED
    assert not case.events.filter(kind=EventKind.REOPENED).exists()
    assert fresh(refused).status == ApplicationStatus.REJECTED
    assert (AuditEvent.objects.count(), CaseEvent.objects.count()) == counts


def test_a_case_of_no_project_still_reopens(refused, district_cadre, settings):
    """Only a project's case is refused: the receiver lets other cases through, and a
    reopen made by the projects module itself (via) passes it."""
    services.refuse_reopen_elsewhere(
        case=refused.case, actor=district_cadre, reason="x", via=services.VIA
    )

    class Other:
        pk = -1

    services.refuse_reopen_elsewhere(case=Other(), actor=district_cadre, reason="x", via="")
