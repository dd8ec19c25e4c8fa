"""Members demo data for `lvzhi demo`: this year's activities of the committees of
滨海新区妇联's streets, towns and villages (so the roll-ups have something to count), a
few suggestions (one answered), an executive meeting per federation in the first half of
the year, the demo member's published profile, and the compliance rows computed from it
all.

The demo member (account ``zhiwei``) has done everything this year except this quarter's
宣讲, so her phone page shows it as owed until she records one. Idempotent: when the
district already has activities nothing is added.
"""

import datetime as dt
import random
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from lvzhi.core.periods import period_of, today_local
from lvzhi.core.scopes import PATH_END
from lvzhi.members.common.selectors import COMMITTEE_TITLES
from lvzhi.members.compliance import services as compliance
from lvzhi.members.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MemberProfile,
)
from lvzhi.orgs.models import Organization, Position

DISTRICT = "BH-FL"
DEMO_MEMBER = "zhiwei"
PLACES = ("妇女之家", "社区活动室", "党群服务中心", "村委会议室", "新时代文明实践站")
# kind, periods (months per period), chance of doing it in a period
PLAN = (
    (ActivityKind.CONTACT, 3, 0.9),
    (ActivityKind.LECTURE, 3, 0.8),
    (ActivityKind.SURVEY, 6, 0.75),
    (ActivityKind.SUGGESTION, 6, 0.65),
    (ActivityKind.ASSISTANCE, 12, 0.8),
    (ActivityKind.PUBLIC_SERVICE, 12, 0.8),
    (ActivityKind.WORK_RECORD, 12, 0.85),
    (ActivityKind.DELIBERATION, 6, 0.3),
)
NOTES = {
    ActivityKind.CONTACT: "走访联系妇女，了解家庭和就业情况",
    ActivityKind.LECTURE: "宣讲《妇女权益保障法》和家庭家教家风",
    ActivityKind.SURVEY: "收集妇女关于托育服务的意见建议",
    ActivityKind.SUGGESTION: "建议增设社区“四点半课堂”，解决双职工家庭放学后看护难",
    ActivityKind.ASSISTANCE: "帮扶一户困难单亲母亲家庭，协调临时救助",
    ActivityKind.PUBLIC_SERVICE: "参加巾帼志愿服务，清理楼道杂物",
    ActivityKind.WORK_RECORD: "整理本年度履职记录本",
    ActivityKind.DELIBERATION: "参加妇女议事会，讨论妇女之家开放时间",
}


def _day_in(rng, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _periods(months: int, year: int, today: dt.date):
    kind = {3: "quarter", 6: "half", 12: "year"}[months]
    period = period_of(kind, dt.date(year, 1, 1))
    while period.start <= today:
        yield period.start, min(period.end, today)
        period = period.next()


@transaction.atomic
def load_members_demo(today: dt.date | None = None) -> dict:
    today = today or today_local()
    district = Organization.objects.filter(code=DISTRICT).first()
    if district is None:
        return {"activities": 0}
    subtree = Q(org_path__gte=district.path, org_path__lt=district.path + PATH_END)
    if Activity.objects.filter(subtree).exists():
        return {"activities": 0}
    rng = random.Random(2026)
    member_user = get_user_model().objects.filter(username=DEMO_MEMBER).first()
    demo_person_id = getattr(getattr(member_user, "person", None), "pk", None)
    seats = list(
        Position.objects.filter(subtree, title__in=COMMITTEE_TITLES, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("organization")
        .order_by("organization_id", "id")
    )
    current_quarter = period_of("quarter", today)
    activities = []
    for seat in seats:
        start_year = max(today.year, seat.start_date.year)
        for kind, months, chance in PLAN:
            for start, end in _periods(months, start_year, today):
                start = max(start, seat.start_date)
                if start > end:
                    continue
                skip = (
                    seat.person_id == demo_person_id
                    and kind == ActivityKind.LECTURE
                    and start >= current_quarter.start
                )
                if skip or (seat.person_id != demo_person_id and rng.random() > chance):
                    continue
                activities.append(
                    Activity(
                        person_id=seat.person_id,
                        organization=seat.organization,
                        org_path=seat.organization.path,
                        kind=kind,
                        date=_day_in(rng, start, end),
                        place=rng.choice(PLACES),
                        women_reached=rng.randint(3, 40),
                        note=NOTES[kind],
                        status=ActivityStatus.CONFIRMED
                        if rng.random() < 0.7
                        else ActivityStatus.RECORDED,
                    )
                )
    Activity.objects.bulk_create(activities, batch_size=2000)
    answered = Activity.objects.filter(subtree, kind=ActivityKind.SUGGESTION).order_by("id")[:5]
    for suggestion in answered:
        suggestion.answer = "已纳入街道妇联年度实事项目，下半年在试点社区开设。"
        suggestion.answered_at = suggestion.created_at
        suggestion.save(update_fields=["answer", "answered_at"])
    meetings = _meetings(seats, today, rng)
    if demo_person_id is not None:
        MemberProfile.objects.get_or_create(
            person_id=demo_person_id,
            defaults={
                "organization": member_user.person.organization,
                "org_path": member_user.person.org_path,
                "residence": "新河街道",
                "duties": "联系本社区第一妇女小组和两个巾帼微家，宣讲政策，收集妇女意见建议",
                "yearly_tasks": "每季度入户联系妇女不少于1次、开展宣讲不少于1次",
                "results": "今年帮助3名妇女实现就业，协调解决托育难题1件",
                "is_published": True,
                "public_token": secrets.token_urlsafe(16),
            },
        )
    organizations = sorted({seat.organization for seat in seats}, key=lambda o: o.pk)
    rows = compliance.rebuild(organizations=organizations, year=today.year, today=today)
    return {"activities": len(activities), "meetings": meetings, "compliance_rows": rows}


def _meetings(seats, today: dt.date, rng) -> int:
    by_org: dict[int, list] = {}
    for seat in seats:
        by_org.setdefault(seat.organization_id, []).append(seat)
    first_half = dt.date(today.year, 5, 20)
    if first_half > today:
        return 0
    count = 0
    for org_seats in by_org.values():
        organization = org_seats[0].organization
        if rng.random() < 0.1:
            continue  # a few federations did not meet: the R-EX-10 flag shows them
        meeting = Meeting.objects.create(
            organization=organization,
            org_path=organization.path,
            kind=MeetingKind.EXECUTIVE,
            title=f"{today.year}年上半年执委会议",
            date=_day_in(rng, dt.date(today.year, 4, 1), first_half),
            agenda="执委口头述职；妇女代表评议；部署下半年工作",
            representatives_present=rng.randint(5, 15),
        )
        Attendance.objects.bulk_create(
            [
                Attendance(
                    meeting=meeting,
                    person_id=seat.person_id,
                    org_path=organization.path,
                    status=rng.choices(
                        [
                            AttendanceStatus.PRESENT,
                            AttendanceStatus.EXCUSED,
                            AttendanceStatus.ABSENT,
                        ],
                        weights=[85, 10, 5],
                    )[0],
                )
                for seat in {s.person_id: s for s in org_seats}.values()
            ]
        )
        count += 1
    return count


__all__ = ["load_members_demo"]
