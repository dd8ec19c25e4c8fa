"""The labels of an info sheet (信息表) and how offices write them: spacing, full-width,
synonyms, one character off, a parenthesised qualifier; label-like lines that are no
field of a catalog; sheet titles."""

import re
import unicodedata
from dataclasses import dataclass

from .text import LABELS, SPACES_RE, TITLE_RE

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
