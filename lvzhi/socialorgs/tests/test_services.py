"""Writes of social organizations: filing with the proposed tier (a reason at a boundary
or off the proposal), the filing federation's level, the credit code, refiling, key
members with encrypted phones (masked in the audit), the ledger, advisers and yearly
duties with their documents. A refusal writes nothing."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from lvzhi.core.models import AuditEvent
from lvzhi.core.scopes import OutOfScope
from lvzhi.socialorgs import services
from lvzhi.socialorgs.models import KeyMember, LedgerEntry, SocialOrganization, YearlyDuty

pytestmark = pytest.mark.django_db

CODE = "91110000600037341L"


def profile(**fields):
    return {
        "name": "新河一社区巾帼志愿队",
        "kind": "self_formed",
        "service_field": "volunteer",
        "size": 20,
        **fields,
    }


def pdf(name="纪要.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def test_filing_at_the_proposed_tier_audits_and_copies_the_path(org_tree, cadre):
    row = services.organization_file(
        actor=cadre, federation=org_tree.xinhe_1, contact_phone="138 1234 5678", **profile()
    )
    assert (row.proposed_tier, row.filed_tier, row.at_boundary) == ("village", "village", False)
    assert row.org_path == org_tree.xinhe_1.path and "20人" in row.proposal_detail
    event = AuditEvent.objects.get(object_type="socialorgs.socialorganization")
    assert event.org_path == org_tree.xinhe_1.path
    assert event.changes["contact_phone"] == [None, "138****5678"]
    assert "13812345678" not in str(event.changes)
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM socialorgs_socialorganization")
        assert "13812345678" not in cursor.fetchone()[0]


def test_at_a_boundary_the_cadre_chooses_with_a_reason(org_tree, cadre):
    fields = profile(size=30, notable_influence=True)
    with pytest.raises(ValidationError) as exc:
        services.organization_file(actor=cadre, federation=org_tree.xinhe_1, **fields)
    assert "交界" in exc.value.message_dict["tier_reason"][0]
    with pytest.raises(ValidationError) as exc:  # the township tier at a village federation
        services.organization_file(
            actor=cadre,
            federation=org_tree.xinhe_1,
            filed_tier="township",
            tier_reason="覆盖全街道",
            **fields,
        )
    assert "filed_tier" in exc.value.message_dict
    assert not SocialOrganization.objects.exists() and not AuditEvent.objects.exists()
    row = services.organization_file(
        actor=cadre,
        federation=org_tree.xinhe,
        filed_tier="township",
        tier_reason="活动覆盖全街道",
        **fields,
    )
    assert (row.proposed_tier, row.at_boundary, row.filed_tier) == ("village", True, "township")


def test_a_departure_from_the_proposal_needs_a_reason(org_tree, cadre):
    with pytest.raises(ValidationError) as exc:
        services.organization_file(
            actor=cadre, federation=org_tree.xinhe, filed_tier="township", **profile(size=40)
        )
    assert "村（社区）妇联" in exc.value.message_dict["tier_reason"][0]
    with pytest.raises(ValidationError) as exc:  # proposed village, filed at a street
        services.organization_file(actor=cadre, federation=org_tree.xinhe, **profile(size=40))
    assert "federation" in exc.value.message_dict


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"registered": True}, "credit_code"),
        ({"registered": True, "credit_code": "91110000600037341X"}, "credit_code"),
        ({"credit_code": CODE}, "registered"),
        ({"size": 0}, "size"),
        ({"name": "  "}, "name"),
        ({"contact_phone": "123"}, "contact_phone"),
        ({"kind": "club"}, "kind"),
    ],
)
def test_bad_input_is_a_chinese_field_error_and_writes_nothing(org_tree, cadre, fields, field):
    with pytest.raises(ValidationError) as exc:
        services.organization_file(actor=cadre, federation=org_tree.xinhe_1, **profile(**fields))
    assert field in exc.value.message_dict
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message_dict[field][0])
    assert not SocialOrganization.objects.exists() and not AuditEvent.objects.exists()


def test_credit_code_and_name_are_unique(org_tree, cadre, district_cadre):
    services.organization_file(
        actor=cadre,
        federation=org_tree.xinhe_1,
        registered=True,
        credit_code=CODE.lower(),
        **profile(),
    )
    assert SocialOrganization.objects.get().credit_code == CODE
    with pytest.raises(ValidationError) as exc:
        services.organization_file(actor=cadre, federation=org_tree.xinhe_1, **profile())
    assert "同名" in exc.value.message_dict["name"][0]
    with pytest.raises(ValidationError) as exc:
        services.organization_file(
            actor=district_cadre,
            federation=org_tree.dagu_1,
            registered=True,
            credit_code=CODE,
            **profile(),
        )
    assert "credit_code" in exc.value.message_dict


def test_out_of_scope_and_wrong_federations(org_tree, cadre):
    with pytest.raises(OutOfScope):
        services.organization_file(actor=cadre, federation=org_tree.dagu_1, **profile())
    with pytest.raises(ValidationError):
        services.organization_file(actor=cadre, federation=org_tree.group, **profile())
    assert not SocialOrganization.objects.exists()


def test_yearly_update_recomputes_the_proposal(orgs, cadre):
    row = services.organization_update(
        actor=cadre, organization=orgs["xinhe_1"], size=45, notable_influence=True
    )
    assert row.proposed_tier == "township" and row.filed_tier == "village"
    from lvzhi.socialorgs.selectors import retier_verdict

    assert retier_verdict(row).outcome == "up"
    with pytest.raises(ValidationError):
        services.organization_update(actor=cadre, organization=row, filed_tier="township")
    event = AuditEvent.objects.get(action="update")
    assert event.changes["size"] == [20, 45]


def test_refile_passes_the_filing_up_with_its_rows(orgs, org_tree, cadre, district_cadre):
    row = orgs["xinhe_1"]
    services.key_member_add(actor=cadre, organization=row, name="王芳", role="负责人")
    row = services.organization_update(
        actor=cadre, organization=row, size=60, notable_influence=True, active=True
    )
    with pytest.raises(OutOfScope):  # a street cadre cannot file with the district
        services.organization_refile(
            actor=cadre,
            organization=row,
            federation=org_tree.district,
            filed_tier="county",
            tier_reason="规模扩大",
        )
    with pytest.raises(ValidationError):
        services.organization_refile(
            actor=district_cadre,
            organization=row,
            federation=org_tree.district,
            filed_tier="county",
            tier_reason=" ",
        )
    row = services.organization_refile(
        actor=district_cadre,
        organization=row,
        federation=org_tree.district,
        filed_tier="county",
        tier_reason="成员增至60人，工作活跃",
    )
    assert row.org_path == org_tree.district.path
    assert KeyMember.objects.get().org_path == org_tree.district.path
    assert AuditEvent.objects.filter(action="refile").count() == 1


def test_key_members_phone_encrypted_and_masked(orgs, cadre):
    member = services.key_member_add(
        actor=cadre, organization=orgs["xinhe_1"], name="李娜", role="负责人", phone="13900001111"
    )
    assert KeyMember.objects.get().phone == "13900001111"
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM socialorgs_keymember")
        assert "13900001111" not in cursor.fetchone()[0]
    event = AuditEvent.objects.get(object_type="socialorgs.keymember")
    assert event.changes["phone"] == [None, "139****1111"]
    with pytest.raises(ValidationError):
        services.key_member_add(actor=cadre, organization=orgs["xinhe_1"], name="", role="x")
    with pytest.raises(OutOfScope):
        services.key_member_add(actor=cadre, organization=orgs["dagu_1"], name="x", role="y")
    services.key_member_remove(actor=cadre, member=member)
    assert not KeyMember.objects.exists()


def test_ledger_entries(orgs, cadre, clock):
    entry = services.ledger_entry_add(
        actor=cadre,
        organization=orgs["xinhe_1"],
        kind="disclosure",
        date=dt.date(2026, 6, 30),
        title="2026年上半年活动公示",
    )
    assert entry.org_path == orgs["xinhe_1"].org_path
    for bad in ({"kind": "rumour"}, {"date": dt.date(2026, 11, 30)}, {"title": ""}):
        with pytest.raises(ValidationError):
            services.ledger_entry_add(
                actor=cadre,
                organization=orgs["xinhe_1"],
                **{"kind": "complaint", "date": dt.date(2026, 7, 1), "title": "t", **bad},
            )
    assert LedgerEntry.objects.count() == 1


def test_advisers(org_tree, cadre):
    adviser = services.adviser_create(
        actor=cadre,
        federation=org_tree.xinhe,
        name="张教授",
        kind="expert",
        expertise="社会工作、项目评估",
        term_start=dt.date(2026, 1, 1),
        term_end=dt.date(2027, 12, 31),
    )
    with pytest.raises(ValidationError) as exc:
        services.adviser_update(actor=cadre, adviser=adviser, term_end=dt.date(2025, 1, 1))
    assert "term_end" in exc.value.message_dict
    services.adviser_update(actor=cadre, adviser=adviser, affiliation="某大学")
    assert AuditEvent.objects.filter(object_type="socialorgs.adviser").count() == 2


def test_duty_with_a_document_and_instructor(org_tree, cadre, clock):
    with pytest.raises(ValidationError) as exc:
        services.duty_record(
            actor=cadre,
            federation=org_tree.xinhe,
            kind="party_training",
            date=dt.date(2026, 5, 10),
            title="社会组织党建培训",
            participants=40,
        )
    assert "instructor" in exc.value.message_dict
    duty = services.duty_record(
        actor=cadre,
        federation=org_tree.xinhe,
        kind="party_training",
        date=dt.date(2026, 5, 10),
        title="社会组织党建培训",
        participants=40,
        instructor="刘书记",
        document=pdf(),
    )
    assert duty.year == 2026 and duty.document.name.startswith("socialorgs/")
    assert duty.document.name.endswith(".pdf") and duty.document_name == "纪要.pdf"
    fake = SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ValidationError) as exc:
        services.duty_record(
            actor=cadre,
            federation=org_tree.xinhe,
            kind="joint_meeting",
            date=dt.date(2026, 6, 1),
            title="联席会议",
            document=fake,
        )
    assert "document" in exc.value.message_dict
    assert YearlyDuty.objects.count() == 1


def test_a_photo_document_is_reencoded(org_tree, cadre, clock):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, "JPEG")
    duty = services.duty_record(
        actor=cadre,
        federation=org_tree.xinhe,
        kind="joint_meeting",
        date=dt.date(2026, 6, 1),
        title="联席会议",
        document=SimpleUploadedFile("p.jpg", buffer.getvalue()),
    )
    assert duty.document.name.endswith(".jpg")


def test_admin_saves_through_the_service(client, admin_user, org_tree, clock):
    client.force_login(admin_user)
    response = client.post(
        "/admin/socialorgs/socialorganization/add/",
        {
            "federation": org_tree.xinhe_1.pk,
            "name": "后台备案组织",
            "kind": "self_formed",
            "service_field": "culture",
            "size": 12,
            "status": "active",
            "filed_tier": "village",
            "filed_on": "2026-11-01",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    row = SocialOrganization.objects.get(name="后台备案组织")
    assert row.proposed_tier == "village"
    assert AuditEvent.objects.filter(
        object_type="socialorgs.socialorganization", object_id=str(row.pk)
    ).exists()
