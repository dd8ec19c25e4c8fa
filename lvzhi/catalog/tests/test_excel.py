"""Excel catalogs: headers matched by synonyms, one row per duty item, findings by row."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from lvzhi.catalog.excel import build_catalog_template, match_headers
from lvzhi.catalog.parsed import CatalogUnreadable
from lvzhi.catalog.parsing import parse_catalog


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_synonym_headers():
    columns = match_headers(("序号", "事项名称", "实施依据", "行使主体", "监督电话", "责任事项"))
    assert columns == {
        "number": 0,
        "name": 1,
        "legal_basis": 2,
        "implementing_body": 3,
        "supervision": 4,
        "responsibilities": 5,
    }
    assert match_headers(("设定依据（法律法规）", "实施主体"))["legal_basis"] == 0


def test_rows_become_duties_and_items_with_findings():
    data = _xlsx(
        [
            ("某区总工会权责清单",),
            (
                "主要职责",
                "序号",
                "职责事项",
                "实施依据",
                "实施主体",
                "职责边界",
                "办理流程",
                "申请材料",
                "责任事项",
                "监督方式",
            ),
            (
                "维护职工权益",
                "1.1",
                "开展法律援助",
                "《工会法》第二条",
                "权益保障部",
                "无",
                "受理→审查",
                "申请书",
                "1.负责受理",
                "监督电话：65309957",
            ),
            (
                None,
                "1.2",
                "调处劳动争议",
                "《劳动争议调解仲裁法》",
                "权益保障部",
                "",
                "受理→调解",
                "",
                "1.负责调解",
                "监督电话：65309957",
            ),
            ("服务职工", "2.1", "", "x", "y", "z", "w", "v", "u", "t"),
        ]
    )
    catalog = parse_catalog(data, filename="qzqd.xlsx")
    assert catalog.layout == "excel" and catalog.title == "某区总工会权责清单"
    assert [d.number for d in catalog.duties] == ["1", "2"]
    assert [i.number for i in catalog.items] == ["1.1", "1.2", "2.1"]
    assert catalog.duties[0].text == "维护职工权益" and len(catalog.duties[0].items) == 2
    first = catalog.items[0]
    assert first.fields["legal_basis"] == "《工会法》第二条"
    assert first.fields["supervision"] == "监督电话：65309957"
    codes = {(f.code, f.item_number, f.line) for f in catalog.findings}
    assert ("field_none", "1.1", 3) in codes
    assert ("empty_field", "1.2", 4) in codes
    assert ("missing_name", "2.1", 5) in codes


def test_unreadable_workbooks():
    with pytest.raises(CatalogUnreadable, match="表头"):
        parse_catalog(_xlsx([("a", "b"), (1, 2)]))
    with pytest.raises(CatalogUnreadable, match="损坏"):
        parse_catalog(b"PK\x03\x04not really a zip")
    with pytest.raises(CatalogUnreadable, match="没有职责事项"):
        parse_catalog(_xlsx([("序号", "职责事项")]))


def test_template_round_trip():
    data = build_catalog_template()
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]][:3] == ["主要职责", "序号", "职责事项"]
    catalog = parse_catalog(data)
    assert catalog.items[0].number == "3.2"
    assert "发放通知" in catalog.items[0].fields["workflow"]
    assert not [f for f in catalog.findings if f.code == "missing_column"]


def test_template_download_page(client, db):
    from django.urls import reverse

    response = client.get(reverse("catalog:excel-template"))
    assert response.status_code == 200
    catalog = parse_catalog(response.content)
    assert catalog.layout == "excel" and catalog.items[0].number == "3.2"
