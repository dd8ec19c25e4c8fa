"""Tests of the 法定依据 splitter (no database)."""

from functools import cache
from pathlib import Path

import pytest

from lvzhi.catalog.legal import LegalReference, find_doc_numbers, split_legal_basis
from lvzhi.catalog.parsing import parse_catalog

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@cache
def items(name: str):
    return {i.number: i for i in parse_catalog((SEEDS / name).read_bytes()).items}


def test_every_women_item_but_8_1_cites_the_reform_plan():
    citing = {
        number
        for number, item in items("binhai_fulian.txt").items()
        if any(
            r.doc_number == "滨党办发〔2017〕52号"
            for r in split_legal_basis(item.fields["legal_basis"])
        )
    }
    assert set(items("binhai_fulian.txt")) - citing == {"8.1"}


def test_women_3_1_entries():
    refs = split_legal_basis(items("binhai_fulian.txt")["3.1"].fields["legal_basis"])
    assert [r.doc_number for r in refs] == [
        "中发〔2015〕29号",
        "妇字〔2020〕22号",
        "津妇发〔2019〕31号",
        "",
        "滨党办发〔2017〕41号",
        "滨党办发〔2017〕52号",
    ]
    assert refs[0].title == "干部教育培训工作条例"
    assert refs[3] == LegalReference("滨海新区妇女发展规划", "", [], "4.《滨海新区妇女发展规划》")


def test_entry_numbered_inside_a_line_is_split():
    refs = split_legal_basis(items("binhai_fulian.txt")["7.1"].fields["legal_basis"])
    assert len(refs) == 2
    assert refs[1].raw.startswith("2.中共天津市滨海新区委员会办公室")
    assert refs[1].doc_number == "滨党办发〔2017〕52号"


def test_entry_starting_with_a_date_keeps_its_number():
    refs = split_legal_basis(items("binhai_fulian.txt")["4.2"].fields["legal_basis"])
    assert refs[0].title == "天津市促进中小企业发展条例"
    assert refs[0].articles == ["第十条"]
    assert refs[0].raw.startswith("1.2014年7月1日")


def test_union_articles():
    refs = split_legal_basis(items("binhai_zonggonghui.txt")["1.1"].fields["legal_basis"])
    assert len(refs) == 1
    assert refs[0].title == "天津市滨海新区总工会机关机构改革方案"
    assert refs[0].doc_number == "滨党办发〔2017〕50号"
    assert refs[0].articles == ["第二条第一款"]
    refs = split_legal_basis(items("binhai_zonggonghui.txt")["11.1"].fields["legal_basis"])
    assert refs[0].articles == ["第二条第十一款"]


def test_chapter_and_many_articles():
    women = items("binhai_fulian.txt")
    assert split_legal_basis(women["3.2"].fields["legal_basis"])[0].articles == ["第一章第四条"]
    assert split_legal_basis(women["11.1"].fields["legal_basis"])[0].articles == [
        "第二十一条",
        "第二十五条",
        "第二十六条",
        "第二十七条",
        "第二十八条",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（滨党办发〔2017〕52号）", ["滨党办发〔2017〕52号"]),
        ("滨党办发[2017]52号", ["滨党办发〔2017〕52号"]),
        ("妇字【2020】22号", ["妇字〔2020〕22号"]),
        ("津妇发(2019)31号", ["津妇发〔2019〕31号"]),
        ("津妇发（2019）031号", ["津妇发〔2019〕31号"]),
        ("《意见》全国妇联〔2000〕2号", ["全国妇联〔2000〕2号"]),
        ("（中共天津市滨海新区委员会办公室，滨党办发〔2017〕50号）", ["滨党办发〔2017〕50号"]),
        ("无", []),
    ],
)
def test_doc_numbers(text, expected):
    assert find_doc_numbers(text) == expected


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("（1）《甲法》第二条\n（2）《乙条例》第三条第二款", 2),
        ("1、《甲法》\n2、《乙法》", 2),
        ("《甲法》、《乙办法》（妇字〔2020〕22号）", 2),
        ("《甲法》第二条\n\n\n", 1),
        ('"', 0),
        ("", 0),
    ],
)
def test_split_boundaries(text, count):
    assert len(split_legal_basis(text)) == count


def test_title_split_by_book_marks():
    refs = split_legal_basis("《甲法》、《乙办法》（妇字〔2020〕22号）")
    assert [(r.title, r.doc_number) for r in refs] == [("甲法", ""), ("乙办法", "妇字〔2020〕22号")]
