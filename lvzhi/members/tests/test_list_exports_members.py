"""Excel exports of the members list pages (issue 11 point 6): the file holds every row of
the page's filtered list (all pages), only rows in the user's scope, the columns the page
shows (no phone, no identity number), the rule and its clause in their own columns, in a
fixed number of queries; an organization outside the user's scope answers 404."""

import datetime as dt

import pytest
from django.urls import reverse

from lvzhi.core.periods import today_local
from lvzhi.core.tests.test_exports import read_sheet, streamed
from lvzhi.members.activities import selectors as activity_selectors
from lvzhi.members.activities import services
from lvzhi.members.tests.test_profiles import PHONE, fill_contacts, units  # noqa: F401

pytestmark = pytest.mark.django_db


def record(person, actor=None, **fields):
    fields.setdefault("kind", "lecture")
    fields.setdefault("date", today_local())
    return services.activity_record(actor=actor or person.user, person=person, **fields)


@pytest.fixture
def people(committees, make_user):
    class People:
        member = committees.township[1]
        other = committees.township[2]
        village = committees.village[1]
        township = committees.township
        xinhe_cadre = make_user("xinhe_cadre", "cadre", committees.tree.xinhe)
        dagu_cadre = make_user("dagu_cadre", "cadre", committees.tree.dagu)
        tree = committees.tree

    return People


def export(client, url, status=200):
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}format=xlsx")
    assert response.status_code == status, response.status_code
    if status != 200:
        return None, None, None
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet, values = read_sheet(streamed(response))
    assert sheet.freeze_panes == "A2"
    return sheet, values[0], values[1:]


# 履职活动 ---------------------------------------------------------------------


def test_activity_export_is_the_filtered_list_in_scope(client, people):
    record(
        people.member, kind="contact", date=today_local() - dt.timedelta(days=40), note="早先联系"
    )
    record(people.member, kind="lecture", note="近期宣讲", place="村委会")
    record(people.other, kind="lecture", note="他人宣讲")
    record(people.village, kind="survey", note="社区调研")
    client.force_login(people.xinhe_cadre)
    url = reverse("members:activities")
    page = client.get(url).content.decode()
    assert "导出 Excel" in page and "format=xlsx" in page
    sheet, header, rows = export(client, url)
    assert sheet.title == "履职活动"
    assert header == [
        "日期", "类型", "执委", "组织", "地点", "联系妇女人数", "状态", "内容", "退回理由"
    ]  # fmt: skip
    visible = activity_selectors.activity_list(people.xinhe_cadre)
    assert [row[7] for row in rows] == [a.note for a in visible]
    assert {"早先联系", "近期宣讲", "他人宣讲", "社区调研"} <= {row[7] for row in rows}
    assert all(note in page for note in ("近期宣讲", "他人宣讲"))
    # the page's filters: kind, date
    _sheet, _header, contacts = export(client, url + "?kind=contact")
    assert [row[7] for row in contacts] == ["早先联系"] and contacts[0][1] == "联系"
    since = (today_local() - dt.timedelta(days=10)).isoformat()
    _sheet, _header, recent = export(client, url + f"?from={since}")
    assert "早先联系" not in {row[7] for row in recent} and "近期宣讲" in {row[7] for row in recent}
    # no PII column: the phone of the member never shows
    people.member.phone = "13900001111"
    people.member.save()
    _sheet, _header, again = export(client, url)
    assert "13900001111" not in str(again)


def test_activity_export_scope(client, people):
    record(people.member, note="新河宣讲")
    # a cadre of another township: nothing of 新河, also when she asks for 新河
    client.force_login(people.dagu_cadre)
    _sheet, _header, rows = export(client, reverse("members:activities"))
    assert "新河宣讲" not in {row[7] for row in rows}
    _sheet, _header, rows = export(
        client, reverse("members:activities") + f"?org={people.tree.xinhe.pk}"
    )
    assert rows == []
    # a member: her own only
    record(people.other, note="他人宣讲")
    client.force_login(people.member.user)
    _sheet, _header, rows = export(client, reverse("members:activities"))
    assert [row[7] for row in rows] == ["新河宣讲"]


def test_activity_export_constant_queries(client, people, django_assert_max_num_queries):
    client.force_login(people.xinhe_cadre)
    url = reverse("members:activities")
    for person in people.township[:3]:
        record(person, units=[people.tree.group])
    with django_assert_max_num_queries(40) as small:
        _sheet, _header, few = export(client, url)
    for person in people.township[3:]:
        record(person, people.xinhe_cadre, units=[people.tree.group])
    with django_assert_max_num_queries(len(small.captured_queries)):
        _sheet, _header, many = export(client, url)
    assert len(many) == len(few) + len(people.township) - 3


# 执委建议 ---------------------------------------------------------------------


def test_suggestion_export_with_answer_state_rule_and_answerer_name(client, people):
    asked = record(people.member, kind="suggestion", note="建议增设儿童之家")
    record(people.other, kind="suggestion", note="建议开展家风讲座")
    record(people.member, kind="lecture", note="不是建议")
    services.suggestion_answer(actor=people.xinhe_cadre, activity=asked, answer="已采纳")
    people.xinhe_cadre.first_name = "新河干部"
    people.xinhe_cadre.save()
    client.force_login(people.xinhe_cadre)
    url = reverse("members:suggestions")
    page = client.get(url).content.decode()
    assert "导出 Excel" in page
    sheet, header, rows = export(client, url)
    assert sheet.title == "执委建议"
    assert header[:7] == ["日期", "执委", "组织", "地点", "建议内容", "答复状态", "答复内容"]
    assert header[-2:] == ["规则", "依据"]
    # unanswered first, as on the page; only suggestions
    assert [row[4] for row in rows] == ["建议开展家风讲座", "建议增设儿童之家"]
    assert all(row[4] in page for row in rows)
    assert [row[5] for row in rows] == ["未答复", "已答复"]
    assert {row[-2] for row in rows} == {"R-EX-04"} and all(row[-1] for row in rows)
    answerer = rows[1][7]
    assert answerer and "xinhe_cadre" not in answerer  # a person, not a login
    # the page's filter: answered only
    _sheet, _header, answered = export(client, url + "?answered=1")
    assert [row[4] for row in answered] == ["建议增设儿童之家"]
    # out of scope: a cadre of another township sees none; a member gets the page's 404
    client.force_login(people.dagu_cadre)
    assert export(client, url)[2] == []
    client.force_login(people.member.user)
    export(client, url, status=404)


def test_suggestion_export_constant_queries(client, people, django_assert_max_num_queries):
    client.force_login(people.xinhe_cadre)
    url = reverse("members:suggestions")
    first = record(people.member, kind="suggestion", note="一")
    services.suggestion_answer(actor=people.xinhe_cadre, activity=first, answer="好")
    with django_assert_max_num_queries(40) as small:
        _sheet, _header, few = export(client, url)
    for person in people.township[3:]:
        done = record(person, people.xinhe_cadre, kind="suggestion", note="多")
        services.suggestion_answer(actor=people.xinhe_cadre, activity=done, answer="好")
    with django_assert_max_num_queries(len(small.captured_queries)):
        _sheet, _header, many = export(client, url)
    assert len(many) == len(few) + len(people.township) - 3


# 七个一：按下级组织、执委明细 --------------------------------------------------

COMPLIANCE_DAY = dt.date(2026, 11, 20)


@pytest.fixture
def counted(committees, clock):
    """Both committees computed for 2026; three members gave a lecture this quarter."""
    from lvzhi.members.compliance import services as compliance

    clock.set(COMPLIANCE_DAY)
    tree = committees.tree
    compliance.rebuild(organizations=[tree.xinhe, tree.xinhe_1], year=2026, today=COMPLIANCE_DAY)
    for person in (committees.township[1], committees.township[2], committees.village[1]):
        services.activity_record(
            actor=person.user,
            person=person,
            kind="lecture",
            date=COMPLIANCE_DAY - dt.timedelta(days=3),
            today=COMPLIANCE_DAY,
        )
    return committees


def test_compliance_by_child_organization_export(client, counted, make_user):
    tree = counted.tree
    client.force_login(make_user("xh_cadre", "cadre", tree.xinhe))
    url = reverse("members:rollup") + f"?org={tree.xinhe.pk}&period=2026Q4"
    page = client.get(url)
    assert "导出 Excel" in page.content.decode()
    children = page.context["children"]
    sheet, header, rows = export(client, url)
    assert sheet.title == "按下级组织"
    assert header == [
        "组织", "执委", "要求", "规则", "依据", "计算期间", "已完成", "应完成", "达标率（%）"
    ]  # fmt: skip
    expected = [
        (child.organization.pk, rule.rule_id, rule.source, rule.met, rule.required)
        for child in children
        for rule in child.rules
    ]
    assert len(rows) == len(expected) > 7
    assert [(row[3], row[4], row[6], row[7]) for row in rows] == [e[1:] for e in expected]
    assert all(row[4] for row in rows)  # the clause in its own column
    assert rows[0][0] == f"{tree.xinhe.name}（本级）"
    assert {row[0] for row in rows} == {f"{tree.xinhe.name}（本级）", tree.xinhe_1.name}
    lectures = [row for row in rows if row[0] == tree.xinhe_1.name and row[3] == "R-EX-04"]
    # the counts are the page's
    child = next(c for c in children if c.organization.pk == tree.xinhe_1.pk)
    lecture_rule = next(r for r in child.rules if r.rule_id == "R-EX-04")
    assert lectures and lectures[0][6] == lecture_rule.met
    # out of scope: 404 as the page
    client.force_login(make_user("dg_cadre", "cadre", tree.dagu))
    export(client, url, status=404)
    client.force_login(counted.township[1].user)
    export(client, url, status=404)


def test_compliance_by_rule_export(client, counted, make_user):
    tree = counted.tree
    client.force_login(make_user("xh_cadre", "cadre", tree.xinhe))
    url = reverse("members:rollup") + f"?org={tree.xinhe.pk}&period=2026Q4"
    page = client.get(url)
    assert 'id="export-rules"' in page.content.decode()
    sheet, header, rows = export(client, url + "&table=rules")
    assert sheet.title == "按规则"
    assert header[:4] == ["要求", "规则", "依据", "计算期间"]
    expected = [(r.rule_id, r.source, r.members, r.met, r.overdue) for r in page.context["rules"]]
    assert [(row[1], row[2], row[4], row[5], row[8]) for row in rows] == expected
    assert len(rows) == 7 and all(row[2] for row in rows)
    client.force_login(make_user("dg_cadre", "cadre", tree.dagu))
    export(client, url + "&table=rules", status=404)


def test_compliance_by_member_export(client, counted, make_user):
    tree = counted.tree
    client.force_login(make_user("xh_cadre", "cadre", tree.xinhe))
    url = reverse("members:compliance-org", args=[tree.xinhe.pk]) + "?period=2026Q4"
    page = client.get(url)
    assert "导出 Excel" in page.content.decode()
    members = page.context["members"]
    sheet, header, rows = export(client, url)
    assert sheet.title == "执委明细"
    assert header[:6] == ["执委", "要求", "规则", "依据", "计算期间", "状态"]
    expected = [
        (member.person.name, cell.rule_id, cell.status_label, cell.row.done)
        for member, cells in members
        for cell in cells
        if cell is not None
    ]
    assert [(row[0], row[2], row[5], row[6]) for row in rows] == expected
    assert len({row[0] for row in rows}) == len(counted.township)
    assert all(row[3] for row in rows)
    lecturer = counted.township[1].name
    assert any(row[0] == lecturer and row[6] == 1 for row in rows)
    # PII: never the phone
    counted.township[1].phone = "13900002222"
    counted.township[1].save()
    assert "13900002222" not in str(export(client, url)[2])
    export(client, reverse("members:compliance-org", args=[tree.xinhe_1.pk]))
    client.force_login(make_user("dg_cadre", "cadre", tree.dagu))
    export(client, url, status=404)


def test_compliance_exports_constant_queries(
    client, counted, make_user, django_assert_max_num_queries
):
    tree = counted.tree
    client.force_login(make_user("bh_cadre", "cadre", tree.district))
    small = reverse("members:compliance-org", args=[tree.xinhe_1.pk])
    large = reverse("members:compliance-org", args=[tree.xinhe.pk])
    with django_assert_max_num_queries(60) as few:
        _sheet, _header, small_rows = export(client, small)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _sheet, _header, large_rows = export(client, large)
    assert len(large_rows) > len(small_rows)
    district = reverse("members:rollup") + f"?org={tree.district.pk}"
    township = reverse("members:rollup") + f"?org={tree.xinhe.pk}"
    with django_assert_max_num_queries(60) as few:
        export(client, district)
    with django_assert_max_num_queries(len(few.captured_queries)):
        export(client, township)


# 会议 ---------------------------------------------------------------------------

MEETINGS_DAY = dt.date(2026, 11, 29)


@pytest.fixture
def cadres(committees, make_user, clock):
    clock.set(MEETINGS_DAY)
    tree = committees.tree

    class Cadres:
        district = make_user("bh_cadre", "cadre", tree.district)
        xinhe = make_user("xinhe_cadre", "cadre", tree.xinhe)
        dagu = make_user("dagu_cadre", "cadre", tree.dagu)
        township = committees.township
        villagers = committees.village

    Cadres.tree = tree
    return Cadres


def make_meeting(cadres, org, day, **fields):
    from lvzhi.members.meetings import services as meetings

    return meetings.meeting_create(
        actor=cadres.district,
        organization=org,
        title=fields.pop("title", "执委会"),
        date=day,
        attendance=fields.pop("attendance", None),
        today=MEETINGS_DAY,
        **fields,
    )


def test_meeting_list_export(client, cadres):
    org = cadres.tree.xinhe
    make_meeting(
        cadres,
        org,
        dt.date(2026, 3, 10),
        title="上半年执委会",
        attendance={cadres.township[0]: "present", cadres.township[1]: "excused"},
        representatives_present=4,
    )
    make_meeting(cadres, org, dt.date(2026, 9, 1), title="常委会", kind="standing")
    make_meeting(cadres, org, dt.date(2025, 9, 1), title="去年执委会")
    make_meeting(cadres, cadres.tree.xinhe_1, dt.date(2026, 4, 1), title="社区执委会")
    client.force_login(cadres.xinhe)
    url = reverse("members:meetings", args=[org.pk]) + "?year=2026"
    page = client.get(url).content.decode()
    assert "导出 Excel" in page
    sheet, header, rows = export(client, url)
    assert sheet.title == "会议"
    assert header == [
        "日期", "会议名称", "类型", "出席", "请假", "无故缺席", "妇女代表", "规则", "依据"
    ]  # fmt: skip
    # the page's year and organization only, newest first, as on the page
    assert [row[1] for row in rows] == ["常委会", "上半年执委会"]
    assert all(row[1] in page for row in rows)
    executive = rows[1]
    assert executive[0].date() == dt.date(2026, 3, 10)
    assert executive[3:7] == [1, 1, 0, 4]
    assert executive[7] == "R-EX-10" and executive[8]
    assert rows[0][7] in ("", None)  # a standing committee meeting does not count
    _sheet, _header, last_year = export(
        client, reverse("members:meetings", args=[org.pk]) + "?year=2025"
    )
    assert [row[1] for row in last_year] == ["去年执委会"]
    # out of scope: 404 as the page
    client.force_login(cadres.dagu)
    export(client, url, status=404)


def test_meeting_export_constant_queries(client, cadres, django_assert_max_num_queries):
    org = cadres.tree.xinhe
    attendance = {person: "present" for person in cadres.township}
    make_meeting(cadres, org, dt.date(2026, 3, 10), attendance=attendance)
    client.force_login(cadres.xinhe)
    url = reverse("members:meetings", args=[org.pk]) + "?year=2026"
    with django_assert_max_num_queries(40) as small:
        _sheet, _header, few = export(client, url)
    for month in range(4, 10):
        make_meeting(cadres, org, dt.date(2026, month, 2), attendance=attendance)
    with django_assert_max_num_queries(len(small.captured_queries)):
        _sheet, _header, many = export(client, url)
    assert len(many) == len(few) + 6 and all(row[3] == len(cadres.township) for row in many)


# 述职 ---------------------------------------------------------------------------


def test_report_status_export(client, cadres):
    from lvzhi.members.meetings import services as meetings

    org = cadres.tree.xinhe
    writer = cadres.township[4]
    meetings.report_written_submit(
        actor=cadres.xinhe, person=writer, organization=org, year=2026, text="年度述职",
        today=MEETINGS_DAY,
    )  # fmt: skip
    client.force_login(cadres.xinhe)
    url = reverse("members:report-status", args=[org.pk]) + "?year=2026"
    page = client.get(url)
    assert "导出 Excel" in page.content.decode()
    sheet, header, rows = export(client, url)
    assert sheet.title == "述职情况"
    assert header[:4] == ["执委", "职务", "述职", "期间"] and header[7:9] == ["规则", "依据"]
    page_rows = page.context["rows"]
    assert len(rows) == len(page_rows) * 3 == len(cadres.township) * 3
    expected = [(r.person.name, s.done) for r in page_rows for s in r.statuses]
    assert [(row[0], row[5]) for row in rows] == expected
    assert {row[7] for row in rows} == {"R-EX-09"} and all(row[8] for row in rows)
    written = [row for row in rows if row[0] == writer.name and row[2] == "书面述职"]
    assert written and written[0][4] == "已完成" and written[0][5] == 1
    # a member: her own row only, as the page
    member = cadres.township[0]
    client.force_login(member.user)
    _sheet, _header, own = export(client, url)
    assert {row[0] for row in own} == {member.name} and len(own) == 3
    # out of scope: 404
    client.force_login(cadres.dagu)
    export(client, url, status=404)


def test_report_status_export_constant_queries(client, cadres, django_assert_max_num_queries):
    client.force_login(cadres.district)
    small = reverse("members:report-status", args=[cadres.tree.xinhe_1.pk]) + "?year=2026"
    large = reverse("members:report-status", args=[cadres.tree.xinhe.pk]) + "?year=2026"
    with django_assert_max_num_queries(40) as few:
        _sheet, _header, small_rows = export(client, small)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _sheet, _header, large_rows = export(client, large)
    assert len(large_rows) > len(small_rows)


# 评议 ---------------------------------------------------------------------------


def evaluate(cadres, org, people, grade, name):
    from lvzhi.members.meetings import services as meetings

    meetings.evaluations_record(
        actor=cadres.district,
        organization=org,
        year=2026,
        evaluator_kind="representative",
        evaluator_name=name,
        grades={p.pk: grade for p in people},
        today=MEETINGS_DAY,
    )


def test_evaluations_export(client, cadres):
    from lvzhi.members.meetings import services as meetings

    org = cadres.tree.xinhe
    t = cadres.township
    evaluate(cadres, org, t[:4], "合格", "代表一")
    evaluate(cadres, org, t[:2], "优秀", "代表二")
    evaluate(cadres, org, t[:1], "优秀", "代表三")
    meetings.year_result_decide(
        actor=cadres.xinhe, person=t[0], organization=org, year=2026, grade="优秀",
        today=MEETINGS_DAY,
    )  # fmt: skip
    client.force_login(cadres.xinhe)
    url = reverse("members:evaluations", args=[org.pk]) + "?year=2026"
    page = client.get(url)
    assert "导出 Excel" in page.content.decode()
    grades = list(page.context["grades"])
    sheet, header, rows = export(client, url)
    assert sheet.title == "评议"
    assert header == ["执委", "职务", *grades, "合计", "最多的等次", "年度评议结果", "优秀执委", "规则", "依据"]  # fmt: skip
    page_rows = page.context["rows"]
    assert [row[0] for row in rows] == [r.person.name for r in page_rows]
    first = next(row for row in rows if row[0] == t[0].name)
    total = 2 + len(grades)
    assert first[2 + grades.index("优秀")] == 2 and first[2 + grades.index("合格")] == 1
    assert first[total] == 3 and first[total + 1] == "优秀" and first[total + 2] == "优秀"
    assert {row[-2] for row in rows} == {"R-EX-09"} and all(row[-1] for row in rows)
    unevaluated = next(row for row in rows if row[0] == t[10].name)
    assert unevaluated[total] == 0 and unevaluated[total + 2] in ("", None)
    # a member or a cadre elsewhere: 404 as the page
    client.force_login(t[0].user)
    export(client, url, status=404)
    client.force_login(cadres.dagu)
    export(client, url, status=404)


def test_evaluations_export_constant_queries(client, cadres, django_assert_max_num_queries):
    client.force_login(cadres.district)
    evaluate(cadres, cadres.tree.xinhe, cadres.township, "合格", "代表一")
    evaluate(cadres, cadres.tree.xinhe_1, cadres.villagers, "合格", "代表一")
    small = reverse("members:evaluations", args=[cadres.tree.xinhe_1.pk]) + "?year=2026"
    large = reverse("members:evaluations", args=[cadres.tree.xinhe.pk]) + "?year=2026"
    with django_assert_max_num_queries(40) as few:
        _sheet, _header, small_rows = export(client, small)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _sheet, _header, large_rows = export(client, large)
    assert len(large_rows) > len(small_rows)


# 联系对象缺口 -------------------------------------------------------------------


def test_contact_gaps_export(client, committees, make_user, units):
    cadre = make_user("xinhe_cadre", "cadre", committees.tree.xinhe)
    full, empty = committees.township[3], committees.township[4]
    fill_contacts(cadre, full, units)
    client.force_login(cadre)
    url = reverse("members:contact-gaps", args=[committees.tree.xinhe.pk])
    page = client.get(url).content.decode()
    assert "导出 Excel" in page
    sheet, header, rows = export(client, url)
    assert sheet.title == "联系对象缺口"
    assert header == ["组织", "执委人数", "有缺口人数", "执委", "职务", "缺口", "规则", "依据"]
    xinhe = [row for row in rows if row[0] == committees.tree.xinhe.name]
    village = [row for row in rows if row[0] == committees.tree.xinhe_1.name]
    assert len(xinhe) == 24 and len(village) == 12  # as the page's gap counts
    assert {row[2] for row in xinhe} == {24} and {row[1] for row in xinhe} == {25}
    names = {row[3] for row in xinhe}
    assert full.name not in names and empty.name in names
    gap = next(row for row in xinhe if row[3] == empty.name)
    assert "还需联系1个妇女小组" in gap[5] and "还需联系10名妇女群众" in gap[5]
    assert (gap[6], gap[7]) == ("R-EX-08", "CQ-FN 附件6")
    assert f'data-person="{empty.pk}"' in page
    assert committees.tree.dagu.name not in {row[0] for row in rows}
    assert PHONE not in str(rows)  # the women's phones never leave the page
    # out of scope: 404 as the page
    client.force_login(make_user("dagu_cadre", "cadre", committees.tree.dagu))
    export(client, url, status=404)
    client.force_login(committees.township[0].user)
    export(client, url, status=404)


def test_contact_gaps_export_constant_queries(
    client, committees, make_user, django_assert_max_num_queries
):
    client.force_login(make_user("xinhe_cadre", "cadre", committees.tree.xinhe))
    small = reverse("members:contact-gaps", args=[committees.tree.xinhe_1.pk])
    large = reverse("members:contact-gaps", args=[committees.tree.xinhe.pk])
    with django_assert_max_num_queries(40) as few:
        _sheet, _header, small_rows = export(client, small)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _sheet, _header, large_rows = export(client, large)
    assert len(large_rows) > len(small_rows)
