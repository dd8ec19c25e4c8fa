"""A visit (走访) by an executive member counts as a 联系 activity for 七个一 (R-EX-01):
recorded, moved and deleted with the visit, guarded on the activity pages, and naming no
woman (no PII leaves the ledger)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.ledger import services_grids
from lvzhi.ledger.models import Visit
from lvzhi.members.activities import services as activity_services
from lvzhi.members.models import Activity, ActivityKind, MemberCompliance
from lvzhi.orgs.models import Position, Term, Title

from .conftest import id_number

pytestmark = pytest.mark.django_db
BASE = "/api/v1/ledger"


@pytest.fixture
def seated(ledger):
    """The grid worker sits on 新河一社区妇联's committee since 2024."""
    community = ledger.community
    term = Term.objects.create(
        organization=community,
        org_path=community.path,
        number=1,
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2028, 12, 31),
    )
    Position.objects.create(
        person=ledger.worker_person,
        organization=community,
        org_path=community.path,
        term=term,
        title=Title.MEMBER,
        start_date=dt.date(2024, 1, 1),
    )
    return ledger.worker_person


def _row(person, code):
    return MemberCompliance.objects.filter(person=person, rule_id="R-EX-01", period_code=code)


def _woman(make_entry, ledger):
    return make_entry(
        "李桂芳",
        grid=ledger.grid,
        id_number=id_number(),
        phone="13812345678",
        address="幸福里3号楼",
    )


def test_visit_by_a_member_counts_as_a_contact_activity_naming_no_woman(
    ledger, seated, make_entry, today
):
    entry = _woman(make_entry, ledger)
    visit = services_grids.visit_create(
        actor=ledger.worker,
        entry=entry,
        date=today,
        findings="李桂芳独居，丈夫外出务工",
        needs="子女课后托管",
        today=today,
    )
    activity = Activity.objects.get(pk=visit.activity_id)
    assert Visit.objects.get(pk=visit.pk).activity_id == activity.pk
    assert (activity.kind, activity.date, activity.person_id) == (
        ActivityKind.CONTACT,
        today,
        seated.pk,
    )
    assert activity.women_reached == 1 and activity.women == "" and activity.place == ""
    text = " ".join(str(getattr(activity, f.attname) or "") for f in Activity._meta.concrete_fields)
    events = " ".join(
        str(e.changes) for e in AuditEvent.objects.filter(object_type="members.activity")
    )
    for secret in ("李桂芳", entry.id_number, "13812345678", "幸福里", "托管", "独居"):
        assert secret not in text and secret not in events
    row = _row(seated, "2026Q4").get()
    assert (row.done, row.status) == (1, "met")


def test_visit_by_someone_on_no_committee_records_no_activity(ledger, make_entry, today):
    entry = _woman(make_entry, ledger)
    visit = services_grids.visit_create(
        actor=ledger.worker, entry=entry, date=today, findings="在家", today=today
    )
    assert visit.activity_id is None and not Activity.objects.exists()


def test_moving_the_visit_moves_the_activity_and_both_quarters(ledger, seated, make_entry, today):
    entry = _woman(make_entry, ledger)
    visit = services_grids.visit_create(
        actor=ledger.worker, entry=entry, date=today, findings="在家", today=today
    )
    earlier = dt.date(2026, 8, 10)
    services_grids.visit_update(
        actor=ledger.worker, visit=visit, date=earlier, findings="在家，身体好", today=today
    )
    activity = Activity.objects.get(pk=visit.activity_id)
    assert activity.date == earlier and Activity.objects.count() == 1
    assert _row(seated, "2026Q4").get().done == 0
    assert _row(seated, "2026Q3").get().done == 1
    # text only: the activity stays as it is
    services_grids.visit_update(actor=ledger.worker, visit=visit, needs="就业培训", today=today)
    assert Activity.objects.get().date == earlier


def test_deleting_the_visit_deletes_the_activity(ledger, seated, make_entry, today):
    entry = _woman(make_entry, ledger)
    visit = services_grids.visit_create(
        actor=ledger.worker, entry=entry, date=today, findings="在家", today=today
    )
    assert _row(seated, "2026Q4").get().done == 1
    services_grids.visit_delete(actor=ledger.worker, visit=visit, today=today)
    assert not Visit.objects.exists() and not Activity.objects.exists()
    assert _row(seated, "2026Q4").get().done == 0


def test_activity_pages_may_not_edit_or_delete_a_visits_activity(ledger, seated, make_entry, today):
    entry = _woman(make_entry, ledger)
    visit = services_grids.visit_create(
        actor=ledger.worker, entry=entry, date=today, findings="在家", today=today
    )
    activity = Activity.objects.get(pk=visit.activity_id)
    with pytest.raises(ValidationError, match="走访记录"):
        activity_services.activity_update(
            actor=ledger.worker, activity=activity, date=dt.date(2026, 7, 1), today=today
        )
    with pytest.raises(ValidationError, match="走访记录"):
        activity_services.activity_delete(actor=ledger.cadre, activity=activity, today=today)
    assert Activity.objects.get().date == today
    assert _row(seated, "2026Q4").get().done == 1


def test_other_people_may_not_edit_a_visit(ledger, seated, make_entry, today):
    from lvzhi.core.scopes import OutOfScope

    entry = _woman(make_entry, ledger)
    visit = services_grids.visit_create(
        actor=ledger.worker, entry=entry, date=today, findings="在家", today=today
    )
    for actor in (ledger.other_cadre, ledger.staff):
        with pytest.raises(OutOfScope):
            services_grids.visit_delete(actor=actor, visit=visit, today=today)
    assert Visit.objects.exists() and Activity.objects.exists()
    # the community's cadre may
    services_grids.visit_delete(actor=ledger.cadre, visit=visit, today=today)
    assert not Activity.objects.exists()


def test_visit_api_answers_the_activity_and_patch_delete_keep_it(ledger, seated, make_entry):
    from lvzhi.core.periods import today_local

    day = today_local()
    entry = _woman(make_entry, ledger)
    api = APIClient()
    api.force_authenticate(ledger.worker)
    created = api.post(
        f"{BASE}/visits/", {"entry": entry.pk, "date": day.isoformat(), "findings": "在家"}
    )
    assert created.status_code == 201, created.content
    body = created.json()
    activity = Activity.objects.get()
    assert body["activity"] == activity.pk
    bad = api.patch(f"{BASE}/visits/{body['id']}/", {"findings": ""}, format="json")
    assert bad.status_code == 400 and "不能为空" in str(bad.json())
    future = api.patch(
        f"{BASE}/visits/{body['id']}/",
        {"date": (day + dt.timedelta(days=3)).isoformat()},
        format="json",
    )
    assert future.status_code == 400
    assert Activity.objects.get().date == day
    earlier = day - dt.timedelta(days=1)
    moved = api.patch(f"{BASE}/visits/{body['id']}/", {"date": earlier.isoformat()}, format="json")
    assert moved.status_code == 200, moved.content
    assert moved.json()["activity"] == activity.pk and Activity.objects.get().date == earlier
    api.force_authenticate(ledger.other_cadre)
    assert api.delete(f"{BASE}/visits/{body['id']}/").status_code == 404
    api.force_authenticate(ledger.worker)
    assert api.delete(f"{BASE}/visits/{body['id']}/").status_code == 204
    assert not Visit.objects.exists() and not Activity.objects.exists()


def test_visit_pages_edit_and_delete_keep_the_activity(client, ledger, seated, make_entry):
    from django.urls import reverse

    from lvzhi.core.periods import today_local

    day = today_local()
    entry = _woman(make_entry, ledger)
    visit = services_grids.visit_create(actor=ledger.worker, entry=entry, date=day, findings="在家")
    client.force_login(ledger.other_cadre)
    assert client.get(reverse("ledger:visit-edit", args=[visit.pk])).status_code == 404
    assert client.post(reverse("ledger:visit-delete", args=[visit.pk])).status_code == 404
    client.force_login(ledger.cadre)
    page = client.get(reverse("ledger:entry", args=[entry.pk]))
    assert reverse("ledger:visit-edit", args=[visit.pk]) in page.content.decode()
    earlier = day - dt.timedelta(days=2)
    answer = client.post(
        reverse("ledger:visit-edit", args=[visit.pk]),
        {"date": earlier.isoformat(), "findings": "在家，身体好", "needs": "", "follow_up": ""},
    )
    assert answer.status_code == 302
    assert Activity.objects.get(pk=visit.activity_id).date == earlier
    bad = client.post(
        reverse("ledger:visit-edit", args=[visit.pk]),
        {"date": (day + dt.timedelta(days=5)).isoformat(), "findings": "x"},
    )
    assert bad.status_code == 400 and Activity.objects.get().date == earlier
    answer = client.post(reverse("ledger:visit-delete", args=[visit.pk]))
    assert answer.status_code == 302
    assert not Visit.objects.exists() and not Activity.objects.exists()
