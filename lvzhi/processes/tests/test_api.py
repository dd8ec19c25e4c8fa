"""/api/v1/processes/: templates, versions, cases, transitions, attachments, inbox and the
year plan — happy paths, bad input with its Chinese message (and nothing written), scope
(404), routing (403), conflicts (409) and a constant number of queries for the list."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.processes import services
from lvzhi.processes.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CaseStep,
    ProcessTemplate,
    ProcessTemplateVersion,
    StepDefinition,
)

from .conftest import item_of, template_of

pytestmark = pytest.mark.django_db

API = "/api/v1/processes"
PDF = b"%PDF-1.4 test"
DOCUMENTS = ("候选人登记表", "名单汇总表", "事迹材料")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def counts() -> tuple:
    return tuple(
        model.objects.count()
        for model in (
            ProcessTemplate,
            ProcessTemplateVersion,
            StepDefinition,
            Case,
            CaseStep,
            CaseEvent,
            CaseAttachment,
            AuditEvent,
        )
    )


def text(response) -> str:
    return response.content.decode()


def publish_32(tree, people, *, rights_step: bool = False) -> ProcessTemplate:
    """Women's 3.2 with its review at the parent organization, published. With
    ``rights_step`` its 4th step belongs to 权益部, so 权益部 staff see its cases."""
    template = template_of(tree.district, "3.2")
    draft = template.versions.get()
    review = draft.steps.get(order=3)
    services.step_update(
        actor=people.cadre, step=review, actor_kind="parent_role", role_code="cadre", levels_up=1
    )
    if rights_step:
        services.step_update(
            actor=people.cadre, step=draft.steps.get(order=4), department=tree.rights
        )
    services.version_publish(actor=people.cadre, version=draft)
    return template


def publish(tree, people, number: str) -> ProcessTemplate:
    template = template_of(tree.district, number)
    services.version_publish(actor=people.cadre, version=template.versions.get())
    return template


def start(user, template, organization, title="2027年度三八红旗手评选") -> dict:
    response = as_user(user).post(
        f"{API}/cases/",
        {"template": template.pk, "organization": organization.pk, "title": title, "year": 2027},
        format="json",
    )
    assert response.status_code == 201, text(response)
    return response.json()


def files(*names):
    return [SimpleUploadedFile(f"{name}.pdf", PDF, "application/pdf") for name in names]


def test_anonymous_is_refused(seeded):
    client = APIClient()
    for url in ("templates/", "template-versions/", "cases/", "inbox/"):
        assert client.get(f"{API}/{url}").status_code == 401
    assert client.post(f"{API}/year-plan/", {}, format="json").status_code == 401
    assert client.post(f"{API}/cases/1/transitions/", {}, format="json").status_code == 401


# 模板 ----------------------------------------------------------------------


def test_template_list_filters_and_detail(seeded, people):
    api = as_user(people.cadre)
    listed = api.get(f"{API}/templates/", {"organization": seeded.district.pk, "page_size": 200})
    assert listed.status_code == 200
    assert listed.json()["count"] == 23  # the women's catalog: every item has a template
    only = api.get(f"{API}/templates/", {"item_number": "3.2"}).json()["results"]
    assert [t["name"] for t in only] == ["评选表彰三八红旗手（集体）"]
    assert only[0]["department_name"] == "宣传部"
    assert only[0]["published_version"] is None and only[0]["draft_version"]
    assert api.get(f"{API}/templates/", {"recurring": "true"}).json()["count"] == 0
    detail = api.get(f"{API}/templates/{only[0]['id']}/").json()
    assert [v["status"] for v in detail["versions"]] == ["draft"]
    # the union's templates are outside the women's district cadre's scope
    union = template_of(seeded.union, "1.1")
    assert api.get(f"{API}/templates/{union.pk}/").status_code == 404


def test_template_create_and_update(seeded, people):
    api = as_user(people.cadre)
    created = api.post(
        f"{API}/templates/",
        {
            "organization": seeded.district.pk,
            "name": "巾帼志愿服务",
            "department": seeded.rights.pk,
            "recurring": True,
        },
        format="json",
    )
    assert created.status_code == 201, text(created)
    body = created.json()
    assert body["recurring"] is True and body["department_name"] == "权益部"
    assert body["draft_version"] and body["item_number"] == ""
    assert AuditEvent.objects.filter(action="create", object_id=str(body["id"])).exists()

    changed = api.patch(
        f"{API}/templates/{body['id']}/", {"name": "巾帼志愿服务（改）", "is_public": True}
    )
    assert changed.status_code == 200 and changed.json()["name"] == "巾帼志愿服务（改）"
    assert changed.json()["is_public"] is True
    assert api.get(f"{API}/templates/", {"recurring": "true"}).json()["count"] == 1


def test_template_bad_input_writes_nothing(seeded, people):
    api = as_user(people.cadre)
    before = counts()
    blank = api.post(
        f"{API}/templates/", {"organization": seeded.district.pk, "name": " "}, format="json"
    )
    assert blank.status_code == 400 and "请填写流程名称" in text(blank)
    foreign = api.post(
        f"{API}/templates/",
        {"organization": seeded.xinhe.pk, "name": "x", "department": 999999},
        format="json",
    )
    assert foreign.status_code == 400 and "部门不存在" in text(foreign)
    outside = api.post(
        f"{API}/templates/", {"organization": seeded.union.pk, "name": "x"}, format="json"
    )
    assert outside.status_code == 404
    template = template_of(seeded.district, "3.2")
    renamed = api.patch(f"{API}/templates/{template.pk}/", {"name": ""}, format="json")
    assert renamed.status_code == 400 and "请填写流程名称" in text(renamed)
    staff = as_user(people.propaganda).patch(
        f"{API}/templates/{template.pk}/", {"recurring": True}, format="json"
    )
    assert staff.status_code == 404  # staff read templates but do not change them
    assert counts() == before


def test_versions_steps_replace_publish_and_new_draft(seeded, people):
    api = as_user(people.cadre)
    template = template_of(seeded.district, "3.2")
    draft = template.versions.get()
    listed = api.get(f"{API}/template-versions/", {"template": template.pk, "status": "draft"})
    assert [v["id"] for v in listed.json()["results"]] == [draft.pk]
    detail = api.get(f"{API}/template-versions/{draft.pk}/").json()
    assert len(detail["steps"]) == 5 and detail["method"] == "arrows"
    assert detail["steps"][1]["documents"][0] == {
        "name": "候选人登记表",
        "required": True,
        "reference": False,
    }
    assert detail["publish_errors"] == []

    steps = [
        {"name": "发放通知", "duration_workdays": 3},
        {
            "name": "推报",
            "documents": [
                {"name": "候选人登记表"},
                {"name": "事迹材料", "required": False},
            ],
        },
        {
            "name": "审核评选",
            "kind": "review",
            "actor_kind": "parent_role",
            "role_code": "cadre",
            "levels_up": 1,
        },
    ]
    replaced = api.put(
        f"{API}/template-versions/{draft.pk}/steps/", {"steps": steps}, format="json"
    )
    assert replaced.status_code == 200, text(replaced)
    names = [s["name"] for s in replaced.json()["steps"]]
    assert names == ["发放通知", "推报", "审核评选"]
    assert replaced.json()["steps"][1]["documents"][1] == {
        "name": "事迹材料",
        "required": False,
        "reference": False,
    }

    published = api.post(f"{API}/template-versions/{draft.pk}/publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    locked = api.put(f"{API}/template-versions/{draft.pk}/steps/", {"steps": steps}, format="json")
    assert locked.status_code == 400 and "只有草稿版本可以修改" in text(locked)

    new_draft = api.post(f"{API}/templates/{template.pk}/new-draft/")
    assert new_draft.status_code == 201
    created = AuditEvent.objects.filter(action="new_draft", object_id=str(new_draft.json()["id"]))
    assert created.count() == 1
    assert new_draft.json()["status"] == "draft" and new_draft.json()["number"] == 2
    assert [s["name"] for s in new_draft.json()["steps"]] == names
    again = api.post(f"{API}/templates/{template.pk}/new-draft/")
    assert again.status_code == 200  # one draft at a time: the existing one, not audited again
    assert again.json()["id"] == new_draft.json()["id"] and created.count() == 1
    shown = api.get(f"{API}/templates/{template.pk}/").json()
    assert shown["published_version"] == draft.pk
    assert shown["draft_version"] == new_draft.json()["id"]


def test_new_draft_beside_an_existing_draft_answers_it_with_200_and_writes_nothing(seeded, people):
    template = template_of(seeded.district, "3.2")
    draft = template.versions.get()  # derived as a draft, never published
    before = counts()
    answer = as_user(people.cadre).post(f"{API}/templates/{template.pk}/new-draft/")
    assert answer.status_code == 200, text(answer)
    assert answer.json()["id"] == draft.pk and answer.json()["status"] == "draft"
    assert counts() == before
    assert not AuditEvent.objects.filter(action="new_draft").exists()


def test_steps_replace_is_all_or_nothing_with_errors_per_step(seeded, people):
    api = as_user(people.cadre)
    draft = template_of(seeded.district, "3.2").versions.get()
    url = f"{API}/template-versions/{draft.pk}/steps/"
    before = counts()
    names = list(draft.steps.order_by("order").values_list("name", flat=True))

    shapes = api.put(
        url, {"steps": [{"name": "甲"}, {"name": "乙", "kind": "party"}]}, format="json"
    )
    assert shapes.status_code == 400
    assert list(shapes.json()) == ["steps[2]"]
    assert shapes.json()["steps[2]"][0].startswith("环节类型：")

    rules = api.put(
        url,
        {"steps": [{"name": ""}, {"name": "乙"}, {"name": "丙", "duration_workdays": 999}]},
        format="json",
    )
    assert rules.status_code == 400
    assert rules.json() == {"steps[1]": ["请填写环节名称"], "steps[3]": ["应在0至250之间"]}
    empty = api.put(url, {"steps": []}, format="json")
    assert empty.status_code == 400 and "流程至少需要一个环节" in text(empty)
    assert counts() == before
    assert list(draft.steps.order_by("order").values_list("name", flat=True)) == names


def test_publish_refused_lists_the_problems(seeded, people):
    api = as_user(people.cadre)
    template = template_of(seeded.district, "2.1")  # no department in the catalog
    draft = template.versions.get()
    before = counts()
    refused = api.post(f"{API}/template-versions/{draft.pk}/publish/")
    assert refused.status_code == 400
    body = refused.json()
    assert body["detail"] == "该版本不能发布"
    assert len(body["publish_errors"]) == 6
    assert body["publish_errors"][0] == "第1个环节由部门办理，但模板和环节都没有指定部门"
    assert counts() == before
    outsider = as_user(people.xinhe_cadre).post(f"{API}/template-versions/{draft.pk}/publish/")
    assert outsider.status_code == 404


def test_item_template(seeded, people):
    item = item_of(seeded.district, "3.2")
    answer = as_user(people.cadre).post(f"{API}/items/{item.pk}/template/")
    assert answer.status_code == 200
    assert answer.json()["id"] == template_of(seeded.district, "3.2").pk
    assert answer.json()["duty_item"] == item.pk
    # a published item is readable by all, but its template is made by its organization
    before = counts()
    assert as_user(people.xinhe_cadre).post(f"{API}/items/{item.pk}/template/").status_code == 404
    assert as_user(people.cadre).post(f"{API}/items/999999/template/").status_code == 404
    assert counts() == before


# 办件 ----------------------------------------------------------------------


def test_case_start_and_detail(seeded, people):
    template = publish_32(seeded, people)
    case = start(people.cadre, template, seeded.district)
    assert case["status"] == "open" and case["stage"] == "发放通知"
    assert case["department_name"] == "宣传部" and case["template_name"] == template.name
    steps = case["steps"]
    assert [s["status"] for s in steps] == ["active", "waiting", "waiting", "waiting", "waiting"]
    assert steps[2]["actor_organization_name"] == "天津市妇女联合会"
    assert steps[0]["routed_to_me"] is True and steps[2]["routed_to_me"] is False
    detail = as_user(people.propaganda).get(f"{API}/cases/{case['id']}/")
    assert detail.status_code == 200 and detail.json()["steps"][0]["routed_to_me"] is True
    timeline = as_user(people.cadre).get(f"{API}/cases/{case['id']}/timeline/").json()
    assert [e["kind"] for e in timeline["results"]] == ["started"]
    assert timeline["results"][0]["kind_label"] == "发起"


def test_case_start_bad_input_writes_nothing(seeded, people):
    api = as_user(people.cadre)
    template = publish_32(seeded, people)
    draft_only = template_of(seeded.district, "6.1")
    before = counts()

    def post(**body):
        data = {"template": template.pk, "organization": seeded.district.pk, "title": "办件"}
        return api.post(f"{API}/cases/", {**data, **body}, format="json")

    blank = post(title="  ")
    assert blank.status_code == 400 and "请填写办件名称" in text(blank)
    unpublished = post(template=draft_only.pk)
    assert unpublished.status_code == 400 and "还没有发布" in text(unpublished)
    unknown = post(template=999999)
    assert unknown.status_code == 400 and "流程模板不存在或不适用于此组织" in text(unknown)
    year = post(year=1900)
    assert year.status_code == 400 and "年度无效" in text(year)
    assignee = post(assignee=999999)
    assert assignee.status_code == 400 and "负责人不存在" in text(assignee)
    assert post(organization=seeded.union.pk).status_code == 404
    staff = as_user(people.propaganda).post(
        f"{API}/cases/",
        {"template": template.pk, "organization": seeded.district.pk, "title": "x"},
        format="json",
    )
    assert staff.status_code == 404  # department staff do not start cases
    assert counts() == before


def test_case_at_a_township_starts_from_the_district_template(seeded, people):
    template = publish_32(seeded, people)
    case = start(people.xinhe_cadre, template, seeded.xinhe, "新河街道三八红旗手推荐")
    assert case["organization_name"] == "新河街道妇女联合会"
    # the review climbs one level from the township: the district
    assert case["steps"][2]["actor_organization_name"] == "天津市滨海新区妇女联合会"


def test_transitions_through_the_api(seeded, people):
    template = publish_32(seeded, people)
    case = start(people.cadre, template, seeded.district)
    url = f"{API}/cases/{case['id']}/transitions/"
    staff, reviewer = as_user(people.propaganda), as_user(people.city_cadre)
    step1, step2, step3 = (s["id"] for s in case["steps"][:3])

    done = staff.post(url, {"step": step1, "action": "complete", "comment": "已发通知"}, "json")
    assert done.status_code == 200, text(done)
    assert done.json()["stage"] == "各开发区、街镇妇联和各系统有关部门组织推报"

    before = counts()
    missing = staff.post(url, {"step": step2, "action": "complete"}, format="json")
    assert missing.status_code == 400
    assert "缺少必需材料：候选人登记表、名单汇总表、事迹材料" in text(missing)
    wrong_action = staff.post(url, {"step": step2, "action": "approve"}, format="json")
    assert wrong_action.status_code == 400 and "该环节只能完成" in text(wrong_action)
    bad_file = staff.post(
        url,
        {
            "step": step2,
            "action": "complete",
            "files": [
                *files(*DOCUMENTS[:2]),
                SimpleUploadedFile("a.exe", b"MZ", "application/octet-stream"),
            ],
            "slots": list(DOCUMENTS),
        },
        format="multipart",
    )
    assert bad_file.status_code == 400 and "不支持的文件类型" in text(bad_file)
    uneven = staff.post(
        url,
        {"step": step2, "action": "complete", "files": files("甲", "乙"), "slots": ["甲"]},
        format="multipart",
    )
    assert uneven.status_code == 400 and "材料名称的个数应与文件个数相同" in text(uneven)
    assert counts() == before

    with_files = staff.post(
        url,
        {"step": step2, "action": "complete", "files": files(*DOCUMENTS), "slots": list(DOCUMENTS)},
        format="multipart",
    )
    assert with_files.status_code == 200, text(with_files)
    step2_data = with_files.json()["steps"][1]
    assert step2_data["status"] == "done"
    assert [a["slot"] for a in step2_data["attachments"]] == list(DOCUMENTS)
    assert step2_data["attachments"][0]["original_name"] == "候选人登记表.pdf"

    no_reason = reviewer.post(url, {"step": step3, "action": "return"}, format="json")
    assert no_reason.status_code == 400 and "退回需要填写理由" in text(no_reason)
    returned = reviewer.post(
        url, {"step": step3, "action": "return", "comment": "事迹材料不完整"}, format="json"
    )
    assert returned.status_code == 200
    assert returned.json()["stage"] == "各开发区、街镇妇联和各系统有关部门组织推报"
    revision = returned.json()["steps"][1]["revision"]
    again = staff.post(
        url, {"step": step2, "action": "complete", "expected_revision": revision}, format="json"
    )
    assert again.status_code == 200
    approved = reviewer.post(url, {"step": step3, "action": "approve"}, format="json")
    assert approved.status_code == 200 and approved.json()["stage"] == "表彰公布"
    for step in approved.json()["steps"][3:]:
        last = staff.post(url, {"step": step["id"], "action": "complete"}, format="json")
        assert last.status_code == 200
    assert last.json()["status"] == "finished" and last.json()["stage"] == "已办结"
    kinds = [e["kind"] for e in staff.get(f"{API}/cases/{case['id']}/timeline/").json()["results"]]
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


def test_conflicts_answer_409_and_write_nothing(seeded, people):
    template = publish_32(seeded, people)
    case = start(people.cadre, template, seeded.district)
    url = f"{API}/cases/{case['id']}/transitions/"
    staff = as_user(people.propaganda)
    step1 = case["steps"][0]
    old = step1["revision"] - 1
    before = counts()
    stale = staff.post(
        url, {"step": step1["id"], "action": "complete", "expected_revision": old}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json() == {
        "detail": "该环节已由他人办理（当前：发放通知），请刷新后查看最新进度",
        "current_stage": "发放通知",
        "step_status": "active",
        "step_revision": step1["revision"],
    }
    assert counts() == before

    body = {"step": step1["id"], "action": "complete", "expected_revision": step1["revision"]}
    assert staff.post(url, body, format="json").status_code == 200
    before = counts()
    second = as_user(people.cadre).post(url, body, format="json")
    assert second.status_code == 409
    assert second.json()["step_status"] == "done"
    assert second.json()["current_stage"] == "各开发区、街镇妇联和各系统有关部门组织推报"
    assert "请刷新后查看最新进度" in second.json()["detail"]
    assert counts() == before
    assert CaseEvent.objects.filter(case_id=case["id"], kind="completed").count() == 1


def test_step_of_another_department_is_forbidden(seeded, people):
    template = publish_32(seeded, people, rights_step=True)
    case = start(people.cadre, template, seeded.district)
    rights = as_user(people.rights)
    assert rights.get(f"{API}/cases/{case['id']}/").status_code == 200  # she has step 4
    before = counts()
    refused = rights.post(
        f"{API}/cases/{case['id']}/transitions/",
        {"step": case["steps"][0]["id"], "action": "complete"},
        format="json",
    )
    assert refused.status_code == 403 and refused.json()["detail"] == "该环节不由您办理"
    upload = rights.post(
        f"{API}/cases/{case['id']}/attachments/",
        {"step": case["steps"][0]["id"], "slot": "通知", "file": files("通知")[0]},
        format="multipart",
    )
    assert upload.status_code == 403
    assert counts() == before


def test_cases_outside_scope_answer_404(seeded, people, make_user):
    template = publish_32(seeded, people)
    case = start(people.xinhe_cadre, template, seeded.xinhe, "新河街道三八红旗手推荐")
    dagu = as_user(make_user("dagu_cadre", "cadre", seeded.dagu))
    step = case["steps"][0]["id"]
    before = counts()
    assert dagu.get(f"{API}/cases/{case['id']}/").status_code == 404
    assert dagu.get(f"{API}/cases/{case['id']}/timeline/").status_code == 404
    assert dagu.get(f"{API}/cases/").json()["count"] == 0
    for action, body in [
        ("transitions", {"step": step, "action": "complete"}),
        ("cancel", {"reason": "重复"}),
        ("reopen", {"reason": "x"}),
        ("assign", {"assignee": None}),
        ("attachments", {"step": step, "slot": "x"}),
    ]:
        answer = dagu.post(f"{API}/cases/{case['id']}/{action}/", body, format="json")
        assert answer.status_code == 404, action
        assert "新河" not in text(answer)
    assert counts() == before
    # the cadre of 新河 sees it, and so does the district above it
    assert as_user(people.cadre).get(f"{API}/cases/{case['id']}/").status_code == 200


def test_attachments_before_completing(seeded, people):
    template = publish_32(seeded, people)
    case = start(people.cadre, template, seeded.district)
    staff = as_user(people.propaganda)
    url = f"{API}/cases/{case['id']}/attachments/"
    staff.post(
        f"{API}/cases/{case['id']}/transitions/",
        {"step": case["steps"][0]["id"], "action": "complete"},
        format="json",
    )
    step2 = case["steps"][1]["id"]
    stored = staff.post(
        url, {"step": step2, "slot": "候选人登记表", "file": files("登记表")[0]}, format="multipart"
    )
    assert stored.status_code == 201, text(stored)
    assert stored.json()[0]["slot"] == "候选人登记表" and stored.json()[0]["size"] == len(PDF)

    before = counts()
    empty = SimpleUploadedFile("空.pdf", b"", "application/pdf")
    refused = staff.post(url, {"step": step2, "slot": "名单汇总表", "file": empty}, "multipart")
    assert refused.status_code == 400  # DRF refuses an empty upload before the service
    forged = SimpleUploadedFile("名单.pdf", b"not a pdf", "application/pdf")
    mismatch = staff.post(url, {"step": step2, "slot": "名单汇总表", "file": forged}, "multipart")
    assert mismatch.status_code == 400 and "文件内容与扩展名 .pdf 不符" in text(mismatch)
    waiting = case["steps"][3]["id"]
    later = staff.post(url, {"step": waiting, "slot": "x", "file": files("x")[0]}, "multipart")
    assert later.status_code == 400 and "只能为办理中的环节上传材料" in text(later)
    no_file = staff.post(url, {"step": step2, "slot": "x"}, format="json")
    assert no_file.status_code == 400 and "file" in no_file.json()
    assert counts() == before
    detail = staff.get(f"{API}/cases/{case['id']}/").json()
    assert [a["original_name"] for a in detail["steps"][1]["attachments"]] == ["登记表.pdf"]


def test_cancel_reopen_assign(seeded, people):
    template = publish_32(seeded, people)
    case = start(people.cadre, template, seeded.district)
    api = as_user(people.cadre)
    base = f"{API}/cases/{case['id']}"
    before = counts()
    no_reason = api.post(f"{base}/cancel/", {"reason": " "}, format="json")
    assert no_reason.status_code == 400 and "撤销需要填写理由" in text(no_reason)
    not_closed = api.post(f"{base}/reopen/", {"reason": "继续"}, format="json")
    assert not_closed.status_code == 400 and "办件正在办理中" in text(not_closed)
    stranger = api.post(f"{base}/assign/", {"assignee": 999999}, format="json")
    assert stranger.status_code == 400 and "负责人不存在或不在您的管理范围内" in text(stranger)
    staff = as_user(people.propaganda).post(f"{base}/cancel/", {"reason": "x"}, format="json")
    assert staff.status_code == 404  # she reads the case but does not change it
    assert counts() == before

    assigned = api.post(f"{base}/assign/", {"assignee": people.propaganda.pk}, format="json")
    assert assigned.status_code == 200
    assert assigned.json()["assignee_name"] == "propaganda_staff"
    cancelled = api.post(f"{base}/cancel/", {"reason": "活动取消"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    reopened = api.post(f"{base}/reopen/", {"reason": "恢复活动"}, format="json")
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"
    assert reopened.json()["stage"] == "发放通知"
    events = api.get(f"{base}/timeline/").json()["results"]
    assert [e["kind"] for e in events] == ["started", "assigned", "cancelled", "reopened"]
    assert events[2]["comment"] == "活动取消" and events[2]["actor_name"] == "district_cadre"


def test_department_staff_list_only_their_department(seeded, people):
    propaganda_case = start(people.cadre, publish_32(seeded, people), seeded.district)
    rights_case = start(
        people.cadre, publish(seeded, people, "6.1"), seeded.district, "2027年法治宣传"
    )
    listed = {
        user: [c["id"] for c in as_user(user).get(f"{API}/cases/").json()["results"]]
        for user in (people.cadre, people.propaganda, people.rights)
    }
    assert sorted(listed[people.cadre]) == sorted([propaganda_case["id"], rights_case["id"]])
    assert listed[people.propaganda] == [propaganda_case["id"]]
    assert listed[people.rights] == [rights_case["id"]]
    hidden = as_user(people.rights).get(f"{API}/cases/{propaganda_case['id']}/")
    assert hidden.status_code == 404


def test_reviewer_inbox_has_only_steps_routed_to_her(seeded, people):
    template = publish_32(seeded, people)
    waiting = start(people.cadre, template, seeded.district, "甲")
    moving = start(people.cadre, template, seeded.district, "乙")
    staff = as_user(people.propaganda)
    url = f"{API}/cases/{moving['id']}/transitions/"
    staff.post(url, {"step": moving["steps"][0]["id"], "action": "complete"}, format="json")
    staff.post(
        url,
        {
            "step": moving["steps"][1]["id"],
            "action": "complete",
            "files": files(*DOCUMENTS),
            "slots": list(DOCUMENTS),
        },
        format="multipart",
    )
    reviewer = as_user(people.city_cadre).get(f"{API}/inbox/").json()
    assert [s["id"] for s in reviewer["results"]] == [moving["steps"][2]["id"]]
    assert reviewer["results"][0]["case_title"] == "乙"
    assert reviewer["results"][0]["actor_organization_name"] == "天津市妇女联合会"
    # the department's inbox: step 1 of the first case, not the review at the city
    department = staff.get(f"{API}/inbox/").json()["results"]
    assert [s["id"] for s in department] == [waiting["steps"][0]["id"]]
    # the reviewer reads the case routed to her, not the district's other cases
    city = as_user(people.city_cadre)
    other = start(people.cadre, publish(seeded, people, "6.1"), seeded.district, "法治宣传")
    assert city.get(f"{API}/cases/{moving['id']}/").status_code == 200
    assert city.get(f"{API}/cases/{other['id']}/").status_code == 404
    listed = sorted(c["id"] for c in city.get(f"{API}/cases/").json()["results"])
    assert listed == [moving["id"]]  # the other one has not reached her review yet
    assert city.get(f"{API}/cases/{waiting['id']}/").status_code == 404


def test_case_list_filters(seeded, people):
    template = publish_32(seeded, people)
    first = start(people.cadre, template, seeded.district, "2027年度三八红旗手评选")
    township = start(people.xinhe_cadre, template, seeded.xinhe, "新河街道推荐")
    rights = start(people.cadre, publish(seeded, people, "6.1"), seeded.district, "2027年法治宣传")
    Case.objects.filter(pk=first["id"]).update(current_due_on=dt.date(2020, 1, 2))
    Case.objects.filter(pk=rights["id"]).update(year=2026)
    api = as_user(people.cadre)

    def ids(**params):
        response = api.get(f"{API}/cases/", params)
        assert response.status_code == 200, text(response)
        return sorted(c["id"] for c in response.json()["results"])

    assert ids() == sorted([first["id"], township["id"], rights["id"]])
    assert ids(overdue="true") == [first["id"]]
    assert api.get(f"{API}/cases/", {"overdue": "true"}).json()["results"][0]["overdue"] is True
    assert ids(organization=seeded.xinhe.pk) == [township["id"]]
    assert ids(year=2026) == [rights["id"]]
    assert ids(template=template.pk) == sorted([first["id"], township["id"]])
    assert ids(department=seeded.rights.pk) == [rights["id"]]
    assert ids(q="法治") == [rights["id"]]
    assert ids(q="3.2") == sorted([first["id"], township["id"]])
    assert ids(status="finished") == []
    assert ids(organization=seeded.union.pk) == []  # not hers: nothing, no error
    bad = api.get(f"{API}/cases/", {"status": "closed"})
    assert bad.status_code == 400 and "status" in bad.json()
    assert api.get(f"{API}/cases/", {"year": "x"}).status_code == 400


def test_case_list_queries_do_not_grow(seeded, people):
    template = publish_32(seeded, people)
    api = as_user(people.cadre)

    def make(n):
        for i in range(n):
            case = services.case_start(
                actor=people.cadre,
                template=template,
                organization=seeded.district,
                title=f"办件{i}",
                assignee=people.propaganda,
            )
            assert case.pk

    make(3)
    api.get(f"{API}/cases/")  # the user's role assignments are cached after the first call
    with CaptureQueriesContext(connection) as few:
        assert api.get(f"{API}/cases/").json()["count"] == 3
    make(12)
    with CaptureQueriesContext(connection) as many:
        assert api.get(f"{API}/cases/").json()["count"] == 15
    assert len(few) == len(many)
    staff = as_user(people.propaganda)
    staff.get(f"{API}/inbox/")
    with CaptureQueriesContext(connection) as staff_few:
        assert staff.get(f"{API}/inbox/").json()["count"] == 15
    make(2)
    with CaptureQueriesContext(connection) as staff_many:
        assert staff.get(f"{API}/inbox/").json()["count"] == 17
    assert len(staff_few) == len(staff_many)


def test_year_plan(seeded, people):
    api = as_user(people.cadre)
    template = publish_32(seeded, people)
    api.patch(f"{API}/templates/{template.pk}/", {"recurring": True}, format="json")
    body = {"organization": seeded.district.pk, "year": 2027}
    first = api.post(f"{API}/year-plan/", body, format="json")
    assert first.status_code == 200, text(first)
    assert [c["title"] for c in first.json()["created"]] == ["2027年度评选表彰三八红旗手（集体）"]
    assert first.json()["created"][0]["plan_year"] == 2027
    before = counts()
    second = api.post(f"{API}/year-plan/", body, format="json")
    assert second.json() == {"created": [], "existing": 1}
    bad = api.post(f"{API}/year-plan/", {**body, "year": 1900}, format="json")
    assert bad.status_code == 400 and "年度无效" in text(bad)
    outside = api.post(f"{API}/year-plan/", {**body, "organization": seeded.union.pk}, "json")
    assert outside.status_code == 404
    staff = as_user(people.propaganda).post(f"{API}/year-plan/", body, format="json")
    assert staff.status_code == 404
    assert counts() == before
