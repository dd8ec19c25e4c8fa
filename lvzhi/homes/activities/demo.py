"""Demo activities (R-HM-06) for the first homes of the demo district (the village
chair's among them): last quarter's plan with its activities and generated summary, this
quarter's plan published after recording wishes, activities held (sign-in, photo,
results) and one to come, and a few public ratings through the rating service (so the
public page shows them). Idempotent: nothing is added once the district has a plan."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core.periods import today_local

from .. import rules
from ..models import Activity, Home, QuarterPlan
from . import ratings, services

HOMES = 8
PLANNED = (
    ("家庭教育公益讲座", "warmth", "", "家长学校讲师讲授亲子沟通"),
    ("巾帼志愿者环境整治", "image", "", "志愿者清理楼道、宣传垃圾分类"),
    ("学习党的二十大精神宣讲", "party", "", "巾帼宣讲员进社区"),
    ("女性创业就业技能培训", "merit", "womens_day", "电商直播与手工编织培训"),
)


def _photo(n: int):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (96, 64), ("#c0392b", "#2980b9", "#27ae60", "#8e44ad")[n % 4]).save(
        buffer, "JPEG"
    )
    return SimpleUploadedFile(f"activity{n}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _quarter_day(year, quarter, day: dt.date, back: int) -> dt.date:
    start, _end = rules.quarter_bounds(year, quarter)
    return max(start, day - dt.timedelta(days=back))


def load_member_activity_demo(admin, subtree: dict) -> dict:
    """One held activity of the quarter led by an executive member seated at the home's
    federation, counted as her 宣讲 for 七个一. Once: nothing when one already counts."""
    from ..deliberation.services import seated_members

    if Activity.objects.filter(**subtree, member_activity_id__isnull=False).exists():
        return {"member_activities": 0}
    today = today_local()
    held = (
        Activity.objects.filter(**subtree, signed_in__isnull=False, date__lte=today)
        .select_related("home__organization")
        .order_by("org_path", "-date", "id")
    )
    for activity in held:
        leader = seated_members(activity.home, activity.date).first()
        if leader is not None:
            services.activity_update(
                actor=admin, activity=activity, leader=leader, counts_as="lecture"
            )
            return {"member_activities": 1}
    return {"member_activities": 0}


def load_activities_demo(admin, subtree: dict) -> dict:
    counts = {"plans": 0, "activities": 0, "ratings": 0}
    if QuarterPlan.objects.filter(**subtree).exists():
        counts.update(load_member_activity_demo(admin, subtree))
        return counts
    today = today_local()
    year, quarter = rules.quarter_of(today)
    last_year, last_quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    homes = list(Home.objects.filter(**subtree).select_related("organization").order_by("org_path"))
    chosen = [h for h in homes if h.organization.code == "BH-FL-006-02"]
    chosen += [h for h in homes if h not in chosen][: HOMES - len(chosen)]
    for index, home in enumerate(chosen):
        last = services.plan_create(
            actor=admin,
            home=home,
            year=last_year,
            quarter=last_quarter,
            content="围绕家庭教育和志愿服务开展活动",
        )
        services.wish_add(actor=admin, plan=last, text="希望多办亲子活动", source="visit", count=8)
        services.plan_publish(
            actor=admin, plan=last, today=rules.quarter_bounds(last_year, last_quarter)[0]
        )
        _l_start, l_end = rules.quarter_bounds(last_year, last_quarter)
        for n, (title, theme, key_date, content) in enumerate(PLANNED[:2]):
            services.activity_create(
                actor=admin,
                plan=last,
                title=title,
                date=l_end - dt.timedelta(days=20 + 15 * n),
                theme=theme,
                key_date=key_date,
                content=content,
                flow="签到、开场、主体活动、交流反馈",
                participants="辖区妇女、家长",
                signed_in=20 + 5 * n,
                results=f"{20 + 5 * n}名妇女参加，收集意见建议{3 + n}条",
                photos=[_photo(n)],
            )
            counts["activities"] += 1
        services.summary_generate(actor=admin, plan=last)
        plan = services.plan_create(
            actor=admin,
            home=home,
            year=year,
            quarter=quarter,
            content="征求妇女意见后确定：家庭教育讲座、志愿服务、理论宣讲、技能培训",
        )
        services.wish_add(actor=admin, plan=plan, text="想学家庭教育方法", source="visit", count=15)
        services.wish_add(actor=admin, plan=plan, text="希望有技能培训", source="online", count=9)
        services.plan_publish(actor=admin, plan=plan)
        counts["plans"] += 2
        for n, (title, theme, key_date, content) in enumerate(PLANNED[:3]):
            held = n < 2
            date = _quarter_day(year, quarter, today, 12 - 5 * n) if held else None
            if date is None:
                _s, end = rules.quarter_bounds(year, quarter)
                date = min(end, today + dt.timedelta(days=7))
                if date <= today:
                    continue
            activity = services.activity_create(
                actor=admin,
                plan=plan,
                title=title,
                date=date,
                theme=theme,
                key_date=key_date,
                content=content,
                flow="签到、开场、主体活动、交流反馈",
                participants="辖区妇女",
                signed_in=30 + index if held else None,
                results=f"{30 + index}名妇女参加，满意度高" if held else "",
                photos=[_photo(n + index)] if held else [],
            )
            counts["activities"] += 1
            if held:
                for r, score in enumerate((5, 4, 5)[: 1 + (index + n) % 3]):
                    ratings.rating_create(
                        actor=None,
                        activity=activity,
                        score=score,
                        comment="活动很实用" if r == 0 else "",
                        token=ratings.form_token(activity),
                        client_address=f"demo-{index}-{n}-{r}",
                    )
                    counts["ratings"] += 1
    counts.update(load_member_activity_demo(admin, subtree))
    return counts
