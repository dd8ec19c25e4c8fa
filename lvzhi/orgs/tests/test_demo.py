"""`lvzhi demo`: the Binhai demo district, its committees and accounts, loaded idempotently.

The demo is loaded once for the module inside a transaction that is rolled back at the end;
each test runs in a savepoint inside it.
"""

import datetime as dt
import io
import json
from collections import Counter, defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from lvzhi.core.models import AuditEvent, Role, RoleAssignment
from lvzhi.core.pii import blind_index
from lvzhi.orgs import rules
from lvzhi.orgs.demo import BINHAI_TOWNSHIPS, DEMO_PASSWORD, load_demo
from lvzhi.orgs.models import (
    Department,
    Kind,
    Level,
    Organization,
    PartyOrganization,
    Person,
    Position,
    Region,
    Tenure,
    Term,
    Title,
)
from lvzhi.orgs.services import organization_search_text, person_search_text

STREETS = (
    "杭州道街道 新河街道 大沽街道 新北街道 北塘街道 胡家园街道 泰达街道 汉沽街道 寨上街道 古林街道 "
    "海滨街道 塘沽街道 茶淀街道 大港街道 新港街道 新村街道 新城镇 杨家泊镇 太平镇 小王庄镇 中塘镇"
).split()
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        with transaction.atomic():
            summary = load_demo()
            yield summary
            transaction.set_rollback(True)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Region,
            Organization,
            Department,
            PartyOrganization,
            Term,
            Person,
            Position,
            RoleAssignment,
            get_user_model(),
        )
    }


def active_positions(org):
    return Position.objects.filter(organization=org, end_date__isnull=True)


@pytest.mark.django_db
def test_twenty_one_townships_under_binhai(demo):
    district = Organization.objects.get(code="BH-FL")
    assert district.name == "天津市滨海新区妇女联合会" and district.level == Level.COUNTY
    assert Organization.objects.get_parent(district).code == "TJ-FL"
    townships = list(Organization.objects.get_children(district))
    assert sorted(t.name for t in townships) == sorted(f"{name}妇女联合会" for name in STREETS)
    assert {t.level for t in townships} == {Level.TOWNSHIP}
    assert {t.system for t in townships} == {"fl"}
    assert [name for name, _ in BINHAI_TOWNSHIPS] == STREETS
    for township in townships:
        assert township.region.parent.code == "120116"
        assert len(township.region.code) == 9
        assert township.name == f"{township.region.name}妇女联合会"
        villages = list(Organization.objects.get_children(township))
        assert 2 <= len(villages) <= 3
        assert all(v.name.endswith(("社区妇女联合会", "村妇女联合会")) for v in villages)
    assert Region.objects.get(code="120116006").name == "新河街道"
    assert Region.objects.get(code="120116107").name == "中塘镇"
    assert Organization.objects.filter(kind=Kind.WOMEN_GROUP).exists()
    assert Organization.objects.filter(kind=Kind.MICRO_HOME).exists()
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    for org in Organization.objects.all():
        assert org.search_text == organization_search_text(org)


@pytest.mark.django_db
def test_unions_departments_and_party_organizations(demo):
    union = Organization.objects.get(code="BH-GH")
    assert Organization.objects.get_parent(union).name == "天津市总工会"
    kinds = set(Organization.objects.get_children(union).values_list("kind", flat=True))
    assert kinds == {Kind.GRASSROOTS_UNION, Kind.JOINT_UNION}
    assert set(
        Department.objects.filter(organization__code="BH-FL").values_list("name", flat=True)
    ) == {"宣传部", "组织部", "权益部", "家儿部", "发展部", "办公室", "妇儿工委办"}
    assert set(
        Department.objects.filter(organization__code="BH-GH").values_list("name", flat=True)
    ) == {"宣传网络部", "统筹发展部", "基层工作部", "权益保障部", "财务资产管理部", "机关党委"}
    district = Organization.objects.get(code="BH-FL")
    assert district.party_organization.name == "中共天津市滨海新区委员会"
    xinhe = Organization.objects.get(name="新河街道妇女联合会")
    assert xinhe.party_organization.name.endswith("新河街道工作委员会")
    townships = Organization.objects.filter(level=Level.TOWNSHIP)
    assert not townships.filter(party_organization__isnull=True).exists()


@pytest.mark.django_db
def test_committee_sizes_and_seats(demo):
    seats_by_org = defaultdict(list)
    for seat in Position.objects.filter(end_date__isnull=True).select_related("organization"):
        seats_by_org[seat.organization].append(seat)
    chairs_of_villages = defaultdict(set)
    for org, seats in seats_by_org.items():
        titles = Counter(seat.title for seat in seats)
        if org.level == Level.TOWNSHIP:
            assert 25 <= len(seats) <= 29, org.name
            assert titles[Title.CHAIR] == 1 and 2 <= titles[Title.VICE_CHAIR] <= 4
            assert {s.tenure for s in seats if s.title == Title.VICE_CHAIR} <= {
                Tenure.FULL_TIME,
                Tenure.PART_TIME,
                Tenure.SECONDED,
            }
            assert sum(s.is_standing for s in seats) >= 3
            assert all(s.tenure == "" for s in seats if s.title == Title.MEMBER)
        elif org.level == Level.VILLAGE:
            assert 10 <= len(seats) <= 15, org.name
            assert titles[Title.CHAIR] == 1 and titles[Title.VICE_CHAIR] >= 1
            chair = next(s.person_id for s in seats if s.title == Title.CHAIR)
            chairs_of_villages[org.path[: -Organization.steplen]].add(chair)
        elif org.kind in (Kind.WOMEN_GROUP, Kind.MICRO_HOME):
            assert [s.title for s in seats] == [Title.LEADER]
    townships = Organization.objects.filter(level=Level.TOWNSHIP)
    villages = Organization.objects.filter(level=Level.VILLAGE)
    assert all(t in seats_by_org for t in townships) and all(v in seats_by_org for v in villages)
    for township in townships:  # R-MB-04: the village chairs sit on the township committee
        members = {s.person_id for s in seats_by_org[township]}
        assert chairs_of_villages[township.path] <= members
    assert Position.objects.filter(end_date__isnull=False).exclude(end_reason="").exists()
    for model in (Position, Person, Term, Department, PartyOrganization):
        for row in model.objects.select_related("organization"):
            assert row.org_path == row.organization.path


@pytest.mark.django_db
def test_people_have_valid_ids_phones_and_hashes(demo):
    people = list(Person.objects.all())
    assert len(people) > 1000
    assert len({p.id_number_hash for p in people}) == len(people)
    women = 0
    for person in people:
        assert rules.normalize_id_number(person.id_number) == person.id_number
        assert person.id_number_hash == blind_index(person.id_number)
        assert rules.check_person_identity(person.id_number, person.birth_date, person.gender) == {}
        assert rules.normalize_phone(person.phone) == person.phone
        assert person.search_text == person_search_text(person)
        women += person.gender == "F"
    assert women / len(people) > 0.9
    event = AuditEvent.objects.filter(object_type="orgs.person").first()
    assert event is not None and event.actor.username == "admin"
    flat = json.dumps(event.changes, ensure_ascii=False)
    person = Person.objects.get(pk=event.object_id)
    assert person.id_number not in flat and person.phone not in flat
    assert AuditEvent.objects.filter(object_type="orgs.person", action="create").count() == len(
        people
    )


@pytest.mark.django_db
def test_terms_include_an_overdue_township(demo):
    today = dt.date.today()
    overdue = []
    for township in Organization.objects.filter(level=Level.TOWNSHIP):
        latest = Term.objects.filter(organization=township).order_by("-number").first()
        assert latest is not None
        verdict = rules.term_verdict(end_date=latest.end_date, today=today, renewed=False)
        if verdict.outcome == "overdue":
            overdue.append(township.name)
    assert overdue
    assert (
        not Organization.objects.filter(level__in=[Level.TOWNSHIP, Level.VILLAGE])
        .exclude(terms__isnull=False)
        .exists()
    )
    seats = Position.objects.filter(organization__level=Level.TOWNSHIP, end_date__isnull=True)
    assert not seats.filter(term__isnull=True).exists()


@pytest.mark.django_db
def test_accounts_have_their_roles(demo):
    User = get_user_model()
    expected = {
        "admin": ("platform_admin", "TJ-FL"),
        "bh_cadre": ("cadre", "BH-FL"),
        "xinhe_cadre": ("cadre", "BH-FL-006"),
        "quanyi_staff": ("department_staff", "BH-FL"),
        "zhiwei": ("member", "BH-FL-006-01"),
        "cun_chair": ("cadre", "BH-FL-006-02"),
        "party_approver": ("party_approver", "BH-FL-006"),
        "gh_cadre": ("cadre", "BH-GH"),
    }
    for username, (role, org_code) in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assignment = RoleAssignment.objects.get(user=user)
        assert (assignment.role.code, assignment.organization.code) == (role, org_code)
    assert User.objects.get(username="admin").is_superuser
    assert Role.objects.get(code="platform_admin").is_global
    staff = RoleAssignment.objects.get(user__username="quanyi_staff")
    assert staff.department.name == "权益部" and not staff.include_descendants
    zhiwei = User.objects.get(username="zhiwei")
    assert zhiwei.person.organization.code == "BH-FL-006-01"
    assert zhiwei.person.positions.filter(title=Title.MEMBER).exists()
    approver = User.objects.get(username="party_approver")
    assert approver.party_organizations.get().name.endswith("新河街道工作委员会")
    xinhe = User.objects.get(username="xinhe_cadre")
    xinhe_org = Organization.objects.get(code="BH-FL-006")
    expected_ids = {xinhe_org.pk} | set(
        Organization.objects.get_descendants(xinhe_org).values_list("pk", flat=True)
    )
    assert set(Organization.objects.restrict(xinhe, "view").values_list("pk", flat=True)) == (
        expected_ids
    )
    gh = User.objects.get(username="gh_cadre")
    assert set(Organization.objects.restrict(gh, "view").values_list("system", flat=True)) == {"gh"}
    accounts = {a["username"]: a for a in demo.accounts}
    assert set(accounts) == set(expected)
    assert all(a["password"] == DEMO_PASSWORD for a in accounts.values())


@pytest.mark.django_db
def test_running_twice_changes_nothing(demo):
    before = counts()
    again = load_demo()
    assert again.created == {}
    assert counts() == before
    out = io.StringIO()
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        call_command("demo", "--no-migrate", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["url"] == "http://127.0.0.1:8000/"
    assert {a["username"] for a in summary["accounts"]} >= {"admin", "bh_cadre", "zhiwei"}
    assert summary["counts"]["townships"] == 21
    # the command also loads the other apps' demos (grassroots adds the village regions
    # its coverage counts need); a second run of the whole command adds nothing
    before = counts()
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        call_command("demo", "--no-migrate", "--json", stdout=io.StringIO())
    assert counts() == before


@pytest.mark.django_db
def test_command_prints_the_accounts_table(demo):
    out = io.StringIO()
    call_command("demo", "--no-migrate", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    for username in (
        "admin",
        "bh_cadre",
        "xinhe_cadre",
        "quanyi_staff",
        "zhiwei",
        "cun_chair",
        "party_approver",
        "gh_cadre",
    ):
        assert username in text
    assert DEMO_PASSWORD in text and "部门人员（权益部）" in text
