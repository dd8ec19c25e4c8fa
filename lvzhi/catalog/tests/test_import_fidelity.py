"""Issue 12 (1–4, 6, 7): nothing in the source is lost — both names, both blocks of a field
given twice, label variants, mojibake, size limits — and platform administrators see
drafts through the API."""

from functools import cache
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.test import APIClient

from lvzhi.catalog import exports, selectors, services
from lvzhi.catalog.models import Catalog, CatalogVersion, Decision
from lvzhi.catalog.parsed import CatalogUnreadable, ParsedCatalog, ParsedDuty, ParsedItem
from lvzhi.catalog.parsing import apply_repairs, detect_mojibake, match_label, parse_catalog

from .test_models_services import cadre, draft  # noqa: F401

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
WOMEN = "binhai_fulian.txt"
UNION = "binhai_zonggonghui.txt"
UNION_86_SHEET = "指导和推动全区工会建立集体合同制度，开展工资集体协商工作。"
WOMEN_32_SHEET = "评选表彰全国、天津市及滨海新区三八红旗手（集体）"


@cache
def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def _item(catalog: ParsedCatalog, number: str) -> ParsedItem:
    return next(i for i in catalog.items if i.number == number)


# 1. both names ---------------------------------------------------------------


def test_both_names_are_kept_and_the_index_name_is_the_default():
    union = parse_catalog(seed_text(UNION))
    item = _item(union, "8.6")
    assert item.name == "指导和推动新区总工会落实集体合同制度，开展工资集体协商工作。"
    assert item.sheet_name == UNION_86_SHEET
    women = parse_catalog(seed_text(WOMEN))
    assert _item(women, "3.2").name == "评选表彰三八红旗手（集体）"
    assert _item(women, "3.2").sheet_name == WOMEN_32_SHEET  # the name in its sheet title
    assert _item(women, "1.1").sheet_name == _item(women, "1.1").name
    [finding] = [f for f in union.findings if f.code == "name_mismatch" and f.item_number == "8.6"]
    assert (finding.repair, finding.repair_fields) == ("use_sheet_name", {"name": UNION_86_SHEET})
    chosen = apply_repairs(union, {("8.6", "use_sheet_name")})
    assert _item(chosen, "8.6").name == UNION_86_SHEET
    # Differences of trailing punctuation only: no repair proposed.
    assert not next(
        f for f in union.findings if f.item_number == "12.9" and "mismatch" in f.code
    ).repair


@pytest.fixture
def union_draft(org_tree, admin_user):
    return services.catalog_import(
        actor=admin_user,
        organization=org_tree.union,
        data=(SEEDS / UNION).read_bytes(),
        filename=UNION,
    )


def _decide_required(actor, version):
    for finding in services.pending_repairs(version):
        services.finding_decide(actor=actor, finding=finding, accept=True)


def test_both_names_stored_searchable_exported_and_chosen_by_repair(
    union_draft, admin_user, client
):
    item = union_draft.items.get(number="8.6")
    assert item.sheet_name == UNION_86_SHEET and item.name != UNION_86_SHEET
    optional = union_draft.findings.get(item_number="8.6", repair="use_sheet_name")
    assert optional not in services.pending_repairs(union_draft)  # publishing waits not
    _decide_required(admin_user, union_draft)
    services.version_publish(actor=admin_user, version=union_draft)
    item.refresh_from_db()
    assert item.name.startswith("指导和推动新区总工会")  # the index name by default
    found = [i.number for i in selectors.public_search("建立集体合同制度")]
    assert found == ["8.6"]  # only the sheet's name says 建立
    page = client.get(reverse("catalog:public-item", args=[item.pk])).content.decode()
    assert UNION_86_SHEET in page and "信息表名称" in page
    data = exports.export_data(union_draft)
    exported = next(i for d in data["duties"] for i in d["items"] if i["number"] == "8.6")
    assert exported["sheet_name"] == UNION_86_SHEET
    api = APIClient().get(f"/api/v1/catalog/items/{item.pk}/").json()
    assert api["sheet_name"] == UNION_86_SHEET


def test_cadre_page_shows_both_names(union_draft, admin_user, client):
    client.force_login(admin_user)
    page = client.get(reverse("catalog:version", args=[union_draft.pk])).content.decode()
    assert UNION_86_SHEET in page and "信息表名称" in page
    # Repairs offered: 9.1 fields shifted, and the sheet's name of 8.6, 9.1 and 12.6.
    assert page.count("accept-repair") == 4


def test_cadre_chooses_the_sheet_name_by_accepting_the_repair(union_draft, admin_user):
    finding = union_draft.findings.get(item_number="8.6", repair="use_sheet_name")
    services.finding_decide(actor=admin_user, finding=finding, accept=True)
    item = union_draft.items.get(number="8.6")
    assert item.name == UNION_86_SHEET
    assert item.sheet_name == UNION_86_SHEET
    services.finding_decide(actor=admin_user, finding=finding, accept=False)
    item.refresh_from_db()
    assert item.name.startswith("指导和推动新区总工会")


# 2. a field given twice ------------------------------------------------------


def test_field_given_twice_is_kept_whole_until_the_cadre_keeps_one(org_tree, admin_user):
    women = services.catalog_import(
        actor=admin_user,
        organization=org_tree.district,
        data=(SEEDS / WOMEN).read_bytes(),
        filename=WOMEN,
    )
    item = women.items.get(number="4.2")
    assert item.supervision.count("地址") == 2
    assert item.supervision.index("2号楼337") < item.supervision.index("滨海新区人民政府")
    finding = women.findings.get(item_number="4.2", code="duplicate_field")
    assert finding.repair == "keep_first_block" and finding.decision == Decision.PENDING
    services.finding_decide(actor=admin_user, finding=finding, accept=True)
    item.refresh_from_db()
    assert item.supervision.count("地址") == 1 and "2号楼337" in item.supervision


# 3. label variants -----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "key", "variant"),
    [
        ("法定依据", "legal_basis", ""),
        ("\t法定依据", "legal_basis", ""),
        ("序    号", "number", ""),
        ("法律依据", "legal_basis", "synonym"),
        ("监督电话", "supervision", "synonym"),
        ("监督投诉方式：", "supervision", "synonym"),
        ("实施机关", "implementing_body", "typo"),
        ("运行流桯", "workflow", "typo"),
        ("责任事项项", "responsibilities", "typo"),
        ("法 定 依 据", "legal_basis", "spacing"),
        ("【运行要件】", "requirements", "width"),
        ("［监督方式］", "supervision", "width"),
    ],
)
def test_label_variants_are_recognised(line, key, variant):
    match = match_label(line)
    assert match is not None and (match.key, match.variant) == (key, variant)


@pytest.mark.parametrize("line", ["地址：天津市", "电话：66897541", "依据：《章程》", "实施", "无"])
def test_text_lines_are_no_labels(line):
    assert match_label(line) is None


def _union_sheet_edit(old: str, new: str, number: str = "2.3") -> str:
    """The union seed with one label line of item ``number``'s sheet rewritten."""
    lines = seed_text(UNION).split("\n")
    start = lines.index(f"{number}（职责事项名称）信息表")
    index = next(i for i in range(start, len(lines)) if lines[i].strip() == old)
    lines[index] = lines[index].replace(old, new)
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [("实施机构", "实施机关", "implementing_body"), ("法定依据", "法律依据", "legal_basis")],
)
def test_variant_labels_read_into_their_field_with_a_finding(old, new, key):
    reference = _item(parse_catalog(seed_text(UNION)), "2.3")
    catalog = parse_catalog(_union_sheet_edit(old, new))
    assert _item(catalog, "2.3").fields == reference.fields
    variants = [f for f in catalog.findings if f.code == "label_variant"]
    assert [(f.item_number, f.field, f.severity) for f in variants] == [("2.3", key, "warning")]
    assert new in variants[0].message and old in variants[0].message


def test_unknown_label_line_is_kept_and_reported():
    lines = seed_text(UNION).split("\n")
    start = lines.index("2.3（职责事项名称）信息表")
    at = next(i for i in range(start, len(lines)) if lines[i].strip() == "运行要件") + 2
    lines[at:at] = ["\t备注：", "\t另附工作台账"]
    catalog = parse_catalog("\n".join(lines))
    item = _item(catalog, "2.3")
    assert item.fields["requirements"].endswith("备注：\n另附工作台账")  # nothing dropped
    [finding] = [f for f in catalog.findings if f.code == "unknown_label"]
    assert (finding.item_number, finding.field, finding.line) == ("2.3", "requirements", at + 1)
    assert "备注：" in finding.message


# 4. mojibake -----------------------------------------------------------------


def _mojibake_cases():
    raw = (SEEDS / WOMEN).read_bytes()
    text = raw.decode("utf-8")
    gbk = text.encode("gb18030")
    return {
        "Windows-1252": raw.decode("cp1252", errors="replace").encode("utf-8"),
        "Latin-1": raw.decode("latin-1").encode("utf-8"),
        "GBK（简体中文": raw.decode("gbk", errors="replace").encode("utf-8"),
        "GBK/GB18030 编码的中文被按 Windows-1252": gbk.decode("latin-1").encode("utf-8"),
        "按 UTF-8 读取": gbk.decode("utf-8", errors="replace").encode("utf-8"),
    }


@pytest.mark.parametrize("encoding", list(_mojibake_cases()))
def test_mojibake_is_refused_naming_the_encoding(encoding):
    with pytest.raises(CatalogUnreadable) as error:
        parse_catalog(_mojibake_cases()[encoding])
    assert encoding in str(error.value)


def test_readable_texts_are_no_mojibake():
    for name in (WOMEN, UNION):
        assert detect_mojibake(seed_text(name)) is None
    assert detect_mojibake("Café — naïve résumé\n地址：天津市\nzhuxi@bhxqgh.com") is None
    assert parse_catalog(seed_text(WOMEN).encode("gbk")).items  # a GBK file is no mojibake


def test_a_garbled_passage_in_a_readable_file_is_flagged_by_line():
    lines = seed_text(UNION).split("\n")
    at = lines.index("\t宣传网络部独立实施")
    lines[at] = "\t" + "宣传网络部独立实施".encode().decode("latin-1")
    catalog = parse_catalog("\n".join(lines).encode("utf-8"))
    [finding] = [f for f in catalog.findings if f.code == "mojibake_line"]
    assert (finding.line, finding.severity) == (at + 1, "error")
    assert "Latin-1" in finding.message and "宣传网络部独立实施" in finding.message
    assert not [f for f in parse_catalog(seed_text(UNION)).findings if f.code == "mojibake_line"]


def test_mojibake_import_writes_nothing(org_tree, admin_user):
    with pytest.raises(ValidationError) as error:
        services.catalog_import(
            actor=admin_user,
            organization=org_tree.district,
            data=_mojibake_cases()["Latin-1"],
            filename="mojibake.txt",
        )
    assert "Latin-1" in str(error.value)
    assert not Catalog.objects.exists()


def test_catalog_whose_every_field_is_empty_is_not_saved(org_tree, admin_user):
    empty = ParsedCatalog(
        layout="excel",
        title="空目录",
        duties=[
            ParsedDuty("1", "职责", [ParsedItem("1.1", "事项一"), ParsedItem("1.2", "事项二")])
        ],
    )
    with pytest.raises(ValidationError) as error:
        services.catalog_import(
            actor=admin_user, organization=org_tree.district, data=b"x", parsed=empty
        )
    assert "全部为空" in str(error.value)
    assert not CatalogVersion.objects.exists()


# 6. size limits --------------------------------------------------------------


def test_cli_and_api_refuse_files_above_the_limit(org_tree, admin_user, settings, tmp_path):
    settings.IMPORT_MAX_BYTES = 50 * 1024  # the union seed is about 110 KB
    path = tmp_path / UNION
    path.write_bytes((SEEDS / UNION).read_bytes())
    with pytest.raises(CommandError) as error:
        call_command("import_catalog", str(path), "--org", "BH-GH")
    assert "不能超过 0.0488281 MB" in str(error.value) or "不能超过" in str(error.value)
    api = APIClient()
    api.force_authenticate(admin_user)
    response = api.post(
        "/api/v1/catalog/imports/",
        {"organization": org_tree.union.pk, "file": SimpleUploadedFile(UNION, path.read_bytes())},
        format="multipart",
    )
    assert response.status_code == 400 and "不能超过" in response.content.decode()
    with pytest.raises(ValidationError):
        services.catalog_import(
            actor=admin_user, organization=org_tree.union, data=path.read_bytes()
        )
    assert not Catalog.objects.exists()
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    call_command("import_catalog", str(path), "--org", "BH-GH", "--json")
    assert Catalog.objects.count() == 1


# 7. platform administrators see drafts ---------------------------------------


@pytest.mark.parametrize("who", ["platform_admin", "superuser"])
def test_platform_admin_sees_drafts_in_every_api_list(draft, org_tree, make_user, who):  # noqa: F811
    if who == "superuser":
        user = make_user("root", is_superuser=True, is_staff=True)
    else:
        user = make_user("pa", "platform_admin", org_tree.city)
    api = APIClient()
    api.force_authenticate(user)
    assert draft.status == "draft"
    catalogs = api.get("/api/v1/catalog/catalogs/").json()
    assert [c["id"] for c in catalogs["results"]] == [draft.catalog_id]
    versions = api.get("/api/v1/catalog/versions/").json()
    assert [v["id"] for v in versions["results"]] == [draft.pk]
    duties = api.get("/api/v1/catalog/duties/", {"version": draft.pk}).json()
    assert len(duties["results"]) == 2
    items = api.get("/api/v1/catalog/items/").json()
    assert items["count"] == 3
    # Anonymous readers still see no draft.
    assert APIClient().get("/api/v1/catalog/items/").json()["count"] == 0
