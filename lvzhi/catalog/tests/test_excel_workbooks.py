"""Issue 12.5: Excel 权责清单 as offices keep them — number columns under any usual header,
rows numbered when there is none, headers over two or three rows with merged cells, the
catalog on any sheet, and a field missing for every item blocks publishing."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from lvzhi.catalog import services
from lvzhi.catalog.parsed import FIELD_LABELS
from lvzhi.catalog.parsing import parse_catalog

FIELDS = list(FIELD_LABELS.values())


def _row(n: int, duty: str = "维护职工权益") -> list[str]:
    return [duty, f"事项{n}", *(f"{label}{n}" for label in FIELDS)]


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("header", ["序号", "编号", "编码", "事项编码", "权责编码", "事项代码"])
def test_number_column_under_any_usual_header(header):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([header, "主要职责", "事项名称", *FIELDS])
    sheet.append(["1.1", *_row(1)])
    sheet.append(["2.1", *_row(2, "服务职工")])
    catalog = parse_catalog(_save(workbook))
    assert [i.number for i in catalog.items] == ["1.1", "2.1"]
    assert catalog.items[1].fields["supervision"] == "监督方式2"
    assert not [f for f in catalog.findings if f.code in ("bad_number", "numbered_by_row")]


def test_items_numbered_by_row_without_a_number_column():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["主要职责", "事项名称", *FIELDS])
    for n, duty in enumerate(["甲", "甲", "乙", "乙", "乙"], start=1):
        sheet.append(_row(n, duty))
    catalog = parse_catalog(_save(workbook))
    assert [i.number for i in catalog.items] == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    assert [d.text for d in catalog.duties] == ["甲", "乙"]
    [finding] = [f for f in catalog.findings if f.code == "numbered_by_row"]
    assert "1.1 至 2.3" in finding.message and "5 个职责事项" in finding.message


def test_plain_serial_numbers_are_renumbered_and_reported():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["序号", "主要职责", "事项名称", *FIELDS])
    sheet.append([1, *_row(1)])
    sheet.append([2, *_row(2)])
    catalog = parse_catalog(_save(workbook))
    assert [i.number for i in catalog.items] == ["1.1", "1.2"]
    assert {(f.line, f.item_number) for f in catalog.findings if f.code == "bad_number"} == {
        (2, "1.1"),
        (3, "1.2"),
    }


@pytest.mark.parametrize("depth", [2, 3])
def test_headers_over_several_rows_with_merged_cells(depth):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["某区总工会权责清单"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=11)
    top = 2
    if depth == 3:
        sheet.append(["", "", "权责事项", "", "信息表内容"])
        sheet.merge_cells(start_row=2, start_column=3, end_row=2, end_column=4)
        sheet.merge_cells(start_row=2, start_column=5, end_row=2, end_column=11)
        top = 3
    sheet.append(["主要职责", "职责事项", "", *FIELDS])
    sheet.append(["", "编码", "名称"])
    sheet.merge_cells(start_row=top, start_column=2, end_row=top, end_column=3)
    for column in [1, *range(4, 11)]:
        sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
    sheet.append(["维护职工权益", "3.1", "开展法律援助", *(f"{label}内容" for label in FIELDS)])
    catalog = parse_catalog(_save(workbook))
    [item] = catalog.items
    assert (item.number, item.name) == ("3.1", "开展法律援助")
    assert item.fields == {key: f"{label}内容" for key, label in FIELD_LABELS.items()}
    assert catalog.title == "某区总工会权责清单"
    [read] = [f for f in catalog.findings if f.code == "sheets_read"]
    assert f"第 {top - depth + 2}–{top + 1} 行" in read.message or f"第 {top}–{top + 1} 行" in (
        read.message
    )


def test_catalog_on_another_sheet_and_the_sheets_listed():
    workbook = Workbook()
    workbook.active.title = "说明"
    workbook.active.append(["本表由区总工会办公室填报"])
    catalog_sheet = workbook.create_sheet("权责清单")
    catalog_sheet.append(["序号", "主要职责", "事项名称", *FIELDS])
    catalog_sheet.append(["1.1", *_row(1)])
    other = workbook.create_sheet("旧版")
    other.append(["序号", "事项名称"])
    other.append(["1.1", "旧事项"])
    catalog = parse_catalog(_save(workbook))
    assert [i.name for i in catalog.items] == ["事项1"]
    [read] = [f for f in catalog.findings if f.code == "sheets_read"]
    assert "读取了工作表“权责清单”" in read.message
    assert "“说明”（没有职责目录表头）" in read.message
    assert "“旧版”（也有职责目录表头" in read.message


def test_field_missing_for_every_item_blocks_publishing(org_tree, admin_user):
    workbook = Workbook()
    sheet = workbook.active
    headers = ["序号", "主要职责", "事项名称", *FIELDS]
    headers.remove("监督方式")
    sheet.append([*headers, "运行流程备注"])
    sheet.append(["1.1", *_row(1)[:-1], ""])
    sheet.append(["1.2", *_row(2)[:-1], ""])
    data = _save(workbook)
    catalog = parse_catalog(data)
    missing = [f for f in catalog.findings if f.code == "missing_column"]
    assert [(f.field, f.severity) for f in missing] == [("supervision", "error")]
    version = services.catalog_import(
        actor=admin_user, organization=org_tree.union, data=data, filename="qd.xlsx"
    )
    with pytest.raises(ValidationError) as error:
        services.version_publish(actor=admin_user, version=version)
    assert "监督方式" in str(error.value)
    for item in version.items.all():
        services.item_update(actor=admin_user, item=item, supervision="监督电话：65309957")
    services.version_publish(actor=admin_user, version=version)
    version.refresh_from_db()
    assert version.status == "published"


def test_column_empty_in_every_row_is_an_error():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["序号", "主要职责", "事项名称", *FIELDS])
    for n in (1, 2):
        row = ["1." + str(n), *_row(n)]
        row[3 + FIELDS.index("职责边界")] = None
        sheet.append(row)
    catalog = parse_catalog(_save(workbook))
    assert [(f.code, f.field, f.severity) for f in catalog.findings if f.severity == "error"] == [
        ("empty_column", "boundary", "error")
    ]


def test_workbook_unpacking_beyond_the_limit_is_refused(settings):
    from lvzhi.catalog.parsed import CatalogUnreadable

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["序号", "主要职责", "事项名称", *FIELDS])
    for n in range(1, 200):
        sheet.append([f"1.{n}", *_row(n)[:2], *("很长的内容" * 40 for _ in FIELDS)])
    data = _save(workbook)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    assert unpacked > 20 * len(data)  # repeated text packs tightly
    settings.IMPORT_MAX_BYTES = unpacked // 6 + 1
    assert len(parse_catalog(data).items) == 199
    settings.IMPORT_MAX_BYTES = unpacked // 7  # the file is small, unpacked it is too large
    assert len(data) < settings.IMPORT_MAX_BYTES
    with pytest.raises(CatalogUnreadable, match="解压后"):
        parse_catalog(data)
