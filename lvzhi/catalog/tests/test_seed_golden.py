"""Golden tests of both seed catalogs: every field of every item, both names, both
监督方式 blocks of women's 4.2, and an independent line count showing that every
non-label line of every info sheet lands in the parsed item (nothing lost, nothing added).

Regenerate the golden files after a deliberate change (then review the diff line by line):
    LVZHI_REGEN_GOLDEN=1 pytest lvzhi/catalog/tests/test_seed_golden.py
"""

import json
import os
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from lvzhi.catalog.parsed import FIELD_LABELS
from lvzhi.catalog.parsing import parse_catalog

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"
NAMES = ["binhai_fulian", "binhai_zonggonghui"]
LABEL_WORDS = {"序号", "名称", *FIELD_LABELS.values()}
TITLE = re.compile(r"^(\d{1,3}\.\d{1,3})?\s*[（(].*信息表$|信息表$")


@cache
def parsed(name: str):
    return parse_catalog((SEEDS / f"{name}.txt").read_bytes(), filename=f"{name}.txt")


def as_golden(name: str) -> dict:
    catalog = parsed(name)
    return {
        "title": catalog.title,
        "layout": catalog.layout,
        "duties": [
            {
                "number": duty.number,
                "text": duty.text,
                "items": [
                    {
                        "number": item.number,
                        "name": item.name,
                        "sheet_name": item.sheet_name,
                        "sheet_title": item.sheet_title,
                        "page": item.page,
                        "line": item.line,
                        "fields": item.fields,
                    }
                    for item in duty.items
                ],
            }
            for duty in catalog.duties
        ],
    }


@pytest.mark.parametrize("name", NAMES)
def test_every_field_of_every_item_matches_the_golden_file(name):
    path = GOLDEN / f"{name}.json"
    actual = as_golden(name)
    if os.environ.get("LVZHI_REGEN_GOLDEN"):
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    golden = json.loads(path.read_text(encoding="utf-8"))
    assert actual["title"] == golden["title"] and actual["layout"] == golden["layout"]
    expected = {i["number"]: i for d in golden["duties"] for i in d["items"]}
    got = {i["number"]: i for d in actual["duties"] for i in d["items"]}
    assert list(got) == list(expected)
    for number, item in expected.items():
        for key in ("name", "sheet_name", "sheet_title", "page", "line"):
            assert got[number][key] == item[key], (number, key)
        for key in FIELD_LABELS:
            assert got[number]["fields"][key] == item["fields"][key], (number, key)
    assert [d["text"] for d in actual["duties"]] == [d["text"] for d in golden["duties"]]


def test_golden_holds_both_names_and_both_supervision_blocks():
    women = {i["number"]: i for d in as_golden("binhai_fulian")["duties"] for i in d["items"]}
    union = {i["number"]: i for d in as_golden("binhai_zonggonghui")["duties"] for i in d["items"]}
    assert women["3.2"]["name"] == "评选表彰三八红旗手（集体）"
    assert women["3.2"]["sheet_name"] == "评选表彰全国、天津市及滨海新区三八红旗手（集体）"
    assert [n for n, i in women.items() if i["sheet_name"] != i["name"]] == [
        "3.2",  # 4.1 and 4.2 differ by a trailing space inside the title only
        "5.2",
        "5.3",
        "8.1",
        "8.2",
    ]
    assert [n for n, i in union.items() if i["sheet_name"] != i["name"]] == [
        "5.1",  # trailing 。 only
        "8.6",
        "9.1",
        "12.6",
        "12.9",  # trailing 。 only
    ]
    assert (
        union["8.6"]["sheet_name"] == "指导和推动全区工会建立集体合同制度，开展工资集体协商工作。"
    )
    supervision = women["4.2"]["fields"]["supervision"]
    assert supervision == (
        "地址：天津市滨海新区大连东道1060号2号楼337\n\n电话：66897563\n"
        "地址：天津市滨海新区大连东道1060号滨海新区人民政府\n\n电话：66897563"
    )


def _sheet_lines(name: str) -> dict[str, Counter]:
    """Independent reading: the non-blank lines of each info sheet that are neither its
    title nor a label, by item number (a sheet runs to the next title or 序号 block)."""
    catalog = parsed(name)
    lines = (SEEDS / f"{name}.txt").read_text(encoding="utf-8").split("\n")
    starts = sorted((item.line, item.number) for item in catalog.items if item.line)
    out = {}
    for (start, number), end in zip(
        starts, [s for s, _n in starts[1:]] + [len(lines) + 1], strict=True
    ):
        kept = Counter()
        for text in lines[start - 1 : end - 1]:
            text = text.strip()
            if not text or TITLE.search(text) or re.sub(r"\s", "", text) in LABEL_WORDS:
                continue
            kept[text] += 1
        out[number] = kept
    return out


@pytest.mark.parametrize("name", NAMES)
def test_every_source_line_of_every_sheet_is_in_its_item(name):
    """Every non-blank, non-label line of a sheet is its number, one of its two names, a
    piece of its title, or a line of exactly one field — and no field has a line more."""
    catalog = parsed(name)
    sheets = _sheet_lines(name)
    for item in catalog.items:
        names = {item.name.strip(), item.sheet_name.strip()}
        source = Counter(
            {
                line: count
                for line, count in sheets[item.number].items()
                if line not in names
                and not (item.sheet_title and line != item.number and line in item.sheet_title)
            }
        )
        fields = Counter(
            line.strip()
            for text in (item.number, *item.fields.values())
            for line in text.split("\n")
            if line.strip()
        )
        assert source == fields, (item.number, source - fields, fields - source)
