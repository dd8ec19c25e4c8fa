"""Exports of a catalog version (Excel, Word, JSON, PDF), read back by their libraries."""

import io
import json
import re
from urllib.parse import unquote

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from rest_framework.test import APIClient

from lvzhi.catalog import exports, services
from lvzhi.catalog.parsed import FIELD_LABELS
from lvzhi.catalog.parsing import parse_catalog
from lvzhi.core.tests.office_asserts import pdf_fonts, pdf_text
from lvzhi.core.tokens.services import api_token_create

from .test_models_services import (  # noqa: F401
    _publish_accepting_all,
    cadre,
    draft,
    seeded,
    small_catalog,
)

WOMEN_32_WORKFLOW = "发放通知→各开发区、街镇妇联和各系统有关部门组织推报→审核评选→表彰公布→事迹宣传"
FIELDS = tuple(FIELD_LABELS)


@pytest.fixture
def published(seeded, admin_user):  # noqa: F811
    women, union = seeded
    _publish_accepting_all(admin_user, women)
    _publish_accepting_all(admin_user, union)
    women.refresh_from_db()
    union.refresh_from_db()
    return women, union


def _url(version, fmt):
    return reverse("catalog:export", args=[version.pk, fmt])


def _download(client, version, fmt):
    response = client.get(_url(version, fmt))
    assert response.status_code == 200, response.content[:300]
    return response


def _filename(response) -> str:
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    return unquote(disposition.split("filename*=UTF-8''", 1)[1])


def _items(version):
    return {item.number: item for item in version.items.order_by("order", "id")}


# Excel ------------------------------------------------------------------------


def test_excel_holds_every_item_field_and_the_findings(client, published):
    _women, union = published
    response = _download(client, union, "xlsx")  # anonymous: the version is published
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert _filename(response) == "滨海新区总工会职责目录-v1.xlsx"
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["职责事项", "导入问题"]
    sheet = workbook["职责事项"]
    header = [c.value for c in sheet[2]]
    assert header == ["序号", "主要职责", "名称", *FIELD_LABELS.values(), "信息表名称"]
    rows = [row for row in sheet.iter_rows(min_row=3, values_only=True)]
    items = _items(union)
    assert len(rows) == len(items) == 57
    for row in rows:
        item = items[row[0]]
        assert row[2] == item.name
        assert row[1] == item.duty.text
        for key, value in zip(FIELDS, row[3:-1], strict=True):
            assert (value or "") == getattr(item, key), (item.number, key)
        assert (row[-1] or "") == item.sheet_name
    row_86 = next(r for r in rows if r[0] == "8.6")  # both names of 8.6
    assert row_86[2] != row_86[-1] == "指导和推动全区工会建立集体合同制度，开展工资集体协商工作。"
    row_11 = next(r for r in rows if r[0] == "1.1")
    supervision = row_11[3 + FIELDS.index("supervision")]
    assert supervision == items["1.1"].supervision
    assert "zhuxi@bhxqgh.com" in supervision and "65309957" in supervision
    assert sheet.cell(row=3, column=4).alignment.wrap_text

    findings = list(workbook["导入问题"].iter_rows(values_only=True))
    assert findings[0] == exports.FINDING_COLUMNS
    shifted = [r for r in findings[1:] if r[0] == "9.1" and r[4] == "字段错位"]
    assert shifted and shifted[0][7] == "已接受" and shifted[0][2]
    assert len(findings) - 1 == union.findings.count()


def test_excel_export_reimports_with_the_same_items(client, published):
    _women, union = published
    content = _download(client, union, "xlsx").content
    parsed = parse_catalog(content, filename="export.xlsx")
    assert parsed.layout == "excel" and len(parsed.duties) == 13
    items = _items(union)
    assert [i.number for i in parsed.items] == list(items)
    for parsed_item in parsed.items:
        item = items[parsed_item.number]
        assert parsed_item.name == item.name
        for key in FIELDS:
            assert parsed_item.fields[key] == getattr(item, key).strip(), (item.number, key)


def test_excel_text_is_never_a_formula(client, draft, cadre):  # noqa: F811
    item = draft.items.get(number="1.1")
    services.item_update(actor=cadre, item=item, workflow='=HYPERLINK("http://x")')
    client.force_login(cadre)
    response = _download(client, draft, "xlsx")
    assert _filename(response) == "滨海新区妇联职责目录-v1.xlsx"
    assert "no-store" in response["Cache-Control"]  # a draft
    cell = load_workbook(io.BytesIO(response.content))["职责事项"].cell(
        row=3, column=3 + 1 + FIELDS.index("workflow")
    )
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


# Word -------------------------------------------------------------------------


def _info_tables(document):
    tables = document.tables[1:]  # the first table is the index
    return {table.cell(0, 1).text: table for table in tables}


def test_word_has_one_official_info_sheet_per_item(client, published):
    women, union = published
    response = _download(client, women, "docx")
    assert _filename(response) == "滨海新区妇联职责目录-v1.docx"
    document = Document(io.BytesIO(response.content))
    items = _items(women)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"（{item.name}）信息表" for item in items.values()]
    assert len(document.tables) == 1 + 23
    assert len(document.tables[0].rows) == 1 + 23  # the index
    tables = _info_tables(document)
    for number, item in items.items():
        table = tables[number]
        both = item.sheet_name and item.sheet_name != item.name
        labels = [*exports.SHEET_ROWS, *(["信息表名称"] if both else [])]
        assert [row.cells[0].text for row in table.rows] == labels
        assert table.cell(1, 1).text == item.name
        if both:
            assert table.rows[-1].cells[1].text == item.sheet_name
        for offset, key in enumerate(FIELDS, start=2):
            assert table.cell(offset, 1).text == getattr(item, key), (number, key)
    assert tables["3.2"].cell(2 + FIELDS.index("workflow"), 1).text == WOMEN_32_WORKFLOW
    assert (
        tables["3.2"].rows[-1].cells[1].text == "评选表彰全国、天津市及滨海新区三八红旗手（集体）"
    )
    normal = document.styles["Normal"].element.rPr.rFonts
    assert (
        normal.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "宋体"
    )

    union_doc = Document(io.BytesIO(_download(client, union, "docx").content))
    union_tables = _info_tables(union_doc)
    assert len(union_tables) == 57
    assert (
        union_tables["1.1"].cell(2 + FIELDS.index("supervision"), 1).text
        == union.items.get(number="1.1").supervision
    )


# JSON -------------------------------------------------------------------------


def test_json_follows_its_schema_and_holds_the_text(client, published):
    women, union = published
    schema = client.get(reverse("catalog:export-schema"))
    assert schema.status_code == 200 and schema["Content-Type"] == "application/schema+json"
    assert schema.json() == json.loads(json.dumps(exports.EXPORT_JSON_SCHEMA))
    union_data = json.loads(_download(client, union, "json").content)
    women_data = json.loads(_download(client, women, "json").content)
    for data in (union_data, women_data):
        jsonschema.validate(data, schema.json())
        assert data["schema"] == reverse("catalog:export-schema")
        assert data["version"]["status"] == "published" and data["version"]["published_at"]
    assert union_data["organization"]["code"] == "BH-GH"
    union_items = {i["number"]: i for d in union_data["duties"] for i in d["items"]}
    assert len(union_data["duties"]) == 13 and len(union_items) == 57
    item_11 = union_items["1.1"]
    assert item_11["fields"]["supervision"] == union.items.get(number="1.1").supervision
    assert "65309957" in item_11["supervision_contact"]["phones"]
    assert "zhuxi@bhxqgh.com" in item_11["supervision_contact"]["emails"]
    assert any(
        f["item_number"] == "9.1" and f["code"] == "fields_shifted" and f["decision"] == "accepted"
        for f in union_data["findings"]
    )
    women_items = {i["number"]: i for d in women_data["duties"] for i in d["items"]}
    assert len(women_items) == 23
    assert women_items["3.2"]["fields"]["workflow"] == WOMEN_32_WORKFLOW
    assert women_items["1.1"]["department"]["name"] == "宣传部"
    citing = {
        n
        for n, i in women_items.items()
        if any(c["doc_number"] == "滨党办发〔2017〕52号" for c in i["legal_citations"])
    }
    assert citing == set(women_items) - {"8.1"}


def test_export_queries_do_not_grow_with_items(client, published, draft):  # noqa: F811
    _women, union = published
    counts = []
    for version in (draft, union):
        with CaptureQueriesContext(connection) as queries:
            client.get(_url(version, "json"))
        counts.append(len(queries))
    assert counts[1] <= 8


# PDF --------------------------------------------------------------------------


def test_pdf_unavailable_is_404_with_message_and_no_link(client, published, monkeypatch):
    women, _union = published
    monkeypatch.setattr(exports, "pdf_available", lambda: False)
    response = client.get(_url(women, "pdf"))
    assert response.status_code == 404
    assert "WeasyPrint" in response.content.decode() and "中文" in response.content.decode()
    page = client.get(reverse("catalog:public-catalog", args=[women.catalog.organization_id]))
    html = page.content.decode()
    assert 'id="export-xlsx"' in html and 'id="export-docx"' in html
    assert 'id="export-json"' in html and 'id="export-pdf"' not in html
    api = APIClient().get(f"/api/v1/catalog/versions/{women.pk}/export/pdf/")
    assert api.status_code == 404 and "WeasyPrint" in api.json()["detail"]


def test_pdf_when_weasyprint_and_font_are_there(client, published, tmp_path):
    """A real PDF (WeasyPrint + fonts-noto-cjk, installed by .ci/run), read back."""
    women, _union = published
    assert exports.pdf_available(), "WeasyPrint 或 fonts-noto-cjk 未安装（见 README）"
    response = _download(client, women, "pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert _filename(response) == "滨海新区妇联职责目录-v1.pdf"
    path = tmp_path / "women.pdf"
    path.write_bytes(response.content)
    text = "".join(pdf_text(path).split())  # table cells wrap: compare without line breaks
    assert text.count("）信息表") == 23
    assert WOMEN_32_WORKFLOW in text
    for item in women.items.all():
        assert "".join(item.name.split()) in text, item.number
    assert re.search(r"CJK[- ]?SC", pdf_fonts(path), re.IGNORECASE)
    page = client.get(reverse("catalog:public-catalog", args=[women.catalog.organization_id]))
    assert 'id="export-pdf"' in page.content.decode()


def test_pdf_is_offered_only_with_weasyprint_and_a_cjk_font(monkeypatch):
    import subprocess
    from types import SimpleNamespace

    def fonts(listing):
        exports.cjk_font_installed.cache_clear()
        monkeypatch.setattr(exports.to_pdf.shutil, "which", lambda name: "/usr/bin/fc-list")
        monkeypatch.setattr(
            subprocess, "run", lambda *args, **kwargs: SimpleNamespace(stdout=listing)
        )
        return exports.cjk_font_installed()

    try:
        assert fonts("DejaVuSans.ttf: DejaVu Sans:style=Book\n") is False
        assert fonts("NotoSansCJK-Regular.ttc: Noto Sans CJK SC:style=Regular\n") is True
        monkeypatch.setattr(exports.to_pdf.shutil, "which", lambda name: None)
        exports.cjk_font_installed.cache_clear()
        assert exports.cjk_font_installed() is False  # no fontconfig at all
    finally:
        monkeypatch.undo()
        exports.cjk_font_installed.cache_clear()
    for importable, font, offered in [
        (True, True, True),
        (True, False, False),
        (False, True, False),
    ]:
        monkeypatch.setattr(exports, "weasyprint_importable", lambda v=importable: v)
        monkeypatch.setattr(exports, "cjk_font_installed", lambda v=font: v)
        assert ("pdf" in [f.key for f in exports.available_formats()]) is offered


# 权限 -------------------------------------------------------------------------


def test_draft_export_only_within_scope(client, draft, cadre, org_tree, make_user):  # noqa: F811
    for fmt in ("xlsx", "docx", "json"):
        assert client.get(_url(draft, fmt)).status_code == 404  # anonymous
    client.force_login(make_user("dg_cadre", "cadre", org_tree.dagu))
    for fmt in ("xlsx", "docx", "json", "pdf"):
        response = client.get(_url(draft, fmt))
        assert response.status_code == 404
        assert "滨海新区" not in response.content.decode()
    client.force_login(cadre)
    for fmt in ("xlsx", "docx", "json"):
        assert client.get(_url(draft, fmt)).status_code == 200
    assert client.get(_url(draft, "csv")).status_code == 404
    assert (
        client.get(reverse("catalog:version", args=[draft.pk]))
        .content.decode()
        .count('id="export-')
        >= 3
    )


def test_superseded_version_stays_exportable_in_scope(
    client,
    draft,
    cadre,
    org_tree,  # noqa: F811
    make_user,
):
    services.finding_decide(
        actor=cadre, finding=draft.findings.get(repair="shift_fields_back"), accept=True
    )
    services.version_publish(actor=cadre, version=draft)
    second = services.version_new_draft(actor=cadre, catalog=draft.catalog)
    services.version_publish(actor=cadre, version=second)
    assert client.get(_url(second, "json")).status_code == 200
    assert client.get(_url(draft, "json")).status_code == 404  # superseded: not public
    client.force_login(cadre)
    data = json.loads(client.get(_url(draft, "json")).content)
    assert data["version"]["status"] == "superseded"


def test_api_export_with_token_and_session(client, draft, cadre, org_tree, make_user):  # noqa: F811
    url = f"/api/v1/catalog/versions/{draft.pk}/export/xlsx/"
    anonymous = APIClient()
    assert anonymous.get(url).status_code == 404
    outsider = APIClient()
    outsider.credentials(
        HTTP_AUTHORIZATION=f"Token {api_token_create(actor=None, user=make_user('dg', 'cadre', org_tree.dagu), name='测试')[1]}"
    )
    assert outsider.get(url).status_code == 404
    token = APIClient()
    token.credentials(
        HTTP_AUTHORIZATION=f"Token {api_token_create(actor=None, user=cadre, name='测试')[1]}"
    )
    response = token.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content))["职责事项"].max_row == 2 + 3
    client.force_login(cadre)
    response = client.get(f"/api/v1/catalog/versions/{draft.pk}/export/json/")
    assert response.status_code == 200
    assert len(json.loads(response.content)["duties"]) == 2
    assert client.get(f"/api/v1/catalog/versions/{draft.pk}/export/csv/").status_code == 404


def test_api_export_of_published_for_anyone(published):
    women, _union = published
    response = APIClient().get(f"/api/v1/catalog/versions/{women.pk}/export/docx/")
    assert response.status_code == 200
    assert len(Document(io.BytesIO(response.content)).tables) == 24


def test_content_disposition_is_rfc5987():
    header = exports.content_disposition("滨海新区妇联职责目录-v1.xlsx")
    assert header == (
        "attachment; filename=\"catalog-v1.xlsx\"; filename*=UTF-8''"
        "%E6%BB%A8%E6%B5%B7%E6%96%B0%E5%8C%BA%E5%A6%87%E8%81%94"
        "%E8%81%8C%E8%B4%A3%E7%9B%AE%E5%BD%95-v1.xlsx"
    )
    assert 'filename="a-b.json"' in exports.content_disposition("a-b.json")
