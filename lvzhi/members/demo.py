"""Members demo data for `lvzhi demo`: this year's activities of the committees of
滨海新区妇联 (its own committee, its streets, towns and villages — so the roll-ups have
something to count), a few of them returned with a reason; varied suggestions, about a
third answered; an executive meeting per federation (April–May once that is past, else
earlier this year or last winter: any date works) with attendance and the oral reports
given there; contact assignments (R-EX-08) for most members, some gaps left; one unread
reminder per demo account; the demo member's published profile, and the compliance rows
computed from it all.

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
from lvzhi.core.reminders.models import Reminder
from lvzhi.core.scopes import PATH_END
from lvzhi.members.common.selectors import COMMITTEE_TITLES
from lvzhi.members.compliance import services as compliance
from lvzhi.members.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
    ContactAssignment,
    ContactKind,
    Meeting,
    MeetingKind,
    MemberProfile,
    Report,
    ReportKind,
)
from lvzhi.orgs.models import SMALL_UNIT_KINDS, Kind, Organization, Position

PATH_STEP = 4  # characters per tree level of Organization.path (treebeard steplen)

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
SUGGESTIONS = (
    "建议增设社区“四点半课堂”，解决双职工家庭放学后看护难",
    "建议在菜市场旁设母婴室，方便哺乳期妈妈",
    "建议为灵活就业妇女开设电商直播技能培训",
    "建议将两癌筛查延伸到村里，减少老年妇女往返",
    "建议在老旧小区加装路灯，夜间出行更安全",
    "建议组织家庭教育讲座，帮助家长应对孩子沉迷手机",
)
ANSWERS = (
    "已纳入街道妇联年度实事项目，下半年在试点社区开设。",
    "已转区卫健委，明年起巡回筛查进村。",
    "已联系区人社局，下月开班，名额优先困难妇女。",
)
RETURN_REASONS = ("照片与活动内容不符，请补充现场照片", "日期有误，请核对后重新提交")
WOMEN = ("王桂芳", "李秀英", "张玉兰", "刘淑珍", "陈美华", "杨春梅", "赵凤霞", "黄丽娟")
ACCOUNT_REMINDERS = {
    "bh_cadre": "本季度 七个一：各街镇仍有执委未完成宣讲，请督促",
    "xinhe_cadre": "新河街道有待确认的履职活动，请及时确认",
    "cun_chair": "本社区执委的联系对象尚未全部落实，请补充",
    "quanyi_staff": "权益部有即将到期的办件环节",
    "party_approver": "有待审批的办件环节",
    "gh_cadre": "总工会有未答复的监督留言",
    "zhiwei": "本季度您还需开展一次宣讲",
    "admin": "演示数据已加载：可按角色登录查看各工作台",
}
REPORT_TEXTS = (
    "本半年入户联系妇女12户，开展宣讲2次，收集意见建议3条，均已反馈。",
    "联系第一网格妇女小组，组织巾帼志愿服务4次，协调解决托育难题1件。",
    "参加执委培训1次，走访困难妇女家庭5户，提出关于母婴室的建议1条。",
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
                draw = rng.random()
                returned = draw > 0.97 and seat.person_id != demo_person_id
                activities.append(
                    Activity(
                        person_id=seat.person_id,
                        organization=seat.organization,
                        org_path=seat.organization.path,
                        kind=kind,
                        date=_day_in(rng, start, end),
                        place=rng.choice(PLACES),
                        women_reached=rng.randint(3, 40),
                        note=rng.choice(SUGGESTIONS)
                        if kind == ActivityKind.SUGGESTION
                        else NOTES[kind],
                        status=ActivityStatus.RETURNED
                        if returned
                        else ActivityStatus.CONFIRMED
                        if draw < 0.7
                        else ActivityStatus.RECORDED,
                        return_reason=rng.choice(RETURN_REASONS) if returned else "",
                    )
                )
    Activity.objects.bulk_create(activities, batch_size=2000)
    _answer_suggestions(subtree, rng)
    meetings = _meetings(seats, today, rng)
    contacts = _contacts(seats, today, rng)
    _reminders(today)
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
    return {
        "activities": len(activities),
        "meetings": meetings,
        "contacts": contacts,
        "compliance_rows": rows,
    }


def _answer_suggestions(subtree, rng) -> None:
    """About a third of the suggestions answered, by the district or the street cadre."""
    answerer = get_user_model().objects.filter(username="bh_cadre").first()
    suggestions = list(
        Activity.objects.filter(subtree, kind=ActivityKind.SUGGESTION).order_by("id")
    )
    answered = []
    for suggestion in suggestions:
        if rng.random() > 0.35:
            continue
        suggestion.answer = rng.choice(ANSWERS)
        suggestion.answered_at = suggestion.created_at
        suggestion.answered_by = answerer
        answered.append(suggestion)
    Activity.objects.bulk_update(answered, ["answer", "answered_at", "answered_by"], 1000)


def _contacts(seats, today: dt.date, rng) -> int:
    """R-EX-08 contact assignments: most members of a village committee contact one of its
    women's groups or 微家 (or a woman of the community), township members a village's
    group; about one in six has none yet (the gap lists show them)."""
    units: dict[str, list] = {}
    for unit in Organization.objects.filter(kind__in=SMALL_UNIT_KINDS).only("id", "path", "kind"):
        units.setdefault(unit.path[: len(unit.path) - PATH_STEP], []).append(unit)
    contacts = []
    for seat in {seat.person_id: seat for seat in seats}.values():
        if rng.random() < 0.17:
            continue
        organization = seat.organization
        near = [
            unit
            for path, found in units.items()
            if path.startswith(organization.path)
            for unit in found
        ]
        start = max(seat.start_date, today - dt.timedelta(days=400))
        if near and rng.random() < 0.6:
            unit = rng.choice(near)
            kind = ContactKind.GROUP if unit.kind == Kind.WOMEN_GROUP else ContactKind.MICRO_HOME
            contacts.append(
                ContactAssignment(
                    person_id=seat.person_id,
                    organization=organization,
                    org_path=organization.path,
                    kind=kind,
                    unit=unit,
                    start_date=start,
                )
            )
        else:
            contacts.append(
                ContactAssignment(
                    person_id=seat.person_id,
                    organization=organization,
                    org_path=organization.path,
                    kind=ContactKind.WOMAN,
                    woman_name=rng.choice(WOMEN),
                    start_date=start,
                )
            )
    ContactAssignment.objects.bulk_create(contacts, batch_size=1000)
    return len(contacts)


def _reminders(today: dt.date) -> None:
    """One unread reminder for each demo account (what `lvzhi run_daily` would send)."""
    users = get_user_model().objects.filter(username__in=list(ACCOUNT_REMINDERS))
    for user in users.prefetch_related("role_assignments__organization"):
        assignment = next(iter(user.role_assignments.all()), None)
        path = assignment.organization.path if assignment is not None else ""
        Reminder.objects.get_or_create(
            user=user,
            key=f"demo-{today.year}",
            defaults={
                "org_path": path,
                "text": ACCOUNT_REMINDERS[user.username],
                "url": "/workbench/",
            },
        )


def _meetings(seats, today: dt.date, rng) -> int:
    by_org: dict[int, list] = {}
    for seat in seats:
        by_org.setdefault(seat.organization_id, []).append(seat)
    first, last = _meeting_window(today)
    count, reports = 0, []
    for org_seats in by_org.values():
        organization = org_seats[0].organization
        if rng.random() < 0.1:
            continue  # a few federations did not meet: the R-EX-10 flag shows them
        meeting = Meeting.objects.create(
            organization=organization,
            org_path=organization.path,
            kind=MeetingKind.EXECUTIVE,
            title=f"{first.year}年{'上' if first.month <= 6 else '下'}半年执委会议",
            date=_day_in(rng, first, last),
            agenda="执委口头述职；妇女代表评议；部署下半年工作",
            representatives_present=rng.randint(5, 15),
        )
        attendance = [
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
        Attendance.objects.bulk_create(attendance)
        # oral reports (口头述职) at the meeting: most of those present, not all
        reports += [
            Report(
                person_id=row.person_id,
                organization=organization,
                org_path=organization.path,
                kind=ReportKind.ORAL,
                year=meeting.date.year,
                half=1 if meeting.date.month <= 6 else 2,
                date=meeting.date,
                meeting=meeting,
                text=rng.choice(REPORT_TEXTS),
            )
            for row in attendance
            if row.status == AttendanceStatus.PRESENT and rng.random() < 0.8
        ]
        count += 1
    Report.objects.bulk_create(reports, batch_size=1000)
    return count


def _meeting_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """When the demo's executive meetings took place: April to 20 May once that is past;
    earlier in the year, between 5 January and a few days ago; in the first days of
    January, last November and December."""
    year = today.year
    if today >= dt.date(year, 5, 25):
        return dt.date(year, 4, 1), dt.date(year, 5, 20)
    if today >= dt.date(year, 1, 20):
        return dt.date(year, 1, 5), today - dt.timedelta(days=5)
    return dt.date(year - 1, 11, 1), dt.date(year - 1, 12, 20)


__all__ = ["load_members_demo"]
