"""Blank-spot and coverage counts equal a hand-written SQL count over the same rows, and
stay two aggregate queries however many rows and children there are."""

import random

from django.db import connection

from lvzhi.grassroots.models import SixinOrganization
from lvzhi.grassroots.rules import expected_form
from lvzhi.grassroots.selectors import coverage_for, federation_children
from lvzhi.orgs.models import Level, Organization, Region


def _fill(org_tree, rng, count=600):
    orgs = [org_tree.xinhe, org_tree.dagu, org_tree.xinhe_1, org_tree.dagu_1, org_tree.district]
    rows = []
    for index in range(count):
        org = rng.choice(orgs)
        female = rng.randrange(0, 60)
        party = rng.random() < 0.5
        rows.append(
            SixinOrganization(
                organization=org,
                org_path=org.path,
                name=f"公司{index}",
                category="economic",
                fixed_staff=female + rng.randrange(0, 40),
                fixed_female_staff=female,
                has_party_organization=party,
                covered_by=org_tree.xinhe_1 if rng.random() < 0.3 else None,
                expected_form=expected_form(
                    fixed_female_staff=female, has_party_organization=party
                ),
            )
        )
    SixinOrganization.objects.bulk_create(rows)
    parent = Region.objects.get(code="120116001")
    Region.objects.bulk_create(
        Region(code=f"120116001{n:03d}", name=f"村{n}", level=Level.VILLAGE, parent=parent)
        for n in range(3, 120)
    )


def _sql_counts(path: str, prefix: str, root_path: str) -> tuple:
    table = SixinOrganization._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT COUNT(*),
                   SUM(CASE WHEN covered_by_id IS NULL AND expected_form = 'standalone' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN covered_by_id IS NULL AND expected_form = 'joint' THEN 1 ELSE 0 END)
              FROM {table} WHERE org_path >= %s AND org_path < %s""",
            [path, path + "~"],
        )
        sixin = cursor.fetchone()
        cursor.execute(
            f"""SELECT COUNT(*), SUM(CASE WHEN EXISTS (
                       SELECT 1 FROM {Organization._meta.db_table} o
                        WHERE o.region_id = r.id AND o.system = 'fl' AND o.is_active
                          AND o.kind NOT IN ('women_group', 'micro_home')
                          AND o.path >= %s AND o.path < %s) THEN 1 ELSE 0 END)
                  FROM {Region._meta.db_table} r WHERE r.level = 'village' AND r.code LIKE %s""",
            [root_path, root_path + "~", prefix + "%"],
        )
        villages = cursor.fetchone()
    return (sixin[0], sixin[1] or 0, sixin[2] or 0, villages[0], villages[1] or 0)


def test_counts_equal_hand_written_sql(org_tree, villages, admin_user, django_assert_num_queries):
    _fill(org_tree, random.Random(14))
    district = Organization.objects.select_related("region").get(pk=org_tree.district.pk)
    children = federation_children(admin_user, district)
    with django_assert_num_queries(2):
        totals, by_child = coverage_for(admin_user, district, children)
    assert (
        totals.sixin_total,
        totals.standalone_due,
        totals.joint_due,
        totals.villages,
        totals.villages_covered,
    ) == _sql_counts(district.path, "120116", district.path)
    xinhe = next(c for c in by_child if c.org_id == org_tree.xinhe.pk)
    assert (
        xinhe.sixin_total,
        xinhe.standalone_due,
        xinhe.joint_due,
        xinhe.villages,
        xinhe.villages_covered,
    ) == _sql_counts(org_tree.xinhe.path, "120116001", district.path)
    assert totals.villages == 120 and totals.sixin_total == 600


def test_generator_spreads_sixin_over_the_scale_tree_with_the_rule_answers(db):
    """``generate_sixin`` (the benchmark's data): rows at county and township federations
    of the scale root only, ``expected_form`` as the rule gives it, some covered, and the
    selectors' counts equal to the generated rows."""
    from lvzhi.core.scopes import PATH_END
    from lvzhi.grassroots.scale import generate_sixin
    from lvzhi.orgs import scale as orgs_scale

    root = Organization.objects.get(code=orgs_scale.generate("district", seed=11).root_code)
    result = generate_sixin(root_code=root.code, count=1200, seed=3)
    rows = SixinOrganization.objects.filter(
        org_path__gte=root.path, org_path__lt=root.path + PATH_END
    )
    assert result["count"] == rows.count() == 1200
    keeper_levels = set(rows.values_list("organization__level", flat=True))
    assert keeper_levels <= {Level.COUNTY, Level.TOWNSHIP} and len(keeper_levels) == 2
    for row in rows[:300]:
        assert row.expected_form == expected_form(
            fixed_female_staff=row.fixed_female_staff,
            has_party_organization=row.has_party_organization,
        )
        assert row.fixed_female_staff <= row.fixed_staff
    covered = rows.filter(covered_by__isnull=False).count()
    assert 0.3 * 1200 < covered < 0.5 * 1200
    standalone = rows.filter(expected_form="standalone").count()
    assert 0.1 * 1200 < standalone < 0.5 * 1200
    generate_sixin(root_code=root.code, count=100, seed=4)  # runs again: adds
    assert rows.count() == 1300
