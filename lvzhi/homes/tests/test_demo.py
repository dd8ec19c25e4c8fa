"""The demo loader gives the district homes with a designated one, a stale board and an
overdue loan, through the services; a second run adds nothing."""

from lvzhi.core.models import AuditEvent
from lvzhi.core.periods import today_local
from lvzhi.homes import selectors
from lvzhi.homes.demo import load_homes_demo
from lvzhi.homes.models import Home
from lvzhi.orgs.models import Organization


def test_demo_homes(org_tree, admin_user):
    result = load_homes_demo()
    assert result["homes"] == 2 and result["designated"] == 1 and result["loans"] == 3
    district = Organization.objects.get(pk=org_tree.district.pk)
    today = today_local()
    assert selectors.stale_homes(admin_user, district, today).count() == 1
    assert selectors.overdue_loans(admin_user, district, today).count() == 1
    target = selectors.target_counts(admin_user, district)
    assert (target.homes, target.designated, target.verdict.outcome) == (2, 1, "met")
    assert AuditEvent.objects.filter(object_type="homes.home", action="create").count() == 2
    assert load_homes_demo()["homes"] == 0  # idempotent
    assert Home.objects.count() == 2


def test_demo_assessments_at_their_stages(org_tree, admin_user, make_user):
    from lvzhi.homes.models import Assessment, AssessmentStatus

    make_user("bh_cadre", "cadre", org_tree.district)
    result = load_homes_demo()
    assert result["assessments"] == 2
    statuses = sorted(Assessment.objects.values_list("status", flat=True))
    assert statuses == [AssessmentStatus.KEPT, AssessmentStatus.SELF]
    returned = Assessment.objects.get(status=AssessmentStatus.SELF)
    assert returned.parts.get(code="rota").review == "returned"
    assert load_homes_demo()["assessments"] == 0  # idempotent


def test_demo_activities_and_ratings(org_tree, admin_user):
    from lvzhi.homes.models import Activity, QuarterPlan, Rating

    result = load_homes_demo()
    assert result["plans"] == 4 and result["ratings"] > 0
    assert QuarterPlan.objects.filter(published_on__isnull=False).count() == 4
    assert QuarterPlan.objects.exclude(summary="").count() == 2
    assert Activity.objects.count() == result["activities"]
    assert Rating.objects.count() == result["ratings"]
    assert load_homes_demo()["plans"] == 0


def test_demo_deliberation(org_tree, admin_user):
    from lvzhi.homes.models import Decision, Meeting, Topic

    result = load_homes_demo()
    assert result["topics"] == 8 and result["meetings"] == 2 and result["decisions"] == 6
    assert sorted(set(Topic.objects.values_list("status", flat=True))) == [
        "answered",
        "decided",
        "open",
    ]
    assert Decision.objects.filter(major=True, reported_on__isnull=False).count() == 2
    assert all(m.verdicts[-1]["outcome"] == "ok" for m in Meeting.objects.all())
    assert load_homes_demo()["topics"] == 0  # idempotent
