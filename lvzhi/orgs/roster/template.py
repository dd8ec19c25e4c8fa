"""The workbook users fill in: :func:`build_template`."""

from __future__ import annotations

import io

from django.utils import translation
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lvzhi.core.office import excel_page_setup

from .columns import COLUMNS, EXAMPLES, NO, SHEETS, TEMPLATE_ROWS, YES

HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
EXAMPLE_FONT = Font(italic=True, color="808080")


def build_template() -> bytes:
    """The roster workbook: three sheets with headers, an example row (ignored when left
    unchanged) and drop-down lists for the choice columns."""
    book = Workbook()
    book.remove(book.active)
    with translation.override("zh-hans"):
        for sheet in SHEETS:
            ws = book.create_sheet(sheet)
            ws.append([c.header for c in COLUMNS[sheet]])
            ws.append(list(EXAMPLES[sheet]))
            for index, column in enumerate(COLUMNS[sheet], start=1):
                letter = get_column_letter(index)
                head = ws.cell(row=1, column=index)
                head.font = Font(bold=True, color="B3261E" if column.required else "000000")
                head.fill = HEADER_FILL
                note = ("必填。" if column.required else "") + column.hint
                if note:
                    head.comment = Comment(note, "lvzhi")
                example = ws.cell(row=2, column=index)
                example.font = EXAMPLE_FONT
                ws.column_dimensions[letter].width = column.width
                cells = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
                if column.kind == "date":
                    example.number_format = "yyyy-mm-dd"
                elif column.kind in ("id_number", "phone") or column.field.endswith("code"):
                    example.number_format = "@"
                    ws.column_dimensions[letter].number_format = "@"
                options = None
                if column.choices is not None:
                    options = [str(choice.label) for choice in column.choices]
                elif column.kind == "bool":
                    options = [YES, NO]
                if options:
                    validation = DataValidation(
                        type="list",
                        formula1='"' + ",".join(options) + '"',
                        allow_blank=True,
                        showErrorMessage=True,
                        errorTitle="输入有误",
                        error=f"请从下拉列表中选择{column.header}",
                    )
                    ws.add_data_validation(validation)
                    validation.add(cells)
            ws.cell(row=2, column=1).comment = Comment(
                "示例行：保持不变时导入会自动忽略，可直接覆盖或删除", "lvzhi"
            )
            excel_page_setup(ws, header_row=1)  # landscape, fit to width, header repeated
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
