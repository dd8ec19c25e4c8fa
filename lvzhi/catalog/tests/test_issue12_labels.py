"""Issue 12 (3): an unknown label-like line is never absorbed silently into the field
above — a line that is alone one of the labels other 信息表 carry ("备注", "办理时限"),
without a colon, is reported with its line and kept in the text; a known label with a
parenthesised qualifier ("监督方式（电话）") is read as that label with a finding."""

import pytest

from lvzhi.catalog.parsing import looks_like_label, match_label, parse_catalog

from .test_import_fidelity import UNION, WOMEN, _item, _union_sheet_edit, seed_text


def _insert_into_requirements(new_lines: list[str], number: str = "2.3") -> tuple[str, int]:
    """The union seed with ``new_lines`` inserted after the first line of item ``number``'s
    运行要件; returns the text and the 1-based line of the first inserted line."""
    lines = seed_text(UNION).split("\n")
    start = lines.index(f"{number}（职责事项名称）信息表")
    at = next(i for i in range(start, len(lines)) if lines[i].strip() == "运行要件") + 2
    lines[at:at] = new_lines
    return "\n".join(lines), at + 1


@pytest.mark.parametrize(
    "label", ["备注", "办理时限", "收费标准", "承诺时限", "收费标准（元）", "办理时限 "]
)
def test_colonless_other_label_line_is_reported_and_kept(label):
    reference = _item(parse_catalog(seed_text(UNION)), "2.3")
    text, line = _insert_into_requirements([f"\t{label}", "\t5个工作日"])
    catalog = parse_catalog(text)
    item = _item(catalog, "2.3")
    # Nothing dropped: the line and the text under it stay in 运行要件.
    assert item.fields["requirements"] == (
        reference.fields["requirements"] + f"\n{label.rstrip()}\n5个工作日"
    )
    # Every other field is read as before.
    assert {k: v for k, v in item.fields.items() if k != "requirements"} == {
        k: v for k, v in reference.fields.items() if k != "requirements"
    }
    [finding] = [f for f in catalog.findings if f.code == "unknown_label"]
    assert (finding.item_number, finding.field, finding.line, finding.severity) == (
        "2.3",
        "requirements",
        line,
        "warning",
    )
    assert f"第 {line} 行" in finding.message and label.strip() in finding.message


@pytest.mark.parametrize(
    "line",
    [
        "备注",
        "办理时限",
        "收费标准",
        "备注：",
        "收费标准（元）",
    ],
)
def test_label_like_lines(line):
    assert looks_like_label(line)


@pytest.mark.parametrize(
    "line",
    [
        "开展调查研究",  # an activity of the seed
        "宣传网络部独立实施",
        "备注此项工作按年度开展",  # a text line starting with a vocabulary word
        "区委、区政府各类文件",
        "无",
        "收费",
        "（备注）",
    ],
)
def test_text_lines_are_not_label_like(line):
    assert not looks_like_label(line)


@pytest.mark.parametrize(
    ("line", "key", "rest"),
    [
        ("监督方式（电话）", "supervision", ""),
        ("监督方式(电话)", "supervision", ""),
        ("\t监督方式（电话）", "supervision", ""),
        ("监督方式（电话）：65309957", "supervision", "65309957"),
        ("运行要件（材料）", "requirements", ""),
        ("法定依据（摘要）", "legal_basis", ""),
    ],
)
def test_known_label_with_qualifier_is_that_label(line, key, rest):
    match = match_label(line)
    assert match is not None
    assert (match.key, match.rest, match.variant) == (key, rest, "qualifier")


@pytest.mark.parametrize("line", ["备注（电话）", "开展调查研究（一）", "（监督方式）电话"])
def test_unknown_base_with_qualifier_is_no_label(line):
    assert match_label(line) is None


def test_qualified_label_reads_into_its_field_with_a_repair_proposed():
    reference = _item(parse_catalog(seed_text(UNION)), "2.3")
    catalog = parse_catalog(_union_sheet_edit("监督方式", "监督方式（电话）"))
    item = _item(catalog, "2.3")
    assert item.fields == reference.fields  # read as 监督方式, nothing absorbed elsewhere
    variants = [f for f in catalog.findings if f.code == "label_variant"]
    assert [(f.item_number, f.field, f.severity) for f in variants] == [
        ("2.3", "supervision", "warning")
    ]
    message = variants[0].message
    assert "监督方式（电话）" in message and "改为“监督方式”" in message
    assert "括号" in message
    assert not [f for f in catalog.findings if f.code == "unknown_label"]


@pytest.mark.parametrize("name", [WOMEN, UNION])
def test_seeds_have_no_unknown_or_qualified_labels(name):
    catalog = parse_catalog(seed_text(name))
    assert not [f for f in catalog.findings if f.code == "unknown_label"]
    assert not [f for f in catalog.findings if f.code == "label_variant" and "括号" in f.message]
