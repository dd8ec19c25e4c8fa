"""The set-based compliance rebuild of the scale generator writes exactly the rows and
counts of ``compliance.services.rebuild``; the generator seats committees, logs
activities and computes compliance on a small tree."""

import datetime as dt
import random

import pytest

from lvzhi.core.scopes import PATH_END
from lvzhi.members import scale
from lvzhi.members.compliance import services as compliance
from lvzhi.members.models import Activity, MemberCompliance, OrgCompliance
from lvzhi.members.tests.conftest import SEATED_ON
from lvzhi.orgs.models import Organization, Person, Position, Title

pytestmark = pytest.mark.django_db

KINDS = [k for k, _ in scale.KIND_WEIGHTS]


def member_rows():
    return sorted(
        MemberCompliance.objects.values_list(
            "person_id",
            "organization_id",
            "org_path",
            "rule_id",
            "period_code",
            "period_start",
            "period_end",
            "required",
            "done",
            "status",
            "source",
        )
    )


def org_rows():
    return sorted(
        OrgCompliance.objects.values_list(
            "organization_id",
            "org_path",
            "rule_id",
            "period_code",
            "members",
            "met",
            "due",
            "overdue",
            "partial",
            "not_required",
        )
    )


def subtree(root):
    return Organization.objects.filter(path__gte=root.path, path__lt=root.path + PATH_END)


def both_ways(root, year, today):
    compliance.rebuild(organizations=subtree(root), year=year, today=today)
    expected = member_rows(), org_rows()
    MemberCompliance.objects.all().delete()
    OrgCompliance.objects.all().delete()
    written = scale.rebuild_sql(root=root, year=year, today=today)
    assert written == len(expected[0])
    return expected, (member_rows(), org_rows())


@pytest.fixture
def varied(committees):
    """Committees with the awkward cases: a member who joined mid-quarter, one who left,
    one who left before the year (not required), one holding two seats in a row at the
    same federation, and activities of every kind and status (returned ones too), some
    after today or outside the seat."""
    tree = committees.tree
    township, village = committees.township, committees.village
    joined = township[5].positions.get()
    joined.start_date = dt.date(2026, 8, 10)
    joined.save()
    left = township[6].positions.get()
    left.end_date = dt.date(2026, 5, 3)
    left.save()
    gone = village[7].positions.get()
    gone.end_date = dt.date(2025, 12, 31)
    gone.save()
    twice = village[8].positions.get()
    twice.end_date = dt.date(2026, 3, 31)
    twice.save()
    Position.objects.create(
        person=village[8],
        organization=tree.xinhe_1,
        org_path=tree.xinhe_1.path,
        title=Title.MEMBER,
        start_date=dt.date(2026, 6, 1),
    )
    # A leader seat (not a committee seat) does not count.
    Position.objects.create(
        person=village[9],
        organization=tree.xinhe,
        org_path=tree.xinhe.path,
        title=Title.LEADER,
        start_date=SEATED_ON,
    )
    outsider = Person.objects.create(organization=tree.dagu, org_path=tree.dagu.path, name="路人")
    rng = random.Random(5)
    rows = []
    for person in [*township, *village, outsider]:
        organization = tree.xinhe if person in township else person.organization
        for _ in range(rng.randint(0, 14)):
            rows.append(
                Activity(
                    person=person,
                    organization=organization,
                    org_path=organization.path,
                    kind=rng.choice(KINDS),
                    date=dt.date(2025, 12, 20) + dt.timedelta(days=rng.randrange(390)),
                    status=rng.choice(["recorded", "confirmed", "confirmed", "returned"]),
                )
            )
    Activity.objects.bulk_create(rows)
    return committees


@pytest.mark.parametrize("today", [dt.date(2026, 8, 15), dt.date(2026, 11, 20)])
def test_rebuild_sql_equals_rebuild(varied, today):
    expected, got = both_ways(varied.tree.city, 2026, today)
    assert got == expected
    statuses = {row[9] for row in got[0]}
    assert {"met", "due", "partial", "not_required"} <= statuses
    if today.month > 6:
        assert "overdue" in statuses


def test_rebuild_sql_after_the_year(varied):
    expected, got = both_ways(varied.tree.city, 2026, dt.date(2027, 1, 10))
    assert got == expected
    assert not any(row[9] == "due" for row in got[0])


def test_generate_members_small_tree(org_tree):
    today = dt.date(2026, 11, 20)
    result = scale.generate_members(org_tree.city, year=2026, today=today, seed=3)
    counts = result["counts"]
    federations = {o.pk: o for o in subtree(org_tree.city).filter(level__in=list(scale.SIZES))}
    assert counts["federations"] == len(federations) == 4
    for pk, org in federations.items():
        size = Position.objects.filter(organization_id=pk).count()
        low, high = scale.SIZES[org.level]
        assert low <= size <= high
    people = Person.objects.count()
    assert counts["people"] == people
    assert Activity.objects.count() == counts["activities"] >= people * 3
    assert not Activity.objects.filter(date__gt=today).exists()
    # 2 quarterly rules × 4 + 2 half-yearly × 2 + 3 yearly, every member.
    assert counts["compliance_rows"] == MemberCompliance.objects.count() == people * 15
    generated = member_rows(), org_rows()
    compliance.rebuild(organizations=subtree(org_tree.city), year=2026, today=today)
    assert (member_rows(), org_rows()) == generated
