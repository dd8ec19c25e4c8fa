"""Property tests: whatever bytes or edits come in, the parser returns a catalog or says
the file is unreadable — never another exception — and explains every empty field."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lvzhi.catalog.parsed import FIELD_LABELS, CatalogUnreadable, ParsedCatalog
from lvzhi.catalog.parsing import parse_catalog

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
WOMEN = (SEEDS / "binhai_fulian.txt").read_text(encoding="utf-8")
LINES = WOMEN.split("\n")
PUNCTUATION = {"（": "(", "）": ")", "：": ":", "，": ",", "。": ".", "“": '"', "”": '"'}


def _check(data) -> None:
    try:
        catalog = parse_catalog(data)
    except CatalogUnreadable as exc:
        assert str(exc)  # always a message for the cadre
        return
    assert isinstance(catalog, ParsedCatalog)
    explained = {(f.item_number, f.field) for f in catalog.findings}
    explained_items = {f.item_number for f in catalog.findings}
    for item in catalog.items:
        for key in FIELD_LABELS:
            if not item.fields.get(key, "").strip():
                assert (item.number, key) in explained or item.number in explained_items


fast = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    _check(data)


@fast
@given(st.integers(min_value=0, max_value=len(WOMEN)))
def test_truncated(cut):
    _check(WOMEN[:cut].encode("utf-8"))


@fast
@given(
    st.lists(st.integers(min_value=0, max_value=len(LINES) - 1), max_size=25),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)
def test_deleted_lines_line_endings_and_bom(deleted, newline, bom):
    kept = [line for i, line in enumerate(LINES) if i not in set(deleted)]
    text = newline.join(kept)
    _check((("\ufeff" if bom else "") + text).encode("utf-8"))


@fast
@given(st.permutations(list(range(8))), st.booleans())
def test_shuffled_blocks_and_half_width_punctuation(order, half_width):
    size = len(LINES) // 8 + 1
    blocks = [LINES[i * size : (i + 1) * size] for i in range(8)]
    text = "\n".join(line for index in order for line in blocks[index])
    if half_width:
        for full, half in PUNCTUATION.items():
            text = text.replace(full, half)
    _check(text.encode("gb18030"))


# ------------------------------------------------ issue 12: encodings and label variants

CODECS = ["cp1252", "latin-1", "gbk"]
VARIANTS = {
    "法定依据": ["法律依据", "设定依据", "法定依椐", "【法定依据】", "法 定 依 据"],
    "实施机构": ["实施主体", "实施机关", "［实施机构］"],
    "运行流程": ["办理流程", "运行流桯"],
    "监督方式": [
        "监督电话",
        "监督投诉方式",
        "监督方式：",
        "监督方式（电话）",
        "监督方式(联系方式)",
    ],
    "职责边界": ["职责边界（说明）"],
}
LABEL_LINES = [i for i, line in enumerate(LINES) if line.strip() in VARIANTS]


@fast
@given(st.sampled_from(CODECS), st.integers(min_value=200, max_value=len(WOMEN)))
def test_mojibake_is_refused_naming_an_encoding(codec, cut):
    """UTF-8 read through another code page: refused, and the message names the codec."""
    garbled = WOMEN[:cut].encode("utf-8").decode(codec, errors="replace").encode("utf-8")
    try:
        parse_catalog(garbled)
    except CatalogUnreadable as exc:
        assert any(name in str(exc) for name in ("Windows-1252", "Latin-1", "GBK", "UTF-8"))
        return
    raise AssertionError("mojibake was read as a catalog")


@fast
@given(st.sampled_from(LABEL_LINES), st.data())
def test_label_variants_keep_every_field(index, data):
    """A label written as a variant still puts the text in its field, with a finding."""
    label = LINES[index].strip()
    variant = data.draw(st.sampled_from(VARIANTS[label]))
    lines = list(LINES)
    lines[index] = LINES[index].replace(label, variant)
    reference = parse_catalog(WOMEN)
    catalog = parse_catalog("\n".join(lines))
    assert [i.fields for i in catalog.items] == [i.fields for i in reference.items]
    _check("\n".join(lines).encode("utf-8"))
    if variant.replace(" ", "").rstrip("：") != label:
        assert any(f.code == "label_variant" for f in catalog.findings)


OTHER_LABELS = ["备注", "办理时限", "收费标准", "承诺时限", "咨询电话", "办理地点"]
# Lines inside a field of an info sheet (after the index table; not the label lines):
# where an office's extra label may turn up.
FIRST_SHEET = next(i for i, line in enumerate(LINES) if line.strip().endswith("信息表"))
TEXT_LINES = [
    i
    for i, line in enumerate(LINES)
    if i > FIRST_SHEET
    and line.startswith("\t")
    and line.strip()
    and line.strip() not in VARIANTS
    and not line.strip().endswith("信息表")  # text under a title, before any label, is stray
]


@fast
@given(
    st.sampled_from(TEXT_LINES),
    st.sampled_from(OTHER_LABELS),
    st.sampled_from(["", "：", "（元）"]),
)
def test_other_sheet_labels_are_reported_and_kept(index, label, suffix):
    """A line that is another 信息表's label ("备注", "办理时限（元）") is no field of the
    catalog: reported with its line, and its text kept in the field above."""
    line = f"\t{label}{suffix}"
    lines = [*LINES[: index + 1], line, *LINES[index + 1 :]]
    catalog = parse_catalog("\n".join(lines))
    findings = [f for f in catalog.findings if f.code == "unknown_label"]
    assert [f.line for f in findings] == [index + 2]
    assert label + suffix in findings[0].message
    item = next(i for i in catalog.items if i.number == findings[0].item_number)
    key = findings[0].field
    if key in FIELD_LABELS:
        assert label + suffix in item.fields[key]
    elif key == "name":  # under the sheet's 名称: kept in the sheet's own name
        assert label + suffix in item.sheet_name
    else:  # under 序号 (no field of the item): the finding quotes the line
        assert key == "number"
