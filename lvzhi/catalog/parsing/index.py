"""The index table (目录): duties, their items, names and pages, read token by token."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..parsed import Finding
from .text import INDEX_HEADER_WORDS, INTEGER_RE, ITEM_NUMBER_RE, shorten


@dataclass
class IndexItem:
    number: str
    line: int
    name_lines: list[tuple[int, str]] = field(default_factory=list)
    page: str = ""

    @property
    def name(self) -> str:
        return "\n".join(text for _, text in self.name_lines)


@dataclass
class IndexDuty:
    number: str
    line: int
    text_lines: list[str] = field(default_factory=list)
    items: list[IndexItem] = field(default_factory=list)


@dataclass
class IndexTable:
    duties: list[IndexDuty] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def items(self) -> list[IndexItem]:
        return [item for duty in self.duties for item in duty.items]


def parse_index(lines: list[str], start: int, end: int) -> IndexTable:
    """Read the index table between line indexes ``start`` and ``end`` (exclusive)."""
    table = IndexTable()
    mode, item = "header", None
    for index in range(start, end):
        token = lines[index].strip()
        if not token:
            continue
        mode, item = _index_token(table, mode, item, token, index + 1)
    _close_index_item(table, item)
    return table


def _index_token(table: IndexTable, mode: str, item, token: str, line: int):
    """Advance the index state machine by one token; returns (mode, open item)."""
    if ITEM_NUMBER_RE.fullmatch(token):
        _close_index_item(table, item)
        return "item_name", IndexItem(number=token, line=line)
    if INTEGER_RE.fullmatch(token):
        if mode == "item_name" and item is not None and item.name_lines:
            item.page = token
            _close_index_item(table, item)
            return "after_page", None
        _close_index_item(table, item)
        table.duties.append(IndexDuty(number=token, line=line))
        return "duty_text", None
    if mode == "item_name" and item is not None:
        item.name_lines.append((line, token))
    elif mode == "duty_text":
        table.duties[-1].text_lines.append(token)
    elif not (mode == "header" and token in INDEX_HEADER_WORDS):
        table.findings.append(
            Finding(
                code="unplaced_text",
                message=_("目录中的文字“%(text)s”无法归入任何职责或职责事项。")
                % {"text": shorten(token)},
                line=line,
            )
        )
    return mode, item


def _close_index_item(table: IndexTable, item: IndexItem | None) -> None:
    if item is None:
        return
    duty_number = item.number.split(".")[0]
    misplaced = not table.duties or table.duties[-1].number != duty_number
    if not table.duties:
        table.duties.append(IndexDuty(number=duty_number, line=item.line))
    values = {"number": item.number, "duty": table.duties[-1].number}
    if misplaced:
        message = (
            _("目录中职责事项 %(number)s 列在第 %(duty)s 项主要职责之下，编号不一致。") % values
        )
        table.findings.append(_entry_finding(item, "number_mismatch", message, field="number"))
    if not item.name_lines:
        message = _("目录中职责事项 %(number)s 没有名称。") % values
        finding = _entry_finding(item, "missing_name", message, field="name", severity="error")
        table.findings.append(finding)
    elif not item.page:
        message = _("目录中职责事项 %(number)s 没有页码。") % values
        table.findings.append(_entry_finding(item, "missing_page", message, severity="note"))
    table.duties[-1].items.append(item)


def _entry_finding(item: IndexItem, code: str, message: str, **detail) -> Finding:
    """A finding on an index entry: its item number and line, and ``detail`` (field,
    severity)."""
    return Finding(code=code, message=message, item_number=item.number, line=item.line, **detail)
