"""The demo loader files organizations at each tier (boundary cases with their reasons, a
re-tiering proposed), key members, ledger gaps, advisers and duties done and missing,
through the services; a second run adds nothing."""

from lvzhi.core.models import AuditEvent
from lvzhi.core.periods import today_local
from lvzhi.orgs.models import Organization
from lvzhi.socialorgs import selectors
from lvzhi.socialorgs.demo import load_socialorgs_demo
from lvzhi.socialorgs.models import SocialOrganization


def test_demo_socialorgs(org_tree, admin_user):
    result = load_socialorgs_demo()
    assert result["organizations"] == 8 and result["advisers"] == 3 and result["duties"] == 4
    tiers = set(SocialOrganization.objects.values_list("filed_tier", flat=True))
    assert tiers == {"center", "county", "township", "village"}
    boundary = SocialOrganization.objects.filter(at_boundary=True)
    assert boundary.count() == 1 and all(o.tier_reason for o in boundary)
    grown = SocialOrganization.objects.get(name__endswith="广场舞队")
    assert selectors.retier_verdict(grown).outcome == "up"
    district = Organization.objects.get(pk=org_tree.district.pk)
    today = today_local()
    items = selectors.duty_checklist(admin_user, district, today.year, today)
    assert [i.status for i in items].count("done") == 3
    assert selectors.without_disclosure(admin_user, district, today.year).exists()
    assert AuditEvent.objects.filter(object_type="socialorgs.socialorganization").count() == 9
    assert load_socialorgs_demo()["organizations"] == 0  # idempotent
    assert SocialOrganization.objects.count() == 8
