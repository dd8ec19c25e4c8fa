"""Activity log services and incremental compliance."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lvzhi.core.models import AuditEvent
from lvzhi.core.periods import quarter
from lvzhi.core.scopes import OutOfScope
from lvzhi.members.activities import services as activities
from lvzhi.members.compliance import selectors as compliance_selectors
from lvzhi.members.compliance import services as compliance
from lvzhi.members.models import Activity, ActivityPhoto, MemberCompliance, OrgCompliance

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


def jpeg(width=2400, height=1600, name="photo.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 80)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def test_member_records_lecture_and_quarter_turns_met(committees):
    member = committees.township[1]
    org = committees.tree.xinhe
    compliance.rebuild(organizations=[org], year=2026, today=TODAY)
    row = MemberCompliance.objects.get(person=member, rule_id="R-EX-02", period_code="2026Q4")
    assert row.status == "due"
    counts = OrgCompliance.objects.get(organization=org, rule_id="R-EX-02", period_code="2026Q4")
    assert (counts.members, counts.met, counts.due) == (25, 0, 25)
    activity = activities.activity_record(
        actor=member.user,
        person=member,
        kind="lecture",
        date=TODAY,
        place="新河街道妇女之家",
        women_reached=30,
        photos=[jpeg()],
        today=TODAY,
    )
    row.refresh_from_db()
    counts.refresh_from_db()
    assert row.status == "met" and row.done == 1
    assert (counts.met, counts.due) == (1, 24)
    photo = ActivityPhoto.objects.get(activity=activity)
    with Image.open(photo.display) as shrunk:
        assert max(shrunk.size) == 1280
    assert AuditEvent.objects.filter(object_type="members.activity", action="create").count() == 1
    # Returned by the chair: it stops counting.
    chair = committees.township[0]
    from lvzhi.core.models import Role, RoleAssignment

    RoleAssignment.objects.create(
        user=chair.user, role=Role.objects.get(code="cadre"), organization=org
    )
    with pytest.raises(ValidationError):
        activities.activity_verify(actor=chair.user, activity=activity, confirm=False, today=TODAY)
    activities.activity_verify(
        actor=chair.user, activity=activity, confirm=False, reason="照片与活动不符", today=TODAY
    )
    row.refresh_from_db()
    counts.refresh_from_db()
    assert row.status == "due" and (counts.met, counts.due) == (0, 25)
    rollup = compliance_selectors.rollup(chair.user, committees.tree.xinhe, quarter(2026, 4))
    lecture = next(r for r in rollup if r.rule_id == "R-EX-02")
    assert (lecture.members, lecture.met, lecture.share_met) == (25, 0, 0.0)


def test_bad_input_writes_nothing(committees):
    member = committees.township[1]
    before = (Activity.objects.count(), AuditEvent.objects.count())
    bad = [
        dict(kind="dance", date=TODAY),
        dict(kind="lecture", date=TODAY + dt.timedelta(days=1)),
        dict(kind="lecture", date=TODAY, women_reached=-3),
    ]
    for fields in bad:
        with pytest.raises(ValidationError):
            activities.activity_record(actor=member.user, person=member, today=TODAY, **fields)
    with pytest.raises(ValidationError) as refused:
        activities.activity_record(
            actor=member.user,
            person=member,
            kind="lecture",
            date=TODAY,
            photos=[SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")],
            today=TODAY,
        )
    assert "照片格式无法识别" in str(refused.value)
    assert (Activity.objects.count(), AuditEvent.objects.count()) == before
    other = committees.township[2]
    with pytest.raises(OutOfScope):
        activities.activity_record(
            actor=member.user, person=other, kind="lecture", date=TODAY, today=TODAY
        )


def test_partial_quarter_is_never_a_failure(committees):
    member = committees.township[5]
    seat = member.positions.get()
    seat.end_date = dt.date(2026, 10, 20)
    seat.save()
    compliance.rebuild(organizations=[committees.tree.xinhe], year=2026, today=dt.date(2027, 1, 5))
    row = MemberCompliance.objects.get(person=member, rule_id="R-EX-01", period_code="2026Q4")
    assert row.status == "partial"
    full = MemberCompliance.objects.get(
        person=committees.township[6], rule_id="R-EX-01", period_code="2026Q4"
    )
    assert full.status == "overdue"


def test_the_seat_is_the_latest_committee_seat_begun_by_the_day(committees):
    """``seat_organization`` (plain SQL on the hot path): the latest committee seat begun
    on or before the day, whole as the ORM reads it; other titles and later seats do not
    count."""
    from lvzhi.orgs.models import Organization, Position

    member = committees.township[1]
    xinhe = committees.tree.xinhe
    first = Position.objects.filter(person=member, organization=xinhe).order_by("start_date")[0]
    other = committees.tree.xinhe_1
    Position.objects.create(
        person=member,
        organization=other,
        org_path=other.path,
        title="member",
        start_date=first.start_date + dt.timedelta(days=30),
    )
    Position.objects.create(
        person=member,
        organization=committees.tree.district,
        org_path=committees.tree.district.path,
        title="leader",  # 组长: not a committee seat
        start_date=first.start_date + dt.timedelta(days=60),
    )
    later = first.start_date + dt.timedelta(days=90)
    found = activities.seat_organization(member, later)
    assert found == other
    assert set(found.__dict__) - {"_state"} == {
        field.attname for field in Organization._meta.concrete_fields
    }
    assert activities.seat_organization(member, first.start_date) == xinhe
    assert activities.seat_organization(member, first.start_date - dt.timedelta(days=1)) is None
