"""The generic list export (lvzhi/core/exports.py): the file reopened with openpyxl holds
the page's rows in order, headers in the active language, literal values, the office
print setup; the people list's export keeps the page's scope and filters, in a fixed
number of queries."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from lvzhi.core.exports import Column, export_query, write_xlsx, xlsx_response
from lvzhi.orgs.models import Gender, Person
from lvzhi.orgs.services import person_search_text

pytestmark = pytest.mark.django_db


def read_sheet(content: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


class Row:
    def __init__(self, **values):
        self.__dict__.update(values)


def test_values_are_literal_and_typed():
    rows = [
        Row(
            name='=HYPERLINK("http://x")',
            on=dt.date(2026, 3, 8),
            at=dt.datetime(2026, 3, 8, 1, 30, tzinfo=dt.UTC),
            ok=True,
            note="a\x07b",
            child=None,
            count=7,
        )
    ]
    columns = (
        Column("名称", "name"),
        Column("日期", "on"),
        Column("时间", "at"),
        Column("是否", "ok"),
        Column("备注", "note"),
        Column("上级", "child.name"),
        Column("数量", lambda row: row.count * 2),
    )
    out = io.BytesIO()
    assert write_xlsx(out, rows, columns, sheet_title="测试[1]/2") == 1
    sheet, values = read_sheet(out.getvalue())
    assert sheet.title == "测试 1  2"
    assert values[0] == ["名称", "日期", "时间", "是否", "备注", "上级", "数量"]
    name, on, at, ok, note, child, count = values[1]
    assert name == '=HYPERLINK("http://x")' and sheet["A2"].data_type == "s"
    assert on == dt.datetime(2026, 3, 8)  # a date cell (openpyxl reads dates as datetimes)
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert at == dt.datetime(2026, 3, 8, 9, 30)  # China time, naive
    assert (ok, note, child, count) == ("是", "ab", None, 14)


def test_office_setup_headers_translated_and_widths_fitted():
    rows = [Row(name="新河街道妇女联合会第一妇女小组", n=i) for i in range(3)]
    columns = (Column(gettext_lazy("所属组织"), "name"), Column(gettext_lazy("姓名"), "n", width=9))
    out = io.BytesIO()
    with translation.override("en"):
        write_xlsx(out, rows, columns, sheet_title="x")
    sheet, values = read_sheet(out.getvalue())
    assert values[0][1] == "Name"  # the English catalogue has 姓名 → Name
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet["A1"].font.bold
    assert sheet.column_dimensions["A"].width == 2 * 15 + 2  # 15 wide characters
    assert sheet.column_dimensions["B"].width == 9
    assert [row[1] for row in values[1:]] == [0, 1, 2]


def test_response_is_a_streamed_attachment_and_empty_list_has_the_header():
    response = xlsx_response([], (Column("姓名", "name"),), filename="人员")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "attachment" in response["Content-Disposition"]
    assert "%E4%BA%BA%E5%91%98" in response["Content-Disposition"]  # 人员, RFC 5987
    _sheet, values = read_sheet(streamed(response))
    assert values == [["姓名"]]


def test_export_query_keeps_filters_drops_page(rf):
    request = rf.get("/orgs/people/", {"org": "3", "q": "王", "page": "4"})
    assert export_query(request) == "org=3&q=%E7%8E%8B&format=xlsx"


# the people list ---------------------------------------------------------------------


def _people(org, count, prefix):
    people = [
        Person(
            organization=org,
            org_path=org.path,
            name=f"{prefix}{index:03d}",
            gender="F",
            workplace=f"{prefix}单位",
        )
        for index in range(count)
    ]
    for person in people:
        person.search_text = person_search_text(person)
    Person.objects.bulk_create(people)


def test_people_export_holds_the_pages_rows_in_scope(client, org_tree, make_user):
    _people(org_tree.xinhe, 60, "新河")  # more than one page of 50
    _people(org_tree.xinhe_1, 3, "社区")
    _people(org_tree.dagu, 4, "大沽")  # outside the township cadre's scope
    client.force_login(make_user("xh", "cadre", org_tree.xinhe))
    url = reverse("orgs:people") + f"?org={org_tree.xinhe.pk}"
    page = client.get(url)
    assert f"?org={org_tree.xinhe.pk}&amp;format=xlsx" in page.content.decode()
    response = client.get(url + "&format=xlsx")
    assert response.status_code == 200
    _sheet, values = read_sheet(streamed(response))
    assert values[0] == ["姓名", "性别", "所属组织", "工作单位及职务"]
    names = [row[0] for row in values[1:]]
    assert len(names) == 63
    assert not [name for name in names if name.startswith("大沽")]
    assert values[1] == ["新河000", "女", "新河街道妇女联合会", "新河单位"]
    # the search filter of the page applies to the export
    filtered = client.get(url + "&q=社区&format=xlsx")
    _sheet, values = read_sheet(streamed(filtered))
    assert [row[0] for row in values[1:]] == ["社区000", "社区001", "社区002"]
    # an organization outside her scope: 404, as the page
    assert (
        client.get(reverse("orgs:people") + f"?org={org_tree.dagu.pk}&format=xlsx").status_code
        == 404
    )


def test_people_export_query_count_is_constant(
    client, org_tree, make_user, django_assert_max_num_queries
):
    client.force_login(make_user("bh", "cadre", org_tree.district))
    url = reverse("orgs:people") + f"?org={org_tree.district.pk}&format=xlsx"
    _people(org_tree.xinhe, 5, "甲")
    with django_assert_max_num_queries(12) as small:
        streamed(client.get(url))
    _people(org_tree.dagu, 300, "乙")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
        _sheet, values = read_sheet(streamed(response))
    assert len(values) == 306


# how rows are read -------------------------------------------------------------------


def _refuse_instances(monkeypatch):
    def refuse(cls, *args, **kwargs):
        raise AssertionError("a model instance was built")

    monkeypatch.setattr(Person, "from_db", classmethod(refuse))


def test_field_path_columns_are_read_as_values_without_model_instances(org_tree, monkeypatch):
    _people(org_tree.xinhe, 3, "值")
    columns = (
        Column("姓名", "name"),
        Column.choice("性别", "gender", Gender.choices),
        Column("所属组织", "organization.name"),
    )
    rows = Person.objects.filter(name__startswith="值").select_related("organization")
    _refuse_instances(monkeypatch)
    out = io.BytesIO()
    with translation.override("en"):
        assert write_xlsx(out, rows.order_by("-name"), columns, sheet_title="x") == 3
    _sheet, values = read_sheet(out.getvalue())
    female = Gender.FEMALE.label
    with translation.override("en"):
        female = str(female)
    assert values[1:] == [[f"值00{i}", female, "新河街道妇女联合会"] for i in (2, 1, 0)]
    assert female != "女"  # the label in the export's language


def test_callables_prepare_and_distinct_read_row_objects(org_tree, monkeypatch):
    _people(org_tree.xinhe, 2, "物")
    rows = Person.objects.filter(name__startswith="物").order_by("name")
    _refuse_instances(monkeypatch)
    for columns, queryset, prepare in (
        ((Column("姓名", lambda p: p.name),), rows, None),
        ((Column("姓名", "name"),), rows, lambda batch: None),
        ((Column("姓名", "name"),), rows.distinct(), None),
    ):
        with pytest.raises(AssertionError, match="model instance"):
            write_xlsx(io.BytesIO(), queryset, columns, sheet_title="x", prepare=prepare)
    monkeypatch.undo()
    out = io.BytesIO()
    assert write_xlsx(out, rows.distinct(), (Column("姓名", "name"),), sheet_title="x") == 2
