"""Demo deliberation (R-HM-07) for the first homes of the demo district (the village
chair's among them), through the services: topics from a visit, the chair's mailbox and
the public form; a meeting with executive members and the village party secretary; one
decision fed back, one major issue reported up (the first carried on as an executive
member's 建议), one still waiting for its feedback, and one topic still open. Idempotent: nothing is added once the district has a topic."""

import datetime as dt

from lvzhi.core.periods import today_local

from ..models import Home, Topic
from . import services

HOMES = 3


def load_escalation_demo(admin, subtree: dict) -> dict:
    """The first home's major issue carried on as a 建议 of an executive member seated at
    its federation (the township answers it on the suggestions page, and the meeting shows
    the answer). Once: nothing is added when an issue of the district was carried on."""
    from ..models import Decision

    if Decision.objects.filter(**subtree).exclude(escalated_as="").exists():
        return {"escalated": 0}
    today = today_local()
    for decision in (
        Decision.objects.filter(**subtree, major=True)
        .select_related("meeting__home__organization")
        .order_by("org_path", "id")
    ):
        member = services.seated_members(decision.meeting.home, today).first()
        if member is not None:
            services.decision_escalate(
                actor=admin, decision=decision, escalate_as="suggestion", person=member
            )
            return {"escalated": 1}
    return {"escalated": 0}


def load_deliberation_demo(admin, subtree: dict) -> dict:
    counts = {"topics": 0, "meetings": 0, "decisions": 0}
    if Topic.objects.filter(**subtree).exists():
        counts.update(load_escalation_demo(admin, subtree))
        return counts
    today = today_local()
    homes = list(Home.objects.filter(**subtree).select_related("organization").order_by("org_path"))
    chosen = [h for h in homes if h.organization.code == "BH-FL-006-02"]
    chosen += [h for h in homes if h not in chosen][: HOMES - len(chosen)]
    for home in chosen:
        day = today - dt.timedelta(days=20)
        lights = services.topic_create(
            actor=admin,
            home=home,
            title="村道路灯损坏，妇女夜间出行不便",
            source="visit",
            raised_on=day,
            raised_by="刘大姐",
        )
        care = services.topic_create(
            actor=admin,
            home=home,
            title="放学后留守儿童无人看护",
            source="mailbox",
            raised_on=day,
        )
        dance = services.topic_create(
            actor=admin,
            home=home,
            title="广场舞场地与居民休息时间冲突",
            source="online",
            raised_on=day,
        )
        services.topic_create(
            actor=admin,
            home=home,
            title="希望开设家政技能培训班",
            source="visit",
            raised_on=today - dt.timedelta(days=3),
        )
        meeting = services.meeting_record(
            actor=admin,
            home=home,
            date=today - dt.timedelta(days=10),
            form="plenary",
            mode="irregular",
            chair="妇联主席",
            place=home.name,
            minutes="逐项讨论了收集到的三个议题。",
            topics=[lights, care, dance],
            participants=[
                ("chair", "妇联主席"),
                ("member", "执委甲"),
                ("member", "执委乙"),
                ("secretary", "村党支部书记"),
            ],
        )
        first = services.decision_record(
            actor=admin, meeting=meeting, topic=lights, text="请村委会本月内维修路灯"
        )
        services.decision_feedback(
            actor=admin,
            decision=first,
            feedback_on=today - dt.timedelta(days=5),
            feedback="执委入户告知提出人",
        )
        major = services.decision_record(
            actor=admin, meeting=meeting, topic=care, text="联合学校开设课后托管", major=True
        )
        services.decision_report(
            actor=admin,
            decision=major,
            reported_on=today - dt.timedelta(days=8),
            reported_to="both",
            report_note="需协调场地与经费",
        )
        services.decision_record(
            actor=admin, meeting=meeting, topic=dance, text="约定晚九点前结束并降低音量"
        )
        counts["topics"] += 4
        counts["meetings"] += 1
        counts["decisions"] += 3
    counts.update(load_escalation_demo(admin, subtree))
    return counts
