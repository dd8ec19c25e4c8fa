"""Table tests of the pure rules of processes (no database)."""

import datetime as dt

import pytest

from lvzhi.processes import rules
from lvzhi.processes.rules import StepSpec

ROLES = {"cadre", "department_staff", "party_approver"}
MB = 1024 * 1024
MAX = 10 * MB
PDF = b"%PDF-1.7\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00"
ZIP = b"PK\x03\x04\x14\x00"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1"
JPG = b"\xff\xd8\xff\xe0"


# ---------------------------------------------------------------- template_errors


def spec(**fields) -> StepSpec:
    return StepSpec(**{"name": "办理", "kind": "action", "actor_kind": "department", **fields})


def test_a_template_without_steps_cannot_be_published():
    assert rules.template_errors([], ROLES) == ["流程至少需要一个环节"]


def test_a_valid_template_has_no_errors():
    steps = [
        spec(name="发放通知"),
        spec(name="审核评选", kind="review", actor_kind="parent_role", role_code="cadre"),
        spec(name="结果公示", kind="notice", notice_workdays=5),
        spec(name="党组会议", kind="meeting", actor_kind="party", role_code="party_approver"),
        spec(name="本级审核", kind="review", actor_kind="org_role", role_code="cadre"),
    ]
    assert rules.template_errors(steps, ROLES) == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "第1个环节没有名称"),
        ({"kind": "vote"}, "第1个环节的类型无效"),
        ({"duration_workdays": 0}, "第1个环节的办理时限应为1至250个工作日"),
        ({"duration_workdays": 251}, "第1个环节的办理时限应为1至250个工作日"),
        ({"kind": "notice", "notice_workdays": 0}, "第1个环节是公示环节，需要填写公示期（工作日）"),
        (
            {"kind": "notice", "notice_workdays": 251},
            "第1个环节是公示环节，需要填写公示期（工作日）",
        ),
        ({"has_department": False}, "第1个环节由部门办理，但模板和环节都没有指定部门"),
        ({"actor_kind": "org_role", "role_code": ""}, "第1个环节需要选择办理角色"),
        ({"actor_kind": "parent_role", "role_code": "mayor"}, "第1个环节需要选择办理角色"),
        (
            {"actor_kind": "parent_role", "role_code": "cadre", "levels_up": 0},
            "第1个环节的上溯层级应为1至5",
        ),
        (
            {"actor_kind": "parent_role", "role_code": "cadre", "levels_up": 6},
            "第1个环节的上溯层级应为1至5",
        ),
    ],
)
def test_template_errors_name_the_step_and_the_problem(fields, message):
    assert rules.template_errors([spec(**fields)], ROLES) == [message]


@pytest.mark.parametrize(
    "fields",
    [
        {"duration_workdays": 1},
        {"duration_workdays": 250},
        {"kind": "notice", "notice_workdays": 1},
        {"kind": "notice", "notice_workdays": 250},
        {"actor_kind": "parent_role", "role_code": "cadre", "levels_up": 1},
        {"actor_kind": "parent_role", "role_code": "cadre", "levels_up": 5},
        # a party step needs no department and takes its role from the party organization
        {"actor_kind": "party", "has_department": False},
        {"actor_kind": "org_role", "role_code": "cadre", "has_department": False},
        {"notice_workdays": 0},  # only notice steps need a notice period
    ],
)
def test_template_boundaries_that_pass(fields):
    assert rules.template_errors([spec(**fields)], ROLES) == []


def test_every_bad_step_is_reported_with_its_number():
    steps = [spec(), spec(name=""), spec(kind="notice"), spec(duration_workdays=0, name="")]
    assert rules.template_errors(steps, ROLES) == [
        "第2个环节没有名称",
        "第3个环节是公示环节，需要填写公示期（工作日）",
        "第4个环节没有名称",
        "第4个环节的办理时限应为1至250个工作日",
    ]


# ---------------------------------------------------------------- ancestor_path


@pytest.mark.parametrize(
    ("path", "levels", "expected"),
    [
        ("0001000200030004", 1, "000100020003"),
        ("0001000200030004", 2, "00010002"),
        ("0001000200030004", 3, "0001"),
        ("0001000200030004", 4, None),  # above the root
        ("0001000200030004", 9, None),
        ("00010002", 1, "0001"),
        ("0001", 1, None),
        ("0001000A", 0, "0001000A"),
    ],
)
def test_ancestor_path(path, levels, expected):
    assert rules.ancestor_path(path, levels) == expected


# ---------------------------------------------------------------- documents_missing


@pytest.mark.parametrize(
    ("documents", "attached", "missing"),
    [
        ([], set(), []),
        ([{"name": "申请表", "required": True}], set(), ["申请表"]),
        ([{"name": "申请表", "required": True}], {"申请表"}, []),
        ([{"name": "申请表"}], set(), ["申请表"]),  # required unless marked optional
        ([{"name": "照片", "required": False}], set(), []),
        (
            [
                {"name": "候选人登记表", "required": True},
                {"name": "名单汇总表", "required": True},
                {"name": "事迹材料", "required": True},
            ],
            {"名单汇总表", "其他"},
            ["候选人登记表", "事迹材料"],
        ),
    ],
)
def test_documents_missing(documents, attached, missing):
    assert rules.documents_missing(documents, attached) == missing


# ---------------------------------------------------------------- transition_errors

TODAY = dt.date(2026, 11, 30)


def errors(**fields):
    base = {"case_status": "open", "step_status": "active", "kind": "action", "action": "complete"}
    return rules.transition_errors(**{**base, **fields})


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, []),
        ({"case_status": "finished"}, ["办件已办结或已撤销，不能再办理"]),
        ({"case_status": "cancelled"}, ["办件已办结或已撤销，不能再办理"]),
        ({"step_status": "waiting"}, ["该环节当前不在办理中"]),
        ({"step_status": "done"}, ["该环节当前不在办理中"]),
        ({"action": "approve"}, ["该环节只能完成"]),
        ({"kind": "review"}, ["该环节只能审核通过、退回"]),
        ({"kind": "review", "action": "approve"}, []),
        ({"kind": "review", "action": "return"}, ["退回需要填写理由"]),
        ({"kind": "review", "action": "return", "reason": "  "}, ["退回需要填写理由"]),
        ({"kind": "review", "action": "return", "reason": "材料不全"}, []),
        # returning does not need the documents; completing and approving do
        (
            {
                "kind": "review",
                "action": "return",
                "reason": "材料不全",
                "missing_documents": ["表"],
            },
            [],
        ),
        ({"missing_documents": ["申请表", "证明"]}, ["缺少必需材料：申请表、证明"]),
        (
            {"kind": "review", "action": "approve", "missing_documents": ["申请表"]},
            ["缺少必需材料：申请表"],
        ),
        ({"kind": "meeting"}, []),
        ({"kind": "notice"}, []),
        (
            {"kind": "notice", "notice_ends_on": TODAY + dt.timedelta(1), "today": TODAY},
            ["公示期至2026-12-01（含当日）结束，结束后才能完成"],
        ),
        # the period includes its last day: not on that day, only after it
        (
            {"kind": "notice", "notice_ends_on": TODAY, "today": TODAY},
            ["公示期至2026-11-30（含当日）结束，结束后才能完成"],
        ),
        ({"kind": "notice", "notice_ends_on": TODAY - dt.timedelta(1), "today": TODAY}, []),
        # the notice period applies to notice steps only
        ({"kind": "action", "notice_ends_on": TODAY + dt.timedelta(5), "today": TODAY}, []),
        # a closed case is reported first, whatever else is wrong
        ({"case_status": "finished", "step_status": "done", "action": "return"}, None),
    ],
)
def test_transition_errors(fields, expected):
    if expected is None:
        expected = ["办件已办结或已撤销，不能再办理"]
    assert errors(**fields) == expected


def test_transition_errors_add_up():
    assert errors(
        kind="notice",
        missing_documents=["公示照片"],
        notice_ends_on=TODAY + dt.timedelta(3),
        today=TODAY,
    ) == ["缺少必需材料：公示照片", "公示期至2026-12-03（含当日）结束，结束后才能完成"]


# ---------------------------------------------------------------- return_target


@pytest.mark.parametrize(
    ("steps", "order", "expected"),
    [
        ([(1, "action"), (2, "action"), (3, "review")], 3, 2),
        # the previous non-review step, over an earlier review
        ([(1, "action"), (2, "review"), (3, "review")], 3, 1),
        ([(1, "action"), (2, "notice"), (3, "review")], 3, 2),
        ([(1, "meeting"), (2, "review")], 2, 1),
        ([(1, "review"), (2, "action")], 1, None),  # nothing before: the step itself
        ([(1, "review"), (2, "review")], 2, None),
        ([(1, "action"), (3, "action"), (7, "review")], 7, 3),  # gaps in the order
        ([(1, "action"), (2, "review"), (3, "action"), (4, "review")], 4, 3),
    ],
)
def test_return_target(steps, order, expected):
    assert rules.return_target(steps, order) == expected


# ---------------------------------------------------------------- is_overdue


@pytest.mark.parametrize(
    ("status", "due_on", "expected"),
    [
        ("active", TODAY - dt.timedelta(1), True),
        ("active", TODAY, False),  # due today is not late yet
        ("active", TODAY + dt.timedelta(1), False),
        ("active", None, False),
        ("done", TODAY - dt.timedelta(30), False),
        ("waiting", TODAY - dt.timedelta(30), False),
    ],
)
def test_is_overdue(status, due_on, expected):
    assert rules.is_overdue(status, due_on, TODAY) is expected


# ---------------------------------------------------------------- attachment_error


@pytest.mark.parametrize(
    ("name", "size", "head"),
    [
        ("申请表.pdf", 1, PDF),
        ("申请表.PDF", MAX, PDF),  # exactly 10 MB, upper-case extension
        ("照片.png", 2048, PNG),
        ("照片.jpg", 2048, JPG),
        ("照片.JPEG", 2048, JPG),
        ("汇总表.xlsx", 4096, ZIP),
        ("登记表.docx", 4096, ZIP),
        ("登记表.doc", 4096, OLE),
        ("汇总表.xls", 4096, OLE),
        ("说明.txt", 10, b"any text"),  # plain text has no signature
        ("a.b.c.pdf", 10, PDF),
    ],
)
def test_accepted_attachments(name, size, head):
    assert rules.attachment_error(name, size, head, MAX) is None


@pytest.mark.parametrize(
    ("name", "size", "head", "message"),
    [
        ("申请表.pdf", MAX + 1, PDF, "文件不能超过 10 MB"),
        ("申请表.pdf", 0, PDF, "文件是空的"),
        ("申请表.pdf", 100, ZIP, "文件内容与扩展名 .pdf 不符"),
        ("照片.png", 100, JPG, "文件内容与扩展名 .png 不符"),
        ("照片.jpg", 100, PNG, "文件内容与扩展名 .jpg 不符"),
        ("登记表.docx", 100, OLE, "文件内容与扩展名 .docx 不符"),
        ("登记表.doc", 100, ZIP, "文件内容与扩展名 .doc 不符"),
        ("病毒.exe", 100, b"MZ\x90\x00", None),
        ("脚本.pdf.js", 100, PDF, None),
        ("网页.html", 100, b"<html>", None),
        ("没有扩展名", 100, PDF, None),
        ("压缩包.zip", 100, ZIP, None),
    ],
)
def test_refused_attachments(name, size, head, message):
    expected = message or "不支持的文件类型，请上传 PDF、Word、Excel、JPG、PNG 或 TXT 文件"
    assert rules.attachment_error(name, size, head, MAX) == expected


def test_the_size_limit_follows_the_setting():
    assert rules.attachment_error("a.pdf", 2 * MB, PDF, 2 * MB) is None
    assert rules.attachment_error("a.pdf", 2 * MB + 1, PDF, 2 * MB) == "文件不能超过 2 MB"


# ---------------------------------------------------------------- guess_actor


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("区妇联家儿部提交滨海新区妇联党组会议审核通过", "review", "party"),
        ("提请滨海新区总工会党组会议批准", "meeting", "party"),
        ("报街道党工委审批", "action", "department"),  # an action names no decision
        ("审核评选", "review", "department"),
        ("党支部书记签字", "review", "party"),
    ],
)
def test_guess_actor(name, kind, expected):
    assert rules.guess_actor(name, kind) == expected
