"""The demo loader gives the district homes with a designated one, a stale board and an
overdue loan, through the services; a second run adds nothing. After the ledger's demo,
``lvzhi demo`` lends to women of the ledger (hook ``home_borrowers``)."""

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


def test_demo_member_work_from_the_homes(org_tree, admin_user):
    """With a member seated at a demo home's federation, the demo carries a major issue on
    as her 建议 and counts an activity she led as her 宣讲; a second run adds nothing."""
    import datetime as dt

    from lvzhi.homes.models import Activity, Decision
    from lvzhi.members.models import Activity as MemberActivity
    from lvzhi.orgs.models import Person, Position

    for org in (org_tree.xinhe_1, org_tree.dagu_1):
        person = Person.objects.create(
            organization=org, org_path=org.path, name=f"{org.pk}号执委", gender="F"
        )
        Position.objects.create(
            person=person,
            organization=org,
            org_path=org.path,
            title="member",
            start_date=dt.date(2024, 1, 1),
        )
    result = load_homes_demo()
    assert result["escalated"] == 1 and result["member_activities"] == 1
    decision = Decision.objects.get(escalated_as="suggestion")
    assert MemberActivity.objects.get(pk=decision.suggestion_id).kind == "suggestion"
    counted = Activity.objects.get(member_activity_id__isnull=False)
    assert MemberActivity.objects.get(pk=counted.member_activity_id).kind == "lecture"
    again = load_homes_demo()
    assert again["escalated"] == 0 and again["member_activities"] == 0


def test_demo_lends_to_women_of_the_ledger(org_tree, admin_user, make_user):
    """Run after the ledger's demo, the homes lend two items to women picked from the
    ledger through hook ``home_borrowers`` (one still out, one returned), through the
    services (audited); a second run, or a district without a ledger, adds nothing."""
    from lvzhi.homes.demo import load_ledger_loans_demo
    from lvzhi.homes.models import Loan
    from lvzhi.ledger import services as ledger

    load_homes_demo()
    assert load_ledger_loans_demo() == {"ledger_loans": 0}  # no ledger yet: no loan
    cadre = make_user("xh_cadre", "cadre", org_tree.xinhe)
    women = {
        ledger.entry_create(actor=cadre, organization=org_tree.xinhe_1, name=name, gender="F")
        for name in ("王秀英", "李桂芳", "张丽娟")
    }
    assert load_ledger_loans_demo() == {"ledger_loans": 2}
    loans = list(Loan.objects.filter(borrower_entry_id__isnull=False).order_by("lent_on"))
    by_entry = {entry.pk: entry.name for entry in women}
    assert [by_entry[loan.borrower_entry_id] for loan in loans] == [
        loan.borrower_name for loan in loans
    ]
    assert len({loan.borrower_entry_id for loan in loans}) == 2
    assert {loan.home.organization_id for loan in loans} == {org_tree.xinhe_1.pk}
    assert loans[0].returned_on is not None and loans[1].returned_on is None
    for loan in loans:
        assert AuditEvent.objects.filter(
            object_type="homes.loan", object_id=str(loan.pk), action="create"
        ).exists()
    assert load_ledger_loans_demo() == {"ledger_loans": 0}  # idempotent
    assert Loan.objects.filter(borrower_entry_id__isnull=False).count() == 2


def test_the_demo_command_ends_with_loans_to_the_ledgers_women(db, settings):
    """``lvzhi demo`` loads the ledger's demo after the homes', then lends to its women."""
    import io
    import json

    from django.core.management import call_command

    from lvzhi.homes.models import Loan
    from lvzhi.ledger.models import Entry
    from lvzhi.orgs.demo import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    out = io.StringIO()
    call_command("demo", "--no-migrate", "--json", stdout=out)
    assert json.loads(out.getvalue())["homes"]["ledger_loans"] == 2
    loans = Loan.objects.filter(borrower_entry_id__isnull=False)
    assert loans.count() == 2 and loans.filter(returned_on__isnull=True).count() == 1
    for loan in loans:
        entry = Entry.objects.get(pk=loan.borrower_entry_id)
        assert entry.name == loan.borrower_name and entry.closed_on is None
        assert entry.org_path.startswith(loan.home.org_path)
