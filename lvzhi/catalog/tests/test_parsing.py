"""Golden and robustness tests of the duty-catalog parser (no database).

Long because it walks both seed catalogs field by field and finding by finding, then fuzzes
them; one cached parse of each seed serves every test."""

import random
from functools import cache
from pathlib import Path

import pytest

from lvzhi.catalog.parsed import FIELD_LABELS, CatalogUnreadable, ParsedCatalog
from lvzhi.catalog.parsing import apply_repairs, parse_catalog, parse_supervision

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
WOMEN = "binhai_fulian.txt"
UNION = "binhai_zonggonghui.txt"


@cache
def seed_bytes(name: str) -> bytes:
    return (SEEDS / name).read_bytes()


@cache
def parsed(name: str) -> ParsedCatalog:
    return parse_catalog(seed_bytes(name), filename=name)


def item(name: str, number: str):
    return next(i for i in parsed(name).items if i.number == number)


def finding_keys(catalog: ParsedCatalog, code: str) -> set[tuple[str, str, int, str]]:
    return {
        (f.item_number, f.field, f.line, f.severity) for f in catalog.findings if f.code == code
    }


# ---------------------------------------------------------------- golden: structure


@pytest.mark.parametrize(
    ("name", "layout", "duties", "items"),
    [(WOMEN, "women_federation", 13, 23), (UNION, "trade_union", 13, 57)],
)
def test_counts_and_layout(name, layout, duties, items):
    catalog = parsed(name)
    assert catalog.layout == layout
    assert len(catalog.duties) == duties
    assert len(catalog.items) == items
    assert [d.number for d in catalog.duties] == [str(n) for n in range(1, 14)]


def test_layout_is_recognized_by_content_not_file_name():
    assert parse_catalog(seed_bytes(UNION), filename=WOMEN).layout == "trade_union"
    assert parse_catalog(seed_bytes(WOMEN), filename="gonghui.txt").layout == "women_federation"


def test_catalog_titles():
    assert parsed(WOMEN).title == "(天津市滨海新区妇女联合会)职责目录"
    assert parsed(UNION).title == "滨海新区总工会职责目录"


@pytest.mark.parametrize("name", [WOMEN, UNION])
def test_every_item_has_all_seven_fields_except_union_9_1(name):
    for parsed_item in parsed(name).items:
        if (name, parsed_item.number) == (UNION, "9.1"):
            continue
        assert set(parsed_item.fields) == set(FIELD_LABELS)
        empty = [k for k, v in parsed_item.fields.items() if not v]
        assert not empty, (parsed_item.number, empty)


def test_index_entries():
    women = item(WOMEN, "3.2")
    assert (women.name, women.page, women.line) == ("评选表彰三八红旗手（集体）", "4", 270)
    assert parsed(WOMEN).duties[11].text == "承担区政府妇女儿童工作委员会日常工作。"
    union = item(UNION, "9.3")
    assert union.name == "负责工会信息化规划建设和工会网络维护管理工作，推动全区互联网工会建设。"
    assert union.page == "42"
    assert [i.number for i in parsed(UNION).duties[10].items][-2:] == ["11.10", "11.11"]


# ---------------------------------------------------------------- golden: field texts


def test_women_3_2_workflow_exact():
    assert item(WOMEN, "3.2").fields["workflow"] == (
        "发放通知→各开发区、街镇妇联和各系统有关部门组织推报→审核评选→表彰公布→事迹宣传"
    )


def test_women_1_1_fields_exact():
    fields = item(WOMEN, "1.1").fields
    assert fields["implementing_body"] == "天津市滨海新区妇联宣传部"
    assert fields["boundary"] == "天津市滨海新区妇联宣传部牵头，其他部门、单位配合"
    assert fields["requirements"] == "无"
    assert fields["supervision"] == "地址：天津市滨海新区大连东道1060号2号楼338\n电话：66897541"
    assert fields["legal_basis"].startswith("1.《中华全国妇女联合会章程》第一条 团结、动员妇女")
    assert fields["legal_basis"].endswith("（滨党办发〔2017〕52号）")
    assert fields["legal_basis"].count("\n") == 4  # three entries separated by blank lines


def test_women_13_1_without_title_still_read():
    fields = item(WOMEN, "13.1").fields
    assert fields["responsibilities"].splitlines() == [
        "1.通过OA、政务邮箱或传真等方式收到区委、区政府文件；",
        "2.按收文规定通过区妇联内部公文流转平台呈送相关主席阅示；",
        "3.根据主席、分管主席要求发相关部室落实；",
        "4.落实情况通过OA或传真等方式反馈区委、区政府。",
    ]
    assert item(WOMEN, "13.1").sheet_title == ""


def test_women_12_1_broken_title_is_joined():
    assert item(WOMEN, "12.1").sheet_title == "（加强成员单位执行“两纲”、“两规”能力建设）信息表"
    assert item(WOMEN, "12.1").fields["requirements"] == "无"


def test_union_1_1_supervision():
    text = item(UNION, "1.1").fields["supervision"]
    assert "zhuxi@bhxqgh.com" in text and "65309957" in text
    assert parse_supervision(text) == {
        "address": "",
        "phones": ["65309957"],
        "emails": ["zhuxi@bhxqgh.com"],
    }


def test_union_fields_exact():
    fields = item(UNION, "2.3").fields
    assert fields["implementing_body"] == "宣传网络部"
    assert fields["workflow"] == "研究制定工作方案，按照方案和工作流程组织实施"
    assert fields["requirements"] == "滨海新区总工会会议决议、工作部署安排、滨总文件"
    assert item(UNION, "12.9").fields["workflow"] == "指导基层录入、审核、打印及信息调整上报"
    assert item(UNION, "10.1").fields["supervision"].endswith("举报电话：65309957")


# ---------------------------------------------------------------- golden: findings


def test_union_9_1_fields_shifted_with_repair():
    catalog = parsed(UNION)
    [finding] = [f for f in catalog.findings if f.code == "fields_shifted"]
    assert (finding.item_number, finding.line, finding.repair) == ("9.1", 1372, "shift_fields_back")
    raw = item(UNION, "9.1").fields
    assert raw["legal_basis"] == '"'  # as in the source, not repaired silently
    assert raw["implementing_body"].startswith("《天津市滨海新区总工会机关机构改革方案》")
    repaired = apply_repairs(catalog, {("9.1", "shift_fields_back")})
    fields = next(i for i in repaired.items if i.number == "9.1").fields
    assert fields["legal_basis"] == raw["implementing_body"]
    assert fields["implementing_body"] == "权益保障部"
    assert fields["boundary"] == "权益保障部"
    assert fields["workflow"] == "研究制定工作方案，按照方案和工作流程组织实施"
    assert fields["requirements"] == "区总工会会议决议、工作部署安排、区总文件"
    assert fields["supervision"] == raw["supervision"]
    # The source has no 责任事项 text for 9.1 at all: the repair leaves it empty and says so.
    assert fields["responsibilities"] == "" and "责任事项" in finding.message
    assert item(UNION, "9.1").fields["implementing_body"] == raw["implementing_body"]  # copy


def test_women_4_2_duplicate_supervision_kept_whole_by_default():
    catalog = parsed(WOMEN)
    [finding] = [f for f in catalog.findings if f.code == "duplicate_field"]
    assert (finding.item_number, finding.field, finding.line) == ("4.2", "supervision", 404)
    assert finding.repair == "keep_first_block"
    first = "地址：天津市滨海新区大连东道1060号2号楼337\n\n电话：66897563"
    second = "地址：天津市滨海新区大连东道1060号滨海新区人民政府\n\n电话：66897563"
    # The default drops nothing: both blocks, in source order.
    assert item(WOMEN, "4.2").fields["supervision"] == first + "\n" + second
    assert finding.repair_fields == {"supervision": first}
    repaired = apply_repairs(catalog, {("4.2", "keep_first_block")})
    assert next(i for i in repaired.items if i.number == "4.2").fields["supervision"] == first
    untouched = apply_repairs(catalog, {("4.2", "shift_fields_back")})
    assert next(i for i in untouched.items if i.number == "4.2").fields["supervision"] == (
        first + "\n" + second
    )


def test_women_title_mismatches():
    assert finding_keys(parsed(WOMEN), "title_mismatch") == {
        ("3.2", "title", 270, "warning"),
        ("4.1", "title", 314, "note"),  # trailing space only
        ("4.2", "title", 357, "note"),  # trailing space only
        ("5.2", "title", 483, "warning"),
        ("5.3", "title", 516, "warning"),
        ("8.1", "title", 695, "warning"),
        ("8.2", "title", 736, "warning"),
    }
    assert finding_keys(parsed(WOMEN), "name_mismatch") == set()


def test_union_name_mismatches():
    assert finding_keys(parsed(UNION), "name_mismatch") == {
        ("5.1", "name", 697, "note"),  # trailing 。 only
        ("8.6", "name", 1305, "warning"),
        ("9.1", "name", 1369, "warning"),
        ("12.6", "name", 2005, "warning"),
        ("12.9", "name", 2095, "note"),  # trailing 。 only
    }
    # The union's sheet titles are the placeholder "N.N（职责事项名称）信息表": not compared.
    assert finding_keys(parsed(UNION), "title_mismatch") == set()


def test_missing_and_broken_titles():
    assert finding_keys(parsed(WOMEN), "missing_title") == {("13.1", "title", 989, "warning")}
    assert finding_keys(parsed(WOMEN), "broken_title") == {("12.1", "title", 926, "warning")}
    assert finding_keys(parsed(UNION), "missing_title") == set()


def test_stray_quotes():
    assert finding_keys(parsed(UNION), "stray_quote") == {
        ("9.1", "name", 210, "warning"),  # index entry
        ("9.1", "name", 1370, "warning"),  # 名称 of the sheet
        ("9.1", "legal_basis", 1373, "warning"),  # the lone '"' under 法定依据
    }
    assert finding_keys(parsed(WOMEN), "stray_quote") == set()


def test_fields_saying_none():
    assert finding_keys(parsed(WOMEN), "field_none") == {
        (number, "requirements", line, "note")
        for number, line in [
            ("1.1", 181),
            ("4.3", 434),
            ("5.1", 472),
            ("6.1", 611),
            ("6.2", 648),
            ("8.2", 763),
            ("10.1", 836),
            ("12.1", 949),
        ]
    }
    assert finding_keys(parsed(UNION), "field_none") == set()


@pytest.mark.parametrize("name", [WOMEN, UNION])
def test_no_unexpected_findings(name):
    expected = {
        "fields_shifted",
        "duplicate_field",
        "title_mismatch",
        "name_mismatch",
        "missing_title",
        "broken_title",
        "stray_quote",
        "field_none",
    }
    assert {f.code for f in parsed(name).findings} <= expected
    assert all(f.message for f in parsed(name).findings)


# ---------------------------------------------------------------- decoding


def test_gb18030_bom_and_line_endings_give_the_same_catalog():
    reference = parsed(WOMEN)
    text = seed_bytes(WOMEN).decode("utf-8")
    variants = [
        text.encode("gb18030"),
        b"\xef\xbb\xbf" + seed_bytes(WOMEN),
        text.replace("\n", "\r\n").encode("utf-8"),
        text.replace("\n", "\r").encode("utf-8"),
        text,
    ]
    for data in variants:
        catalog = parse_catalog(data)
        assert catalog.items == reference.items
        assert catalog.findings == reference.findings


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\n", "\ufeff", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"hello world\n" * 5],
)
def test_unreadable_files_are_rejected_in_chinese(data):
    with pytest.raises(CatalogUnreadable) as error:
        parse_catalog(data)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(error.value))


def test_cut_off_last_line_is_reported():
    data = seed_bytes(UNION)
    catalog = parse_catalog(data[: data.rindex("举报电话".encode())])
    assert finding_keys(catalog, "truncated_end") == {("13.1", "supervision", 2147, "warning")}
    assert item(UNION, "13.1").fields["supervision"].startswith("主席信箱：ghjgdw@tjbh.gov.cn")


def test_broken_utf8_bytes_are_reported_with_their_line():
    data = bytearray(seed_bytes(UNION))
    offset = data.index("宣传网络部独立实施".encode()) + 1  # inside a character, line 386
    data[offset] = 0xFF
    catalog = parse_catalog(bytes(data))
    assert len(catalog.items) == 57
    assert ("", "", 386, "error") in finding_keys(catalog, "encoding_errors")


# ---------------------------------------------------------------- 监督方式


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "地址：天津市滨海新区大连东道1060号2号楼338\n电话：66897541",
            {
                "address": "天津市滨海新区大连东道1060号2号楼338",
                "phones": ["66897541"],
                "emails": [],
            },
        ),
        (
            "主席信箱：ghjgdw@tjbh.gov.cn      举报电话：65309957",
            {"address": "", "phones": ["65309957"], "emails": ["ghjgdw@tjbh.gov.cn"]},
        ),
        (
            "地址：天津市某路1号 电话：022-66897541、12338 邮箱：a.b@x.cn",
            {
                "address": "天津市某路1号",
                "phones": ["022-66897541", "12338"],
                "emails": ["a.b@x.cn"],
            },
        ),
        ("", {"address": "", "phones": [], "emails": []}),
    ],
)
def test_parse_supervision(text, expected):
    assert parse_supervision(text) == expected


# ---------------------------------------------------------------- deterministic fuzzing

LABEL_WORDS = ("序号", "名称", *FIELD_LABELS.values())
PUNCTUATION_SWAPS = [("（", "("), ("）", ")"), ("，", ","), ("：", ":"), ("。", "."), ("、", ",")]


def assert_robust(data: bytes | str) -> None:
    """parse_catalog returns a catalog or raises CatalogUnreadable; lost content is explained."""
    try:
        catalog = parse_catalog(data)
    except CatalogUnreadable as error:
        assert str(error)
        return
    assert isinstance(catalog, ParsedCatalog)
    for parsed_item in catalog.items:
        for key in FIELD_LABELS:
            if not parsed_item.fields.get(key):
                assert any(
                    f.item_number == parsed_item.number and f.field in (key, "")
                    for f in catalog.findings
                ), (parsed_item.number, key)
    if len(catalog.items) not in (23, 57):
        assert catalog.findings


def seed_texts() -> list[str]:
    return [seed_bytes(WOMEN).decode(), seed_bytes(UNION).decode()]


def test_fuzz_truncated_files():
    rng = random.Random(1)
    for name in (WOMEN, UNION):
        data = seed_bytes(name)
        for offset in sorted(rng.sample(range(len(data)), 40)) + [1, 10, 100]:
            assert_robust(data[:offset])


def test_fuzz_shuffled_blocks():
    rng = random.Random(2)
    for text in seed_texts():
        blocks = text.split("\n\n")
        for _ in range(15):
            shuffled = blocks[:]
            start = rng.randrange(len(shuffled))
            window = shuffled[start : start + rng.randint(2, 40)]
            rng.shuffle(window)
            shuffled[start : start + len(window)] = window
            assert_robust("\n\n".join(shuffled))


def test_fuzz_deleted_label_lines():
    rng = random.Random(3)
    for text in seed_texts():
        lines = text.split("\n")
        label_lines = [i for i, line in enumerate(lines) if line.strip() in LABEL_WORDS]
        for _ in range(20):
            dropped = set(rng.sample(label_lines, rng.randint(1, 8)))
            assert_robust("\n".join(line for i, line in enumerate(lines) if i not in dropped))


def test_fuzz_mixed_line_endings_and_bom():
    rng = random.Random(4)
    for text in seed_texts():
        for _ in range(5):
            pieces = [line + rng.choice(["\n", "\r\n", "\r"]) for line in text.split("\n")]
            mixed = "".join(pieces)
            assert_robust(mixed.encode("utf-8"))
            assert_robust(b"\xef\xbb\xbf" + mixed.encode("gb18030"))


def test_fuzz_punctuation_width_swaps():
    rng = random.Random(5)
    for text in seed_texts():
        for _ in range(6):
            swapped = text
            for full, half in rng.sample(PUNCTUATION_SWAPS, 3):
                swapped = swapped.replace(*((full, half) if rng.random() < 0.5 else (half, full)))
            assert_robust(swapped)


def test_fuzz_random_bytes():
    rng = random.Random(6)
    for _ in range(40):
        assert_robust(rng.randbytes(rng.randint(0, 3000)))
    for name in (WOMEN, UNION):
        data = seed_bytes(name)
        for _ in range(15):
            damaged = bytearray(data)
            for _ in range(rng.randint(1, 30)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            assert_robust(bytes(damaged))


def test_fuzz_random_line_edits():
    rng = random.Random(7)
    for text in seed_texts():
        lines = text.split("\n")
        for _ in range(20):
            edited = lines[:]
            for _ in range(rng.randint(1, 20)):
                action = rng.choice(["drop", "dup", "swap", "join"])
                i = rng.randrange(len(edited) - 1)
                if action == "drop":
                    del edited[i]
                elif action == "dup":
                    edited.insert(i, edited[i])
                elif action == "swap":
                    edited[i], edited[i + 1] = edited[i + 1], edited[i]
                else:
                    edited[i : i + 2] = [edited[i] + edited[i + 1]]
            assert_robust("\n".join(edited))
