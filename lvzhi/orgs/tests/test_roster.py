"""Excel roster import: parsing, every error placed by sheet/row/column, all-or-nothing
writes through the services, the web flow, the template and the CLI."""

import datetime as dt
import io
import json
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from lvzhi.core.models import AuditEvent
from lvzhi.core.pii import blind_index
from lvzhi.orgs import roster, services
from lvzhi.orgs.models import Kind, Organization, Person, Position, Term
from lvzhi.orgs.roster.cells import cell_date

ID_A = "120101198503120027"  # woman, 1985-03-12
ID_B = "120101199001010041"  # woman, 1990-01-01
ID_C = "110101198808080028"  # woman, 1988-08-08
ID_D = "11010519491231002X"  # woman, 1949-12-31
BAD_CHECKSUM = "120101199001010042"

ORG_HEADERS = [c.header for c in roster.COLUMNS[roster.ORGS]]
PERSON_HEADERS = [c.header for c in roster.COLUMNS[roster.PEOPLE]]
POSITION_HEADERS = [c.header for c in roster.COLUMNS[roster.POSITIONS]]


def workbook(orgs=(), people=(), positions=()) -> bytes:
    """An .xlsx in memory; each row is a dict by header."""
    book = Workbook()
    book.remove(book.active)
    for name, headers, rows in (
        (roster.ORGS, ORG_HEADERS, orgs),
        (roster.PEOPLE, PERSON_HEADERS, people),
        (roster.POSITIONS, POSITION_HEADERS, positions),
    ):
        sheet = book.create_sheet(name)
        sheet.append(headers)
        for row in rows:
            sheet.append([row.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def org(code, name, parent, kind="地方妇联", **extra):
    return {"组织代码": code, "组织名称": name, "上级组织代码": parent, "类型": kind, **extra}


def person(name, id_number, org_code, **extra):
    return {"姓名": name, "身份证号": id_number, "所属组织代码": org_code, **extra}


def position(id_number, org_code, title, start, **extra):
    return {"身份证号": id_number, "组织代码": org_code, "职务": title, "任职日期": start, **extra}


def valid_roster() -> bytes:
    return workbook(
        orgs=[
            org("BH-XH-02", "新河二社区妇女联合会", "BH-XH", 层级="村(社区)", 电话="022-2520 1234"),
            org("BH-XH-02-G1", "新河二社区第一妇女小组", "BH-XH-02", kind="women_group"),
        ],
        people=[
            person(
                "张丽",
                ID_A,
                "BH-XH-02",
                性别="女",
                出生日期=dt.datetime(1985, 3, 12),
                政治面貌="中共党员",
                学历="大学本科",
                手机号码="138 1234 5678",
            ),
            person("李梅", ID_B, "BH-XH-01", 出生日期="1990年1月1日", 学历="bachelor"),
        ],
        positions=[
            position(ID_A, "BH-XH-02", "主席", "2024-01-15", 任职方式="兼职", 常委="是"),
            position(ID_B, "BH-XH-01", "执委", "2024/1/5"),
            position(ID_C, "BH-XH-01", "副主席", dt.date(2023, 6, 1), 任职方式="专职"),
        ],
    )


def where(preview):
    return {(e.sheet, e.row, e.column) for e in preview.errors}


def totals():
    return (
        Organization.objects.count(),
        Person.objects.count(),
        Position.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cadre(org_tree, make_user):
    """A district cadre: may create anywhere under 滨海新区妇联."""
    return make_user("bh", "cadre", org_tree.district)


@pytest.fixture
def existing(org_tree, cadre):
    """One person already on record (ID_C), at 新河一社区."""
    return services.person_create(
        actor=cadre, organization=org_tree.xinhe_1, name="王芳", id_number=ID_C
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# parsing and applying ------------------------------------------------------


def test_valid_roster_previews_cleanly_and_applies_through_services(org_tree, cadre, existing):
    before = AuditEvent.objects.count()
    preview = roster.parse_roster(valid_roster(), actor=cadre)
    assert preview.errors == []
    assert preview.counts == {"organizations": 2, "people": 2, "positions": 3}
    assert Organization.objects.filter(code="BH-XH-02").count() == 0  # parsing writes nothing
    assert AuditEvent.objects.count() == before
    assert preview.people[0].cells[8] == "**************0027"  # masked for display

    result = roster.roster_apply(actor=cadre, preview=preview)
    assert result.counts == {"organizations": 2, "people": 2, "positions": 3}

    community = Organization.objects.get(code="BH-XH-02")
    group = Organization.objects.get(code="BH-XH-02-G1")
    assert Organization.objects.get_parent(community) == org_tree.xinhe
    assert Organization.objects.get_parent(group) == community
    assert community.level == "village" and community.phone == "02225201234"
    assert group.kind == Kind.WOMEN_GROUP and group.path.startswith(community.path)

    zhang = Person.objects.get(id_number_hash=blind_index(ID_A))
    assert zhang.organization == community and zhang.org_path == community.path
    assert zhang.id_number == ID_A and zhang.phone == "13812345678"
    assert zhang.political_status == "party_member" and zhang.education == "bachelor"
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM orgs_person WHERE id = %s", [zhang.pk])
        stored = cursor.fetchone()[0]
    assert ID_A not in stored  # encrypted at rest
    li = Person.objects.get(id_number_hash=blind_index(ID_B))
    assert li.birth_date == dt.date(1990, 1, 1) and li.gender == "F"
    assert li.org_path == org_tree.xinhe_1.path

    chair = Position.objects.get(person=zhang)
    assert (chair.title, chair.tenure, chair.is_standing) == ("chair", "part_time", True)
    assert chair.start_date == dt.date(2024, 1, 15) and chair.org_path == community.path
    member = Position.objects.get(person=li)
    assert member.start_date == dt.date(2024, 1, 5) and not member.is_standing
    vice = Position.objects.get(person=existing)
    assert vice.title == "vice_chair" and vice.start_date == dt.date(2023, 6, 1)

    events = AuditEvent.objects.filter(actor=cadre, action="create").exclude(
        object_type="orgs.person", object_id=str(existing.pk)
    )
    by_type = {}
    for event in events:
        by_type[event.object_type] = by_type.get(event.object_type, 0) + 1
    assert by_type == {"orgs.organization": 2, "orgs.person": 2, "orgs.position": 3}
    zhang_event = events.get(object_type="orgs.person", object_id=str(zhang.pk))
    assert ID_A not in json.dumps(zhang_event.changes, ensure_ascii=False)


def test_every_error_is_placed_and_nothing_is_written(org_tree, cadre, existing):
    content = workbook(
        orgs=[
            org("BH-XH-02", "新河二社区妇女联合会", "BH-XH"),  # valid
            org("BH-XH-03", "新河三社区妇女联合会", "NO-SUCH"),  # unknown parent
            org("BH-XH-01", "重复代码", "BH-XH"),  # code already used
            org("BH-XH-02", "文件内重复", "BH-XH"),  # duplicate in file
        ],
        people=[
            person("张丽", ID_A, "BH-XH-02"),  # valid
            person("赵敏", BAD_CHECKSUM, "BH-XH-02"),  # bad checksum
            person("孙静", ID_B, "BH-XH-02"),  # valid …
            person("孙静二", ID_B, "BH-XH-02"),  # … duplicated in the file
            person("王芳", ID_C, "BH-XH-01"),  # already in the database
            person("周红", ID_D, "BH-XH-02", 性别="男", 出生日期="1950-01-01"),  # ID mismatch
            person("", "12345", "NOPE", 学历="博士", 出生日期="昨天"),
        ],
        positions=[
            position(ID_A, "BH-XH-02", "主席", "2024-01-15"),  # valid
            position("110101200001010010", "BH-XH-02", "执委", "2024-01-15"),  # unknown person
            position(ID_A, "BH-XH-02", "执委", "2024-01-15", 任职方式="专职"),  # tenure/member
            position(ID_A, "BH-XH-02", "会长", "2024-13-01"),
        ],
    )
    before = totals()
    preview = roster.parse_roster(content, actor=cadre)
    found = where(preview)
    expected = {
        ("组织", 3, "C"),
        ("组织", 4, "A"),
        ("组织", 5, "A"),
        ("人员", 3, "I"),
        ("人员", 5, "I"),
        ("人员", 6, "I"),
        ("人员", 7, "B"),
        ("人员", 7, "C"),
        ("人员", 8, "A"),
        ("人员", 8, "I"),
        ("人员", 8, "J"),
        ("人员", 8, "F"),
        ("人员", 8, "C"),
        ("职务", 3, "A"),
        ("职务", 4, "D"),
        ("职务", 5, "C"),
        ("职务", 5, "F"),
    }
    assert expected <= found, expected - found
    assert found <= expected, found - expected
    order = [(roster.SHEETS.index(e.sheet), e.row) for e in preview.errors]
    assert order == sorted(order)  # listed sheet by sheet, row by row
    messages = {(e.sheet, e.row, e.column): e.message for e in preview.errors}
    assert "不存在或不在您的管理范围内" in messages[("组织", 3, "C")]
    assert messages[("组织", 4, "A")] == "组织代码已被使用"
    assert "第2行重复" in messages[("组织", 5, "A")]
    assert "校验位" in messages[("人员", 3, "I")]
    assert "第4行重复" in messages[("人员", 5, "I")]
    assert messages[("人员", 6, "I")] == "该身份证号已登记在其他人员名下"
    assert messages[("人员", 7, "B")] == "性别与身份证号不一致"
    assert messages[("人员", 7, "C")] == "出生日期与身份证号不一致"
    assert messages[("人员", 8, "A")] == "必填，不能为空"
    assert "可选" in messages[("人员", 8, "F")]
    assert "日期格式" in messages[("人员", 8, "C")]
    assert "未找到" in messages[("职务", 3, "A")]
    assert "仅适用于主席、副主席" in messages[("职务", 4, "D")]
    error = next(e for e in preview.errors if (e.sheet, e.row, e.column) == ("人员", 3, "I"))
    assert error.header == "身份证号" and str(error).startswith("人员 第3行 I列（身份证号）")

    with pytest.raises(roster.RosterRejected) as rejected:
        roster.roster_apply(actor=cadre, preview=preview)
    assert len(rejected.value.errors) == len(preview.errors)
    assert totals() == before
    assert not Organization.objects.filter(code="BH-XH-02").exists()


def test_apply_revalidates_against_the_database(org_tree, cadre, existing):
    preview = roster.parse_roster(valid_roster(), actor=cadre)
    assert preview.errors == []
    services.organization_create(
        actor=cadre,
        parent=org_tree.dagu,
        name="抢先一步",
        code="BH-XH-02-G1",
        kind=Kind.LOCAL_FEDERATION,
    )
    before = totals()
    with pytest.raises(roster.RosterRejected) as rejected:
        roster.roster_apply(actor=cadre, preview=preview)
    assert [(e.sheet, e.row, e.column) for e in rejected.value.errors] == [("组织", 3, "A")]
    assert totals() == before


def test_service_failure_midway_rolls_back_everything(org_tree, cadre, monkeypatch):
    real = services.position_create

    def failing(**kwargs):
        if kwargs["person"].name == "李梅":
            from django.core.exceptions import ValidationError

            raise ValidationError({"title": "模拟失败"})
        return real(**kwargs)

    monkeypatch.setattr(services, "position_create", failing)
    content = workbook(
        orgs=[org("BH-XH-02", "新河二社区妇女联合会", "BH-XH")],
        people=[person("张丽", ID_A, "BH-XH-02"), person("李梅", ID_B, "BH-XH-02")],
        positions=[
            position(ID_A, "BH-XH-02", "主席", "2024-01-15"),
            position(ID_B, "BH-XH-02", "执委", "2024-01-15"),
        ],
    )
    before = totals()
    with pytest.raises(roster.RosterRejected) as rejected:
        roster.roster_apply(actor=cadre, preview=roster.parse_roster(content, actor=cadre))
    assert [(e.sheet, e.row, e.column, e.message) for e in rejected.value.errors] == [
        ("职务", 3, "C", "模拟失败")
    ]
    assert totals() == before


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


# template ------------------------------------------------------------------


def test_template_download(client, org_tree, cadre):
    client.force_login(cadre)
    response = client.get(reverse("orgs_import:template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["组织", "人员", "职务"]
    assert [c.value for c in book["组织"][1]] == [
        "组织代码",
        "组织名称",
        "上级组织代码",
        "类型",
        "层级",
        "地址",
        "电话",
    ]
    assert [c.value for c in book["人员"][1]] == [
        "姓名",
        "性别",
        "出生日期",
        "民族",
        "政治面貌",
        "学历",
        "工作单位及职务",
        "手机号码",
        "身份证号",
        "所属组织代码",
    ]
    assert [c.value for c in book["职务"][1]] == [
        "身份证号",
        "组织代码",
        "职务",
        "任职方式",
        "常委",
        "任职日期",
        "届次",
    ]
    for name in book.sheetnames:
        assert book[name].max_row >= 2 and book[name]["A2"].value  # an example row
    lists = {
        str(v.sqref).split(":")[0]: v.formula1 for v in book["组织"].data_validations.dataValidation
    }
    assert "地方妇联" in lists["D2"] and "村（社区）" in lists["E2"]
    lists = {
        str(v.sqref).split(":")[0]: v.formula1 for v in book["职务"].data_validations.dataValidation
    }
    assert lists["E2"] == '"是,否"' and "副主席" in lists["C2"] and "挂职" in lists["D2"]
    # left unchanged, the template imports nothing and says so
    preview = roster.parse_roster(response.content, actor=cadre)
    assert preview.skipped_examples == 3
    assert [e.message for e in preview.errors] == ["文件中没有可导入的数据行（模板示例行会被忽略）"]


def test_template_example_rows_are_valid_when_edited(org_tree, cadre):
    book = load_workbook(io.BytesIO(roster.build_template()))
    book["组织"]["B2"] = "新河二社区妇联"
    out = io.BytesIO()
    book.save(out)
    preview = roster.parse_roster(out.getvalue(), actor=cadre)
    assert preview.errors == [] and preview.counts["organizations"] == 1
    assert preview.skipped_examples == 2


# pages ---------------------------------------------------------------------


def _upload(client, content, name="名册.xlsx"):
    return client.post(reverse("orgs_import:upload"), {"file": SimpleUploadedFile(name, content)})


def test_web_flow_errors_then_confirm(client, org_tree, cadre, existing, media):
    client.force_login(cadre)
    page = client.get(reverse("orgs_import:upload"))
    assert page.status_code == 200
    assert reverse("orgs_import:template") in page.content.decode()

    before = totals()
    bad = workbook(
        orgs=[org("BH-XH-03", "新河三社区", "NO-SUCH")],
        people=[person("赵敏", BAD_CHECKSUM, "BH-XH-01")],
    )
    response = _upload(client, bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert "roster-errors" in html and "确认导入" not in html
    assert "NO-SUCH" in html and "校验位" in html and "C（上级组织代码）" in html
    assert totals() == before

    response = _upload(client, os.urandom(100), name="fake.xlsx")
    assert "无法读取" in response.content.decode() and "确认导入" not in response.content.decode()

    response = _upload(client, valid_roster())
    html = response.content.decode()
    assert "确认导入" in html and "roster-errors" not in html
    assert ID_A not in html and "**************0027" in html  # masked in the preview
    token = response.context["token"]
    assert list((media / "roster-imports").rglob("*.xlsx"))

    response = client.post(reverse("orgs_import:confirm"), {"token": "0" * 32}, follow=True)
    assert "导入已失效" in response.content.decode()
    assert totals() == before

    response = _upload(client, valid_roster())
    token = response.context["token"]
    response = client.post(reverse("orgs_import:confirm"), {"token": token}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("orgs_import:upload")
    assert "导入完成：新建组织 2 个，人员 2 人，职务 3 条" in response.content.decode()
    assert Organization.objects.filter(code__in=["BH-XH-02", "BH-XH-02-G1"]).count() == 2
    assert Person.objects.filter(id_number_hash=blind_index(ID_A)).exists()
    assert not list((media / "roster-imports").rglob("*.xlsx"))  # nothing left behind

    # the same token cannot be used twice
    response = client.post(reverse("orgs_import:confirm"), {"token": token}, follow=True)
    assert "导入已失效" in response.content.decode()


def test_confirm_rejects_when_the_database_changed(client, org_tree, cadre, existing, media):
    client.force_login(cadre)
    token = _upload(client, valid_roster()).context["token"]
    services.organization_create(
        actor=cadre,
        parent=org_tree.dagu,
        name="抢先一步",
        code="BH-XH-02",
        kind=Kind.LOCAL_FEDERATION,
    )
    before = totals()
    response = client.post(reverse("orgs_import:confirm"), {"token": token})
    assert response.status_code == 409
    assert "组织代码已被使用" in response.content.decode()
    assert totals() == before


def test_upload_form_refuses_files_over_the_limit(client, org_tree, cadre, settings, media):
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(cadre)
    missing = client.post(reverse("orgs_import:upload"), {})
    assert missing.status_code == 200 and "field-error" in missing.content.decode()
    response = _upload(client, valid_roster())
    assert "上限" in response.content.decode() and "roster-errors" not in response.content.decode()


def test_pages_need_the_import_action(client, org_tree, make_user, media):
    staff = make_user(
        "staff", "department_staff", org_tree.district, department=org_tree.propaganda
    )
    client.force_login(staff)
    assert client.get(reverse("orgs_import:upload")).status_code in (403, 404)
    assert client.get(reverse("orgs_import:template")).status_code in (403, 404)
    assert _upload(client, valid_roster()).status_code in (403, 404)
    assert not list(media.rglob("*.xlsx"))
    assert client.post(reverse("orgs_import:confirm"), {"token": "0" * 32}).status_code in (
        403,
        404,
    )
    assert (
        roster.parse_roster(valid_roster(), actor=staff).errors[0].message == "您没有名册导入权限"
    )
    client.logout()
    response = client.get(reverse("orgs_import:upload"))
    assert response.status_code == 302 and "login" in response["Location"]


# CLI -----------------------------------------------------------------------


def test_cli_json(org_tree, cadre, existing, tmp_path):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(valid_roster())
    out = io.StringIO()
    call_command("import_roster", str(path), "--user", "bh", "--json", "--dry-run", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["ok"] and summary["dry_run"] and not summary["applied"]
    assert summary["file"] == "名册.xlsx"
    assert summary["counts"] == {"organizations": 2, "people": 2, "positions": 3}
    assert not Organization.objects.filter(code="BH-XH-02").exists()

    out = io.StringIO()
    call_command("import_roster", str(path), "--user", "bh", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["ok"] and summary["applied"] and summary["errors"] == []
    assert Organization.objects.filter(code="BH-XH-02").exists()

    # the same file again: every row now collides, nothing more is written
    before = totals()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_roster", str(path), "--user", "bh", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert not summary["ok"] and not summary["applied"]
    assert {
        "sheet": "组织",
        "row": 2,
        "column": "A",
        "header": "组织代码",
        "message": "组织代码已被使用",
    } in summary["errors"]
    assert totals() == before


def test_cli_text_and_bad_arguments(org_tree, cadre, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook(people=[person("赵敏", BAD_CHECKSUM, "BH-XH-01")]))
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 处错误"):
        call_command("import_roster", str(path), "--user", "bh", stdout=out)
    assert "人员 第2行 I列（身份证号）：身份证号校验位不正确" in out.getvalue()
    with pytest.raises(CommandError, match="账号不存在"):
        call_command("import_roster", str(path), "--user", "nobody")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_roster", str(tmp_path / "missing.xlsx"), "--user", "bh", stdout=out)
    assert "找不到该文件" in out.getvalue()


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


def test_cli_text_success(org_tree, cadre, tmp_path):
    path = tmp_path / "ok.xlsx"
    path.write_bytes(workbook(people=[person("李梅", ID_B, "BH-XH-01")]))
    out = io.StringIO()
    call_command("import_roster", str(path), "--user", "bh", stdout=out)
    assert "已导入：组织 0 个，人员 1 人，职务 0 条" in out.getvalue()
    assert Person.objects.filter(id_number_hash=blind_index(ID_B)).exists()
