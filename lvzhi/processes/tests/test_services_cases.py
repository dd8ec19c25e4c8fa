"""Services of cases: start, deadlines, step kinds, documents and attachments, returns,
cancel, reopen and assign."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core.models import AuditEvent
from lvzhi.core.scopes import OutOfScope
from lvzhi.core.workdays import add_workdays
from lvzhi.processes import selectors, services
from lvzhi.processes.models import (
    Case,
    CaseEvent,
    CaseStatus,
    StepStatus,
    VersionStatus,
)

from .conftest import template_of
from .services_kit import (
    TODAY,
    act,
    custom,
    draft_of,
    media_root,  # noqa: F401 (a fixture, used by pytestmark)
    pdf,
    start,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


# ================================================================ case start and deadlines


def test_case_start_refusals(seeded, people):
    template = template_of(seeded.district, "3.2")
    with pytest.raises(ValidationError) as unpublished:
        start(people.cadre, template, seeded.district, title="2027年度评选")
    assert unpublished.value.message_dict == {
        "template": ["该流程模板还没有发布，请先审核并发布模板"]
    }
    services.version_publish(actor=people.cadre, version=draft_of(template))
    with pytest.raises(ValidationError) as above:
        start(people.city_cadre, template, seeded.city, title="市级评选")
    assert above.value.message_dict == {"template": ["该流程模板不适用于此组织"]}
    with pytest.raises(ValidationError) as sideways:
        start(people.cadre, template_of(seeded.union, "13.1"), seeded.district, title="x")
    assert sideways.value.message_dict == {"template": ["该流程模板不适用于此组织"]}
    for title in ("", "   ", None):
        with pytest.raises(ValidationError) as untitled:
            start(people.cadre, template, seeded.district, title=title)
        assert untitled.value.message_dict == {"title": ["请填写办件名称"]}
    with pytest.raises(ValidationError) as year:
        start(people.cadre, template, seeded.district, title="x", year=1900)
    assert year.value.message_dict == {"year": ["年度无效"]}
    with pytest.raises(OutOfScope):
        start(people.xinhe_cadre, template, seeded.dagu, title="大沽街道推报")
    services.template_update(actor=people.cadre, template=template, is_active=False)
    with pytest.raises(ValidationError) as inactive:
        start(people.cadre, template, seeded.district, title="x")
    assert inactive.value.message_dict == {"template": ["该流程模板已停用"]}
    assert not Case.objects.exists()


def test_a_case_below_the_template_organization(seeded, people):
    template = custom(
        seeded,
        people.cadre,
        [{"name": "受理", "actor_kind": "org_role", "role_code": "cadre"}, {"name": "办理"}],
    )
    case = start(people.xinhe_cadre, template, seeded.xinhe_1, title="新河一社区办件")
    first, second = case.steps.order_by("order")
    assert first.actor_organization == seeded.xinhe_1
    assert second.actor_organization == seeded.district and second.department == seeded.rights
    assert case.department == seeded.rights and case.org_path == seeded.xinhe_1.path


def test_deadlines_count_working_days_from_the_step_duration(seeded, people):
    template = custom(
        seeded,
        people.cadre,
        [
            {"name": "受理", "duration_workdays": 3},
            {"name": "公示", "kind": "notice", "notice_workdays": 5, "duration_workdays": 1},
            {"name": "办结", "duration_workdays": 10},
        ],
    )
    case = start(people.cadre, template, seeded.district, title="国庆前受理")
    first = case.steps.get(order=1)
    assert (first.status, first.activated_on) == (StepStatus.ACTIVE, TODAY)
    # 9.25 (Friday; Mid-Autumn 25–27 is a holiday but the start day does not count):
    # 28, 29, 30 → 9.30
    assert first.due_on == dt.date(2026, 9, 30) == add_workdays(TODAY, 3)
    assert (case.current_step, case.current_due_on, case.stage) == (first, first.due_on, "受理")
    assert case.steps.exclude(pk=first.pk).filter(due_on__isnull=True).count() == 2
    case = act(people.rights, case, 1, today=dt.date(2026, 9, 30))
    notice = case.steps.get(order=2)
    # the notice runs for its period: 10.8, 9, 10 (Saturday, make-up), 12, 13 (its last
    # day); the step is due the working day after
    assert notice.notice_ends_on == dt.date(2026, 10, 13)
    assert notice.due_on == dt.date(2026, 10, 14)
    assert case.current_due_on == dt.date(2026, 10, 14)


def test_overdue_steps_are_flagged(seeded, people):
    template = custom(seeded, people.cadre, [{"name": "受理", "duration_workdays": 2}])
    case = start(people.cadre, template, seeded.district, title="逾期办件")
    due = case.current_due_on
    assert due == dt.date(2026, 9, 29)
    assert list(selectors.case_list(people.cadre, overdue=True, today=due)) == []
    late = due + dt.timedelta(days=1)
    assert list(selectors.case_list(people.cadre, overdue=True, today=late)) == [case]
    assert selectors.overdue_count(people.cadre, today=late) == 1
    case = act(people.rights, case, 1, today=late)
    event = CaseEvent.objects.get(case=case, kind="completed")
    assert event.data["late"] is True


def test_a_notice_step_cannot_complete_before_its_period_ends(seeded, people):
    template = custom(
        seeded,
        people.cadre,
        [{"name": "结果公示", "kind": "notice", "notice_workdays": 5}, {"name": "表彰公布"}],
    )
    case = start(
        people.cadre, template, seeded.district, title="评选结果公示", today=dt.date(2026, 10, 12)
    )
    step = case.steps.get(order=1)
    ends = step.notice_ends_on
    assert ends == dt.date(2026, 10, 19)
    assert step.due_on == dt.date(2026, 10, 20)  # recorded the working day after
    for day in (dt.date(2026, 10, 12), dt.date(2026, 10, 16), dt.date(2026, 10, 19)):
        with pytest.raises(ValidationError) as early:
            act(people.rights, case, 1, today=day)
        assert early.value.messages == ["公示期至2026-10-19（含当日）结束，结束后才能完成"]
    case = act(people.rights, case, 1, today=dt.date(2026, 10, 20))
    assert CaseEvent.objects.get(case=case, kind="completed").data["late"] is False
    assert case.current_step.order == 2


def test_meeting_and_review_kinds_take_their_own_actions(seeded, people):
    template = custom(
        seeded,
        people.cadre,
        [
            {"name": "主席办公会研究", "kind": "meeting"},
            {"name": "审核", "kind": "review"},
        ],
    )
    case = start(people.cadre, template, seeded.district, title="会议决定")
    for action in ("approve", "return"):
        with pytest.raises(ValidationError) as wrong:
            act(people.rights, case, 1, action, comment="x")
        assert wrong.value.messages == ["该环节只能完成"]
    case = act(people.rights, case, 1, comment="会议通过")
    with pytest.raises(ValidationError) as wrong:
        act(people.rights, case, 2, "complete")
    assert wrong.value.messages == ["该环节只能审核通过、退回"]
    with pytest.raises(ValidationError) as unknown:
        act(people.rights, case, 2, "delete")
    assert unknown.value.messages == ["该环节只能审核通过、退回"]
    case = act(people.rights, case, 2, "approve", comment="同意")
    assert case.status == CaseStatus.FINISHED and case.result == "同意"
    assert case.stage == "已办结" and case.current_step is None and case.finished_at


def test_required_documents_block_completion_and_say_which(seeded, people):
    template = custom(
        seeded,
        people.cadre,
        [
            {
                "name": "申请",
                "documents": ["申请表", "证明材料", {"name": "照片", "required": False}],
            },
            {"name": "办理"},
        ],
    )
    case = start(people.cadre, template, seeded.district, title="救助申请")
    with pytest.raises(ValidationError) as missing:
        act(people.rights, case, 1)
    assert missing.value.messages == ["缺少必需材料：申请表、证明材料"]
    step = case.steps.get(order=1)
    services.attachments_add(
        actor=people.rights, case=case, step=step, files=[("申请表", pdf("申请表"))]
    )
    attached = AuditEvent.objects.get(action="attach", object_id=str(case.pk))
    assert attached.changes == {"attachments": [None, "申请：申请表.pdf"]}
    with pytest.raises(ValidationError) as still:
        act(people.rights, case, 1)
    assert still.value.messages == ["缺少必需材料：证明材料"]
    bad = SimpleUploadedFile("证明材料.pdf", b"MZ\x90\x00", "application/pdf")
    with pytest.raises(ValidationError) as refused:
        act(people.rights, case, 1, files=[("证明材料", bad)])
    assert refused.value.message_dict == {"files": ["证明材料.pdf：文件内容与扩展名 .pdf 不符"]}
    case = act(people.rights, case, 1, files=[("证明材料", pdf("证明材料"))])
    assert case.current_step.order == 2
    assert sorted(case.attachments.values_list("slot", flat=True)) == ["申请表", "证明材料"]


def test_a_txt_attachment_is_checked_by_its_content(seeded, people):
    """A .txt must be text in a known encoding: an executable renamed .txt is refused and
    nothing is stored; GB18030 text is accepted."""
    template = custom(seeded, people.cadre, [{"name": "受理"}, {"name": "办理"}])
    case = start(people.cadre, template, seeded.district, title="文本附件")
    program = SimpleUploadedFile("说明.txt", b"MZ\x90\x00\x03\x00\x00\x00PE\x00\x00", "text/plain")
    with pytest.raises(ValidationError) as refused:
        act(people.rights, case, 1, files=[("", program)])
    assert "说明.txt" in refused.value.message_dict["files"][0]
    assert case.attachments.count() == 0
    note = SimpleUploadedFile("说明.txt", "情况说明：已核实。".encode("gb18030"), "text/plain")
    case = act(people.rights, case, 1, files=[("", note)])
    assert case.attachments.get().original_name == "说明.txt"


def test_derived_documents_sit_on_their_steps_and_references_block_nothing(seeded, people):
    """Women's 11.1: the 选举结果报告 goes to the step after the election; union-style
    meeting decisions to the meeting step. A reference (依据) is shown, never required."""
    steps = list(draft_of(template_of(seeded.district, "11.1")).steps.order_by("order"))
    assert [d["name"] for d in steps[2].documents] == ["选举结果报告"]
    assert [d["name"] for d in steps[0].documents] == ["妇联主席、副主席任免职征求意见函", "复函"]
    relief = draft_of(template_of(seeded.district, "8.1")).steps.order_by("order").first()
    assert relief.documents == [
        {"name": "申请救助登记审批表", "required": True},
        {"name": "相关证明材料", "required": True},
        {"name": "《滨海新区困难妇女儿童专项救助实施细则》", "required": False, "reference": True},
    ]
    template = custom(
        seeded,
        people.cadre,
        [{"name": "受理", "documents": "申请表\n依据：《实施细则》"}, {"name": "办理"}],
    )
    first = template.versions.get(status=VersionStatus.PUBLISHED).steps.get(order=1)
    assert first.documents == [
        {"name": "申请表", "required": True},
        {"name": "《实施细则》", "required": False, "reference": True},
    ]
    case = start(people.cadre, template, seeded.district, title="依据不需上传")
    with pytest.raises(ValidationError) as missing:
        act(people.rights, case, 1)
    assert missing.value.messages == ["缺少必需材料：申请表"]
    case = act(people.rights, case, 1, files=[("申请表", pdf("申请表"))])
    assert case.current_step.order == 2


# ================================================================ returns, cancel, reopen


def test_a_return_goes_to_the_previous_step_that_is_not_a_review(seeded, people):
    template = custom(
        seeded,
        people.cadre,
        [
            {"name": "申报"},
            {"name": "初审", "kind": "review"},
            {"name": "复审", "kind": "review"},
        ],
    )
    case = start(people.cadre, template, seeded.district, title="申报审核")
    case = act(people.rights, case, 1)
    case = act(people.rights, case, 2, "approve")
    with pytest.raises(ValidationError) as reasonless:
        act(people.rights, case, 3, "return", comment=" ")
    assert reasonless.value.messages == ["退回需要填写理由"]
    later = dt.date(2026, 10, 12)
    case = act(people.rights, case, 3, "return", comment="材料不全", today=later)
    first, review, second_review = case.steps.order_by("order")
    assert case.current_step == first and case.stage == "申报"
    assert (first.status, first.activated_on) == (StepStatus.ACTIVE, later)
    assert first.due_on == add_workdays(later, 5) and case.current_due_on == first.due_on
    assert review.status == StepStatus.DONE  # the earlier review is skipped, not undone
    assert second_review.status == StepStatus.WAITING
    returned = CaseEvent.objects.get(case=case, kind="returned")
    assert (returned.step, returned.comment) == (second_review, "材料不全")
    # completing again goes through the first review again
    case = act(people.rights, case, 1, today=later)
    assert case.current_step.order == 2


def test_a_return_with_nothing_before_reactivates_the_review(seeded, people):
    template = custom(seeded, people.cadre, [{"name": "审核", "kind": "review"}, {"name": "办理"}])
    case = start(people.cadre, template, seeded.district, title="先审后办")
    step = case.steps.get(order=1)
    revision = step.revision
    case = act(people.rights, case, 1, "return", comment="请补充说明")
    step.refresh_from_db()
    assert step.status == StepStatus.ACTIVE and step.revision > revision
    assert case.current_step == step and case.status == CaseStatus.OPEN


def test_cancel_and_reopen(seeded, people):
    template = custom(seeded, people.cadre, [{"name": "受理"}, {"name": "办理"}])
    case = start(people.cadre, template, seeded.district, title="可撤销办件")
    case = act(people.rights, case, 1)
    with pytest.raises(ValidationError) as reasonless:
        services.case_cancel(actor=people.cadre, case=case, reason="")
    assert reasonless.value.message_dict == {"reason": ["撤销需要填写理由"]}
    with pytest.raises(OutOfScope):
        services.case_cancel(actor=people.xinhe_cadre, case=case, reason="x")
    case = services.case_cancel(actor=people.cadre, case=case, reason="申请人撤回申请")
    assert (case.status, case.stage, case.current_due_on) == (CaseStatus.CANCELLED, "已撤销", None)
    with pytest.raises(ValidationError) as closed:
        act(people.rights, case, 2)
    assert closed.value.messages == ["办件已办结或已撤销，不能再办理"]
    with pytest.raises(ValidationError):
        services.case_cancel(actor=people.cadre, case=case, reason="再次撤销")
    with pytest.raises(ValidationError) as reasonless:
        services.case_reopen(actor=people.cadre, case=case, reason=" ")
    assert reasonless.value.message_dict == {"reason": ["恢复办理需要填写理由"]}
    later = dt.date(2026, 10, 12)
    case = services.case_reopen(actor=people.cadre, case=case, reason="申请人重新申请", today=later)
    step = case.steps.get(order=2)
    assert case.status == CaseStatus.OPEN and case.current_step == step and case.stage == "办理"
    assert step.due_on == add_workdays(later, 5) == case.current_due_on
    with pytest.raises(ValidationError) as running:
        services.case_reopen(actor=people.cadre, case=case, reason="x")
    assert running.value.messages == ["办件正在办理中"]
    case = act(people.rights, case, 2, today=later)
    assert case.status == CaseStatus.FINISHED
    # a finished case reopens at its last step
    case = services.case_reopen(actor=people.cadre, case=case, reason="结果有误", today=later)
    assert case.status == CaseStatus.OPEN and case.current_step.order == 2
    assert case.finished_at is None
    assert case.steps.get(order=2).status == StepStatus.ACTIVE
    kinds = [e.kind for e in selectors.timeline(case)]
    assert kinds == [
        "started",
        "completed",
        "cancelled",
        "reopened",
        "completed",
        "finished",
        "reopened",
    ]
    assert CaseEvent.objects.get(case=case, kind="cancelled").comment == "申请人撤回申请"


def test_assign_a_case(seeded, people):
    template = custom(seeded, people.cadre, [{"name": "受理"}])
    case = start(people.cadre, template, seeded.district, title="指派", assignee=people.rights)
    assert case.assignee == people.rights
    services.case_assign(actor=people.cadre, case=case, assignee=people.propaganda)
    assert Case.objects.get(pk=case.pk).assignee == people.propaganda
    assigned = CaseEvent.objects.filter(case=case, kind="assigned").order_by("id")
    assert [e.data["assignee"] for e in assigned] == ["rights_staff", "propaganda_staff"]


# ================================================================ the case_cancel hook

HOOK_CALLS = []


def refuse_cancel(*, case, actor, reason, via):
    if via != "module":
        raise ValidationError("这是某模块的办件，请在该模块的页面撤销。")


def follow_cancel(*, case, actor, reason, via):
    from django.db import connection

    HOOK_CALLS.append((case.pk, reason, via, connection.in_atomic_block))
    CaseEvent.objects.filter(case=case).update(comment="由模块处理")


def test_a_case_cancel_hook_refuses_a_cancel_and_nothing_changes(seeded, people, settings):
    template = custom(seeded, people.cadre, [{"name": "受理"}, {"name": "办理"}])
    case = start(people.cadre, template, seeded.district, title="模块办件")
    settings.LVZHI_HOOKS = {**settings.LVZHI_HOOKS, "case_cancel": [f"{__name__}.refuse_cancel"]}
    events, audits = CaseEvent.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.case_cancel(actor=people.cadre, case=case, reason="撤回")
    assert refused.value.messages == ["这是某模块的办件，请在该模块的页面撤销。"]
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.stage == "受理"
    assert (CaseEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)
    # the module itself cancels through its own pages
    case = services.case_cancel(actor=people.cadre, case=case, reason="撤回", via="module")
    assert case.status == CaseStatus.CANCELLED


def test_a_case_cancel_hook_is_called_inside_the_transaction(seeded, people, settings):
    template = custom(seeded, people.cadre, [{"name": "受理"}])
    case = start(people.cadre, template, seeded.district, title="模块办件")
    settings.LVZHI_HOOKS = {
        **settings.LVZHI_HOOKS,
        "case_cancel": [f"{__name__}.follow_cancel", f"{__name__}.refuse_cancel"],
    }
    HOOK_CALLS.clear()
    with pytest.raises(ValidationError):
        services.case_cancel(actor=people.cadre, case=case, reason=" 不再办理 ")
    # the first receiver ran, with the reason trimmed, and its write rolled back with the cancel
    assert HOOK_CALLS == [(case.pk, "不再办理", "", True)]
    assert not CaseEvent.objects.filter(case=case, comment="由模块处理").exists()
    settings.LVZHI_HOOKS = {**settings.LVZHI_HOOKS, "case_cancel": [f"{__name__}.follow_cancel"]}
    case = services.case_cancel(actor=people.cadre, case=case, reason="不再办理")
    assert case.status == CaseStatus.CANCELLED
    assert CaseEvent.objects.filter(case=case, comment="由模块处理").exists()
