"""The ``case_reopen`` hook (like ``case_cancel``): a module that keeps rows beside a case
refuses a reopen made from anywhere but its own pages; a refusal writes nothing, a
receiver's writes roll back with a refused reopen."""

import pytest
from django.core.exceptions import ValidationError

from lvzhi.core.models import AuditEvent
from lvzhi.processes import services
from lvzhi.processes.models import CaseEvent, CaseStatus, StepStatus

from .services_kit import act, custom, start

pytestmark = pytest.mark.django_db

HOOK_CALLS = []


def refuse_reopen(*, case, actor, reason, via):
    if via != "module":
        raise ValidationError("这是某模块的办件，请在该模块的页面恢复办理。")


def follow_reopen(*, case, actor, reason, via):
    from django.db import connection

    HOOK_CALLS.append((case.pk, case.status, reason, via, connection.in_atomic_block))
    CaseEvent.objects.filter(case=case).update(comment="由模块处理")


def snapshot(case):
    case.refresh_from_db()
    steps = list(case.steps.order_by("order").values_list("status", "due_on", "revision"))
    return (
        case.status,
        case.stage,
        case.current_step_id,
        case.current_due_on,
        case.finished_at,
        steps,
        CaseEvent.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_case_reopen_hook_refuses_a_reopen_and_nothing_changes(seeded, people, settings):
    template = custom(seeded, people.cadre, [{"name": "受理"}, {"name": "办理"}])
    cancelled = start(people.cadre, template, seeded.district, title="模块办件")
    cancelled = services.case_cancel(actor=people.cadre, case=cancelled, reason="撤回")
    finished = start(people.cadre, template, seeded.district, title="办结的模块办件")
    finished = act(people.rights, act(people.rights, finished, 1), 2)
    assert finished.status == CaseStatus.FINISHED
    settings.LVZHI_HOOKS = {**settings.LVZHI_HOOKS, "case_reopen": [f"{__name__}.refuse_reopen"]}
    for case in (cancelled, finished):
        before = snapshot(case)
        with pytest.raises(ValidationError) as refused:
            services.case_reopen(actor=people.cadre, case=case, reason="重新办理")
        assert refused.value.messages == ["这是某模块的办件，请在该模块的页面恢复办理。"]
        assert snapshot(case) == before
    # the module itself reopens through its own pages
    case = services.case_reopen(actor=people.cadre, case=cancelled, reason="重新办理", via="module")
    assert case.status == CaseStatus.OPEN and case.current_step.status == StepStatus.ACTIVE


def test_a_case_reopen_hook_is_called_inside_the_transaction(seeded, people, settings):
    template = custom(seeded, people.cadre, [{"name": "受理"}])
    case = start(people.cadre, template, seeded.district, title="模块办件")
    case = services.case_cancel(actor=people.cadre, case=case, reason="撤回")
    settings.LVZHI_HOOKS = {
        **settings.LVZHI_HOOKS,
        "case_reopen": [f"{__name__}.follow_reopen", f"{__name__}.refuse_reopen"],
    }
    HOOK_CALLS.clear()
    with pytest.raises(ValidationError):
        services.case_reopen(actor=people.cadre, case=case, reason=" 重新办理 ")
    # the first receiver ran before the case was written, the reason trimmed, and its write
    # rolled back with the reopen
    assert HOOK_CALLS == [(case.pk, CaseStatus.CANCELLED, "重新办理", "", True)]
    assert not CaseEvent.objects.filter(case=case, comment="由模块处理").exists()
    settings.LVZHI_HOOKS = {**settings.LVZHI_HOOKS, "case_reopen": [f"{__name__}.follow_reopen"]}
    case = services.case_reopen(actor=people.cadre, case=case, reason="重新办理")
    assert case.status == CaseStatus.OPEN
    assert CaseEvent.objects.filter(case=case, comment="由模块处理").exists()
