"""/api/v1/processes/ cases: start, detail, transitions, conflicts (409), steps routed to
someone else (403), scope (404), attachments, cancel, reopen and assign."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.processes.models import (
    CaseEvent,
)

from .api_kit import (
    API,
    DOCUMENTS,
    PDF,
    as_user,
    counts,
    files,
    media_root,  # noqa: F401 (a fixture, used by pytestmark)
    publish_32,
    start,
    text,
)
from .conftest import template_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


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
