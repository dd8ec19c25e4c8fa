"""Split a 法定依据 (legal basis) text into its entries and recognize, in each, the
document title (《…》), the document number (发文字号, e.g. 滨党办发〔2017〕52号) and the
cited articles (第二条第一款…). Pure Python: no Django, no database."""

import re
from dataclasses import dataclass, field

_CN_NUM = "一二三四五六七八九十百千零〇两0-9０-９"

# Entry markers: "1." "1、" "1．" "（1）" "(1)" "一、".
_MARKER = rf"(?:\d{{1,2}}\s*[.、．]|[（(]\d{{1,2}}[）)]|[{_CN_NUM[:12]}]{{1,3}}、)"
_LEADING_MARKER_RE = re.compile(rf"^\s*{_MARKER}\s*")
# A marker in the middle of a line starts a new entry only after a sentence end.
_INLINE_MARKER_RE = re.compile(rf"(?<=[。；;])\s*(?={_MARKER}(?!\d))")
# Two titles separated only by 、 or ；: 《A》、《B》（…）.
_TITLE_BOUNDARY_RE = re.compile(r"(?<=[》）)])\s*[、；;]\s*(?=《)")

_DOC_NUMBER_RE = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,12}?)\s*"
    r"[〔\[【(（［]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]】)）］]\s*"
    r"第?\s*(?P<serial>\d{1,5})\s*号"
)
_PREFIX_STOP_RE = re.compile(r".*[，,、；;：:。的和及与（(》\s]")

_ARTICLE_RE = re.compile(
    rf"(?:第[{_CN_NUM}]+[章节])*第[{_CN_NUM}]+条(?:第[{_CN_NUM}]+款)?(?:第[{_CN_NUM}]+项)?"
)


@dataclass
class LegalReference:
    """One entry of a 法定依据: a cited document and the articles it cites."""

    title: str  # 《…》 without the brackets, or the entry text when it has none
    doc_number: str = ""  # normalized 发文字号, e.g. "滨党办发〔2017〕52号"; "" when none
    articles: list[str] = field(default_factory=list)  # ["第二条第一款", …]
    raw: str = ""  # the entry as written in the source (marker included)


def split_legal_basis(text: str) -> list[LegalReference]:
    """Split a 法定依据 text into its entries (numbered markers, line breaks, 《…》 boundaries)."""
    return [parse_reference(entry) for entry in split_entries(text or "")]


def split_entries(text: str) -> list[str]:
    """The raw entries of a legal-basis text, in order, surrounding whitespace stripped."""
    entries: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip()
        if not line or _is_only_punctuation(line):
            continue
        for part in _INLINE_MARKER_RE.split(line):
            entries.extend(p.strip() for p in _TITLE_BOUNDARY_RE.split(part) if p.strip())
    return entries


def parse_reference(entry: str) -> LegalReference:
    """Recognize title, document number and articles in one entry."""
    body = _LEADING_MARKER_RE.sub("", entry, count=1).strip()
    numbers = find_doc_numbers(body)
    return LegalReference(
        title=extract_title(body),
        doc_number=numbers[0] if numbers else "",
        articles=find_articles(body),
        raw=entry,
    )


def extract_title(body: str) -> str:
    """The first top-level 《…》 title (nested 《》 or <> kept), else the text before any 文号."""
    start = body.find("《")
    if start >= 0:
        depth = 0
        for index in range(start, len(body)):
            if body[index] == "《":
                depth += 1
            elif body[index] == "》":
                depth -= 1
                if depth == 0:
                    return body[start + 1 : index].strip()
        return body[start + 1 :].strip()
    match = _DOC_NUMBER_RE.search(body)
    head = body[: match.start()] if match else body
    return head.rstrip("（(，, ").strip() or body


def find_doc_numbers(text: str) -> list[str]:
    """Every 发文字号 in the text, normalized to 〔year〕 brackets, in order, without repeats."""
    found: list[str] = []
    for match in _DOC_NUMBER_RE.finditer(text):
        prefix = _trim_prefix(match.group("prefix"), text[: match.start("prefix")])
        number = normalize_doc_number(prefix, match.group("year"), match.group("serial"))
        if number not in found:
            found.append(number)
    return found


def normalize_doc_number(prefix: str, year: str, serial: str) -> str:
    """Normalize: ("滨党办发", "2017", "052") → "滨党办发〔2017〕52号"."""
    return f"{prefix}〔{year}〕{int(serial)}号"


def find_articles(text: str) -> list[str]:
    """Cited articles (第…条[第…款][第…项], with a leading 第…章 when written), in order."""
    found: list[str] = []
    for match in _ARTICLE_RE.finditer(text):
        if match.group(0) not in found:
            found.append(match.group(0))
    return found


def _trim_prefix(prefix: str, before: str) -> str:
    """Keep the issuing-organ abbreviation only: cut at the last separator or 印发/通知."""
    for word in ("通知", "印发", "意见", "办法"):
        cut = prefix.rfind(word)
        if cut >= 0 and len(prefix) - cut - len(word) >= 1:
            prefix = prefix[cut + len(word) :]
    if before and not _PREFIX_STOP_RE.fullmatch(before[-1:] or " ") and len(prefix) > 8:
        prefix = prefix[-6:]
    return prefix


def _is_only_punctuation(line: str) -> bool:
    return not re.sub(r"[\s\"'“”‘’。，、；;:：.,]", "", line)
