"""One item: copy its sheet's fields and report what is wrong with them (label variants,
titles and names that differ from the index, empty, repeated and shifted fields, stray
quotes and text)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from ..parsed import Finding, ParsedItem
from .repairs import detect_shift, shift_finding
from .sheets import FieldBlock, Sheet, title_name
from .text import FIELD_KEYS, PLACEHOLDER_TITLES, TITLE_RE, field_label, normalize_name, shorten


def fill_item(item: ParsedItem, sheet: Sheet, layout: str) -> list[Finding]:
    """Copy a sheet's fields into its item and return the sheet's findings."""
    item.line = sheet.line
    item.sheet_title = sheet.title
    item.sheet_name = sheet_own_name(item, sheet)
    findings = _title_findings(item, sheet, layout)
    findings += _stray_text_findings(item, sheet)
    findings += _label_findings(item, sheet)
    # A field given twice keeps every block, in order (the finding offers to keep one).
    item.fields = {key: block_text(sheet.all(key)) for key in FIELD_KEYS}
    for key in FIELD_KEYS:
        findings += _field_findings(item, sheet, key)
    findings += _name_findings(item, sheet)
    shifted = detect_shift(item.fields)
    if shifted is not None:
        findings.append(shift_finding(item, sheet, shifted))
    return findings


def block_text(blocks: list[FieldBlock]) -> str:
    """The text of every block of one field, in source order, one line break between."""
    return "\n".join(block.text for block in blocks if block.text)


def sheet_own_name(item: ParsedItem, sheet: Sheet) -> str:
    """The name the sheet gives: its 名称 when that differs from the index name, else the
    name in its title when that differs, else its 名称 (or title name); "" for none."""
    block = sheet.first("name")
    own = block.text if block is not None else ""
    titled = title_name(sheet.title).strip()
    if titled in PLACEHOLDER_TITLES:
        titled = ""
    for candidate in (own, titled):
        if candidate and candidate != item.name:
            return candidate
    return own or titled


VARIANT_WORDS = {
    "spacing": N_("栏目名中间有空格"),
    "width": N_("栏目名的全角/半角符号或括号写法不同"),
    "synonym": N_("栏目名用的是别称"),
    "typo": N_("栏目名与标准写法相差一个字"),
    "qualifier": N_("栏目名后加了括号说明"),
}


def _label_findings(item: ParsedItem, sheet: Sheet) -> list[Finding]:
    """label_variant for labels recognised by a variant; unknown_label for label-like lines
    that are no known label (their text stays in the field above, nothing is dropped)."""
    findings = []
    for block in sheet.blocks:
        if not block.variant:
            continue
        findings.append(
            Finding(
                code="label_variant",
                message=_(
                    "职责事项 %(number)s 的信息表第 %(line)s 行的栏目名“%(given)s”不是标准写法"
                    "（%(why)s），已按“%(label)s”读取。建议在源文件中把它改为“%(label)s”。"
                )
                % {
                    "number": item.number,
                    "line": block.line,
                    "given": block.given,
                    "why": _(VARIANT_WORDS[block.variant]),
                    "label": field_label(block.key),
                },
                item_number=item.number,
                field=block.key,
                line=block.line,
                severity="note" if block.variant == "spacing" else "warning",
            )
        )
    for line, text, key in sheet.unknown:
        findings.append(
            Finding(
                code="unknown_label",
                message=_(
                    "职责事项 %(number)s 的信息表第 %(line)s 行“%(text)s”像是一个栏目名，"
                    "但不是信息表的已知栏目；这一行暂按原文保留在“%(label)s”中，请核对"
                    "它是否应是另一栏。"
                )
                % {"number": item.number, "line": line, "text": text, "label": field_label(key)},
                item_number=item.number,
                field=key,
                line=line,
            )
        )
    return findings


def _title_findings(item: ParsedItem, sheet: Sheet, layout: str) -> list[Finding]:
    if not sheet.title:
        return [
            Finding(
                code="missing_title",
                message=_("职责事项 %(number)s 的信息表没有标题行（“（名称）信息表”）。")
                % {"number": item.number},
                item_number=item.number,
                field="title",
                line=sheet.line,
            )
        ]
    findings = []
    if sheet.title_lines > 1:
        findings.append(
            Finding(
                code="broken_title",
                message=_(
                    "职责事项 %(number)s 的信息表标题被拆成了 %(count)s 行，"
                    "已按一行读取：“%(title)s”。"
                )
                % {"number": item.number, "count": sheet.title_lines, "title": sheet.title},
                item_number=item.number,
                field="title",
                line=sheet.line,
            )
        )
    match = TITLE_RE.fullmatch(sheet.title)
    if match and match.group("num") and match.group("num") != item.number:
        findings.append(
            Finding(
                code="number_mismatch",
                message=_("信息表标题中的编号 %(title_number)s 与序号 %(number)s 不一致。")
                % {"title_number": match.group("num"), "number": item.number},
                item_number=item.number,
                field="title",
                line=sheet.line,
            )
        )
    name = title_name(sheet.title)
    if name.strip() and name.strip() not in PLACEHOLDER_TITLES:
        finding = compare_names(item, name, "title", sheet.line)
        findings += [finding] if finding else []
    return findings


def _name_findings(item: ParsedItem, sheet: Sheet) -> list[Finding]:
    block = sheet.first("name")
    if block is None or not block.text:
        return [_missing_field(item, "name", block.line if block else sheet.line, block)]
    findings = quote_findings(item, "name", block.lines)
    finding = compare_names(item, block.text, "name", block.line)
    return findings + ([finding] if finding else [])


def compare_names(item: ParsedItem, other: str, what: str, line: int) -> Finding | None:
    """A title_mismatch / name_mismatch finding when ``other`` differs from the index name:
    a warning, or a note when only spaces or trailing punctuation differ."""
    if not item.name or other == item.name:
        return None
    only_spacing = normalize_name(other) == normalize_name(item.name)
    label = _("信息表标题") if what == "title" else _("信息表中的名称")
    detail = _("仅空格或末尾标点不同") if only_spacing else _("内容不同")
    # Both names are kept (the item's 信息表名称); the index name is used unless the cadre
    # accepts this repair.
    repair = "use_sheet_name" if not only_spacing and other == item.sheet_name else ""
    return Finding(
        repair=repair,
        repair_fields={"name": other} if repair else {},
        code=f"{what}_mismatch",
        message=_(
            "职责事项 %(number)s 的%(label)s“%(other)s”与目录中的名称“%(name)s”"
            "不一致（%(detail)s）。两个名称都已保留，默认使用目录中的名称。"
        )
        % {
            "number": item.number,
            "label": label,
            "other": other,
            "name": item.name,
            "detail": detail,
        },
        item_number=item.number,
        field=what,
        line=line,
        severity="note" if only_spacing else "warning",
    )


def _stray_text_findings(item: ParsedItem, sheet: Sheet) -> list[Finding]:
    message = _("职责事项 %(number)s 的信息表中，文字“%(text)s”不在任何栏目之下，未能导入。")
    return [
        _item_finding(
            item, "unplaced_text", message % {"number": item.number, "text": shorten(text)}, line
        )
        for line, text in sheet.stray
    ]


def _item_finding(item: ParsedItem, code: str, message: str, line: int, **detail) -> Finding:
    """A finding on ``item`` at ``line``, with ``detail`` (field, severity, repair)."""
    return Finding(code=code, message=message, item_number=item.number, line=line, **detail)


def _field_findings(item: ParsedItem, sheet: Sheet, key: str) -> list[Finding]:
    blocks = sheet.all(key)
    text = item.fields.get(key, "")
    if not text:
        return [_missing_field(item, key, blocks[0].line if blocks else sheet.line, blocks)]
    filled = [block for block in blocks if block.text]
    findings = []
    for block in filled:
        findings += quote_findings(item, key, block.lines)
    if text == "无":
        message = _("职责事项 %(number)s 的“%(label)s”填写为“无”。") % {
            "number": item.number,
            "label": field_label(key),
        }
        line = filled[0].lines[0][0]
        findings.append(
            _item_finding(item, "field_none", message, line, field=key, severity="note")
        )
    for extra in blocks[1:]:
        findings.append(_duplicate_finding(item, key, blocks[0], extra))
    return findings


def _missing_field(item: ParsedItem, key: str, line: int, present) -> Finding:
    values = {"number": item.number, "label": field_label(key)}
    if present:
        message = _("职责事项 %(number)s 的信息表“%(label)s”内容为空。") % values
    else:
        message = _("职责事项 %(number)s 的信息表“%(label)s”缺少这一栏。") % values
    return Finding(
        code="empty_field" if present else "missing_field",
        message=message,
        item_number=item.number,
        field=key,
        line=line,
        severity="error",
    )


def _duplicate_finding(item: ParsedItem, key: str, first: FieldBlock, extra: FieldBlock):
    values = {
        "number": item.number,
        "label": field_label(key),
        "first": first.line,
        "second": extra.line,
        "text": shorten(extra.text),
    }
    message = (
        _(
            "职责事项 %(number)s 的信息表有两个“%(label)s”栏（第 %(first)s 行和第 "
            "%(second)s 行）；两栏内容都已按原文顺序保留，第二栏内容为“%(text)s”。"
            "如只应保留第一栏，可接受建议的修复。"
        )
        % values
    )
    return Finding(
        code="duplicate_field",
        message=message,
        item_number=item.number,
        field=key,
        line=extra.line,
        repair="keep_first_block",
        repair_fields={key: first.text},
    )


QUOTE_PAIRS = (("“", "”"), ("‘", "’"))


def quote_findings(
    item: ParsedItem, key: str, lines: list[tuple[int, str]], in_index: bool = False
) -> list[Finding]:
    """stray_quote: an odd number of ASCII double quotes, or unbalanced curly quotes.
    ``in_index``: the lines are the item's name in the index (目录), not its sheet."""
    text = "\n".join(t for _, t in lines)
    stray = text.count('"') % 2 == 1 or any(text.count(a) != text.count(b) for a, b in QUOTE_PAIRS)
    if not stray:
        return []
    line = next((n for n, t in lines if any(q in t for q in '"“”‘’')), lines[0][0])
    return [
        Finding(
            code="stray_quote",
            message=(
                _(
                    "职责事项 %(number)s 在目录中的名称中有不成对的引号，可能是导出时残留的符号，请核对。"
                )
                % {"number": item.number}
                if in_index
                else _(
                    "职责事项 %(number)s 的“%(label)s”中有不成对的引号，可能是导出时残留的符号，请核对。"
                )
                % {"number": item.number, "label": field_label(key)}
            ),
            item_number=item.number,
            field=key,
            line=line,
        )
    ]
