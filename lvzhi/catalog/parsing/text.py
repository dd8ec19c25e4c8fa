"""Shared by the parsing modules: the labels and their keys, the patterns of item numbers
and titles, and the small text helpers (clean lines, join them, compare names, shorten a
quote for a message)."""

import re

from django.utils.translation import gettext as _

from ..parsed import FIELD_LABELS

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


def field_label(key: str) -> str:
    """The label of a sheet field in the active language (序号, 名称 and FIELD_LABELS; the
    msgids are the model fields' verbose names)."""
    return _(LABEL_NAMES[key])


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


def shorten(text: str, limit: int = 30) -> str:
    text = SPACES_RE.sub(" ", text).strip()
    return text if len(text) <= limit else text[:limit] + "…"
