"""Organization and people services: scope, validation, audit with PII masked."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lvzhi.core.models import AuditEvent
from lvzhi.core.scopes import OutOfScope
from lvzhi.orgs import rules, services
from lvzhi.orgs.models import Kind, Organization, Person, Term

GOOD_ID = "11010519491231002X"  # a valid checksum: woman born 1949-12-31


@pytest.fixture
def cadre(org_tree, make_user):
    return make_user("xinhe", "cadre", org_tree.xinhe)


def test_restrict_is_a_subtree(org_tree, cadre, make_user):
    names = set(Organization.objects.restrict(cadre, "view").values_list("code", flat=True))
    assert names == {"BH-XH", "BH-XH-01", "BH-XH-01-G1"}
    only_here = make_user("staff", "department_staff", org_tree.district, include_descendants=False)
    assert list(
        Organization.objects.restrict(only_here, "view").values_list("code", flat=True)
    ) == ["BH-FL"]
    assert not Organization.objects.restrict(only_here, "create").exists()


def test_create_child_in_scope_and_audit(org_tree, cadre):
    org = services.organization_create(
        actor=cadre,
        parent=org_tree.xinhe,
        name="新河二社区妇女联合会",
        code="BH-XH-02",
        kind=Kind.LOCAL_FEDERATION,
    )
    assert Organization.objects.get_parent(org) == org_tree.xinhe
    assert org.level == "village"
    event = AuditEvent.objects.get(object_type="orgs.organization", object_id=str(org.pk))
    assert event.action == "create" and event.actor == cadre
    assert event.org_path == org.path


def test_create_outside_scope_is_refused(org_tree, cadre):
    with pytest.raises(OutOfScope):
        services.organization_create(
            actor=cadre, parent=org_tree.dagu, name="x", code="X1", kind=Kind.LOCAL_FEDERATION
        )
    assert not Organization.objects.filter(code="X1").exists()


def test_union_cannot_sit_under_women_federation(org_tree, cadre):
    with pytest.raises(ValidationError) as err:
        services.organization_create(
            actor=cadre,
            parent=org_tree.xinhe,
            name="某工会",
            code="GH-X",
            kind=Kind.GRASSROOTS_UNION,
        )
    assert "不能互为上下级" in str(err.value)


def test_person_pii_encrypted_masked_in_audit(org_tree, cadre):
    person = services.person_create(
        actor=cadre,
        organization=org_tree.xinhe_1,
        name="王秀英",
        gender="F",
        id_number=GOOD_ID.lower(),
        phone="138 1234 5678",
    )
    assert person.id_number == GOOD_ID and person.phone == "13812345678"
    assert person.birth_date == dt.date(1949, 12, 31)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM orgs_person WHERE id = %s", [person.pk])
        raw_id, raw_phone = cursor.fetchone()
    assert GOOD_ID not in raw_id and "13812345678" not in raw_phone
    event = AuditEvent.objects.get(object_type="orgs.person", object_id=str(person.pk))
    dumped = str(event.changes)
    assert GOOD_ID not in dumped and "13812345678" not in dumped
    assert "**************002X" in dumped and "138****5678" in dumped
    assert event.changes["birth_date"] == [None, "1949"]  # the year only


def test_person_validation_messages(org_tree, cadre):
    with pytest.raises(ValidationError) as err:
        services.person_create(
            actor=cadre,
            organization=org_tree.xinhe,
            name="李",
            gender="F",
            id_number="110105194912310021",
            phone="12345",
        )
    messages = err.value.message_dict
    assert "校验位" in messages["id_number"][0]
    assert "电话号码" in messages["phone"][0]
    services.person_create(
        actor=cadre, organization=org_tree.xinhe, name="甲", gender="F", id_number=GOOD_ID
    )
    with pytest.raises(ValidationError) as err:
        services.person_create(
            actor=cadre, organization=org_tree.xinhe, name="乙", gender="F", id_number=GOOD_ID
        )
    assert "已登记" in err.value.message_dict["id_number"][0]
    with pytest.raises(ValidationError) as err:
        services.person_create(
            actor=cadre,
            organization=org_tree.xinhe,
            name="丙",
            gender="M",
            id_number="11010519491231004X".replace("4X", "46"),
        )
    assert err.value.message_dict


def test_person_update_diff_and_reveal(org_tree, cadre, make_user):
    person = services.person_create(
        actor=cadre, organization=org_tree.xinhe, name="赵敏", gender="F", phone="13812345678"
    )
    services.person_update(
        actor=cadre, person=person, workplace="新河街道办事处", phone="13900001111"
    )
    event = AuditEvent.objects.filter(object_id=str(person.pk), action="update").get()
    assert event.changes["workplace"] == ["", "新河街道办事处"]
    assert event.changes["phone"] == ["138****5678", "139****1111"]
    assert (
        services.person_reveal_pii(actor=cadre, person=person, field="phone", reason="回访")
        == "13900001111"
    )
    assert AuditEvent.objects.filter(object_id=str(person.pk), action="reveal").count() == 1
    staff = make_user("viewer", "department_staff", org_tree.xinhe)
    with pytest.raises(OutOfScope):
        services.person_reveal_pii(actor=staff, person=person, field="phone", reason="回访")


def test_term_overdue_verdict_cites_rule(org_tree, cadre):
    term = services.term_create(
        actor=cadre,
        organization=org_tree.xinhe,
        number=3,
        start_date=dt.date(2021, 6, 1),
        end_date=dt.date(2026, 6, 1),
    )
    verdict = rules.term_verdict(end_date=term.end_date, today=dt.date(2026, 11, 29), renewed=False)
    assert verdict.outcome == "overdue" and verdict.rule_id == "R-OR-08"
    assert "CQ-4X" in verdict.source
    assert (
        rules.term_verdict(end_date=term.end_date, today=dt.date(2026, 6, 1), renewed=False).outcome
        == "current"
    )
    with pytest.raises(ValidationError) as err:
        services.term_create(
            actor=cadre,
            organization=org_tree.xinhe,
            number=3,
            start_date=dt.date(2026, 6, 1),
            end_date=dt.date(2026, 1, 1),
        )
    assert set(err.value.message_dict) == {"number", "end_date"}
    assert Term.objects.count() == 1


def test_position_rules(org_tree, cadre):
    person = services.person_create(
        actor=cadre, organization=org_tree.xinhe, name="钱芳", gender="F"
    )
    with pytest.raises(ValidationError) as err:
        services.position_create(
            actor=cadre,
            person=person,
            organization=org_tree.xinhe,
            title="member",
            tenure="full_time",
            start_date=dt.date(2026, 1, 1),
        )
    assert "专职" in err.value.message_dict["tenure"][0]
    position = services.position_create(
        actor=cadre,
        person=person,
        organization=org_tree.xinhe,
        title="vice_chair",
        tenure="part_time",
        start_date=dt.date(2026, 1, 1),
    )
    assert position.org_path == org_tree.xinhe.path
    assert Person.objects.restrict(cadre, "view").filter(pk=person.pk).exists()


def test_binhai_id_numbers_are_accepted():
    # 120116 (滨海新区) is a real county code missing from python-stdnum's table
    number = "120116199003070" + "02"
    from stdnum.cn import ric as _ric

    number += _ric.calc_check_digit(number + "0")
    assert rules.normalize_id_number(number) == number
    with pytest.raises(rules.RuleError, match="地区码"):
        bad = "990116199003070" + "02"
        rules.normalize_id_number(bad + _ric.calc_check_digit(bad + "0"))


def test_new_sibling_does_not_shift_existing_paths(org_tree, cadre):
    person = services.person_create(
        actor=cadre, organization=org_tree.xinhe_1, name="路径", gender="F"
    )
    services.organization_create(
        actor=cadre,
        parent=org_tree.xinhe,
        name="阿社区妇女联合会",
        code="BH-XH-00",
        kind=Kind.LOCAL_FEDERATION,
    )
    org_tree.xinhe_1.refresh_from_db()
    person.refresh_from_db()
    assert person.org_path == org_tree.xinhe_1.path


def test_position_errors_rule_is_pure():
    errors = rules.position_errors(
        title="member",
        tenure="full_time",
        start_date=dt.date(2026, 2, 1),
        end_date=dt.date(2026, 1, 1),
        term_organization_id=2,
        organization_id=1,
    )
    assert set(errors) == {"tenure", "end_date", "term"}
    assert not rules.position_errors(
        title="chair",
        tenure="full_time",
        start_date=dt.date(2026, 1, 1),
        end_date=None,
        term_organization_id=1,
        organization_id=1,
    )
