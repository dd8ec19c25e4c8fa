"""Where each document of a duty item's 运行要件 belongs (pure Python, no database).

Read as an office would, a 运行要件 text names three kinds of things:

* **documents** the work produces or needs: a slot on the step that produces or needs
  it — a meeting's 决议/纪要 on the meeting (or approval) step, a 工作方案 on the step that
  drafts it, a 通知 on the step that issues it, a 调研报告 on the research step, forms and
  事迹材料 on the step that collects them, a 选举结果报告 on the step after the election;
* **references** (依据): regulations, plans and documents of other bodies (《…条例》,
  规划, 纲要, 法, 文件规定, 市总文件 …) — the basis of the work, shown on the first step and
  never a required upload; a meeting's decision is one too when the process has no
  meeting or approval step of its own (the decision was taken elsewhere);
* **activities** (开展…大赛, 录入、审核、上报): work, not documents — left out, with a note.

Forms a step's own text names (填写《申请救助登记审批表》, 提交相关证明材料) are documents of
that step. Every decision is written to the template's notes for the cadre's review.
"""

import re

from .derive import (
    _EMPTY_WORDS,
    _PAUSE_RE,
    _STEP_VERBS,
    _TITLE_RE,
    DerivedStep,
    DerivedTemplate,
    DocumentSlot,
    _is_empty,
    _lines_and_numbers,
    _parts,
    derive_steps,
)

__all__ = ["derive_documents", "derive_template", "place_documents"]

_STRONG_DOC_RE = re.compile(r"[。；;！？!?]+|\s*\n\s*")
_COMMA_RE = re.compile(r"[，,]+")
_TRAILING_GROUP_RE = re.compile(r"(?:[（(〔\[][^（）()〔〕\[\]]*[）)〕\]]|等)+$")
# What the name of a document ends with; "区委、区政府各类文件" is one document, not two.
_DOCUMENT_ENDINGS = tuple(
    (
        "》 文件 表 单 材料 报告 方案 函 书 证明 决议 纪要 通知 规划 纲要 "
        "细则 条例 办法 安排 批示 规定 要求 意见 记录 清单 名单 照片 证 协议 "
        "合同 计划 总结 台账 档案 法 复印件 原件 资料 文书 凭证 发票 目录 "
        "制度 章程 标准 指南 手册 表格"
    ).split()
)
_OPTIONAL_MARKS = ("如有", "必要时", "可选", "（选填）", "(选填)", "选填", "视情况")

_FORM_ENDINGS = ("表", "表格", "单", "书")
_REFERENCE_ENDINGS = ("条例", "细则", "办法", "纲要", "规划", "法", "规定", "法规")
_MEETING_OUTPUTS = ("决议", "纪要", "批示", "会议要求")
_ARRANGEMENTS = ("工作安排", "部署安排", "工作要求")
_APPLICATION_WORDS = ("申报", "推荐", "登记表", "事迹", "证明材料", "申请")
_COLLECT_WORDS = ("推报", "申请", "申报", "推荐", "提交", "上报", "填写", "登记", "评选")
# A step where this organization asks for or gives its own approval ("提请…批准", "领导阅示");
# "市政府文件批准（复函）" is another body's approval, the basis of the work.
_APPROVAL_WORDS = ("提请", "报请", "审议", "阅示", "签发", "审定")
_TYPE_NOUNS = ("调研报告", "方案", "通知", "计划", "总结", "文件", "报告")
_ACTIVITY_STARTS = ("开展", "培育")
# The verb before the document a sentence of prose names ("…向上级妇联组织报送选举结果报告").
_SENDING_RE = re.compile(r"(?:报送|提交|上报|给予|出具|印发|形成|发)")
_BODY_PREFIX_RE = re.compile(r"^[^，。、]{0,10}?组织(?=.{2})")
_STEP_FORM_RE = re.compile(r"《([^《》]*?(?:表|单))》")
_STEP_MATERIAL_RE = re.compile(r"提交((?:相关)?[^，。；、]{0,10}?材料)")


def _bare(name: str) -> str:
    return _TRAILING_GROUP_RE.sub("", name)


def _names_a_document(name: str) -> bool:
    return _bare(name).endswith(_DOCUMENT_ENDINGS)


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


def _document_in_sentence(sentence: str) -> str:
    """The document a sentence of prose names: "上级妇联组织收到征求意见函后，经研究给予下级
    妇联组织复函" → "复函"; a sentence that names none is kept whole."""
    if not _names_a_document(sentence):
        return sentence
    verbs = list(_SENDING_RE.finditer(sentence))
    if not verbs:
        return sentence
    rest = sentence[verbs[-1].end() :]
    rest = _BODY_PREFIX_RE.sub("", rest)
    return rest if len(rest) >= 2 else sentence


def is_activity(name: str) -> bool:
    """开展女性职业技能大赛, 女性创业就业载体培育与申报, 税务代收系统录入、三级审核…: work."""
    if _names_a_document(name) or "《" in name:
        return False
    return name.startswith(_ACTIVITY_STARTS) or any(verb in name for verb in _STEP_VERBS)


_AND_FILES_RE = re.compile(r"(?:及|和)(?:有关|相关)?文件$")


def is_reference(name: str, steps_mention_files: bool = False) -> bool:
    """A regulation, plan or document of another body: the basis, not an upload. "工作安排
    及文件" and "会议决议及文件" are what a meeting issues, not references."""
    bare = _bare(name)
    issued = _AND_FILES_RE.sub("", bare)
    if issued != bare and any(w in issued for w in (*_MEETING_OUTPUTS, *_ARRANGEMENTS, "方案")):
        return False
    title = _TITLE_RE.fullmatch(bare.split("（")[0]) or bare.startswith("《")
    if title:
        inner = _TITLE_RE.search(bare).group(0)[1:-1]
        return not inner.endswith(_FORM_ENDINGS)
    if any(word in bare for word in _MEETING_OUTPUTS):
        return False
    if bare.endswith(_REFERENCE_ENDINGS):
        return True
    return "文件" in bare and not steps_mention_files


def derive_documents(requirements: str) -> list[DocumentSlot]:
    """Slots of a 运行要件 text, references marked, activities left out: "候选人登记表、
    名单汇总表、事迹材料" → three; "无" → none. A text written as sentences gives one slot
    per sentence, named by the document it names."""
    slots, _activities = _read(requirements)
    return slots


def _read(requirements: str, steps_mention_files: bool = False):
    text = (requirements or "").strip()
    if _is_empty(text):
        return [], []
    strong = _parts(_lines_and_numbers(text), _STRONG_DOC_RE)
    prose = len(strong) > 1 and sum(map(len, strong)) / len(strong) > 25
    names: list[str] = []
    for part in strong:
        names += [_document_in_sentence(part)] if prose else _list_names(part)
    slots: list[DocumentSlot] = []
    activities: list[str] = []
    seen: set[str] = set()
    for name in names:
        if name in seen or name in _EMPTY_WORDS:
            continue
        seen.add(name)
        if is_activity(name):
            activities.append(name)
            continue
        reference = is_reference(name, steps_mention_files)
        optional = reference or any(m in name for m in _OPTIONAL_MARKS)
        slots.append(DocumentSlot(name, required=not optional, reference=reference))
    return slots, activities


def _first(steps: list[DerivedStep], test) -> int | None:
    return next((index for index, step in enumerate(steps) if test(step)), None)


def _approval_step(steps: list[DerivedStep]) -> int | None:
    meeting = _first(steps, lambda s: s.kind == "meeting")
    if meeting is not None:
        return meeting
    return _first(steps, lambda s: any(w in s.name for w in _APPROVAL_WORDS))


def _type_noun(name: str) -> str | None:
    bare = _AND_FILES_RE.sub("", _bare(name))
    return next((noun for noun in _TYPE_NOUNS if bare.endswith(noun)), None)


def _place(slot: DocumentSlot, steps: list[DerivedStep]) -> tuple[int | None, str]:
    """(index of the step the document belongs to, why), or (None, why) when the
    document turns out to be a reference (a decision taken outside this process)."""
    name = _bare(slot.name)
    if "选举结果" in name:
        election = _first(steps, lambda s: "选举" in s.name)
        if election is not None:
            return min(election + 1, len(steps) - 1), "选举之后报送"
    noun = _type_noun(name)
    if noun and noun not in ("文件",) or (noun == "文件" and "决议" not in name):
        if noun == "调研报告":
            match = _first(steps, lambda s: "调研报告" in s.name) or _first(
                steps, lambda s: "调研" in s.name or "调查研究" in s.name
            )
        else:
            match = _first(steps, lambda s: noun in s.name)
        if match is not None:
            return match, f"该步骤形成或使用{noun}"
    if any(word in name for word in _MEETING_OUTPUTS):
        approval = _approval_step(steps)
        if approval is None:
            return None, "本流程没有会议或审批步骤，决议在流程之外形成"
        return approval, "会议或审批形成"
    if any(word in name for word in _ARRANGEMENTS):
        approval = _approval_step(steps)
        if approval is None:
            return None, "本流程没有会议或审批步骤，工作安排在流程之外形成"
        return approval, "随方案一并审批"
    if noun == "通知":
        approval = _approval_step(steps)
        after = len(steps) - 1 if approval is None else min(approval + 1, len(steps) - 1)
        return after, "审批后落实时形成"
    if name.endswith(_FORM_ENDINGS) or any(w in name for w in _APPLICATION_WORDS):
        collect = _first(steps, lambda s: any(w in s.name for w in _COLLECT_WORDS))
        if collect is not None:
            return collect, "在此步骤收集"
    return 0, "默认放在第一步"


def place_documents(steps: list[DerivedStep], requirements: str, references=()) -> list[str]:
    """Attach the slots of ``requirements`` (and ``references`` found in the 运行流程) to
    ``steps``; return the notes that say where each went and why."""
    notes: list[str] = []
    mention_files = any("文件" in step.name for step in steps)
    slots, activities = _read(requirements, mention_files)
    for index, step in enumerate(steps):
        for form in _STEP_FORM_RE.findall(step.name) + _STEP_MATERIAL_RE.findall(step.name):
            if all(d.name != form for d in step.documents):
                step.documents.append(DocumentSlot(form))
                notes.append(f"材料“{form}”：第{index + 1}步的文字要求提交")
    for name in references:
        slots.append(DocumentSlot(name, required=False, reference=True))
    for slot in slots:
        if slot.reference:
            steps[0].documents.append(slot)
            notes.append(f"“{slot.name}”是依据，显示在第1步，无需上传")
            continue
        index, why = _place(slot, steps)
        if index is None:
            reference = DocumentSlot(slot.name, required=False, reference=True)
            steps[0].documents.append(reference)
            notes.append(f"“{slot.name}”作为依据显示在第1步（{why}）")
            continue
        steps[index].documents.append(slot)
        notes.append(f"材料“{slot.name}”放在第{index + 1}步“{steps[index].name}”（{why}）")
    for name in activities:
        notes.append(f"运行要件中的“{name}”是工作内容，不是材料")
    return notes


def derive_template(workflow: str, requirements: str) -> DerivedTemplate:
    """Steps from the 运行流程 and each document of the 运行要件 on its step."""
    template = derive_steps(workflow)
    template.notes += place_documents(template.steps, requirements, template.references)
    return template
