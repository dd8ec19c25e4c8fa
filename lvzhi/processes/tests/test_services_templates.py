"""Services of process templates: step edits, publishing, new drafts, derived drafts from
a new catalog version, templates outside the catalog."""

import pytest
from django.core.exceptions import ValidationError

from lvzhi.catalog import services as catalog_services
from lvzhi.core.scopes import OutOfScope
from lvzhi.orgs.models import Department
from lvzhi.processes import services
from lvzhi.processes.models import (
    ProcessTemplate,
    VersionStatus,
)

from .conftest import item_of, template_of
from .services_kit import (
    draft_of,
    media_root,  # noqa: F401 (a fixture, used by pytestmark)
    names,
    start,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


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
