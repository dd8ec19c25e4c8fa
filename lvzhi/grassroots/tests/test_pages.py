"""Pages of the 四新 register, blank spots and coverage."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from lvzhi.core.models import AuditEvent
from lvzhi.grassroots import excel
from lvzhi.grassroots.models import SixinOrganization

from .conftest import add_sixin


@pytest.fixture
def cadre_client(client, org_tree, make_user):
    client.force_login(make_user("district", "cadre", org_tree.district))
    return client


def _xlsx(rows, header=None):
    book = Workbook()
    sheet = book.active
    sheet.title = excel.SHEET
    sheet.append(header or [h for _n, h, _k, _r in excel.COLUMNS])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "list.xlsx"
    return out


def _row(name, female, party="是", uscc="", covered=""):
    return [name, "新经济组织", uscc, "", "", "", "", 100, female, party, "", covered, ""]


def test_list_shows_each_verdict_with_its_rule(cadre_client, org_tree, register):
    response = cadre_client.get(reverse("grassroots:sixin-list"), {"org": org_tree.xinhe.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "新河科技有限公司" in page and "大沽制造公司" not in page  # 新河's subtree only
    rows = {s.name: s.verdict for s in response.context["page"]}
    assert rows["新河科技有限公司"].rule_id == "R-OR-01"
    assert rows["新河快递站"].rule_id == "R-OR-02"
    assert rows["新河物流园"].outcome == "covered"
    assert "新河一社区妇女联合会" in rows["新河物流园"].detail


def test_list_status_filter_and_bad_value(cadre_client, org_tree, register):
    url = reverse("grassroots:sixin-list")
    blank = cadre_client.get(url, {"org": org_tree.district.pk, "status": "blank"})
    assert {s.name for s in blank.context["page"]} == {
        "新河科技有限公司",
        "新河快递站",
        "大沽制造公司",
    }
    assert cadre_client.get(url, {"status": "nonsense"}).status_code == 400
    assert cadre_client.get(url, {"ancestor": "abc"}).status_code == 400


def test_list_query_count_does_not_grow(
    cadre_client, org_tree, register, django_assert_max_num_queries
):
    url = reverse("grassroots:sixin-list")
    for index in range(30):
        add_sixin(org_tree.xinhe, f"批量{index}", index, party=True, covered_by=org_tree.xinhe_1)
    with django_assert_max_num_queries(14):
        response = cadre_client.get(url, {"org": org_tree.district.pk})
    assert len(response.context["page"]) == 34


def test_create_edit_and_detail(cadre_client, org_tree, villages):
    url = reverse("grassroots:sixin-create") + f"?org={org_tree.xinhe.pk}"
    data = {
        "name": "新河电商产业园",
        "category": "business_form",
        "uscc": "91110000600037341L",
        "fixed_staff": 60,
        "fixed_female_staff": 30,
        "has_party_organization": "on",
        "region_code": "120116001001",
        "covered_by_code": "",
    }
    response = cadre_client.post(url, data)
    assert response.status_code == 302
    sixin = SixinOrganization.objects.get()
    assert sixin.region == villages["xinhe_1"] and sixin.expected_form == "standalone"
    detail = cadre_client.get(reverse("grassroots:sixin-detail", args=[sixin.pk]))
    assert "R-OR-01" in detail.content.decode()
    edit = reverse("grassroots:sixin-edit", args=[sixin.pk])
    response = cadre_client.post(edit, {**data, "covered_by_code": "BH-XH-01"})
    assert response.status_code == 302
    sixin.refresh_from_db()
    assert sixin.covered_by == org_tree.xinhe_1


def test_bad_input_answers_a_chinese_message(cadre_client, org_tree):
    url = reverse("grassroots:sixin-create") + f"?org={org_tree.xinhe.pk}"
    response = cadre_client.post(
        url,
        {
            "name": "某公司",
            "category": "economic",
            "uscc": "91110000600037341X",
            "fixed_staff": 10,
            "fixed_female_staff": 5,
            "covered_by_code": "TJ-GH-NOPE",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "校验位不正确" in page or "组织代码不存在" in page
    assert not SixinOrganization.objects.exists() and not AuditEvent.objects.exists()


def test_coverage_counts_villages_without_an_organization(cadre_client, org_tree, register):
    response = cadre_client.get(reverse("grassroots:coverage"), {"org": org_tree.district.pk})
    assert response.status_code == 200
    totals = response.context["totals"]
    assert (totals.sixin_total, totals.standalone_due, totals.joint_due) == (4, 2, 1)
    assert (totals.villages, totals.villages_covered) == (3, 2)  # 新河二社区 has no org row
    assert totals.verdicts["R-OR-07"].outcome == "gap"
    children = {c.name: c for c in response.context["children"]}
    xinhe = children["新河街道妇女联合会"]
    assert (xinhe.standalone_due, xinhe.joint_due, xinhe.villages, xinhe.villages_covered) == (
        1,
        1,
        2,
        1,
    )
    assert children["大沽街道妇女联合会"].coverage.percent == "100.0%"
    assert [v.name for v in response.context["villages"]] == ["新河二社区"]
    assert "coverage-chart-data" in response.content.decode()


def test_an_inactive_federation_does_not_cover(cadre_client, org_tree, register):
    from lvzhi.orgs.models import Organization

    Organization.objects.filter(pk=org_tree.dagu_1.pk).update(is_active=False)
    response = cadre_client.get(reverse("grassroots:coverage"), {"org": org_tree.dagu.pk})
    assert (response.context["totals"].villages, response.context["totals"].villages_covered) == (
        1,
        0,
    )


def test_coverage_query_count(cadre_client, org_tree, register, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        cadre_client.get(reverse("grassroots:coverage"), {"org": org_tree.district.pk})


def test_coverage_export(cadre_client, org_tree, register):
    response = cadre_client.get(
        reverse("grassroots:coverage-export"), {"org": org_tree.district.pk}
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert summary[1][:4] == ("天津市滨海新区妇女联合会", 4, 2, 1)
    blanks = [row[0] for row in book["四新空白点"].iter_rows(min_row=2, values_only=True)]
    assert sorted(blanks) == sorted(["新河科技有限公司", "新河快递站", "大沽制造公司"])
    villages = list(book["未建妇联的村（社区）"].iter_rows(min_row=2, values_only=True))
    assert villages == [("120116001002", "新河二社区", "新河街道")]


def test_import_preview_refuses_all_on_one_error(cadre_client, org_tree):
    url = reverse("grassroots:import")
    upload = _xlsx([_row("好公司", 30), _row("坏公司", 300), _row("坏代码", 3, uscc="123")])
    response = cadre_client.post(url, {"organization": org_tree.xinhe.pk, "file": upload})
    assert response.status_code == 400
    preview = response.context["preview"]
    assert [r.number for r in preview.error_rows] == [3, 4]
    assert "fixed_female_staff" in preview.error_rows[0].errors
    assert "uscc" in preview.error_rows[1].errors
    assert response.context["token"] is None
    assert not SixinOrganization.objects.exists()


def test_import_preview_then_confirm(cadre_client, org_tree):
    url = reverse("grassroots:import")
    upload = _xlsx([_row("甲公司", 30), _row("乙公司", 29), _row("丙公司", 50, covered="BH-XH-01")])
    response = cadre_client.post(url, {"organization": org_tree.xinhe.pk, "file": upload})
    assert response.status_code == 200
    outcomes = [r.verdict.outcome for r in response.context["preview"].rows]
    assert outcomes == ["standalone_due", "joint_due", "covered"]
    assert not SixinOrganization.objects.exists()  # preview writes nothing
    token = response.context["token"]
    done = cadre_client.post(reverse("grassroots:import-confirm"), {"token": token})
    assert done.status_code == 302
    assert SixinOrganization.objects.filter(organization=org_tree.xinhe).count() == 3
    again = cadre_client.post(reverse("grassroots:import-confirm"), {"token": token})
    assert again.status_code == 302 and SixinOrganization.objects.count() == 3


def test_import_missing_column_and_garbage(cadre_client, org_tree):
    url = reverse("grassroots:import")
    response = cadre_client.post(
        url, {"organization": org_tree.xinhe.pk, "file": _xlsx([["x"]], header=["名称"])}
    )
    assert "缺少必填列" in response.context["preview"].file_error
    garbage = io.BytesIO(b"not a workbook")
    garbage.name = "x.xlsx"
    response = cadre_client.post(url, {"organization": org_tree.xinhe.pk, "file": garbage})
    assert response.status_code == 400 and response.context["preview"].file_error


def test_template_reimports_cleanly(cadre_client, org_tree):
    response = cadre_client.get(reverse("grassroots:import-template"))
    book = load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in book[excel.SHEET][1]]
    assert headers == [h for _n, h, _k, _r in excel.COLUMNS]
    preview = excel.parse(
        response.content, actor=org_tree_admin(org_tree), organization=org_tree.xinhe
    )
    assert preview.file_error == "没有可导入的数据行"  # the example row is ignored


def org_tree_admin(org_tree):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", password="x")


def test_list_exports_its_filtered_rows(
    cadre_client, org_tree, register, django_assert_max_num_queries
):
    url = reverse("grassroots:sixin-list")
    with django_assert_max_num_queries(12):
        response = cadre_client.get(
            url, {"org": org_tree.district.pk, "status": "blank", "format": "xlsx"}
        )
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] for r in rows) == ["大沽制造公司", "新河快递站", "新河科技有限公司"]
    by_name = {r[0]: r for r in rows}
    assert by_name["新河科技有限公司"][8:10] == ("R-OR-01", "CQ-4X 二(三)")
    assert by_name["新河快递站"][8] == "R-OR-02"
