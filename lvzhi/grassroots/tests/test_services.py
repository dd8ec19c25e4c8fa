"""Writes to the 四新 register: scope, rules, audit, nothing written on refusal."""

import pytest
from django.core.exceptions import ValidationError

from lvzhi.core.models import AuditEvent
from lvzhi.core.scopes import OutOfScope
from lvzhi.grassroots import services
from lvzhi.grassroots.models import SixinOrganization

VALID = dict(
    name="某某网络科技有限公司",
    category="economic",
    uscc="91110000600037341L",
    fixed_staff=80,
    fixed_female_staff=30,
    has_party_organization=True,
)


def test_create_applies_r_or_01_and_audits(org_tree, make_user):
    cadre = make_user("cadre", "cadre", org_tree.xinhe)
    sixin = services.sixin_create(actor=cadre, organization=org_tree.xinhe, **VALID)
    assert sixin.expected_form == "standalone"
    assert sixin.org_path == org_tree.xinhe.path
    event = AuditEvent.objects.get(object_type="grassroots.sixinorganization")
    assert event.action == "create" and event.actor == cadre
    assert event.changes["fixed_female_staff"] == [None, 30]


def test_update_recomputes_the_form(org_tree, make_user):
    cadre = make_user("cadre", "cadre", org_tree.xinhe)
    sixin = services.sixin_create(actor=cadre, organization=org_tree.xinhe, **VALID)
    updated = services.sixin_update(actor=cadre, sixin=sixin, fixed_female_staff=29)
    assert updated.expected_form == "joint"
    assert AuditEvent.objects.filter(action="update").get().changes["fixed_female_staff"] == [
        30,
        29,
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"uscc": "91110000600037341X"}, "uscc"),
        ({"fixed_female_staff": 81}, "fixed_female_staff"),
    ],
)
def test_refusals_write_nothing(org_tree, make_user, change, field):
    cadre = make_user("cadre", "cadre", org_tree.xinhe)
    with pytest.raises(ValidationError) as caught:
        services.sixin_create(actor=cadre, organization=org_tree.xinhe, **{**VALID, **change})
    assert field in caught.value.message_dict
    assert not SixinOrganization.objects.exists()
    assert not AuditEvent.objects.exists()


def test_duplicate_uscc_refused(org_tree, make_user):
    cadre = make_user("cadre", "cadre", org_tree.district)
    services.sixin_create(actor=cadre, organization=org_tree.xinhe, **VALID)
    with pytest.raises(ValidationError, match="已登记"):
        services.sixin_create(actor=cadre, organization=org_tree.dagu, **VALID)


def test_out_of_scope_refused(org_tree, make_user):
    cadre = make_user("cadre", "cadre", org_tree.xinhe)
    with pytest.raises(OutOfScope):
        services.sixin_create(actor=cadre, organization=org_tree.dagu, **VALID)
    viewer = make_user("viewer", "member", org_tree.xinhe)
    with pytest.raises(OutOfScope):
        services.sixin_create(actor=viewer, organization=org_tree.xinhe, **VALID)
    assert not SixinOrganization.objects.exists()


def test_covering_federation_must_be_visible_and_a_federation(org_tree, make_user):
    cadre = make_user("cadre", "cadre", org_tree.xinhe)
    for covering in (org_tree.dagu_1, org_tree.group):
        with pytest.raises(ValidationError) as caught:
            services.sixin_create(
                actor=cadre, organization=org_tree.xinhe, covered_by=covering, **VALID
            )
        assert "covered_by" in caught.value.message_dict
    sixin = services.sixin_create(
        actor=cadre, organization=org_tree.xinhe, covered_by=org_tree.xinhe_1, **VALID
    )
    assert sixin.covered_by == org_tree.xinhe_1


def test_register_only_on_a_federation(org_tree, admin_user):
    with pytest.raises(ValidationError, match="妇联组织名下"):
        services.sixin_create(actor=admin_user, organization=org_tree.union, **VALID)


def test_import_all_or_nothing(org_tree, make_user):
    cadre = make_user("cadre", "cadre", org_tree.xinhe)
    good = {**VALID}
    bad = {**VALID, "uscc": "", "name": "坏行", "fixed_female_staff": 500}
    with pytest.raises(services.ImportRefused) as caught:
        services.sixin_import(actor=cadre, organization=org_tree.xinhe, rows=[good, bad])
    assert list(caught.value.errors) == [1]
    assert not SixinOrganization.objects.exists() and not AuditEvent.objects.exists()
    twice = [good, {**VALID, "name": "重复"}]
    with pytest.raises(services.ImportRefused) as caught:
        services.sixin_import(actor=cadre, organization=org_tree.xinhe, rows=twice)
    assert "第1条" in caught.value.errors[1]["uscc"][0]
    created = services.sixin_import(
        actor=cadre, organization=org_tree.xinhe, rows=[good, {**VALID, "uscc": "", "name": "二"}]
    )
    assert len(created) == 2
    assert AuditEvent.objects.filter(action="create").count() == 2
