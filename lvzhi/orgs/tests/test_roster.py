"""Excel roster import: reading a valid roster and applying it through the services, every
error placed by sheet/row/column, all-or-nothing writes. The helpers building workbooks
(``workbook``, ``org``, ``person``, ``position``, the ID numbers) live here and are used by
the other roster tests, the seat-flow tests and the browser tests; checks of single cells and
sheets are in test_roster_checks.py, the template, pages and CLI in test_roster_web.py."""

import datetime as dt
import io
import json

import pytest
from django.db import connection
from openpyxl import Workbook

from lvzhi.core.models import AuditEvent
from lvzhi.core.pii import blind_index
from lvzhi.orgs import roster, services
from lvzhi.orgs.models import Kind, Organization, Person, Position

pytestmark = pytest.mark.usefixtures("fast_passwords")

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
