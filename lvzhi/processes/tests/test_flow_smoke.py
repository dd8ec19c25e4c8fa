"""The whole path of a case through services: derive, publish, start, complete with a
document, return by the parent, approve, finish."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.processes import selectors, services
from lvzhi.processes.models import CaseStatus

from .conftest import template_of

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 test"


def test_women_32_template_is_derived_on_publish(seeded):
    template = template_of(seeded.district, "3.2")
    draft = template.versions.get()
    assert draft.is_draft and draft.method == "arrows"
    names = [s.name for s in draft.steps.order_by("order")]
    assert names == [
        "发放通知",
        "各开发区、街镇妇联和各系统有关部门组织推报",
        "审核评选",
        "表彰公布",
        "事迹宣传",
    ]
    documents = draft.steps.get(order=2).documents
    assert [d["name"] for d in documents] == ["候选人登记表", "名单汇总表", "事迹材料"]


def test_case_runs_to_the_end(seeded, people):
    template = template_of(seeded.district, "3.2")
    draft = template.versions.get()
    review = draft.steps.get(order=3)
    services.step_update(
        actor=people.cadre, step=review, actor_kind="parent_role", role_code="cadre", levels_up=1
    )
    services.version_publish(actor=people.cadre, version=draft)
    today = dt.date(2026, 9, 25)
    case = services.case_start(
        actor=people.cadre,
        template=template,
        organization=seeded.district,
        title="2027年度三八红旗手评选",
        year=2027,
        today=today,
    )
    step1 = case.steps.get(order=1)
    assert step1.due_on == dt.date(2026, 10, 9)  # 5 working days across National Day
    assert list(selectors.inbox(people.propaganda)) == [step1]
    services.step_transition(
        actor=people.propaganda, case=case, step_id=step1.pk, action="complete", today=today
    )
    step2 = case.steps.get(order=2)
    with pytest.raises(ValidationError) as missing:
        services.step_transition(
            actor=people.propaganda, case=case, step_id=step2.pk, action="complete", today=today
        )
    assert "候选人登记表" in str(missing.value)
    files = [
        (name, SimpleUploadedFile(f"{name}.pdf", PDF, "application/pdf"))
        for name in ("候选人登记表", "名单汇总表", "事迹材料")
    ]
    services.step_transition(
        actor=people.propaganda,
        case=case,
        step_id=step2.pk,
        action="complete",
        files=files,
        today=today,
    )
    step3 = case.steps.get(order=3)
    assert step3.actor_organization == seeded.city
    assert list(selectors.inbox(people.city_cadre)) == [step3]
    assert list(selectors.inbox(people.propaganda)) == []
    with pytest.raises(ValidationError):
        services.step_transition(
            actor=people.city_cadre, case=case, step_id=step3.pk, action="return", today=today
        )
    services.step_transition(
        actor=people.city_cadre,
        case=case,
        step_id=step3.pk,
        action="return",
        comment="事迹材料不完整",
        today=today,
    )
    case.refresh_from_db()
    assert case.current_step.order == 2
    services.step_transition(
        actor=people.propaganda, case=case, step_id=step2.pk, action="complete", today=today
    )
    services.step_transition(
        actor=people.city_cadre, case=case, step_id=step3.pk, action="approve", today=today
    )
    for order in (4, 5):
        step = case.steps.get(order=order)
        services.step_transition(
            actor=people.propaganda, case=case, step_id=step.pk, action="complete", today=today
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.FINISHED
    kinds = [e.kind for e in selectors.timeline(case)]
    assert kinds == [
        "started",
        "completed",
        "completed",
        "returned",
        "completed",
        "approved",
        "completed",
        "completed",
        "finished",
    ]
    with pytest.raises(ValidationError):
        services.step_transition(
            actor=people.propaganda, case=case, step_id=step2.pk, action="complete", today=today
        )
