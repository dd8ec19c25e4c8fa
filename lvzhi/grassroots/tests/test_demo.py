"""The demo loader gives the district a register of every verdict and blank villages,
women's groups made valid (every other one), a founding in progress and a renewal opened."""

import datetime as dt

from lvzhi.grassroots.demo import REGISTER, load_grassroots_demo
from lvzhi.grassroots.models import SixinOrganization
from lvzhi.grassroots.selectors import coverage_for, federation_children


def test_demo_register_and_blank_villages(org_tree, villages, admin_user):
    from lvzhi.orgs.models import Organization, Person, Position

    Organization.objects.filter(pk=org_tree.xinhe_1.pk).update(region=None)
    group = Organization.objects.get(kind="women_group")
    leader = Person.objects.create(organization=group, org_path=group.path, name="组长")
    Position.objects.create(
        person=leader,
        organization=group,
        org_path=group.path,
        title="leader",
        start_date=dt.date(2020, 1, 1),
    )
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
    from lvzhi.grassroots.models import Election
    from lvzhi.grassroots.units.selectors import unit_members, unit_verdict

    assert result["groups_completed"] == 1  # the fixture's one group: made valid
    from lvzhi.core.periods import today_local

    members = unit_members(group, today_local())
    assert unit_verdict(members).outcome == "valid" and len(members) == 3
    founding = Election.objects.get(kind="founding")
    assert founding.sixin.founding_case_id and founding.candidates.count() == 5
    assert Election.objects.get(kind="renewal").organization == district
    from lvzhi.grassroots.models import SystemFounding

    assert result["system_foundings"] == 1
    system = SystemFounding.objects.get()
    assert system.women_committee.kind == "agency_committee" and system.founding_case_id
    again = load_grassroots_demo()  # idempotent
    assert set(again.values()) == {0}
    assert Election.objects.count() == 2
