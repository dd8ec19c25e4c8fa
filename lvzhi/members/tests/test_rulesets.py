"""Choosing another rule set for an organization: platform admins only, known sets only,
audited, the subtree's compliance recomputed."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.core.models import AuditEvent
from lvzhi.members.common.rulesets import ruleset_choose
from lvzhi.members.common.selectors import ruleset_for
from lvzhi.members.compliance import services as compliance
from lvzhi.members.models import MemberCompliance, RulesetChoice

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


def test_choose_ruleset(committees, admin_user, make_user):
    tree = committees.tree
    compliance.rebuild(organizations=[tree.xinhe], year=2026, today=TODAY)
    MemberCompliance.objects.filter(organization=tree.xinhe).update(status="met")
    cadre = make_user("district_cadre", "cadre", tree.district)
    with pytest.raises(PermissionDenied):
        ruleset_choose(actor=cadre, organization=tree.district, ruleset="cq2019")
    with pytest.raises(ValidationError, match="没有规则集"):
        ruleset_choose(actor=admin_user, organization=tree.district, ruleset="sh2030")
    assert not RulesetChoice.objects.exists()
    ruleset_choose(actor=admin_user, organization=tree.district, ruleset="cq2019", today=TODAY)
    assert ruleset_for(tree.xinhe_1) == "cq2019"
    assert AuditEvent.objects.filter(action="ruleset").count() == 1
    # Recomputed from the activities (none): nobody has met this quarter's contact.
    row = MemberCompliance.objects.get(
        person=committees.township[1], rule_id="R-EX-01", period_code="2026Q4"
    )
    assert row.status == "due"


def test_admin_page_offers_known_rulesets(committees, admin_user, client):
    client.force_login(admin_user)
    response = client.get("/admin/members/rulesetchoice/add/")
    assert response.status_code == 200
    assert 'value="cq2019"' in response.content.decode()
    response = client.post(
        "/admin/members/rulesetchoice/add/",
        {"organization": committees.tree.xinhe.pk, "ruleset": "cq2019"},
    )
    assert response.status_code == 302
    assert RulesetChoice.objects.get().organization == committees.tree.xinhe
