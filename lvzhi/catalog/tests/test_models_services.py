"""Catalog rules, services and the import of both seed files."""

import json
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404

from lvzhi.catalog import rules, selectors, services
from lvzhi.catalog.models import (
    Catalog,
    CatalogVersion,
    Decision,
    DutyItem,
    ImportFinding,
    LegalCitation,
    VersionStatus,
)
from lvzhi.catalog.parsed import Finding, ParsedCatalog, ParsedDuty, ParsedItem
from lvzhi.core.models import AuditEvent

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _fields(**overrides):
    base = {
        "legal_basis": "1.《中华全国妇女联合会章程》第一条\n2.关于印发《改革方案》（滨党办发〔2017〕52号）",
        "implementing_body": "天津市滨海新区妇联宣传部",
        "boundary": "宣传部牵头",
        "workflow": "制定计划→组织实施",
        "requirements": "无",
        "responsibilities": "团结引领妇女",
        "supervision": "地址：天津市滨海新区大连东道1060号\n电话：66897541",
    }
    base.update(overrides)
    return base


def small_catalog() -> ParsedCatalog:
    """Two duties, three items; item 2.1 has its fields shifted, with a repair."""
    shifted = _fields(
        legal_basis="",
        implementing_body="《妇女权益保障法》第十条",
        boundary="天津市滨海新区妇联权益部",
        workflow="权益部牵头",
    )
    repaired = _fields(
        legal_basis="《妇女权益保障法》第十条",
        implementing_body="天津市滨海新区妇联权益部",
        boundary="权益部牵头",
        workflow="受理信访→转办→答复",
    )
    return ParsedCatalog(
        layout="women_federation",
        title="(测试妇联)职责目录",
        duties=[
            ParsedDuty(
                "1",
                "引领妇女听党话跟党走",
                [
                    ParsedItem(
                        "1.1", "开展妇女政治引领工作", "开展妇女政治引领工作", _fields(), "1", 10
                    ),
                    ParsedItem(
                        "1.2",
                        "评选表彰三八红旗手（集体）",
                        "评选表彰三八红旗手",
                        _fields(implementing_body="天津市滨海新区妇联办公室"),
                        "2",
                        30,
                    ),
                ],
            ),
            ParsedDuty(
                "2",
                "维护妇女儿童合法权益",
                [
                    ParsedItem("2.1", "受理妇女信访", "受理妇女信访", shifted, "3", 50),
                ],
            ),
        ],
        findings=[
            Finding(
                "fields_shifted",
                "字段错位一格",
                "2.1",
                "legal_basis",
                52,
                "error",
                "shift_fields_back",
                repaired,
            ),
            Finding("title_mismatch", "信息表标题与目录不一致", "1.2", "title", 30, "warning"),
            Finding("field_none", "运行要件为“无”", "1.1", "requirements", 17, "note"),
        ],
    )


@pytest.fixture
def cadre(org_tree, make_user):
    return make_user("bh_cadre", "cadre", org_tree.district)


@pytest.fixture
def draft(org_tree, cadre):
    return services.catalog_import(
        actor=cadre,
        organization=org_tree.district,
        data=b"x",
        filename="test.txt",
        parsed=small_catalog(),
    )


def seed_bytes(name):
    return (SEEDS / name).read_bytes()


# rules ------------------------------------------------------------------------


def test_match_department_by_suffix_longest_wins():
    departments = [(1, "宣传部"), (2, "权益部"), (3, "网络宣传部")]
    assert rules.match_department("天津市滨海新区妇联宣传部", departments) == 1
    assert rules.match_department("天津市滨海新区妇联网络宣传部。", departments) == 3
    assert rules.match_department("天津市滨海新区妇联办公室", departments) is None
    assert rules.match_department("", departments) is None


def test_legal_document_key_unifies_brackets_and_marks():
    assert rules.legal_document_key("甲", "滨党办发[2017]52号") == rules.legal_document_key(
        "乙", "滨党办发〔2017〕52号"
    )
    assert rules.legal_document_key("《妇女权益保障法》", "") == rules.legal_document_key(
        "妇女权益保障法", ""
    )


def test_version_diff():
    old = {"1.1": {"name": "甲", "workflow": "a"}, "1.2": {"name": "乙"}}
    new = {"1.1": {"name": "甲", "workflow": "b"}, "1.3": {"name": "丙"}}
    assert rules.version_diff(old, new) == {
        "added": ["1.3"],
        "removed": ["1.2"],
        "changed": {"1.1": {"workflow": ["a", "b"]}},
    }


# services ---------------------------------------------------------------------


def test_import_writes_draft_with_findings_and_audit(org_tree, draft):
    assert draft.status == VersionStatus.DRAFT and draft.number == 1
    assert draft.duties.count() == 2 and draft.items.count() == 3
    assert draft.org_path == org_tree.district.path
    item = draft.items.get(number="1.1")
    assert item.department == org_tree.propaganda
    assert item.supervision_phones == ["66897541"]
    assert "1060" in item.supervision_address
    assert list(draft.findings.values_list("item_number", "line", "decision")) == [
        ("2.1", 52, "pending"),
        ("1.2", 30, "pending"),
        ("1.1", 17, "pending"),
    ]
    assert (
        AuditEvent.objects.filter(object_type="catalog.catalogversion", action="import").count()
        == 1
    )
    assert "天津市滨海新区妇联办公室" in selectors.version_preview(draft)["unmatched_bodies"]


def test_unreadable_file_changes_nothing(org_tree, cadre):
    before = (Catalog.objects.count(), CatalogVersion.objects.count(), AuditEvent.objects.count())
    for data in (b"", bytes(range(256)) * 50, "随便写的一段话，不是职责目录。".encode()):
        with pytest.raises(ValidationError) as info:
            services.catalog_import(
                actor=cadre, organization=org_tree.district, data=data, filename="bad.bin"
            )
        assert info.value.message_dict["file"][0]
    assert (
        Catalog.objects.count(),
        CatalogVersion.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_import_out_of_scope_is_404(org_tree, make_user):
    street = make_user("xh", "cadre", org_tree.xinhe)
    with pytest.raises(Http404):
        services.catalog_import(
            actor=street, organization=org_tree.district, data=b"x", parsed=small_catalog()
        )
    assert not Catalog.objects.exists()


def test_accept_then_reject_repair(draft, cadre, org_tree):
    finding = draft.findings.get(code="fields_shifted")
    services.finding_decide(actor=cadre, finding=finding, accept=True)
    item = draft.items.get(number="2.1")
    assert item.legal_basis == "《妇女权益保障法》第十条"
    assert item.workflow == "受理信访→转办→答复"
    assert item.department == org_tree.rights
    services.finding_decide(actor=cadre, finding=finding, accept=False)
    item.refresh_from_db()
    finding.refresh_from_db()
    assert finding.decision == Decision.REJECTED
    assert item.implementing_body == "《妇女权益保障法》第十条" and item.legal_basis == ""
    with pytest.raises(ValidationError):
        services.finding_decide(
            actor=cadre, finding=draft.findings.get(code="field_none"), accept=True
        )


def test_publish_refuses_pending_repairs_then_publishes(draft, cadre):
    with pytest.raises(ValidationError) as info:
        services.version_publish(actor=cadre, version=draft)
    assert "2.1" in info.value.messages[0] and "未处理" in info.value.messages[0]
    services.finding_decide(
        actor=cadre, finding=draft.findings.get(repair="shift_fields_back"), accept=True
    )
    version = services.version_publish(actor=cadre, version=draft)
    assert version.status == VersionStatus.PUBLISHED and version.published_by == cadre
    numbers = set(
        LegalCitation.objects.filter(document__doc_number="滨党办发〔2017〕52号").values_list(
            "item__number", flat=True
        )
    )
    assert numbers == {"1.1", "1.2"}
    assert [i.number for i in selectors.public_search("信访")] == ["2.1"]
    assert [i.number for i in selectors.public_search("三八红旗手")] == ["1.2"]


def test_new_draft_edit_publish_supersedes(draft, cadre):
    services.finding_decide(
        actor=cadre, finding=draft.findings.get(repair="shift_fields_back"), accept=False
    )
    services.version_publish(actor=cadre, version=draft)
    with pytest.raises(ValidationError):
        services.item_update(actor=cadre, item=draft.items.first(), name="新名称")
    second = services.version_new_draft(actor=cadre, catalog=draft.catalog)
    assert second.number == 2 and second.items.count() == 3 and second.based_on == draft
    with pytest.raises(ValidationError):
        services.version_new_draft(actor=cadre, catalog=draft.catalog)
    item = second.items.get(number="1.1")
    services.item_update(actor=cadre, item=item, workflow="新流程→结束")
    assert selectors.version_diff(second, draft)["changed"] == {
        "1.1": {"workflow": ["制定计划→组织实施", "新流程→结束"]}
    }
    services.version_publish(actor=cadre, version=second)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.SUPERSEDED
    assert [i.version_id for i in selectors.public_search("新流程")] == [second.pk]
    assert AuditEvent.objects.filter(object_type="catalog.dutyitem", action="update").exists()


def test_other_cadre_cannot_decide_or_publish(draft, org_tree, make_user):
    outsider = make_user("dg", "cadre", org_tree.dagu)
    with pytest.raises(Http404):
        services.version_publish(actor=outsider, version=draft)
    with pytest.raises(Http404):
        services.finding_decide(actor=outsider, finding=draft.findings.first(), accept=True)


# the seed files ----------------------------------------------------------------


@pytest.fixture
def seeded(org_tree, admin_user):
    women = services.catalog_import(
        actor=admin_user,
        organization=org_tree.district,
        data=seed_bytes("binhai_fulian.txt"),
        filename="binhai_fulian.txt",
    )
    started = time.perf_counter()
    union = services.catalog_import(
        actor=admin_user,
        organization=org_tree.union,
        data=seed_bytes("binhai_zonggonghui.txt"),
        filename="binhai_zonggonghui.txt",
    )
    union.seconds = time.perf_counter() - started
    return women, union


def _publish_accepting_all(actor, version):
    for finding in services.pending_repairs(version):
        services.finding_decide(actor=actor, finding=finding, accept=True)
    return services.version_publish(actor=actor, version=version)


def test_seed_import_counts_and_speed(seeded, org_tree):
    women, union = seeded
    assert (women.duties.count(), women.items.count()) == (13, 23)
    assert (union.duties.count(), union.items.count()) == (13, 57)
    assert union.seconds < 1.0
    assert women.items.get(number="1.1").department == org_tree.propaganda
    assert union.findings.filter(item_number="9.1", repair="shift_fields_back").exists()
    item_32 = women.items.get(number="3.2")
    assert item_32.workflow == (
        "发放通知→各开发区、街镇妇联和各系统有关部门组织推报→审核评选→表彰公布→事迹宣传"
    )
    item_11 = union.items.get(number="1.1")
    assert "65309957" in item_11.supervision_phones
    assert "zhuxi@bhxqgh.com" in item_11.supervision_emails


def test_seed_repair_publish_search_and_legal_index(seeded, admin_user):
    women, union = seeded
    before = union.items.get(number="9.1").implementing_body
    _publish_accepting_all(admin_user, women)
    _publish_accepting_all(admin_user, union)
    item_91 = union.items.get(number="9.1")
    assert item_91.legal_basis.strip() == before.strip()
    assert {(i.version_id, i.number) for i in selectors.public_search("信访")} >= {
        (women.pk, "6.2"),
        (union.pk, "8.3"),
    }
    assert [(i.version_id, i.number) for i in selectors.public_search("三八红旗手")] == [
        (women.pk, "3.2")
    ]
    citing = set(
        LegalCitation.objects.filter(
            item__version=women, document__doc_number="滨党办发〔2017〕52号"
        ).values_list("item__number", flat=True)
    )
    all_numbers = set(women.items.values_list("number", flat=True))
    assert citing == all_numbers - {"8.1"}
    index = {d.doc_number: d for d in selectors.legal_index()}
    assert len(index["滨党办发〔2017〕52号"].published_citations) == 22


def test_women_42_both_supervision_blocks_kept_then_first_chosen(seeded, admin_user):
    women, _union = seeded
    item = women.items.get(number="4.2")
    assert item.supervision.count("地址") == 2  # the default keeps both blocks
    finding = women.findings.get(item_number="4.2", repair="keep_first_block")
    services.finding_decide(actor=admin_user, finding=finding, accept=True)
    item = women.items.get(number="4.2")
    assert item.supervision.count("地址") == 1
    assert "滨海新区人民政府" not in item.supervision
    event = AuditEvent.objects.filter(object_type="catalog.importfinding").get()
    assert "4.2 监督方式" in event.changes


def test_cli_import_json(org_tree, admin_user, capsys):
    call_command(
        "import_catalog", str(SEEDS / "binhai_zonggonghui.txt"), "--org", "BH-GH", "--json"
    )
    summary = json.loads(capsys.readouterr().out)
    assert (summary["duties"], summary["items"], summary["status"]) == (13, 57, "draft")
    assert any(f["item_number"] == "9.1" and f["repair"] for f in summary["findings"])
    assert ImportFinding.objects.count() == len(summary["findings"])
    assert DutyItem.objects.count() == 57


def test_cli_rejects_unreadable_file(org_tree, admin_user, tmp_path):
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(CommandError):
        call_command("import_catalog", str(bad), "--org", "BH-FL")
    assert not Catalog.objects.exists()
