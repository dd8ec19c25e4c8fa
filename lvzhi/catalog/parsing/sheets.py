"""The info sheets (信息表) of a catalog body: where each starts, and its labelled blocks."""

from dataclasses import dataclass, field

from .labels import looks_like_label, match_label, match_title
from .text import ITEM_NUMBER_RE, TITLE_RE, clean_lines, join_text


@dataclass
class FieldBlock:
    """One labelled block of a sheet: the label's line and the lines under it."""

    key: str
    line: int
    raw: list[tuple[int, str]] = field(default_factory=list)
    given: str = ""  # the label as written, when it is a variant
    variant: str = ""  # see LabelMatch

    @property
    def lines(self) -> list[tuple[int, str]]:
        return clean_lines(self.raw)

    @property
    def text(self) -> str:
        return join_text(self.lines)


@dataclass
class Sheet:
    line: int  # first line: the title, or the 序号 label when the title is missing
    title: str = ""
    title_lines: int = 0  # 0: no title, 1: one line, >1: broken across lines
    blocks: list[FieldBlock] = field(default_factory=list)
    stray: list[tuple[int, str]] = field(default_factory=list)  # text before any label
    # label-like lines ("备注：") that are no known label: kept in the text, reported
    unknown: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, key)

    def first(self, key: str) -> FieldBlock | None:
        return next((b for b in self.blocks if b.key == key), None)

    def all(self, key: str) -> list[FieldBlock]:
        return [b for b in self.blocks if b.key == key]


def find_sheets(lines: list[str]) -> tuple[int, list[Sheet]]:
    """Split the body into sheets; returns (index of the first sheet line, sheets)."""
    sheets: list[Sheet] = []
    body_start, index = len(lines), 0
    while index < len(lines):
        title = match_title(lines, index)
        if title is not None:
            sheets.append(Sheet(line=index + 1, title=title[0], title_lines=title[1]))
            body_start = min(body_start, index)
            index += title[1]
            continue
        label = match_label(lines[index])
        if label and label[0] == "number" and _starts_untitled_sheet(sheets, lines, index, label):
            sheets.append(Sheet(line=index + 1))
            body_start = min(body_start, index)
        if sheets:
            _add_line(sheets[-1], label, lines[index], index + 1)
        index += 1
    return body_start, sheets


def _starts_untitled_sheet(sheets: list[Sheet], lines: list[str], index: int, label) -> bool:
    """A 序号 label starts a new sheet when the open sheet already has labels (or there is
    none) and an item number follows it."""
    if sheets and not sheets[-1].blocks:
        return False
    if label[1]:
        return bool(ITEM_NUMBER_RE.fullmatch(label[1]))
    for ahead in range(index + 1, min(index + 4, len(lines))):
        if lines[ahead].strip():
            return bool(ITEM_NUMBER_RE.fullmatch(lines[ahead].strip()))
    return False


def _add_line(sheet: Sheet, label, text: str, line: int) -> None:
    if label is not None:
        sheet.blocks.append(
            FieldBlock(key=label.key, line=line, given=label.given, variant=label.variant)
        )
        if label.rest:
            sheet.blocks[-1].raw.append((line, label.rest))
    elif sheet.blocks:
        if looks_like_label(text):
            sheet.unknown.append((line, text.strip(), sheet.blocks[-1].key))
        sheet.blocks[-1].raw.append((line, text))
    elif text.strip():
        sheet.stray.append((line, text.strip()))


def sheet_number(sheet: Sheet) -> str:
    """The item number of a sheet: its 序号, else the number in its title."""
    block = sheet.first("number")
    if block is not None and ITEM_NUMBER_RE.fullmatch(block.text):
        return block.text
    match = TITLE_RE.fullmatch(sheet.title)
    return match.group("num") or "" if match else ""


def title_name(title: str) -> str:
    """The name inside a sheet title "（名称）信息表", spaces kept ("" for none)."""
    match = TITLE_RE.fullmatch(title)
    return match.group("name") if match else ""
