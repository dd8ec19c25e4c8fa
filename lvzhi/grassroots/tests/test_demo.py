"""The demo loader gives the district a register of every verdict and blank villages."""

from lvzhi.grassroots.demo import REGISTER, load_grassroots_demo
from lvzhi.grassroots.models import SixinOrganization
from lvzhi.grassroots.selectors import coverage_for, federation_children


def test_demo_register_and_blank_villages(org_tree, villages, admin_user):
    from lvzhi.orgs.models import Organization

    Organization.objects.filter(pk=org_tree.xinhe_1.pk).update(region=None)
    result = load_grassroots_demo()
    assert result["sixin"] == len(REGISTER)
    assert set(SixinOrganization.objects.values_list("expected_form", flat=True)) == {
        "standalone",
        "joint",
    }
    assert SixinOrganization.objects.filter(covered_by__isnull=False).count() == 1
    district = Organization.objects.get(pk=org_tree.district.pk)
    totals, _children = coverage_for(
        admin_user, district, federation_children(admin_user, district)
    )
    assert totals.villages_covered < totals.villages  # blank spots to show
    assert Organization.objects.get(pk=org_tree.xinhe_1.pk).region is not None
    assert load_grassroots_demo() == {"sixin": 0, "regions": 0}  # idempotent
