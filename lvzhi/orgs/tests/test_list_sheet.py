"""Reading the one sheet of the ledger and 四新 imports (``read_list_sheet``)."""

import io

from openpyxl import Workbook

from lvzhi.core.staged_uploads import ImportPreview
from lvzhi.orgs.roster.cells import cell_text, read_list_sheet

HEADERS = {"姓名": "name", "电话": "phone", "备注": "note"}
REQUIRED = {"name": "姓名", "phone": "电话"}


def _book(*rows, title="名单", first=None) -> bytes:
    book = Workbook()
    if first is not None:
        book.active.title = first
        book.active.append(["别的表"])
        sheet = book.create_sheet(title)
    else:
        sheet = book.active
        sheet.title = title
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _read(content, max_rows=10):
    preview = ImportPreview(organization=None)
    done = read_list_sheet(
        preview,
        content,
        sheet="名单",
        headers=HEADERS,
        required=REQUIRED,
        example=("name", "示例：王某"),
        max_rows=max_rows,
        row=lambda number, cells, columns: (
            number,
            {name: cell_text(cells[i]) for name, i in columns.items() if i < len(cells)},
        ),
    )
    return done, preview


def test_rows_by_field_with_example_and_blank_rows_skipped():
    content = _book(
        ["*姓名", "电 话", "备注", "其他"],
        ["示例：王某", "138", "示例", "x"],
        [None, "  ", None],
        ["李某", 13800000000, "", "y"],
    )
    done, preview = _read(content)
    assert done and not preview.file_error
    assert preview.content == content
    assert preview.rows == [(4, {"name": "李某", "phone": "13800000000", "note": ""})]


def test_the_named_sheet_is_read_before_the_first():
    done, preview = _read(_book(["姓名", "电话"], ["李某", "1"], first="说明"))
    assert done and [number for number, _f in preview.rows] == [2]


def test_missing_required_columns_are_named():
    done, preview = _read(_book(["备注"], ["x"]))
    assert not done
    assert preview.file_error == "缺少必填列：姓名、电话"
    assert preview.rows == []


def test_too_many_rows_stop_the_read():
    done, preview = _read(_book(["姓名", "电话"], *[[f"人{i}", "1"] for i in range(4)]), 3)
    assert not done
    assert preview.file_error == "超过 3 行，请拆分后分批导入"


def test_no_data_row_is_read_to_the_end_with_an_error():
    done, preview = _read(_book(["姓名", "电话"], ["示例：王某", "1"]))
    assert done
    assert preview.file_error == "没有可导入的数据行"


def test_not_a_workbook_is_refused():
    done, preview = _read(b"PK\x03\x04 damaged zip")
    assert not done and preview.file_error.startswith("无法读取该文件")
    done, preview = _read(b"name,phone\n")
    assert not done and preview.file_error.startswith("无法读取该文件")
    done, preview = _read(b"")
    assert not done and preview.file_error == "文件是空的，请上传填写好的 .xlsx 名册"
