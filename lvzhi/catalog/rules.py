"""Pure rules of the duty catalog: no database, tested on plain values."""

import re
import unicodedata

from lvzhi.core.versioning import diff_rows

from .parsed import FIELD_LABELS

ITEM_FIELDS = tuple(FIELD_LABELS)
EDITABLE_ITEM_FIELDS = ("name", *ITEM_FIELDS)
# Repairs whose default keeps every character of the source (both names, both blocks of a
# field given twice): the cadre may accept them, publishing does not wait for them.
OPTIONAL_REPAIRS = ("use_sheet_name", "keep_first_block")
# Findings that block publishing while the items they name still lack the field (a
# required column missing or empty for every item of a workbook).
BLOCKING_CODES = ("missing_column", "empty_column")

_SPACE = re.compile(r"\s+")
_TRAIL = "。．.，,；;：:、 \u3000"


def _norm(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def match_department(implementing_body: str, departments) -> int | None:
    """The department whose name ends the 实施机构 text (天津市滨海新区妇联宣传部 → 宣传部);
    the longest name wins. ``departments`` is an iterable of (id, name)."""
    text = _norm(implementing_body).rstrip(_TRAIL)
    if not text:
        return None
    best = None
    for pk, name in departments:
        name = _norm(name)
        if name and text.endswith(name) and (best is None or len(name) > len(best[1])):
            best = (pk, name)
    return best[0] if best else None


def legal_document_key(title: str, doc_number: str) -> str:
    """One key per document: its number when it has one (brackets and spaces unified),
    else its title without book-title marks and spaces."""
    if doc_number:
        number = _norm(doc_number).replace("[", "〔").replace("]", "〕")
        number = (
            number.replace("【", "〔").replace("】", "〕").replace("(", "〔").replace(")", "〕")
        )
        return "no:" + number
    return "title:" + _norm(title).strip("《》").rstrip(_TRAIL)


def item_search_parts(values: dict) -> list[str]:
    """What a duty item is found by: its number, both names and every field."""
    return [
        values.get("number", ""),
        values.get("name", ""),
        values.get("sheet_name", ""),
        *(values.get(key, "") for key in ITEM_FIELDS),
    ]


def version_diff(old: dict, new: dict) -> dict:
    """Differences between two versions given as {item number: {field: text}}: items
    added, removed, and changed fields (field → [old, new]); the versioning's diff."""
    return diff_rows(old, new)


def number_key(number: str) -> tuple:
    """Sort key of "12.6" style numbers."""
    return tuple(int(part) if part.isdigit() else 0 for part in re.split(r"[.．]", number or ""))
