"""Parse a duty catalog (职责目录) text file into :mod:`lvzhi.catalog.parsed` data.

Both known layouts are recognized by content: an index table (序号 / 主要职责 / 职责事项 /
页码) followed by one info sheet (信息表) per duty item with the labels 序号, 名称, 法定依据,
实施机构, 职责边界, 运行流程, 运行要件, 责任事项, 监督方式. Women's federation sheets are
titled "（名称）信息表", trade union sheets "N.N（名称）信息表".

Every defect goes to ``findings`` with its item, field and 1-based source line; nothing is
repaired silently. Proposed repairs are applied only by :func:`apply_repairs`.

Field text is kept as written: the leading tab (the table-cell separator of the export)
and trailing spaces of each line are dropped, surrounding blank lines are stripped, inner
line breaks (blank lines included) are kept as "\\n". No database; the finding messages are
in the active language (Django's gettext), Chinese by default.
"""

import copy
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from .parsed import (
    FIELD_LABELS,
    CatalogUnreadable,
    Finding,
    ParsedCatalog,
    ParsedDuty,
    ParsedItem,
)

__all__ = ["CatalogUnreadable", "apply_repairs", "parse_catalog", "parse_supervision"]

FIELD_KEYS = list(FIELD_LABELS)
LABELS = {"序号": "number", "名称": "name", **{v: k for k, v in FIELD_LABELS.items()}}
LABEL_NAMES = {"number": "序号", "name": "名称", **FIELD_LABELS}
INDEX_HEADER_WORDS = {"序", "号", "序号", "主要职责", "职责事项", "名称", "页码"}
PLACEHOLDER_TITLES = {"职责事项名称", "名称", "事项名称"}

ITEM_NUMBER_RE = re.compile(r"\d{1,3}\.\d{1,3}")
INTEGER_RE = re.compile(r"\d{1,4}")
TITLE_RE = re.compile(r"(?P<num>\d{1,3}\.\d{1,3})?\s*[（(](?P<name>.+)[）)]\s*信息表")
SPACES_RE = re.compile(r"\s+")
TRAILING_PUNCT = "。．.，,；;：:、 \u3000"


def _label(key: str) -> str:
    """The label of a sheet field in the active language (序号, 名称 and FIELD_LABELS; the
    msgids are the model fields' verbose names)."""
    return _(LABEL_NAMES[key])


# ---------------------------------------------------------------- decoding


def decode_catalog(data: bytes | str) -> tuple[str, list[Finding]]:
    """Bytes → text (UTF-8 with or without BOM, UTF-16 with BOM, else GB18030), line endings
    normalized to "\\n". A UTF-8 file with a few broken bytes is read as UTF-8 and each
    broken line reported. Raises CatalogUnreadable for empty or binary content."""
    text, broken = (data, False) if isinstance(data, str) else _decode_bytes(data)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise CatalogUnreadable(_("文件为空，无法读取职责目录。"))
    if _looks_binary(text):
        raise CatalogUnreadable(_("文件含有二进制内容，不是可读取的职责目录文本文件。"))
    mojibake = detect_mojibake(text, replaced=broken)
    if mojibake is not None:
        raise CatalogUnreadable(mojibake)
    findings = _broken_byte_findings(text) if broken else []
    return text, findings + mojibake_line_findings(text)


# Characters Windows-1252 has where Latin-1 has C1 controls.
_CP1252_ONLY = set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")
_CJK_CHAR_RE = re.compile(r"[\u3400-\u9fff]")
MOJIBAKE_SAMPLE_LINES = 400


def _western_bytes(line: str) -> bytes | None:
    """The bytes a Windows-1252 / Latin-1 reading turned into ``line`` (a character
    Windows-1252 lacks stands for itself, as Windows maps undefined bytes to C1 controls;
    U+FFFD, a byte lost by the reading, is dropped). None for other characters."""
    out = bytearray()
    for ch in line:
        if ch == "\ufffd":
            continue
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))
    return bytes(out)


def _plausible_chinese(restored: str) -> bool:
    """Restored text that reads as Chinese: mostly CJK characters, few broken bytes."""
    cjk = len(_CJK_CHAR_RE.findall(restored))
    return cjk >= 2 and restored.count("\ufffd") * 4 <= cjk


def _reread(line: str) -> tuple[str, str] | None:
    """(likely wrong reading, the text restored) when ``line`` is Chinese text whose bytes
    were read through the wrong code page; None when it reads as it is."""
    if not _CJK_CHAR_RE.search(line):
        raw = _western_bytes(line)
        if not raw or raw.isascii():
            return None
        restored = raw.decode("utf-8", errors="replace")
        if _plausible_chinese(restored):
            latin1 = any("\x80" <= ch <= "\x9f" for ch in line)
            cp1252 = any(ch in _CP1252_ONLY for ch in line)
            return ("latin1" if latin1 and not cp1252 else "cp1252"), restored
        restored = raw.decode("gb18030", errors="replace")
        if _plausible_chinese(restored):
            return "gbk_as_latin", restored
        return None
    raw = line.replace("\ufffd", "").encode("gbk", errors="ignore")
    restored = raw.decode("utf-8", errors="replace")
    if _plausible_chinese(restored):
        return "gbk", restored
    return None


MOJIBAKE_MESSAGES = {
    "cp1252": N_(
        "文件是乱码：看起来是 UTF-8 编码的中文被按 Windows-1252（西欧）编码读取后另存的。"
    ),
    "latin1": N_(
        "文件是乱码：看起来是 UTF-8 编码的中文被按 Latin-1（ISO-8859-1）编码读取后另存的。"
    ),
    "gbk": N_(
        "文件是乱码：看起来是 UTF-8 编码的中文被按 GBK（简体中文 Windows）编码读取后另存的。"
    ),
    "gbk_as_latin": N_(
        "文件是乱码：看起来是 GBK/GB18030 编码的中文被按 Windows-1252 或 Latin-1 编码读取后另存的。"
    ),
    "lost": N_(
        "文件中大量文字显示为“\ufffd”：看起来是 GBK/GB18030 编码的文件被按 UTF-8 读取后"
        "另存的，原来的汉字已经丢失，无法恢复。"
    ),
}


MOJIBAKE_ENCODINGS = {
    "cp1252": "Windows-1252",
    "latin1": "Latin-1",
    "gbk": "GBK",
    "gbk_as_latin": "Windows-1252 / Latin-1",
}


def mojibake_line_findings(text: str) -> list[Finding]:
    """One error per line of a readable file that is itself mojibake (a passage pasted
    from a garbled copy), naming the likely encoding and the text it should be."""
    findings = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.isascii() or not line.strip():
            continue
        reading = _reread(line.strip())
        if reading is None:
            continue
        findings.append(
            Finding(
                code="mojibake_line",
                message=_(
                    "第 %(line)s 行是乱码（看起来是 UTF-8 文字被按 %(encoding)s 编码读取），"
                    "原文可能是“%(good)s”，请核对源文件。"
                )
                % {
                    "line": number,
                    "encoding": MOJIBAKE_ENCODINGS[reading[0]],
                    "good": _short(reading[1], 40),
                },
                line=number,
                severity="error",
            )
        )
    return findings


def detect_mojibake(text: str, *, replaced: bool = False) -> str | None:
    """A message naming the likely wrong encoding when the text is mojibake: UTF-8 read as
    Windows-1252 / Latin-1 / GBK, GBK read as a Western code page, or GBK read as UTF-8
    with its characters replaced by U+FFFD and saved. None for a readable text."""
    lines = [line.strip() for line in text.split("\n") if line.strip() and not line.isascii()]
    lines = lines[:MOJIBAKE_SAMPLE_LINES]
    if not lines:
        return None
    found: dict[str, list[tuple[str, str]]] = {}
    for line in lines:
        reading = _reread(line)
        if reading is not None:
            found.setdefault(reading[0], []).append((line, reading[1]))
    wrong = sum(len(v) for v in found.values())
    if wrong < max(2, (len(lines) * 3) // 10):
        lost = sum(1 for line in lines if "\ufffd" in line)
        if not replaced and lost >= max(3, len(lines) // 5):
            return _(MOJIBAKE_MESSAGES["lost"]) + _(
                "请用原始文件重新导入，或在保存时选择 UTF-8 编码。"
            )
        return None
    codec, examples = max(found.items(), key=lambda pair: len(pair[1]))
    bad, good = examples[0]
    return (
        _(MOJIBAKE_MESSAGES[codec])
        + _("例如“%(bad)s”应为“%(good)s”。") % {"bad": _short(bad, 16), "good": _short(good, 16)}
        + _("请用原始文件重新导入，或在保存时选择 UTF-8 编码。")
    )


def _decode_bytes(data: bytes) -> tuple[str, bool]:
    """(text, whether broken UTF-8 bytes were replaced)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), False
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8-sig", errors="replace")
    if replaced.count("\ufffd") <= max(3, len(replaced) // 1000):
        return replaced, True
    try:
        return data.decode("gb18030"), False
    except UnicodeDecodeError:
        pass
    raise CatalogUnreadable(
        _("文件编码无法识别（既不是 UTF-8 也不是 GB18030），无法读取职责目录。")
    )


def _broken_byte_findings(text: str) -> list[Finding]:
    """One finding per line holding bytes that are not valid UTF-8 (shown as \ufffd)."""
    return [
        Finding(
            code="encoding_errors",
            message=_(
                "第 %(line)s 行含有无法识别的字节（文件可能被截断或损坏），"
                "这些字节显示为“%(char)s”，请核对原文。"
            )
            % {"line": number, "char": "\ufffd"},
            line=number,
            severity="error",
        )
        for number, line in enumerate(text.split("\n"), start=1)
        if "\ufffd" in line
    ]


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n")
    return "\x00" in text or controls > max(2, len(text) // 200)


# ---------------------------------------------------------------- lines and labels


# Other names offices give the labels (the Excel importer's header synonyms, and what real
# 信息表 use): recognised as that label, with a finding proposing the standard label.
LABEL_SYNONYMS = {
    "事项名称": "name",
    "职责事项名称": "name",
    "事项序号": "number",
    "编号": "number",
    "法律依据": "legal_basis",
    "设定依据": "legal_basis",
    "实施依据": "legal_basis",
    "政策依据": "legal_basis",
    "法律法规依据": "legal_basis",
    "实施主体": "implementing_body",
    "行使主体": "implementing_body",
    "责任主体": "implementing_body",
    "实施部门": "implementing_body",
    "承办机构": "implementing_body",
    "承办部门": "implementing_body",
    "相关职责边界": "boundary",
    "相关部门职责边界": "boundary",
    "办理流程": "workflow",
    "工作流程": "workflow",
    "运行程序": "workflow",
    "办理要件": "requirements",
    "申请材料": "requirements",
    "责任事项内容": "responsibilities",
    "监督电话": "supervision",
    "监督投诉": "supervision",
    "监督投诉方式": "supervision",
    "监督渠道": "supervision",
    "监督方法": "supervision",
    "投诉电话": "supervision",
    "监督举报方式": "supervision",
}
_LABEL_EDGES = "：:【】[]〔〕「」 "
_LABEL_LIKE_RE = re.compile(r"[\u4e00-\u9fffA-Za-z（）()、\s]{2,12}[：:]")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]+")
# A known label with a parenthesised qualifier ("监督方式（电话）"), after NFKC folding.
_QUALIFIED_RE = re.compile(r"(?P<base>[\u4e00-\u9fff]{2,8})\((?P<qualifier>[^()]{1,12})\)")
# Labels real 信息表 (government service lists) carry that are no field of a duty catalog:
# a line that is one of them, alone and without a colon, is reported as an unknown label
# (its text stays in the field above). Short, whole words only, so that text lines are
# never taken for labels.
OTHER_SHEET_LABELS = frozenset(
    {
        "备注",
        "说明",
        "附注",
        "办理时限",
        "承诺时限",
        "法定时限",
        "办结时限",
        "办理时间",
        "办理地点",
        "办公地址",
        "办公时间",
        "收费标准",
        "收费依据",
        "是否收费",
        "咨询电话",
        "联系电话",
        "联系方式",
        "服务对象",
        "办理对象",
        "实施对象",
        "受理条件",
        "申请条件",
        "办理条件",
        "事项类型",
        "职权类型",
        "权力类型",
        "行使层级",
        "办理结果",
        "结果名称",
        "追责情形",
        "追责依据",
        "责任追究",
        "数量限制",
        "适用范围",
    }
)
OTHER_LABEL_MAX_CJK = 8


@dataclass(frozen=True)
class LabelMatch:
    """A label line: its key, the text after it on the same line, and how it was written:
    ``variant`` "" (the standard label; a trailing colon and the spaces of a spread
    two-character label allowed), "spacing", "width" (full-/half-width or brackets),
    "synonym", "typo" (one character off) or "qualifier" (a parenthesised qualifier after
    the label: "监督方式（电话）")."""

    key: str
    rest: str
    given: str = ""
    variant: str = ""

    def __getitem__(self, index):  # (key, rest) like the tuple it replaces
        return (self.key, self.rest)[index]


def _label_head(text: str) -> str:
    return SPACES_RE.sub("", text).strip(_LABEL_EDGES)


def _edit_distance_one(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def classify_label(head: str) -> tuple[str, str] | None:
    """(key, variant) of a would-be label text, or None when it is no label."""
    if len(head) > 24:  # text, not a label: the longest label with its spacing is shorter
        return None
    exact = SPACES_RE.sub("", head).rstrip("：:")
    if exact in LABELS:
        # "序    号": two-character labels are spread over the cell in Word tables.
        spaced = len(exact) > 2 and exact != head.strip().rstrip("：:")
        return LABELS[exact], "spacing" if spaced else ""
    folded = _label_head(unicodedata.normalize("NFKC", head))
    if folded in LABELS:
        return LABELS[folded], "width"
    if folded in LABEL_SYNONYMS:
        return LABEL_SYNONYMS[folded], "synonym"
    qualified = _QUALIFIED_RE.fullmatch(folded)
    if qualified and qualified["base"] in LABELS:
        # "监督方式（电话）": the label, narrowed by a qualifier.
        return LABELS[qualified["base"]], "qualifier"
    if 3 <= len(folded) <= 5 and _CJK_RE.fullmatch(folded):
        close = {
            key
            for label, key in LABELS.items()
            if len(label) == 4 and _edit_distance_one(folded, label)
        }
        if len(close) == 1:
            return close.pop(), "typo"
    return None


def match_label(line: str) -> LabelMatch | None:
    """The label of a sheet line, with the text after it on the same line.

    Spaces inside the label are ignored ("序    号"); "label<TAB>text" and
    "label：text" are accepted; full-width, synonym and one-character-off variants are
    recognised (``variant`` says which, for a finding)."""
    stripped = line.strip()
    head, sep, rest = stripped.partition("\t")
    found = classify_label(head)
    if found is None and not sep:
        colon = re.search(r"[：:]", stripped)
        if colon and 0 < colon.start() <= 8:
            head, rest, sep = stripped[: colon.start()], stripped[colon.end() :], ":"
            found = classify_label(head)
            # "依据：…" inside a text is no label; only whole known words are.
            if found is not None and found[1] == "typo":
                found = None
    if found is None:
        return None
    return LabelMatch(
        key=found[0], rest=rest.strip() if sep else "", given=head.strip(), variant=found[1]
    )


def looks_like_label(line: str) -> bool:
    """A short line ending with a colon ("备注："), or a line that is alone one of the
    labels of other 信息表 (OTHER_SHEET_LABELS: "备注", "办理时限"), with or without a
    parenthesised qualifier ("收费标准（元）")."""
    stripped = line.strip()
    if _LABEL_LIKE_RE.fullmatch(stripped):
        return True
    head = _label_head(unicodedata.normalize("NFKC", stripped))
    qualified = _QUALIFIED_RE.fullmatch(head)
    if qualified:
        head = qualified["base"]
    return (
        len(head) <= OTHER_LABEL_MAX_CJK
        and bool(_CJK_RE.fullmatch(head))
        and head in OTHER_SHEET_LABELS
    )


def match_title(lines: list[str], index: int) -> tuple[str, int] | None:
    """(title text, lines consumed) when an info-sheet title starts at ``index``.

    A title broken across two lines ("（…" then "…）信息表") is joined without a separator."""
    first = lines[index].strip()
    if TITLE_RE.fullmatch(first):
        return first, 1
    if not first.startswith(("（", "(")) or first.endswith("信息表"):
        return None
    for ahead in range(index + 1, min(index + 3, len(lines))):
        second = lines[ahead].strip()
        if not second:
            continue
        if second.endswith("信息表") and not TITLE_RE.fullmatch(second):
            if TITLE_RE.fullmatch(first + second) and match_label(second) is None:
                return first + second, ahead - index + 1
        return None
    return None


def clean_lines(raw: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop the cell-separator tabs and trailing spaces of each line, and blank edge lines."""
    lines = [(number, text.lstrip("\t").rstrip()) for number, text in raw]
    while lines and not lines[0][1].strip():
        lines.pop(0)
    while lines and not lines[-1][1].strip():
        lines.pop()
    return lines


def join_text(lines: list[tuple[int, str]]) -> str:
    return "\n".join(text for _, text in lines).strip()


def normalize_name(text: str) -> str:
    """For comparisons only: no whitespace, no trailing punctuation."""
    return SPACES_RE.sub("", text).rstrip(TRAILING_PUNCT)


# ---------------------------------------------------------------- index table (目录)


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
                % {"text": _short(token)},
                line=line,
            )
        )
    return mode, item


def _close_index_item(table: IndexTable, item: IndexItem | None) -> None:
    if item is None:
        return
    duty_number = item.number.split(".")[0]
    if not table.duties or table.duties[-1].number != duty_number:
        if not table.duties:
            table.duties.append(IndexDuty(number=duty_number, line=item.line))
        table.findings.append(
            Finding(
                code="number_mismatch",
                message=_("目录中职责事项 %(number)s 列在第 %(duty)s 项主要职责之下，编号不一致。")
                % {"number": item.number, "duty": table.duties[-1].number},
                item_number=item.number,
                field="number",
                line=item.line,
            )
        )
    if not item.name_lines:
        table.findings.append(
            Finding(
                code="missing_name",
                message=_("目录中职责事项 %(number)s 没有名称。") % {"number": item.number},
                item_number=item.number,
                field="name",
                line=item.line,
                severity="error",
            )
        )
    elif not item.page:
        table.findings.append(
            Finding(
                code="missing_page",
                message=_("目录中职责事项 %(number)s 没有页码。") % {"number": item.number},
                item_number=item.number,
                line=item.line,
                severity="note",
            )
        )
    table.duties[-1].items.append(item)


# ---------------------------------------------------------------- info sheets (信息表)


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


# ---------------------------------------------------------------- parse


def parse_catalog(data: bytes | str, *, filename: str = "") -> ParsedCatalog:
    """Parse a catalog file (text export or .xlsx). Raises CatalogUnreadable only when it
    is no catalog at all."""
    from .excel import is_xlsx, parse_catalog_xlsx

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
        % {"number": item.number, "name": _short(item.name)},
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
                    % {"number": item.number, "name": _short(item.name)},
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


# ---------------------------------------------------------------- one item


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
        findings.append(_shift_finding(item, sheet, shifted))
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
                    "label": _label(block.key),
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
                % {"number": item.number, "line": line, "text": text, "label": _label(key)},
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
    findings = _quote_findings(item, "name", block.lines)
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
    return [
        Finding(
            code="unplaced_text",
            message=_("职责事项 %(number)s 的信息表中，文字“%(text)s”不在任何栏目之下，未能导入。")
            % {"number": item.number, "text": _short(text)},
            item_number=item.number,
            line=line,
        )
        for line, text in sheet.stray
    ]


def _field_findings(item: ParsedItem, sheet: Sheet, key: str) -> list[Finding]:
    blocks = sheet.all(key)
    text = item.fields.get(key, "")
    if not text:
        return [_missing_field(item, key, blocks[0].line if blocks else sheet.line, blocks)]
    filled = [block for block in blocks if block.text]
    findings = []
    for block in filled:
        findings += _quote_findings(item, key, block.lines)
    if text == "无":
        findings.append(
            Finding(
                code="field_none",
                message=_("职责事项 %(number)s 的“%(label)s”填写为“无”。")
                % {"number": item.number, "label": _label(key)},
                item_number=item.number,
                field=key,
                line=filled[0].lines[0][0],
                severity="note",
            )
        )
    for extra in blocks[1:]:
        findings.append(_duplicate_finding(item, key, blocks[0], extra))
    return findings


def _missing_field(item: ParsedItem, key: str, line: int, present) -> Finding:
    values = {"number": item.number, "label": _label(key)}
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
        "label": _label(key),
        "first": first.line,
        "second": extra.line,
        "text": _short(extra.text),
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


def _quote_findings(
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
                % {"number": item.number, "label": _label(key)}
            ),
            item_number=item.number,
            field=key,
            line=line,
        )
    ]


# ---------------------------------------------------------------- fields shifted by one label

_LEGAL_HINT_RE = re.compile(r"《|〔\d{4}〕|\[\d{4}\]|第[一二三四五六七八九十百\d]+条|\d+号")
_CONTACT_HINT_RE = re.compile(r"@|电话|信箱|地址|\d{7,8}")


def looks_like_legal_basis(text: str) -> bool:
    return bool(_LEGAL_HINT_RE.search(text or ""))


def looks_like_supervision(text: str) -> bool:
    return bool(_CONTACT_HINT_RE.search(text or ""))


def has_content(text: str) -> bool:
    """False for text made only of quotes, punctuation and spaces."""
    return bool(re.sub(r"[\s\"'“”‘’。，、；;:：.,]", "", text or ""))


def detect_shift(fields: dict[str, str]) -> dict[str, str] | None:
    """The corrected field mapping when every field sits one label too low (法定依据 empty,
    its text under 实施机构); None when the fields are in place."""
    if has_content(fields.get("legal_basis", "")):
        return None
    if not looks_like_legal_basis(fields.get("implementing_body", "")):
        return None
    chain = FIELD_KEYS[:-1] if looks_like_supervision(fields.get("supervision", "")) else FIELD_KEYS
    repaired = dict(fields)
    for key, source in zip(chain, chain[1:], strict=False):
        repaired[key] = fields.get(source, "")
    repaired[chain[-1]] = ""
    return repaired


def _shift_finding(item: ParsedItem, sheet: Sheet, repaired: dict[str, str]) -> Finding:
    block = sheet.first("legal_basis") or sheet.first("implementing_body")
    lost = [_label(k) for k in FIELD_KEYS if not repaired.get(k)]
    values = {
        "number": item.number,
        "legal_basis": _label("legal_basis"),
        "implementing_body": _label("implementing_body"),
    }
    if lost:
        # Translators: separator of a list of field names.
        values["fields"] = _("、").join(lost)
        message = (
            _(
                "职责事项 %(number)s 的信息表内容错位了一栏：“%(legal_basis)s”为空，"
                "%(legal_basis)s的文字在“%(implementing_body)s”下，其余各栏依次下移。"
                "建议把各栏内容上移一栏。移回后“%(fields)s”没有内容，需要补充。"
            )
            % values
        )
    else:
        message = (
            _(
                "职责事项 %(number)s 的信息表内容错位了一栏：“%(legal_basis)s”为空，"
                "%(legal_basis)s的文字在“%(implementing_body)s”下，其余各栏依次下移。"
                "建议把各栏内容上移一栏。"
            )
            % values
        )
    return Finding(
        code="fields_shifted",
        message=message,
        item_number=item.number,
        field="legal_basis",
        line=block.line if block else sheet.line,
        severity="error",
        repair="shift_fields_back",
        repair_fields=repaired,
    )


# ---------------------------------------------------------------- index vs sheets


def _check_index_names(catalog: ParsedCatalog, index: IndexTable) -> None:
    """Stray quotes in the index names."""
    by_number = {item.number: item for item in catalog.items}
    for entry in index.items:
        item = by_number.get(entry.number)
        if item is not None and entry.name_lines:
            catalog.findings += _quote_findings(item, "name", entry.name_lines, in_index=True)


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


# ---------------------------------------------------------------- repairs


def apply_repairs(parsed: ParsedCatalog, accepted: set[tuple[str, str]]) -> ParsedCatalog:
    """A copy of ``parsed`` with the accepted (item_number, repair) repairs applied to the
    item fields. Findings are kept as they are, so the report still shows what was wrong."""
    repaired = copy.deepcopy(parsed)
    by_number = {item.number: item for item in repaired.items}
    for finding in repaired.findings:
        if not finding.repair or (finding.item_number, finding.repair) not in accepted:
            continue
        item = by_number.get(finding.item_number)
        if item is not None:
            values = dict(finding.repair_fields)
            item.name = values.pop("name", item.name)
            item.fields.update(values)
    return repaired


# ---------------------------------------------------------------- 监督方式

_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE_RE = re.compile(
    r"(?<![\d-])(?:1[3-9]\d{9}|0\d{2,3}[-－—\s]?\d{7,8}|\d{7,8}|1\d{4})(?![\d-])"
)
_ADDRESS_RE = re.compile(
    r"(?:地址|地点)\s*[:：]\s*(?P<address>[^\n]+?)"
    r"(?=\s*(?:举报电话|联系电话|电话|主席信箱|邮箱|信箱|传真)|\s*\n|\s*$)"
)


def parse_supervision(text: str) -> dict:
    """Address, phones and e-mails of a 监督方式 text (regular expressions only)."""
    text = text or ""
    emails = _EMAIL_RE.findall(text)
    rest = _EMAIL_RE.sub(" ", text)
    address = _ADDRESS_RE.search(rest)
    if address:
        rest = rest.replace(address.group(0), " ")
    phones: list[str] = []
    for phone in _PHONE_RE.findall(rest):
        phone = re.sub(r"[－—\s]", "-", phone)
        if phone not in phones:
            phones.append(phone)
    return {
        "address": address.group("address").strip() if address else "",
        "phones": phones,
        "emails": list(dict.fromkeys(emails)),
    }


def _short(text: str, limit: int = 30) -> str:
    text = SPACES_RE.sub(" ", text).strip()
    return text if len(text) <= limit else text[:limit] + "…"
