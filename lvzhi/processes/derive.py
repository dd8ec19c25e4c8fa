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

__all__ = ["DerivedStep", "DerivedTemplate", "DocumentSlot", "derive_steps", "guess_kind"]

METHODS = ("arrows", "clauses", "sentences", "single")
KINDS = ("action", "review", "notice", "meeting")
EMPTY_STEP_NAME = "办理"


@dataclass
class DocumentSlot:
    name: str
    required: bool = True
    reference: bool = False  # 依据: a regulation or document to follow, never an upload


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
    references: list[str] = field(default_factory=list)  # documents named as the basis


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
_PAUSE_RE = re.compile(r"、")
_TITLE_RE = re.compile(r"《[^《》]*》")
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
        "交办 转送 告知 命名"
    ).split()
)
_SHORT_PHRASE = (2, 14)  # characters of a 、-separated step phrase
_LONG_SENTENCE = 24  # a sentence longer than this is split at its clauses
_LONG_CLAUSE = 16  # a clause longer than this is split at "…后…"
_SHORT_SIDE = 4  # neither side of a "…后…" split may be shorter than this

_MERGE_NOTE = "“按照…”“通过…”等引导语已并入后一步，“同时…”“并…”已并入前一步"

# A meeting that reviews ("党组会议审核通过") is a meeting: its decision is the outcome.
_KIND_RULES = (
    ("meeting", ("会议", "研究决定", "党组会", "办公会")),
    ("review", ("审核", "审批", "审查", "评审", "复核")),
    ("notice", ("公示", "公告")),
    ("review", ("批准", "审定")),
)
# Two-character verbs that may stand side by side without a mark ("审核公示命名").
_COMPOUND_VERBS = ("审核", "审批", "公示", "公告", "命名", "表彰", "公布", "评选", "推荐", "批准")
# A last clause that only states the aim of the work ("加强…能力建设") is not a step.
_PURPOSE_PREFIXES = ("加强", "提升", "提高", "促进", "以便", "旨在", "确保")
_PRINCIPLE_ENDINGS = ("原则",)


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
    """Kind of a step: "meeting" (召开…, 会议/研究决定/党组会/办公会, even when the meeting
    reviews), "review" (审核/审批/审查/评审/复核, or 批准 not by a meeting), "notice"
    (公示/公告), else "action"."""
    bare = _TITLE_RE.sub("", name)  # 《申请救助登记审批表》 is a form, not a review
    if bare.startswith("召开"):  # 召开妇女代表大会 / 召开执委会选举…
        return "meeting"
    for kind, words in _KIND_RULES:
        if any(word in bare for word in words):
            return kind
    return "action"


def _is_preamble(clause: str) -> bool:
    """A clause like "按照区总规定" or "通过…相结合的方式": only the frame of the clause after it."""
    return clause.startswith(_PREAMBLE_PREFIXES) and clause.endswith(_PREAMBLE_ENDINGS)


def _frame_end(clauses: list[str], start: int) -> int | None:
    """Index of the clause that closes a frame opened at ``start`` ("按照属地管理、分级负责，
    谁主管、谁负责，…相结合的工作原则"): the first of the next clauses ending like a frame."""
    for index in range(start, min(start + 4, len(clauses))):
        if clauses[index].endswith(_PREAMBLE_ENDINGS):
            return index
    return None


def _merge_frames(clauses: list[str], notes: list[str] | None = None) -> tuple[list[str], bool]:
    """Keep "按照…" with the clause after it and "同时…"/"并…" with the clause before it;
    a frame that states working principles ("…的工作原则") is not a step at all: the
    actions after it are (women's 6.2: 登记、受理与告知、…)."""
    merged: list[str] = []
    changed = False
    pending = ""
    index = 0
    while index < len(clauses):
        clause = clauses[index]
        if merged and not pending and clause.startswith(_WITH_PREVIOUS_PREFIXES):
            merged[-1] += "，" + clause
            changed = True
            index += 1
            continue
        if clause.startswith(_PREAMBLE_PREFIXES):
            end = _frame_end(clauses, index)
            if end is not None and end + 1 < len(clauses):
                frame = "，".join(clauses[index : end + 1])
                index = end + 1
                if frame.endswith(_PRINCIPLE_ENDINGS):
                    if notes is not None:
                        notes.append(f"“{frame}”是工作原则，不作为步骤")
                    continue
                pending = pending + "，" + frame if pending else frame
                continue
        if pending:
            clause, pending = pending + "，" + clause, ""
            changed = True
        merged.append(clause)
        index += 1
    if pending:
        merged.append(pending)
    return merged, changed


def _drop_purpose(clauses: list[str], notes: list[str]) -> list[str]:
    """A last clause that states the aim ("组织培训，加强成员单位…能力建设") is not a step."""
    if len(clauses) > 1 and clauses[-1].startswith(_PURPOSE_PREFIXES):
        notes.append(f"“{clauses[-1]}”是工作目的，不作为步骤")
        return clauses[:-1]
    return clauses


def _names_documents_only(clause: str) -> bool:
    """A clause that lists issuing bodies or documents ("市总、市地税、中国人民银行天津分行
    文件") names the basis of the work, not an action."""
    bare = _TITLE_RE.sub("", clause)
    return clause.endswith(("文件", "》")) and not any(v in bare for v in _STEP_VERBS)


def _compound(name: str) -> list[str]:
    """ "审核公示命名" → 审核, 公示, 命名: verbs side by side without a mark are separate steps
    when they are of different kinds (a review, a public notice, an action)."""
    if len(name) not in (4, 6, 8):
        return [name]
    chunks = [name[i : i + 2] for i in range(0, len(name), 2)]
    if all(c in _COMPOUND_VERBS for c in chunks) and len({guess_kind(c) for c in chunks}) > 1:
        return chunks
    return [name]


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


@dataclass
class _Reading:
    """What splitting a 运行流程 found besides step names: notes for the cadre and the
    documents it named as the basis of the work (references, not steps)."""

    notes: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)


def _clause_steps(sentence: str, reading: _Reading) -> list[str]:
    notes = reading.notes
    original = _parts(sentence, _CLAUSE_RE)
    clauses, merged = _merge_frames(original, notes)
    if merged and _MERGE_NOTE not in notes:
        notes.append(_MERGE_NOTE)
    clauses = _drop_purpose(clauses, notes)
    names: list[str] = []
    for clause in clauses:
        if len(clauses) > 1 and _names_documents_only(clause):
            notes.append(f"“{clause}”列出的是依据文件，不作为步骤，已作为依据放在第一步")
            reading.references.append(clause)
            continue
        pause = _pause_steps(clause) if len(original) > 1 else []
        pieces = pause or _split_after(clause)
        if len(pieces) > 1 and not pause and "在“…后…”处拆分" not in notes:
            notes.append("在“…后…”处拆分")
        for piece in pieces:
            split = _compound(piece)
            if len(split) > 1:
                notes.append(f"“{piece}”是{len(split)}个动作，拆为{len(split)}步")
            names += split
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
    reading = _Reading()
    notes = reading.notes
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
                    names += _clause_steps(sentence, reading)
                else:
                    names.append(sentence)
            notes.insert(0, f"按句子拆分（长句再按分句），共 {len(names)} 步")
        else:
            sentence = sentences[0] if sentences else _tidy(text)
            names = _clause_steps(sentence, reading)
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
        references=reading.references,
    )
