"""Services of processes: template editing and versions, case start, deadlines, kinds,
returns, cancel and reopen, year plans, approvals up the tree and at the party
organization, audit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from lvzhi.catalog import services as catalog_services
from lvzhi.core.models import AuditEvent
from lvzhi.core.scopes import OutOfScope
from lvzhi.core.workdays import add_workdays
from lvzhi.orgs.models import Department, PartyOrganization
from lvzhi.processes import selectors, services
from lvzhi.processes.models import (
    Case,
    CaseEvent,
    CaseStatus,
    ProcessTemplate,
    StepStatus,
    VersionStatus,
)

from .conftest import item_of, template_of

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 9, 25)  # the Friday before National Day (and Mid-Autumn)
PDF = b"%PDF-1.4 test"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def names(version):
    return [s.name for s in version.steps.order_by("order")]


def draft_of(template):
    return template.versions.get(status=VersionStatus.DRAFT)


def custom(tree, actor, steps, *, name="测试流程", department=None, org=None, publish=True):
    """A template of ``org`` (the district) with exactly ``steps``, published."""
    org = org or tree.district
    template = services.template_create(
        actor=actor,
        organization=org,
        name=name,
        department=department if department is not None else tree.rights,
    )
    version = template.versions.get()
    services.steps_replace(actor=actor, version=version, steps=steps)
    if publish:
        services.version_publish(actor=actor, version=version)
    return ProcessTemplate.objects.get(pk=template.pk)


def start(actor, template, org, title="办件", today=TODAY, **extra):
    return services.case_start(
        actor=actor, template=template, organization=org, title=title, today=today, **extra
    )


def act(actor, case, order, action="complete", today=TODAY, **extra):
    step = case.steps.get(order=order)
    services.step_transition(
        actor=actor, case=case, step_id=step.pk, action=action, today=today, **extra
    )
    case.refresh_from_db()
    return case


def pdf(name):
    return SimpleUploadedFile(f"{name}.pdf", PDF, "application/pdf")


# ================================================================ template editing


def test_rename_a_step_and_the_template(seeded, people):
    template = template_of(seeded.district, "3.2")
    draft = draft_of(template)
    step = draft.steps.get(order=2)
    services.step_update(actor=people.cadre, step=step, name=" 街镇妇联组织推报 ")
    assert names(draft)[1] == "街镇妇联组织推报"
    with pytest.raises(ValidationError) as empty:
        services.step_update(actor=people.cadre, step=step, name="  ")
    assert empty.value.message_dict == {"name": ["请填写环节名称"]}
    services.template_update(actor=people.cadre, template=template, name="三八红旗手评选")
    assert ProcessTemplate.objects.get(pk=template.pk).name == "三八红旗手评选"
    with pytest.raises(ValidationError) as unknown:
        services.template_update(actor=people.cadre, template=template, item_number="9.9")
    assert "item_number" in unknown.value.message_dict


def test_step_fields_are_validated(seeded, people):
    step = draft_of(template_of(seeded.district, "3.2")).steps.get(order=1)
    with pytest.raises(ValidationError) as bad:
        services.step_update(
            actor=people.cadre,
            step=step,
            kind="vote",
            actor_kind="mayor",
            duration_workdays="三天",
            notice_workdays=999,
        )
    assert set(bad.value.message_dict) == {
        "kind",
        "actor_kind",
        "duration_workdays",
        "notice_workdays",
    }
    with pytest.raises(ValidationError) as missing:
        services.step_update(actor=people.cadre, step=step, department=999_999)
    assert missing.value.message_dict == {"department": ["部门不存在"]}
    services.step_update(
        actor=people.cadre, step=step, documents="通知文件\n照片（可选）\n\n", actor_kind="party"
    )
    step.refresh_from_db()
    assert step.documents == [
        {"name": "通知文件", "required": True},
        {"name": "照片", "required": False},
    ]
    assert step.role_code == "party_approver"  # a party step acts through its approvers


def test_move_steps_up_and_down(seeded, people):
    draft = draft_of(template_of(seeded.district, "3.2"))
    services.step_move(actor=people.cadre, step=draft.steps.get(order=5), direction="up")
    assert names(draft)[3:] == ["事迹宣传", "表彰公布"]
    services.step_move(actor=people.cadre, step=draft.steps.get(order=1), direction="down")
    assert names(draft)[:2] == ["各开发区、街镇妇联和各系统有关部门组织推报", "发放通知"]
    assert list(draft.steps.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4, 5]
    for order, direction in ((1, "up"), (5, "down"), (3, "sideways")):
        with pytest.raises(ValidationError) as stuck:
            services.step_move(
                actor=people.cadre, step=draft.steps.get(order=order), direction=direction
            )
        assert stuck.value.messages == ["该环节不能再移动"]


def test_merge_a_step_with_the_next(seeded, people):
    draft = draft_of(template_of(seeded.district, "3.2"))
    services.step_update(actor=people.cadre, step=draft.steps.get(order=1), duration_workdays=3)
    services.step_update(actor=people.cadre, step=draft.steps.get(order=2), duration_workdays=12)
    merged = services.step_merge_next(actor=people.cadre, step=draft.steps.get(order=1))
    assert merged.name == "发放通知，各开发区、街镇妇联和各系统有关部门组织推报"
    assert merged.duration_workdays == 12  # the longer one
    assert [d["name"] for d in merged.documents] == ["候选人登记表", "名单汇总表", "事迹材料"]
    assert len(names(draft)) == 4 and names(draft)[1] == "审核评选"
    # an action merged with a review becomes the review
    merged = services.step_merge_next(actor=people.cadre, step=draft.steps.get(order=1))
    assert merged.kind == "review"
    with pytest.raises(ValidationError) as last:
        services.step_merge_next(actor=people.cadre, step=draft.steps.get(order=3))
    assert last.value.messages == ["最后一个环节没有可合并的下一环节"]


def test_split_a_step_in_two(seeded, people):
    draft = draft_of(template_of(seeded.district, "3.2"))
    review = draft.steps.get(order=3)
    services.step_update(
        actor=people.cadre, step=review, actor_kind="parent_role", role_code="cadre"
    )
    second = services.step_split(
        actor=people.cadre, step=review, first_name="初审", second_name="评审委员会评选"
    )
    assert names(draft) == [
        "发放通知",
        "各开发区、街镇妇联和各系统有关部门组织推报",
        "初审",
        "评审委员会评选",
        "表彰公布",
        "事迹宣传",
    ]
    assert second.order == 4
    assert (second.kind, second.actor_kind, second.role_code) == ("review", "parent_role", "cadre")
    assert second.documents == []  # the documents stay with the first
    with pytest.raises(ValidationError) as unnamed:
        services.step_split(actor=people.cadre, step=second, first_name="一", second_name=" ")
    assert unnamed.value.messages == ["拆分需要填写两个环节的名称"]


def test_add_and_delete_steps(seeded, people):
    draft = draft_of(template_of(seeded.district, "3.2"))
    notice = services.step_add(
        actor=people.cadre, version=draft, name="评选结果公示", after=3, kind="notice"
    )
    assert notice.order == 4 and names(draft)[3:] == ["评选结果公示", "表彰公布", "事迹宣传"]
    last = services.step_add(actor=people.cadre, version=draft, name="归档")
    assert last.order == 7
    first = services.step_add(actor=people.cadre, version=draft, name="准备", after=0)
    assert first.order == 1 and names(draft)[:2] == ["准备", "发放通知"]
    with pytest.raises(ValidationError):
        services.step_add(actor=people.cadre, version=draft, name="")
    services.step_delete(actor=people.cadre, step=draft.steps.get(name="准备"))
    services.step_delete(actor=people.cadre, step=draft.steps.get(name="归档"))
    assert names(draft)[0] == "发放通知" and len(names(draft)) == 6
    assert list(draft.steps.order_by("order").values_list("order", flat=True)) == list(range(1, 7))
    single = draft_of(template_of(seeded.district, "12.2"))
    assert single.steps.count() == 1
    with pytest.raises(ValidationError) as only:
        services.step_delete(actor=people.cadre, step=single.steps.get())
    assert only.value.messages == ["流程至少需要一个环节"]


def test_steps_replace_is_all_or_nothing(seeded, people):
    draft = draft_of(template_of(seeded.district, "3.2"))
    before = names(draft)
    with pytest.raises(ValidationError) as bad:
        services.steps_replace(
            actor=people.cadre,
            version=draft,
            steps=[
                {"name": "受理"},
                {"name": "", "kind": "review"},
                {"name": "办结", "duration_workdays": -1},
                "not a step",
            ],
        )
    assert set(bad.value.message_dict) == {"steps[2]", "steps[3]", "steps[4]"}
    assert names(draft) == before  # nothing written
    with pytest.raises(ValidationError) as empty:
        services.steps_replace(actor=people.cadre, version=draft, steps=[])
    assert empty.value.message_dict == {"steps": ["流程至少需要一个环节"]}
    services.steps_replace(
        actor=people.cadre,
        version=draft,
        steps=[
            {"name": "受理", "documents": ["申请表"]},
            {"name": "审核", "kind": "review", "actor_kind": "parent_role", "role_code": "cadre"},
        ],
    )
    assert names(draft) == ["受理", "审核"]
    assert draft.steps.get(order=1).documents == [{"name": "申请表", "required": True}]


def test_a_published_version_cannot_be_edited(seeded, people):
    template = template_of(seeded.district, "3.2")
    version = draft_of(template)
    services.version_publish(actor=people.cadre, version=version)
    message = ["只有草稿版本可以修改，请先新建草稿"]
    for edit in (
        lambda: services.step_update(actor=people.cadre, step=version.steps.first(), name="x"),
        lambda: services.step_add(actor=people.cadre, version=version, name="x"),
        lambda: services.step_delete(actor=people.cadre, step=version.steps.first()),
        lambda: services.steps_replace(actor=people.cadre, version=version, steps=[{"name": "x"}]),
        lambda: services.version_publish(actor=people.cadre, version=version),
    ):
        with pytest.raises(ValidationError) as refused:
            edit()
        assert refused.value.messages == message


def test_editing_needs_the_template_in_scope(seeded, people):
    draft = draft_of(template_of(seeded.district, "3.2"))
    for outsider in (people.xinhe_cadre, people.village_cadre):
        with pytest.raises(OutOfScope):
            services.step_update(actor=outsider, step=draft.steps.first(), name="x")
    union_draft = draft_of(template_of(seeded.union, "13.1"))
    with pytest.raises(OutOfScope):
        services.version_publish(actor=people.cadre, version=union_draft)


# ================================================================ publishing and versions


def test_publish_refusals_name_every_problem(seeded, people):
    template = template_of(seeded.district, "4.1")  # 实施机构 matched no department
    assert template.department is None
    draft = draft_of(template)
    errors = services.publish_errors(draft)
    assert errors == [f"第{n}个环节由部门办理，但模板和环节都没有指定部门" for n in range(1, 7)]
    with pytest.raises(ValidationError) as refused:
        services.version_publish(actor=people.cadre, version=draft)
    assert refused.value.messages == errors
    services.template_update(actor=people.cadre, template=template, department=seeded.rights)
    services.step_update(
        actor=people.cadre, step=draft.steps.get(order=2), kind="notice", notice_workdays=0
    )
    services.step_update(
        actor=people.cadre, step=draft.steps.get(order=4), actor_kind="org_role", role_code=""
    )
    services.step_update(
        actor=people.cadre,
        step=draft.steps.get(order=5),
        actor_kind="parent_role",
        role_code="cadre",
        levels_up=0,
    )
    assert services.publish_errors(draft) == [
        "第2个环节是公示环节，需要填写公示期（工作日）",
        "第4个环节需要选择办理角色",
        "第5个环节的上溯层级应为1至5",
    ]
    assert draft_of(template).status == VersionStatus.DRAFT


def test_version_new_draft_copies_the_steps(seeded, people):
    template = template_of(seeded.district, "3.2")
    first = draft_of(template)
    services.step_update(
        actor=people.cadre,
        step=first.steps.get(order=3),
        actor_kind="parent_role",
        role_code="cadre",
    )
    services.version_publish(actor=people.cadre, version=first)
    second = services.version_new_draft(actor=people.cadre, template=template)
    assert (second.number, second.status) == (2, VersionStatus.DRAFT)
    fields = ("order", "name", "kind", "actor_kind", "role_code", "levels_up", "documents")
    assert list(second.steps.order_by("order").values(*fields)) == list(
        first.steps.order_by("order").values(*fields)
    )
    assert (second.method, second.notes, second.source_text) == (
        first.method,
        first.notes,
        first.source_text,
    )
    # asking again gives the same draft; editing it leaves the published version alone
    assert services.version_new_draft(actor=people.cadre, template=template) == second
    services.step_update(actor=people.cadre, step=second.steps.get(order=1), name="下发通知")
    assert names(first)[0] == "发放通知"
    services.version_publish(actor=people.cadre, version=second)
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    assert template.versions.get(status=VersionStatus.PUBLISHED) == second
    # a running case keeps the version it started with
    case = start(people.cadre, template, seeded.district)
    assert case.version == second and case.steps.get(order=1).name == "下发通知"


def test_a_new_catalog_version_with_a_changed_workflow_derives_a_new_draft(seeded, people):
    template = template_of(seeded.district, "3.2")
    published = draft_of(template)
    services.version_publish(actor=people.cadre, version=published)
    catalog = item_of(seeded.district, "3.2").version.catalog

    def republish(**changes):
        draft = catalog_services.version_new_draft(actor=people.cadre, catalog=catalog)
        for number, fields in changes.items():
            item = draft.items.get(number=number)
            catalog_services.item_update(actor=people.cadre, item=item, **fields)
        return services.catalog_version_publish(actor=people.cadre, version=draft)

    # unchanged 运行流程: the template is relinked to the new item, no new draft
    republish()
    template.refresh_from_db()
    assert template.duty_item == item_of(seeded.district, "3.2")
    assert template.versions.count() == 1
    # changed 运行流程: a new draft beside the published version
    republish(**{"3.2": {"workflow": "发放通知→组织推报→审核评选→结果公示→表彰公布→事迹宣传"}})
    versions = list(template.versions.order_by("number"))
    assert [(v.number, v.status) for v in versions] == [
        (1, VersionStatus.PUBLISHED),
        (2, VersionStatus.DRAFT),
    ]
    new = versions[1]
    assert names(new) == ["发放通知", "组织推报", "审核评选", "结果公示", "表彰公布", "事迹宣传"]
    assert new.steps.get(order=4).kind == "notice"
    assert new.source_text.startswith("发放通知→组织推报")
    assert (
        ProcessTemplate.objects.filter(organization=seeded.district, item_number="3.2").count() == 1
    )
    # the published one still runs cases until the cadre publishes the new draft
    case = start(people.cadre, template, seeded.district)
    assert case.version == versions[0]


def test_template_create_for_work_outside_the_catalog(seeded, people):
    template = services.template_create(
        actor=people.cadre, organization=seeded.district, name=" 春节慰问 ", recurring=True
    )
    assert template.name == "春节慰问" and template.duty_item is None and template.recurring
    version = template.versions.get()
    assert (version.method, names(version)) == ("manual", ["办理"])
    with pytest.raises(ValidationError):
        services.template_create(actor=people.cadre, organization=seeded.district, name=" ")
    # a township's template may use the district's department, not another branch's
    township = services.template_create(
        actor=people.xinhe_cadre, organization=seeded.xinhe, name="x", department=seeded.rights.pk
    )
    assert township.department == seeded.rights
    dagu_office = Department.objects.create(
        organization=seeded.dagu, org_path=seeded.dagu.path, name="办公室"
    )
    with pytest.raises(ValidationError) as foreign:
        services.template_create(
            actor=people.cadre, organization=seeded.xinhe, name="x", department=dagu_office
        )
    assert foreign.value.message_dict == {"department": ["部门不属于该组织或其上级组织"]}


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


# ================================================================ year plan


def test_year_plan_generates_each_recurring_case_once(seeded, people):
    recurring = []
    for number in ("3.2", "6.1"):
        template = template_of(seeded.district, number)
        services.template_update(actor=people.cadre, template=template, recurring=True)
        services.version_publish(actor=people.cadre, version=draft_of(template))
        recurring.append(template)
    # recurring but not published, and published but not recurring: left out
    services.template_update(
        actor=people.cadre, template=template_of(seeded.district, "8.2"), recurring=True
    )
    services.version_publish(
        actor=people.cadre, version=draft_of(template_of(seeded.district, "1.1"))
    )
    first = services.year_plan_generate(
        actor=people.cadre, organization=seeded.district, year=2027, today=TODAY
    )
    assert sorted(c.template.item_number for c in first["created"]) == ["3.2", "6.1"]
    assert first["existing"] == 0
    case = next(c for c in first["created"] if c.item_number == "3.2")
    assert (case.title, case.year, case.plan_year) == (
        "2027年度评选表彰三八红旗手（集体）",
        2027,
        2027,
    )
    again = services.year_plan_generate(
        actor=people.cadre, organization=seeded.district, year=2027, today=TODAY
    )
    assert again == {"created": [], "existing": 2}
    assert Case.objects.filter(plan_year=2027).count() == 2
    # another year, another set; another organization in scope, its own set
    assert (
        len(
            services.year_plan_generate(
                actor=people.cadre, organization=seeded.district, year=2028
            )["created"]
        )
        == 2
    )
    with pytest.raises(ValidationError):
        services.year_plan_generate(actor=people.cadre, organization=seeded.district, year=1999)
    with pytest.raises(OutOfScope):
        services.year_plan_generate(
            actor=people.xinhe_cadre, organization=seeded.district, year=2027
        )


def test_the_unique_constraint_keeps_one_planned_case_per_year(seeded, people):
    template = template_of(seeded.district, "6.1")
    services.version_publish(actor=people.cadre, version=draft_of(template))
    start(people.cadre, template, seeded.district, title="2027年度", year=2027, plan_year=2027)
    with pytest.raises(IntegrityError), transaction.atomic():
        start(people.cadre, template, seeded.district, title="又一件", year=2027, plan_year=2027)
    # cases outside the plan are not limited
    start(people.cadre, template, seeded.district, title="临时一件", year=2027)
    start(people.cadre, template, seeded.district, title="临时两件", year=2027)
    assert Case.objects.filter(template=template, year=2027).count() == 3


# ================================================================ approvals up the tree


def test_a_village_case_climbs_to_the_township_then_the_district(seeded, people):
    template = custom(
        seeded,
        people.cadre,
        [
            {"name": "申请登记", "actor_kind": "org_role", "role_code": "cadre"},
            {
                "name": "街道妇联审核",
                "kind": "review",
                "actor_kind": "parent_role",
                "role_code": "cadre",
                "levels_up": 1,
            },
            {
                "name": "区妇联审批",
                "kind": "review",
                "actor_kind": "parent_role",
                "role_code": "cadre",
                "levels_up": 2,
            },
        ],
        name="困难妇女专项救助",
    )
    case = start(people.village_cadre, template, seeded.xinhe_1, title="专项救助 — 张某")
    steps = list(case.steps.order_by("order"))
    assert [s.actor_organization for s in steps] == [seeded.xinhe_1, seeded.xinhe, seeded.district]
    assert [s.actor_path for s in steps] == [
        seeded.xinhe_1.path,
        seeded.xinhe.path,
        seeded.district.path,
    ]
    assert list(selectors.inbox(people.village_cadre)) == [steps[0]]
    case = act(people.village_cadre, case, 1)
    # the township cadre's turn: the village cannot approve its own application
    assert list(selectors.inbox(people.xinhe_cadre)) == [steps[1]]
    assert list(selectors.inbox(people.village_cadre)) == []
    with pytest.raises(PermissionDenied) as not_hers:
        act(people.village_cadre, case, 2, "approve")
    assert str(not_hers.value) == "该环节不由您办理"
    with pytest.raises(PermissionDenied):
        act(people.rights, case, 2, "approve")
    case = act(people.xinhe_cadre, case, 2, "approve", comment="情况属实")
    # the district cadre's turn: the township cannot approve it
    district_step = case.current_step
    assert district_step.order == 3 and district_step.actor_organization == seeded.district
    assert district_step in list(selectors.inbox(people.cadre))
    assert list(selectors.inbox(people.xinhe_cadre)) == []
    with pytest.raises(PermissionDenied):
        act(people.xinhe_cadre, case, 3, "approve")
    case = act(people.cadre, case, 3, "approve", comment="同意救助")
    assert case.status == CaseStatus.FINISHED
    events = CaseEvent.objects.filter(case=case, kind="approved").order_by("id")
    assert [e.actor for e in events] == [people.xinhe_cadre, people.cadre]


def test_a_parent_step_above_the_root_is_refused_at_start(seeded, people):
    template = custom(
        seeded,
        people.cadre,
        [
            {
                "name": "上三级审核",
                "kind": "review",
                "actor_kind": "parent_role",
                "role_code": "cadre",
                "levels_up": 3,
            }
        ],
    )
    with pytest.raises(ValidationError) as refused:
        start(people.cadre, template, seeded.district, title="x")
    assert "上3级组织审核" in refused.value.messages[0]
    assert (
        start(people.xinhe_cadre, template, seeded.xinhe_1, title="x")
        .steps.get()
        .actor_organization
        == seeded.city
    )


def test_party_steps_route_to_the_party_organization_approvers(seeded, people, make_user):
    party = PartyOrganization.objects.create(
        organization=seeded.district, org_path=seeded.district.path, name="中共滨海新区妇联党组"
    )
    seeded.district.party_organization = party
    seeded.district.save(update_fields=["party_organization"])
    approver = make_user("party_secretary")  # no role: the party organization routes to her
    party.approvers.add(approver)
    template = custom(
        seeded,
        people.cadre,
        [{"name": "报家儿部"}, {"name": "党组会议审核", "kind": "review", "actor_kind": "party"}],
    )
    case = start(people.cadre, template, seeded.district, title="专项救助 — 李某")
    case = act(people.rights, case, 1)
    step = case.current_step
    assert (step.actor_kind, step.role_code, step.actor_organization) == (
        "party",
        "party_approver",
        seeded.district,
    )
    assert list(selectors.inbox(approver)) == [step]
    assert selectors.get_case(approver, case.pk) == case  # visible through her step
    for other in (people.cadre, people.rights, people.xinhe_cadre):
        assert step not in list(selectors.inbox(other))
        with pytest.raises(PermissionDenied):
            act(other, case, 2, "approve")
    case = act(approver, case, 2, "approve", comment="党组会议审核通过")
    assert case.status == CaseStatus.FINISHED
    # an approver of another organization's party is not routed
    other_party = PartyOrganization.objects.create(
        organization=seeded.xinhe, org_path=seeded.xinhe.path, name="新河街道党工委"
    )
    seeded.xinhe.party_organization = other_party
    seeded.xinhe.save(update_fields=["party_organization"])
    township_approver = make_user("township_party")
    other_party.approvers.add(township_approver)
    second = start(people.cadre, template, seeded.district, title="专项救助 — 王某")
    second = act(people.rights, second, 1)
    assert list(selectors.inbox(township_approver)) == []
    with pytest.raises(PermissionDenied):
        act(township_approver, second, 2, "approve")


# ================================================================ audit


def test_audit_events_are_written_without_personal_data(seeded, people):
    secret_id, secret_phone = "120101199001011234", "13812345678"
    template = custom(
        seeded,
        people.cadre,
        [{"name": "受理", "documents": ["申请表"]}, {"name": "审核", "kind": "review"}],
    )
    AuditEvent.objects.all().delete()
    case = start(
        people.cadre, template, seeded.district, title="专项救助 — 张某", assignee=people.rights
    )
    comment = f"申请人身份证号{secret_id}，电话{secret_phone}"
    case = act(
        people.rights, case, 1, comment=comment, files=[("申请表", pdf(f"申请表-{secret_id}"))]
    )
    case = act(people.rights, case, 2, "return", comment=comment)
    case = act(people.rights, case, 1, comment=comment)
    case = act(people.rights, case, 2, "approve", comment=comment)
    case = services.case_reopen(actor=people.cadre, case=case, reason=comment)
    case = services.case_cancel(actor=people.cadre, case=case, reason=comment)
    events = AuditEvent.objects.filter(object_type="processes.case", object_id=str(case.pk))
    assert list(events.order_by("id").values_list("action", flat=True)) == [
        "create",
        "step_complete",
        "step_return",
        "step_complete",
        "step_approve",
        "reopen",
        "cancel",
    ]
    assert {e.actor for e in events} == {people.cadre, people.rights}
    assert all(e.org_path == seeded.district.path for e in events)
    for event in AuditEvent.objects.all():
        text = f"{event.object_repr} {event.changes}"
        assert secret_id not in text and secret_phone not in text, event.action
    # the timeline keeps what the people wrote (it is read inside the case's scope)
    assert CaseEvent.objects.filter(case=case, comment=comment).count() == 6
