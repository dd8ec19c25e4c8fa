"""Audit events of a date range as Excel (Chinese headers, header row frozen) or JSON,
with each event's chain place and hashes so the copy can be checked later."""

import io
import json

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from lvzhi.core.periods import CHINA_TZ

COLUMNS = (
    ("id", "编号"),
    ("created_at", "时间"),
    ("actor_name", "操作人"),
    ("organization", "组织"),
    ("action", "操作"),
    ("object_type", "对象类型"),
    ("object_id", "对象编号"),
    ("object_repr", "对象"),
    ("changes", "变更内容"),
    ("request_id", "请求编号"),
    ("chain_day", "链日期"),
    ("seq", "链序号"),
    ("prev_hash", "前一事件哈希"),
    ("hash", "哈希"),
)


def _row(event) -> dict:
    return {
        "id": event.pk,
        "created_at": timezone.localtime(event.created_at, CHINA_TZ).isoformat(),
        "actor_name": event.actor_name,
        "organization": event.organization.name if event.organization_id else "",
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "changes": event.changes,
        "request_id": event.request_id,
        "chain_day": event.chain_day.isoformat() if event.chain_day else None,
        "seq": event.seq,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def _cell(sheet, value):
    """A literal cell: text is never read as a formula, control characters dropped."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value)[:32000])
    cell.data_type = "s"
    return cell


def to_json(events, *, meta: dict) -> bytes:
    rows = [_row(e) for e in events.iterator(chunk_size=2000)]
    return json.dumps({**meta, "count": len(rows), "events": rows}, ensure_ascii=False).encode()


def to_xlsx(events, *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for _key, label in COLUMNS:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for event in events.iterator(chunk_size=2000):
        row = _row(event)
        row["changes"] = json.dumps(row["changes"], ensure_ascii=False)
        sheet.append([_cell(sheet, row[key]) for key, _label in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
