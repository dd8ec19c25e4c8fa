"""Process templates derived from the 运行流程 / 运行要件 of the two seed catalogs (no database)."""

from functools import cache
from pathlib import Path

import pytest

from lvzhi.catalog.parsed import ParsedCatalog, ParsedItem
from lvzhi.catalog.parsing import apply_repairs, parse_catalog
from lvzhi.processes.derive import (
    METHODS,
    DerivedStep,
    DocumentSlot,
    derive_steps,
)
from lvzhi.processes.derive_documents import derive_documents

SEEDS = Path(__file__).resolve().parents[2] / "catalog" / "seeds"
WOMEN = "binhai_fulian.txt"
UNION = "binhai_zonggonghui.txt"


@cache
def repaired(name: str) -> ParsedCatalog:
    """The seed as the demo imports it: every proposed repair accepted."""
    catalog = parse_catalog((SEEDS / name).read_bytes(), filename=name)
    accepted = {(f.item_number, f.repair) for f in catalog.findings if f.repair}
    return apply_repairs(catalog, accepted)


def item(name: str, number: str) -> ParsedItem:
    return next(i for i in repaired(name).items if i.number == number)


def steps_of(name: str, number: str) -> list[DerivedStep]:
    return derive_steps(item(name, number).fields["workflow"]).steps


def names_of(name: str, number: str) -> list[str]:
    return [step.name for step in steps_of(name, number)]


ALL_ITEMS = [(name, i.number) for name in (WOMEN, UNION) for i in repaired(name).items]


# ---------------------------------------------------------------- all 80 seed items


def test_the_seeds_have_80_items():
    assert len(ALL_ITEMS) == 80
    assert len(repaired(WOMEN).items) == 23 and len(repaired(UNION).items) == 57


@pytest.mark.parametrize(("name", "number"), ALL_ITEMS)
def test_every_seed_item_gets_steps(name, number):
    workflow = item(name, number).fields["workflow"]
    template = derive_steps(workflow)
    assert template.method in METHODS
    assert template.steps, "never zero steps"
    assert template.notes, "the cadre is told how the text was split"
    for step in template.steps:
        assert step.name and step.name == step.name.strip()
        assert step.name[-1] not in "。，；、：,.;:"
        assert step.kind in {"action", "review", "notice", "meeting"}
        assert step.name in workflow.replace("\n", "") or "，" in step.name
    if template.method == "single":
        assert len(template.steps) == 1
    else:
        assert len(template.steps) >= 2
    for slot in derive_documents(item(name, number).fields["requirements"]):
        assert slot.name and slot.name[-1] not in "。，；、：,.;:"


def test_methods_over_the_seeds():
    methods = {
        (name, number): derive_steps(item(name, number).fields["workflow"]).method
        for name, number in ALL_ITEMS
    }
    women = [m for (name, _), m in methods.items() if name == WOMEN]
    union = [m for (name, _), m in methods.items() if name == UNION]
    assert women.count("arrows") == 11
    assert "arrows" not in union  # the union writes its flows as prose
    assert union.count("clauses") == 56 and union.count("single") == 1  # 12.7
    assert methods[(WOMEN, "8.1")] == "sentences"


# ---------------------------------------------------------------- arrows


def test_women_3_2_arrows_give_five_named_steps():
    template = derive_steps(item(WOMEN, "3.2").fields["workflow"])
    assert template.method == "arrows"
    assert [(s.name, s.kind) for s in template.steps] == [
        ("发放通知", "action"),
        ("各开发区、街镇妇联和各系统有关部门组织推报", "action"),
        ("审核评选", "review"),
        ("表彰公布", "action"),
        ("事迹宣传", "action"),
    ]


def test_women_11_1_arrows_give_three_steps_and_keep_their_commas():
    template = derive_steps(item(WOMEN, "11.1").fields["workflow"])
    assert template.method == "arrows"
    assert [s.name for s in template.steps] == [
        "向同级党组织请示召开妇女代表大会，并向上级妇联组织备案",
        "召开妇女代表大会，做工作报告并选举产生执行委员会委员",
        "召开执委会选举产生主席、副主席（含兼职、挂职副主席，下同）",
    ]


def test_women_11_2_double_dashes_are_arrows():
    template = derive_steps(item(WOMEN, "11.2").fields["workflow"])
    assert template.method == "arrows"
    assert [(s.name, s.kind) for s in template.steps] == [
        ("初步审查", "review"),
        ("专业审查", "review"),
        ("复核签发", "review"),
        ("程序审查", "review"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "发放通知→组织推报→审核评选",
        "发放通知 -> 组织推报 -> 审核评选",
        "发放通知\n→\n组织推报\n→ 审核评选。",
        "发放通知——组织推报——审核评选",
        "发放通知—组织推报—审核评选",
        "发放通知 ⟶ 组织推报 ⟶ 审核评选",
        "1.发放通知→2.组织推报→3.审核评选",
    ],
)
def test_arrow_spellings(text):
    template = derive_steps(text)
    assert template.method == "arrows"
    assert [s.name for s in template.steps] == ["发放通知", "组织推报", "审核评选"]


def test_a_dash_between_years_is_not_an_arrow():
    template = derive_steps("落实2019—2021年行动计划")
    assert template.method == "single"
    assert [s.name for s in template.steps] == ["落实2019—2021年行动计划"]


def test_arrows_inside_brackets_do_not_split():
    template = derive_steps("制定方案（征求意见→定稿）→组织实施")
    assert [s.name for s in template.steps] == ["制定方案（征求意见→定稿）", "组织实施"]


# ---------------------------------------------------------------- clauses


def test_union_13_1_is_split_at_its_clauses():
    workflow = item(UNION, "13.1").fields["workflow"]
    assert (
        workflow == "研究制定工作方案，提请滨海新区总工会党组会议批准，组织有关部门和单位协同落实"
    )
    template = derive_steps(workflow)
    assert template.method == "clauses"
    assert [(s.name, s.kind) for s in template.steps] == [
        ("研究制定工作方案", "action"),
        ("提请滨海新区总工会党组会议批准", "meeting"),
        ("组织有关部门和单位协同落实", "action"),
    ]


def test_union_10_2_five_clauses():
    assert names_of(UNION, "10.2") == [
        "研究制定工作方案",
        "提请区总工会会议批准",
        "组织开展调查研究",
        "起草调研报告",
        "提出意见建议",
    ]


def test_a_framing_clause_stays_with_the_clause_after_it():
    # union 3.2: "按照区总规定，提出工作意见方案，提请…批准，抓好…落实"
    assert names_of(UNION, "3.2") == [
        "按照区总规定，提出工作意见方案",
        "提请滨海新区总工会会议或相关领导批准",
        "抓好相关工作任务落实",
    ]
    # …but "按照方案和工作流程组织实施" is a step of its own.
    assert names_of(UNION, "2.3") == ["研究制定工作方案", "按照方案和工作流程组织实施"]


def test_short_phrases_with_verbs_are_split_at_the_pause_mark():
    assert names_of(WOMEN, "6.1") == ["制定年度工作计划", "组织实施", "总结自评"]
    assert derive_steps(item(WOMEN, "6.1").fields["workflow"]).method == "clauses"
    assert names_of(UNION, "5.2") == [
        "基层上报推荐人选函",
        "与上级组织部门通报情况",
        "主席办公会研究",
        "函复基层",
    ]
    # An enumeration of objects is not a list of steps.
    assert names_of(WOMEN, "5.2") == ["制定和实施滨海新区妇女发展规划、滨海新区儿童发展规划"]
    assert names_of(WOMEN, "4.3") == ["履行政协委员政治协商、民主监督、参政议政职能"]


# ---------------------------------------------------------------- long prose


def test_women_8_1_prose_is_split_at_sentences_and_clauses_in_order():
    template = derive_steps(item(WOMEN, "8.1").fields["workflow"])
    assert template.method == "sentences"
    names = [s.name for s in template.steps]
    assert len(names) >= 5
    assert names[0] == "申请救助者如实填写《申请救助登记审批表》，同时提交相关证明材料"
    assert template.steps[0].kind == "action"  # 审批表 is the name of a form
    community = next(i for i, n in enumerate(names) if "社区" in n)
    office = next(i for i, n in enumerate(names) if "家儿部" in n)
    party = next(i for i, n in enumerate(names) if "党组" in n)
    assert 0 < community < office < party < len(names) - 1
    assert names[community] == "由所在社区（村）、各街镇（开发区）妇联逐级审核批准盖章"
    assert names[office] == "报区妇联家儿部"
    assert names[party] == "区妇联家儿部提交滨海新区妇联党组会议审核通过"
    assert names[-1] == "给予救助"
    assert template.steps[community].kind == "review"
    assert template.steps[party].kind == "meeting"  # the 党组会议 decides


def test_numbered_lines_are_sentences_and_lose_their_numbers():
    for text in (
        "1.制定方案\n2.组织实施\n3.总结评估",
        "（1）制定方案；（2）组织实施。（3）总结评估",
        "①制定方案②组织实施③总结评估",
        "一、制定方案。二、组织实施。三、总结评估。",
    ):
        template = derive_steps(text)
        assert template.method == "sentences", text
        assert [s.name for s in template.steps] == ["制定方案", "组织实施", "总结评估"], text


# ---------------------------------------------------------------- empty and kinds


@pytest.mark.parametrize("text", ["", "无", " 无。 ", "\n", "→", None])
def test_empty_workflow_gives_one_step(text):
    template = derive_steps(text)
    assert template.method == "single"
    assert template.steps == [DerivedStep("办理")]
    assert "办理" in template.notes[0]


def test_kinds():
    template = derive_steps("材料审查，结果公示，党组会研究决定，部门办理")
    assert [s.kind for s in template.steps] == ["review", "notice", "meeting", "action"]


# ---------------------------------------------------------------- documents


def test_women_3_2_requirements_give_three_required_slots():
    requirements = item(WOMEN, "3.2").fields["requirements"]
    assert requirements == "候选人登记表、名单汇总表、事迹材料"
    assert derive_documents(requirements) == [
        DocumentSlot("候选人登记表"),
        DocumentSlot("名单汇总表"),
        DocumentSlot("事迹材料"),
    ]


def test_requirements_that_say_none_give_no_slots():
    assert item(WOMEN, "1.1").fields["requirements"] == "无"
    assert derive_documents(item(WOMEN, "1.1").fields["requirements"]) == []
    assert derive_documents("") == derive_documents(None) == derive_documents(" 无。") == []


def test_document_lists_from_the_seeds():
    def names(name, number):
        return [s.name for s in derive_documents(item(name, number).fields["requirements"])]

    # Activities listed in 运行要件 (women's 4.2: 开展…大赛) are not documents.
    assert names(WOMEN, "4.2") == []
    # Separators inside 《》 and （） do not split.
    assert len(names(WOMEN, "3.1")) == 2
    # "区委、区政府各类文件" is one document: 区委 alone names none.
    assert names(WOMEN, "13.1") == ["区委、区政府各类文件"]
    # Sentences describing documents give the document each names (women's 11.1).
    assert names(WOMEN, "11.1") == ["妇联主席、副主席任免职征求意见函", "复函", "选举结果报告"]
    assert names(UNION, "12.1") == ["滨海新总工会会议决议", "文件规定", "新区总工会工作安排及规定"]


def test_optional_documents_and_numbering():
    slots = derive_documents("1.申请表\n2.困难证明（如有）；必要时提供病历，可选：照片")
    assert slots == [
        DocumentSlot("申请表"),
        DocumentSlot("困难证明（如有）", required=False),
        DocumentSlot("必要时提供病历", required=False),
        DocumentSlot("可选：照片", required=False),
    ]
    assert [s.name for s in derive_documents("（1）申请表（2）证明材料")] == ["申请表", "证明材料"]
    assert [s.name for s in derive_documents("申请表、申请表")] == ["申请表"]
