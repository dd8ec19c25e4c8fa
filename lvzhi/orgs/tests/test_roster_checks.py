"""Excel roster import: unreadable files, limits, headers, scope, placement, codes, labels
and dates, each reported on its sheet, row and column."""

import datetime as dt
import io
import os
import zipfile

import pytest
from openpyxl import Workbook

from lvzhi.orgs import roster, services
from lvzhi.orgs.models import Organization, Position, Term
from lvzhi.orgs.roster.cells import cell_date

from .test_roster import (
    BAD_CHECKSUM,
    ID_A,
    ID_B,
    ID_C,
    ID_D,
    org,
    person,
    position,
    totals,
    valid_roster,
    where,
    workbook,
)

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.mark.parametrize(
    "content",
    [
        os.urandom(4096),
        "组织代码,组织名称\nBH-1,某妇联\n".encode("gbk"),
        b"",
        b"PK\x03\x04 not really a zip",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
    ],
    ids=["random", "csv", "empty", "fake-zip", "xls"],
)
def test_unreadable_files_give_one_clear_error(org_tree, cadre, content):
    before = totals()
    preview = roster.parse_roster(content, actor=cadre, file_name="名册.xlsx")
    assert len(preview.errors) == 1
    message = preview.errors[0].message
    assert (
        ".xlsx" in message
        and ("无法读取" in message or "旧版 .xls" in message)
        or ("文件是空的" in message)
    )
    assert preview.total == 0
    with pytest.raises(roster.RosterRejected):
        roster.roster_apply(actor=cadre, preview=preview)
    assert totals() == before


def test_a_zip_that_is_not_a_workbook_and_a_workbook_without_our_sheets(org_tree, cadre):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "无法读取" in roster.parse_roster(buffer.getvalue(), actor=cadre).errors[0].message
    book = Workbook()
    book.active.title = "Sheet1"
    out = io.BytesIO()
    book.save(out)
    errors = roster.parse_roster(out.getvalue(), actor=cadre).errors
    assert len(errors) == 1 and "工作表" in errors[0].message


def test_size_limit(org_tree, cadre, settings):
    settings.IMPORT_MAX_BYTES = 1000
    errors = roster.parse_roster(valid_roster(), actor=cadre).errors
    assert len(errors) == 1 and "上限" in errors[0].message


def test_missing_header_is_reported_on_row_one(org_tree, cadre):
    book = Workbook()
    book.active.title = roster.PEOPLE
    book.active.append(["姓名", "所属组织代码"])
    book.active.append(["张丽", "BH-XH"])
    out = io.BytesIO()
    book.save(out)
    errors = roster.parse_roster(out.getvalue(), actor=cadre).errors
    assert [(e.sheet, e.row, e.header) for e in errors] == [("人员", 1, "身份证号")]


def test_township_cadre_cannot_reach_outside_her_subtree(org_tree, make_user, existing):
    township = make_user("xh", "cadre", org_tree.xinhe)
    services.person_create(
        actor=make_user("dg", "cadre", org_tree.dagu),
        organization=org_tree.dagu_1,
        name="大沽人",
        id_number=ID_D,
    )
    content = workbook(
        orgs=[
            org("BH-DG-02", "大沽二社区妇女联合会", "BH-DG"),  # parent out of scope
            org("BH-XH-02", "新河二社区妇女联合会", "BH-XH"),
        ],
        people=[person("张丽", ID_A, "BH-DG-01")],  # organization out of scope
        positions=[
            position(ID_D, "BH-XH-01", "执委", "2024-01-01"),  # person out of scope
            position(ID_C, "BH-XH-01", "执委", "2024-01-01"),
        ],  # in scope: fine
    )
    before = totals()
    preview = roster.parse_roster(content, actor=township)
    assert where(preview) == {("组织", 2, "C"), ("人员", 2, "J"), ("职务", 2, "A")}
    assert all("管理范围" in e.message for e in preview.errors)
    with pytest.raises(roster.RosterRejected):
        roster.roster_apply(actor=township, preview=preview)
    assert totals() == before


def test_top_level_organizations_only_for_platform_admin(org_tree, cadre, admin_user):
    content = workbook(orgs=[org("SD-FL", "山东省妇女联合会", None, 层级="省级")])
    errors = roster.parse_roster(content, actor=cadre).errors
    assert [(e.row, e.column) for e in errors] == [(2, "C")]
    preview = roster.parse_roster(content, actor=admin_user)
    assert preview.errors == []
    roster.roster_apply(actor=admin_user, preview=preview)
    assert Organization.objects.get(code="SD-FL").is_root()


def test_parent_must_be_above_and_placement_rules(org_tree, cadre):
    content = workbook(
        orgs=[
            org("BH-XH-02-G1", "第一妇女小组", "BH-XH-02", kind="妇女小组"),
            org("BH-XH-02", "新河二社区妇女联合会", "BH-XH"),
            org("BH-XH-GH", "某基层工会", "BH-XH", kind="基层工会"),
            org("BH-XH-02-G1-X", "小组之下", "BH-XH-01-G1"),
        ]
    )
    preview = roster.parse_roster(content, actor=cadre)
    messages = {(e.row, e.column): e.message for e in preview.errors}
    assert "第3行" in messages[(2, "C")]
    assert "不能互为上下级" in messages[(4, "D")]
    assert "不能再设下级组织" in messages[(5, "D")]
    assert len(messages) == 3


def test_terms_codes_and_labels(org_tree, cadre):
    Term.objects.create(
        organization=org_tree.xinhe_1,
        org_path=org_tree.xinhe_1.path,
        number=3,
        start_date=dt.date(2022, 1, 1),
        end_date=dt.date(2027, 1, 1),
    )
    content = workbook(
        people=[person("张丽", ID_A, "BH-XH-01", 性别="F", 政治面貌="masses", 出生日期=31118)],
        positions=[
            position(ID_A, "BH-XH-01", "chair", "2024-01-01", 届次=3, 常委="否"),
            position(ID_A, "BH-XH-01", "执委", "2024-01-01", 届次=4),
        ],
    )
    preview = roster.parse_roster(content, actor=cadre)
    assert [(e.sheet, e.row, e.column) for e in preview.errors] == [("职务", 3, "G")]
    assert preview.people[0].values["birth_date"] == dt.date(1985, 3, 12)  # an Excel serial
    content = workbook(
        people=[person("张丽", ID_A, "BH-XH-01", 性别="F", 政治面貌="masses")],
        positions=[position(ID_A, "BH-XH-01", "chair", "2024-01-01", 届次=3)],
    )
    preview = roster.parse_roster(content, actor=cadre)
    roster.roster_apply(actor=cadre, preview=preview)
    seat = Position.objects.get()
    assert seat.term.number == 3 and seat.title == "chair" and not seat.is_standing
    assert seat.person.political_status == "masses"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-01-05", dt.date(2024, 1, 5)),
        ("2024/1/5", dt.date(2024, 1, 5)),
        ("2024年1月5日", dt.date(2024, 1, 5)),
        (dt.datetime(2024, 1, 5, 0, 0), dt.date(2024, 1, 5)),
        (45296, dt.date(2024, 1, 5)),
    ],
)
def test_dates(value, expected):
    assert cell_date(value) == expected


@pytest.mark.parametrize("value", ["2024-02-30", "05/01/2024", "明天"])
def test_bad_dates(value):
    with pytest.raises(ValueError):
        cell_date(value)


def test_columns_may_be_reordered_and_errors_follow_the_file(org_tree, cadre):
    book = Workbook()
    book.active.title = roster.PEOPLE
    book.active.append(["身份证号", "备注", "所属组织代码", "姓名"])
    book.active.append([BAD_CHECKSUM, "随便写", "BH-XH-01", "赵敏"])
    book.active.append([ID_B, None, "BH-XH-01", "李梅"])
    out = io.BytesIO()
    book.save(out)
    preview = roster.parse_roster(out.getvalue(), actor=cadre)
    assert [(e.row, e.column, e.header) for e in preview.errors] == [(2, "A", "身份证号")]
    assert preview.people[1].values["name"] == "李梅"
