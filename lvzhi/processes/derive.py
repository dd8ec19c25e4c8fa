"""Derive a process template from a duty item's 运行流程 and 运行要件 text.

Pure Python, no database and no Django: the result is a proposal that is shown to a cadre,
with how the text was split (``method``) and what was guessed (``notes``), before she
publishes it as a template version.

How a 运行流程 is split, in this order:

* ``"arrows"``: the text has arrows (→, ->, —, ——, ⟶ …) outside brackets; one step per
  segment, never split further (women's 3.2 gives 5 steps, 11.1 gives 3);
* ``"sentences"``: more than one sentence (。！？, line breaks or list numbering); a long
  sentence is split further at its clauses (，；), and a long clause at "…后…" (after X, Y);
* ``"clauses"``: one sentence split at its clauses (union "研究制定工作方案，提请…批准，
  组织…落实"); a text without any clause mark whose 、-separated parts are each a short
  phrase with a verb ("制定年度工作计划、组织实施、总结自评") is split at 、 too;
* ``"single"``: nothing to split (or the text is empty / 无: one step "办理").

Separators inside brackets (（）《》“” …) never split. List numbering ("1." "（1）" "①")
is removed from step and document names. A clause that only sets the frame ("按照…",
"根据…", "通过…") is kept with the clause after it, and a clause that starts with
"同时"/"并" with the clause before it.
"""

import re
from dataclasses import dataclass, field

__all__ = ["DerivedStep", "DerivedTemplate", "DocumentSlot", "derive_documents", "derive_steps"]

METHODS = ("arrows", "clauses", "sentences", "single")
KINDS = ("action", "review", "notice", "meeting")
EMPTY_STEP_NAME = "办理"


@dataclass
class DocumentSlot:
    name: str
    required: bool = True


@dataclass
class DerivedStep:
    name: str
    kind: str = "action"  # one of KINDS
    documents: list[DocumentSlot] = field(default_factory=list)


@dataclass
class DerivedTemplate:
    steps: list[DerivedStep]
    method: str  # one of METHODS
    notes: list[str] = field(default_factory=list)  # Chinese, for the cadre


# ---------------------------------------------------------------- text helpers

_OPEN = "（(《〈「『【〔[“‘"
_CLOSE = "）)》〉」』】〕]”’"
_CJK = r"\u3400-\u9fff"

_ARROW_RE = re.compile(r"\s*(?:->|－>|=>|→|⟶|⇒|➔|➜|➡|—{2,}|(?<!\d)—|—(?!\d))\s*")
_NUMBER = (
    r"(?:第[一二三四五六七八九十\d]+[步项][:：、.．]?"
    r"|[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]"
    r"|[①-⑳]"
    r"|\d{1,2}\s*[.．、)）](?!\d)"
    r"|[一二三四五六七八九十]{1,3}[、.．](?!\d))"
)
_LEADING_NUMBER_RE = re.compile(r"^\s*" + _NUMBER + r"\s*")
# List numbering starts a new entry after a space or a mark; ① and （1） anywhere.
_NUMBER_BREAK_RE = re.compile(
    r"(?<=[\s。；;，,：:！？!?])(?=" + _NUMBER + r")|(?=[①-⑳]|[（(]\d{1,2}[)）])"
)
_SENTENCE_RE = re.compile(r"[。！？!?]+|\s*\n\s*")
_CLAUSE_RE = re.compile(r"[，,；;]+")
_STRONG_DOC_RE = re.compile(r"[。；;！？!?]+|\s*\n\s*")
_PAUSE_RE = re.compile(r"、")
_COMMA_RE = re.compile(r"[，,]+")
_TITLE_RE = re.compile(r"《[^《》]*》")
_TRAILING_GROUP_RE = re.compile(r"(?:[（(〔\[][^（）()〔〕\[\]]*[）)〕\]]|等)+$")
# "X后Y" / "X之后Y": Y happens after X. Not 然后/最后/以后/今后/此后/前后, 后勤/后续/后期…
_AFTER_RE = re.compile(r"(?<![然最以今此前])(?:之)?后(?![勤续期来面台备])")
_EDGE_PUNCT = " \t\r\n\u3000。，、；：,.;:！？!?…·-—"
_EMPTY_WORDS = {"", "无", "暂无", "没有", "/", "／", "-", "—", "——"}

_PREAMBLE_PREFIXES = ("按照", "根据", "依据", "遵照", "依照", "通过")
_PREAMBLE_ENDINGS = tuple(
    "规定 要求 原则 方式 精神 部署 安排 标准 程序 办法 方案 意见 文件 职责 分工".split()
)
_WITH_PREVIOUS_PREFIXES = ("同时", "并且", "并", "且")

# Verbs that make a short 、-separated phrase a step of its own.
_STEP_VERBS = tuple(
    (
        "制定 制订 组织 总结 开展 发放 下发 发布 印发 审核 审批 审查 复核 "
        "上报 报送 报请 提请 提出 召开 研究 落实 实施 函复 通报 推动 部署 "
        "形成 接收 反馈 登记 受理 评选 表彰 宣传 培训 检查 督查 公示 公告 "
        "录入 打印 汇总 推荐 推报 申请 申报 备案 签发 批准 调研 起草 整改 "
        "交办 转送 告知"
    ).split()
)
_SHORT_PHRASE = (2, 14)  # characters of a 、-separated step phrase
_LONG_SENTENCE = 24  # a sentence longer than this is split at its clauses
_LONG_CLAUSE = 16  # a clause longer than this is split at "…后…"
_SHORT_SIDE = 4  # neither side of a "…后…" split may be shorter than this

_MERGE_NOTE = "“按照…”“通过…”等引导语已并入后一步，“同时…”“并…”已并入前一步"

_KIND_RULES = (
    ("review", ("审核", "审批", "审查", "评审", "复核")),
    ("notice", ("公示", "公告")),
    ("meeting", ("会议", "研究决定", "党组会", "办公会")),
    ("review", ("批准", "审定")),
)

# What the name of a document ends with; "区委、区政府各类文件" is one document, not two.
_DOCUMENT_ENDINGS = tuple(
    (
        "》 文件 表 单 材料 报告 方案 函 书 证明 决议 纪要 通知 规划 纲要 "
        "细则 条例 办法 安排 批示 规定 要求 意见 记录 清单 名单 照片 证 协议 "
        "合同 计划 总结 台账 档案 法 复印件 原件 资料 文书 凭证 发票 目录 "
        "制度 章程 标准 指南 手册"
    ).split()
)
_OPTIONAL_MARKS = ("如有", "必要时", "可选", "（选填）", "(选填)", "选填", "视情况")


def _depths(text: str) -> list[int]:
    """Bracket depth before each character; all zeros when the brackets do not balance
    (a stray bracket must not swallow every later separator)."""
    depths, depth = [], 0
    for char in text:
        depths.append(depth)
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth -= 1
            if depth < 0:
                return [0] * len(text)
    return depths if depth == 0 else [0] * len(text)


def _split_top(text: str, pattern: re.Pattern) -> list[str]:
    """``text`` split at the matches of ``pattern`` that are outside brackets."""
    depths = _depths(text)
    parts, start = [], 0
    for match in pattern.finditer(text):
        if match.start() < len(text) and depths[match.start()]:
            continue
        if match.end() == match.start() and match.start() == start:
            continue  # a zero-width break at the start of a part
        parts.append(text[start : match.start()])
        start = match.end()
    parts.append(text[start:])
    return parts


def _tidy(text: str) -> str:
    """Numbering, edge punctuation and line breaks off; inner spaces only between words."""
    text = _LEADING_NUMBER_RE.sub("", text.strip())
    text = re.sub(rf"(?<=[{_CJK}，、；：（）《》“”])\s+(?=[{_CJK}，、；：（）《》“”])", "", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(_EDGE_PUNCT)


def _parts(text: str, pattern: re.Pattern) -> list[str]:
    return [part for part in (_tidy(p) for p in _split_top(text, pattern)) if part]


def _lines_and_numbers(text: str) -> str:
    """Line breaks before inline list numbering, so that "1.甲 2.乙" are two entries."""
    depths = _depths(text)
    cuts = [
        m.start()
        for m in _NUMBER_BREAK_RE.finditer(text)
        if 0 < m.start() < len(text) and not depths[m.start()]
    ]
    for cut in reversed(cuts):
        text = text[:cut] + "\n" + text[cut:]
    return text


def _is_empty(text: str) -> bool:
    """Empty, "无" and the like, or nothing but marks (e.g. a lone arrow)."""
    text = _tidy(text or "")
    return text in _EMPTY_WORDS or not re.search(rf"[{_CJK}A-Za-z0-9]", text)


# ---------------------------------------------------------------- steps


def guess_kind(name: str) -> str:
    """Kind of a step: "review" (审核/审批/审查/评审/复核, or 批准 not by a meeting), "notice" (公示/公告),
    "meeting" (会议/研究决定/党组会/办公会), else "action"."""
    bare = _TITLE_RE.sub("", name)  # 《申请救助登记审批表》 is a form, not a review
    for kind, words in _KIND_RULES:
        if any(word in bare for word in words):
            return kind
    return "action"


def _is_preamble(clause: str) -> bool:
    """A clause like "按照区总规定" or "通过…相结合的方式": only the frame of the clause after it."""
    return clause.startswith(_PREAMBLE_PREFIXES) and clause.endswith(_PREAMBLE_ENDINGS)


def _merge_frames(clauses: list[str]) -> tuple[list[str], bool]:
    """Keep "按照…" with the clause after it and "同时…"/"并…" with the clause before it."""
    merged: list[str] = []
    changed = False
    pending = ""
    for clause in clauses:
        if merged and not pending and clause.startswith(_WITH_PREVIOUS_PREFIXES):
            merged[-1] += "，" + clause
            changed = True
            continue
        if _is_preamble(clause):
            pending = pending + "，" + clause if pending else clause
            continue
        if pending:
            clause, pending = pending + "，" + clause, ""
            changed = True
        merged.append(clause)
    if pending:
        merged.append(pending)
    return merged, changed


def _split_after(clause: str) -> list[str]:
    """Split a long clause at "…后…": "…盖章后报区妇联家儿部" → ["…盖章", "报区妇联家儿部"]."""
    if len(clause) <= _LONG_CLAUSE:
        return [clause]
    depths = _depths(clause)
    for match in _AFTER_RE.finditer(clause):
        if depths[match.start()]:
            continue
        left, right = _tidy(clause[: match.start()]), _tidy(clause[match.end() :])
        if len(left) >= _SHORT_SIDE and len(right) >= _SHORT_SIDE:
            return [left, *_split_after(right)]
    return [clause]


def _clause_steps(sentence: str, notes: list[str]) -> list[str]:
    clauses, merged = _merge_frames(_parts(sentence, _CLAUSE_RE))
    if merged and _MERGE_NOTE not in notes:
        notes.append(_MERGE_NOTE)
    names: list[str] = []
    for clause in clauses:
        pieces = _split_after(clause)
        if len(pieces) > 1 and "在“…后…”处拆分" not in notes:
            notes.append("在“…后…”处拆分")
        names += pieces
    return names


def _pause_steps(text: str) -> list[str]:
    """Split at 、: "制定年度工作计划、组织实施、总结自评" → three steps; [] unless every 、-separated
    part is a short phrase with a verb (so "制定…妇女发展规划、…儿童发展规划" stays whole)."""
    pieces = _parts(text, _PAUSE_RE)
    low, high = _SHORT_PHRASE
    if len(pieces) < 2:
        return []
    if all(low <= len(p) <= high and any(v in p for v in _STEP_VERBS) for p in pieces):
        return pieces
    return []


def derive_steps(workflow: str) -> DerivedTemplate:
    """A proposed template for a 运行流程 text; never without a step."""
    text = (workflow or "").strip()
    if _is_empty(text):
        return DerivedTemplate(
            steps=[DerivedStep(EMPTY_STEP_NAME)],
            method="single",
            notes=["运行流程为空或为“无”，已生成一个步骤“办理”，请补充。"],
        )
    notes: list[str] = []
    arrows = _parts(text, _ARROW_RE)
    if len(_split_top(text, _ARROW_RE)) > 1 and arrows:
        method, names = "arrows", arrows
        notes.append(f"按箭头拆分为 {len(names)} 步")
    else:
        sentences = _parts(_lines_and_numbers(text), _SENTENCE_RE)
        if len(sentences) > 1:
            method, names = "sentences", []
            for sentence in sentences:
                if len(sentence) > _LONG_SENTENCE:
                    names += _clause_steps(sentence, notes)
                else:
                    names.append(sentence)
            notes.insert(0, f"按句子拆分（长句再按分句），共 {len(names)} 步")
        else:
            sentence = sentences[0] if sentences else _tidy(text)
            names = _clause_steps(sentence, notes)
            if len(names) > 1:
                method = "clauses"
                notes.insert(0, f"按分句（，；）拆分为 {len(names)} 步")
            elif pause := _pause_steps(sentence):
                method, names = "clauses", pause
                notes.insert(0, f"按顿号（、）拆分为 {len(names)} 步")
            else:
                method, names = "single", names or [sentence]
                notes.insert(0, "未找到可拆分的标记，整段作为一个步骤")
    names = [name for name in names if name] or [_tidy(text) or EMPTY_STEP_NAME]
    if method != "single" and len(names) == 1:
        method = "single"
    return DerivedTemplate(
        steps=[DerivedStep(name=name, kind=guess_kind(name)) for name in names],
        method=method,
        notes=notes,
    )


# ---------------------------------------------------------------- documents


def _names_a_document(name: str) -> bool:
    return _TRAILING_GROUP_RE.sub("", name).endswith(_DOCUMENT_ENDINGS)


def _list_names(part: str) -> list[str]:
    """Names of a list: "甲表、乙表，丙材料" → three; a 、-piece that names no document ("区委") is
    kept with the next one ("区委、区政府各类文件")."""
    names: list[str] = []
    for phrase in _parts(part, _COMMA_RE):
        pending = ""
        for piece in _parts(phrase, _PAUSE_RE):
            piece = pending + "、" + piece if pending else piece
            pending = "" if _names_a_document(piece) else piece
            if not pending:
                names.append(piece)
        if pending:
            names.append(pending)
    return names


def derive_documents(requirements: str) -> list[DocumentSlot]:
    """Document slots of a 运行要件 text: "候选人登记表、名单汇总表、事迹材料" → three;
    "无" → none. A text written as sentences (long parts between ；/。/line breaks) gives
    one slot per sentence instead of cutting its phrases at 、，."""
    text = (requirements or "").strip()
    if _is_empty(text):
        return []
    strong = _parts(_lines_and_numbers(text), _STRONG_DOC_RE)
    prose = len(strong) > 1 and sum(map(len, strong)) / len(strong) > 25
    names: list[str] = []
    for part in strong:
        names += [part] if prose else _list_names(part)
    slots: list[DocumentSlot] = []
    seen: set[str] = set()
    for name in names:
        if name in seen or name in _EMPTY_WORDS:
            continue
        seen.add(name)
        slots.append(DocumentSlot(name, required=not any(m in name for m in _OPTIONAL_MARKS)))
    return slots
