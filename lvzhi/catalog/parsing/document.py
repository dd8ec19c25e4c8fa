"""The whole file: decode it, read the index and the sheets, and put each sheet in its
index item; what is missing, repeated or unplaced goes to the findings."""

from django.utils.translation import gettext as _

from ..parsed import CatalogUnreadable, Finding, ParsedCatalog, ParsedDuty, ParsedItem
from .encodings import decode_catalog
from .index import IndexItem, IndexTable, parse_index
from .items import fill_item, quote_findings
from .sheets import Sheet, find_sheets, sheet_number, title_name
from .text import (
    FIELD_KEYS,
    INDEX_HEADER_WORDS,
    INTEGER_RE,
    ITEM_NUMBER_RE,
    TITLE_RE,
    normalize_name,
    shorten,
)


def parse_catalog(data: bytes | str, *, filename: str = "") -> ParsedCatalog:
    """Parse a catalog file (text export or .xlsx). Raises CatalogUnreadable only when it
    is no catalog at all."""
    from ..excel import is_xlsx, parse_catalog_xlsx

    if isinstance(data, bytes) and is_xlsx(data):
        return parse_catalog_xlsx(data, filename=filename)
    text, decoding_findings = decode_catalog(data)
    lines = text.split("\n")
    body_start, sheets = find_sheets(lines)
    title_index = _catalog_title_index(lines, body_start)
    index = parse_index(lines, title_index + 1, body_start)
    if not index.items and not any(sheet_number(s) or s.blocks for s in sheets):
        if filename:
            message = _(
                "“%(filename)s”中既没有职责目录索引表，也没有职责事项信息表，无法导入。"
            ) % {"filename": filename}
        else:
            message = _("该文件中既没有职责目录索引表，也没有职责事项信息表，无法导入。")
        raise CatalogUnreadable(message)
    catalog = ParsedCatalog(
        layout=detect_layout(sheets, lines[title_index] if title_index >= 0 else ""),
        title=lines[title_index].strip() if title_index >= 0 else "",
        findings=decoding_findings + index.findings,
    )
    if title_index < 0:
        catalog.findings.append(
            Finding(
                code="missing_catalog_title", message=_("文件开头没有目录标题。"), severity="note"
            )
        )
    _build_duties(catalog, index)
    _attach_sheets(catalog, index, sheets)
    _check_index_names(catalog, index)
    catalog.findings += _truncation_findings(lines, sheets)
    catalog.findings.sort(key=lambda f: (f.line, f.item_number, f.code))
    return catalog


def detect_layout(sheets: list[Sheet], title: str) -> str:
    """Layout: "trade_union" when sheet titles carry the item number ("N.N（…）信息表"), else
    "women_federation"; without titles, decided by the catalog title."""
    titled = [TITLE_RE.fullmatch(s.title) for s in sheets if s.title]
    numbered = sum(1 for m in titled if m and m.group("num"))
    if titled:
        return "trade_union" if numbered * 2 > len(titled) else "women_federation"
    return "trade_union" if "工会" in title else "women_federation"


def _catalog_title_index(lines: list[str], body_start: int) -> int:
    for index in range(min(body_start, len(lines))):
        text = lines[index].strip()
        if text:
            is_token = text in INDEX_HEADER_WORDS or INTEGER_RE.fullmatch(text)
            return -1 if is_token or ITEM_NUMBER_RE.fullmatch(text) else index
    return -1


def _build_duties(catalog: ParsedCatalog, index: IndexTable) -> None:
    """Duties and items from the index; a repeated item number is reported and skipped."""
    seen: set[str] = set()
    for duty in index.duties:
        parsed = ParsedDuty(number=duty.number, text="\n".join(duty.text_lines))
        for item in duty.items:
            if item.number in seen:
                catalog.findings.append(_repeated_index_entry(item))
                continue
            seen.add(item.number)
            parsed.items.append(ParsedItem(number=item.number, name=item.name, page=item.page))
        catalog.duties.append(parsed)


def _repeated_index_entry(item: IndexItem) -> Finding:
    return Finding(
        code="duplicate_index_entry",
        message=_("目录中职责事项 %(number)s 出现了不止一次，这一条（“%(name)s”）未导入。")
        % {"number": item.number, "name": shorten(item.name)},
        item_number=item.number,
        line=item.line,
    )


def _attach_sheets(catalog: ParsedCatalog, index: IndexTable, sheets: list[Sheet]) -> None:
    """Fill every index item with its sheet; report missing, unindexed and repeated sheets."""
    by_number = {item.number: item for item in catalog.items}
    index_lines = {item.number: item.line for item in index.items}
    seen: set[str] = set()
    for sheet in sheets:
        number = sheet_number(sheet) or _number_by_name(catalog, sheet)
        if not number:
            catalog.findings.append(_unplaced_sheet(sheet))
            continue
        if number in seen:
            catalog.findings.append(_repeated_sheet(sheet, number))
            continue
        seen.add(number)
        item = by_number.get(number) or _unindexed_item(catalog, number, sheet)
        by_number[number] = item
        catalog.findings.extend(fill_item(item, sheet, catalog.layout))
    for item in catalog.items:
        if item.number not in seen:
            catalog.findings.append(
                Finding(
                    code="missing_sheet",
                    message=_(
                        "职责事项 %(number)s“%(name)s”在目录中列出，"
                        "但文件中没有它的信息表，七项内容均缺失。"
                    )
                    % {"number": item.number, "name": shorten(item.name)},
                    item_number=item.number,
                    line=index_lines.get(item.number, 0),
                    severity="error",
                )
            )
            item.fields = {key: "" for key in FIELD_KEYS}


def _number_by_name(catalog: ParsedCatalog, sheet: Sheet) -> str:
    """Fallback when a sheet has no usable 序号: the index item with the same name."""
    block = sheet.first("name")
    names = {normalize_name(block.text)} if block else set()
    names.add(normalize_name(title_name(sheet.title)))
    names.discard("")
    matches = [item.number for item in catalog.items if normalize_name(item.name) in names]
    return matches[0] if len(matches) == 1 else ""


def _unplaced_sheet(sheet: Sheet) -> Finding:
    return Finding(
        code="unplaced_sheet",
        message=_("这张信息表没有可识别的序号，名称也对不上目录中的任何职责事项，未能导入。"),
        line=sheet.line,
        field="number",
        severity="error",
    )


def _repeated_sheet(sheet: Sheet, number: str) -> Finding:
    return Finding(
        code="duplicate_sheet",
        message=_("职责事项 %(number)s 有第二张信息表，只导入了第一张，这一张未导入。")
        % {"number": number},
        item_number=number,
        line=sheet.line,
        severity="error",
    )


def _unindexed_item(catalog: ParsedCatalog, number: str, sheet: Sheet) -> ParsedItem:
    """An item that has a sheet but no index entry: placed under its duty (created if needed)."""
    duty_number = number.split(".")[0]
    duty = next((d for d in catalog.duties if d.number == duty_number), None)
    if duty is None:
        duty = ParsedDuty(number=duty_number, text="")
        catalog.duties.append(duty)
        catalog.duties.sort(key=lambda d: int(d.number) if d.number.isdigit() else 0)
    block = sheet.first("name")
    name = block.text if block else title_name(sheet.title).strip()
    item = ParsedItem(number=number, name=name)
    duty.items.append(item)
    catalog.findings.append(
        Finding(
            code="unindexed_sheet",
            message=_(
                "职责事项 %(number)s 有信息表，但目录中没有列出；已按编号归入第 "
                "%(duty)s 项主要职责。"
            )
            % {"number": number, "duty": duty_number},
            item_number=number,
            line=sheet.line,
        )
    )
    return item


def _check_index_names(catalog: ParsedCatalog, index: IndexTable) -> None:
    """Stray quotes in the index names."""
    by_number = {item.number: item for item in catalog.items}
    for entry in index.items:
        item = by_number.get(entry.number)
        if item is not None and entry.name_lines:
            catalog.findings += quote_findings(item, "name", entry.name_lines, in_index=True)


def _truncation_findings(lines: list[str], sheets: list[Sheet]) -> list[Finding]:
    """A file whose last line has no line break may have been cut off mid-text."""
    if not lines or not lines[-1].strip():
        return []
    number = sheet_number(sheets[-1]) if sheets else ""
    return [
        Finding(
            code="truncated_end",
            message=_(
                "文件最后一行（第 %(line)s 行）没有换行结尾，文件可能被截断，"
                "最后一项内容可能不完整。"
            )
            % {"line": len(lines)},
            item_number=number,
            field=sheets[-1].blocks[-1].key if sheets and sheets[-1].blocks else "",
            line=len(lines),
        )
    ]
