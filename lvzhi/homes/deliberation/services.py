"""Writes of deliberation (议事, R-HM-07, CQ-FN 附件4): topics gathered by visits, the
chair's mailbox and online (the public topic form, rate-limited per address), meetings
convened by the village federation with its members and the invited village leaders, a
decision per topic, its feedback to the women who raised it and, for a major issue, its
report to the upper federation and the two committees.

Scope is the home's federation's ``change`` (the public form excepted); each verdict is
stored with its rule id beside the row and every write is audited. A refusal
(ValidationError) writes nothing."""

import datetime as dt
import hashlib
import time

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.catalog.messages import rate_window
from lvzhi.core import hooks
from lvzhi.core.periods import today_local
from lvzhi.core.rulesets import Verdict
from lvzhi.core.scopes import scope_for
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.processes.rules import STEPLEN

from .. import rules
from ..models import (
    Decision,
    Escalation,
    Home,
    Meeting,
    Participant,
    ParticipantRole,
    ReportTarget,
    Topic,
    TopicSource,
    TopicStatus,
)
from ..services import _created, _home_rows

PUBLIC_RATE_LIMIT = 5  # public topics per address per hour
PUBLIC_RATE_WINDOW = 3600


class TopicRateLimited(Exception):
    def __init__(self):
        super().__init__(
            _("同一网络地址每小时最多提交%(n)d条议题，请稍后再试") % {"n": PUBLIC_RATE_LIMIT}
        )


def _stamp(result: Verdict, actor) -> dict:
    return {
        **result.as_dict(),
        "at": timezone.now().isoformat(timespec="seconds"),
        "by": actor.get_username() if getattr(actor, "is_authenticated", False) else "",
    }


def _topic_errors(title: str, source: str, raised_on, today: dt.date) -> dict:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("请填写议题")
    if source not in TopicSource.values:
        errors["source"] = _("来源无效")
    if raised_on is not None and raised_on > today:
        errors["raised_on"] = _("收集日期不能晚于今天")
    return errors


@transaction.atomic
def topic_create(
    *,
    actor,
    home: Home,
    title: str,
    source: str,
    raised_on: dt.date,
    text: str = "",
    raised_by: str = "",
    contact: str = "",
) -> Topic:
    """A topic a member gathered (走访) or found in the chair's mailbox."""
    _home_rows(actor, home)
    errors = _topic_errors(title, source, raised_on, today_local())
    if errors:
        raise ValidationError(errors)
    topic = Topic(
        home=home,
        org_path=home.org_path,
        title=title.strip(),
        text=(text or "").strip(),
        source=source,
        raised_on=raised_on,
        raised_by=(raised_by or "").strip(),
        contact=(contact or "").strip(),
        recorded_by=actor,
    )
    return _created(actor, topic, home)


def _rate_key(address: str) -> str:
    digest = hashlib.sha256(f"lvzhi-topic:{address}".encode()).hexdigest()[:32]
    return f"homes-topic-rate:{digest}"


@transaction.atomic
def public_topic_submit(
    *, actor, home: Home, title: str, text: str, raised_by: str, contact: str, client_address: str
) -> Topic:
    """A topic sent from the home's public page (网上征集): no login; the name and contact
    are optional (the feedback needs one) and never shown publicly."""
    now = time.time()
    allowed, kept = rate_window(
        cache.get(_rate_key(client_address)) or [], now, PUBLIC_RATE_LIMIT, PUBLIC_RATE_WINDOW
    )
    if not allowed:
        raise TopicRateLimited()
    errors = _topic_errors(title, TopicSource.ONLINE, None, today_local())
    if len((text or "").strip()) > 2000:
        errors["text"] = _("内容不能超过2000字")
    if errors:
        raise ValidationError(errors)
    topic = Topic.objects.create(
        home=home,
        org_path=home.org_path,
        title=title.strip()[:100],
        text=(text or "").strip(),
        source=TopicSource.ONLINE,
        raised_on=today_local(),
        raised_by=(raised_by or "").strip()[:50],
        contact=(contact or "").strip()[:40],
    )
    cache.set(_rate_key(client_address), [*kept, now], PUBLIC_RATE_WINDOW)
    audit(
        actor=actor,
        action="topic_public",
        obj=topic,
        # who raised it stays out of the audit trail's changes (personal data)
        changes={"title": [None, topic.title], "source": [None, topic.source]},
        organization=home.organization,
    )
    return topic


@transaction.atomic
def topic_drop(*, actor, topic: Topic, reason: str) -> Topic:
    """Set aside a topic that is not for deliberation, with the reason (fed back too)."""
    _home_rows(actor, topic.home)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写不予议事的理由")})
    row = Topic.objects.select_for_update().get(pk=topic.pk)
    if row.status != TopicStatus.OPEN:
        raise ValidationError(_("只有待议的议题可以不予议事"))
    before = snapshot(row)
    row.status, row.status_note = TopicStatus.DROPPED, reason.strip()
    row.save(update_fields=["status", "status_note", "updated_at"])
    audit(
        actor=actor,
        action="update",
        obj=row,
        changes=diff(before, snapshot(row)),
        organization=row.home.organization,
    )
    return row


@transaction.atomic
def meeting_record(
    *,
    actor,
    home: Home,
    date: dt.date,
    form: str,
    chair: str,
    topics: list,
    participants: list[tuple[str, str]],
    mode: str = "irregular",
    place: str = "",
    minutes: str = "",
) -> Meeting:
    """Record a meeting: its participants (role, name) and the open topics of this home it
    took up. The R-HM-07 verdict on who took part is stored with it."""
    _home_rows(actor, home)
    topic_ids = sorted({getattr(t, "pk", t) for t in topics})
    found = list(
        Topic.objects.select_for_update().filter(
            pk__in=topic_ids, home=home, status=TopicStatus.OPEN
        )
    )
    errors = rules.meeting_errors(
        date=date, today=today_local(), topics=len(topic_ids), chair=chair
    )
    if len(found) != len(topic_ids):
        errors["topics"] = _("议题须是本妇女之家待议的议题")
    people = [(role, (name or "").strip()) for role, name in participants if (name or "").strip()]
    if not people:
        errors["participants"] = _("请填写参会人员")
    elif any(role not in ParticipantRole.values for role, _name in people):
        errors["participants"] = _("参会人员身份无效")
    if errors:
        raise ValidationError(errors)
    meeting = Meeting(
        home=home,
        org_path=home.org_path,
        date=date,
        form=form,
        mode=mode,
        place=(place or "").strip(),
        chair=chair.strip(),
        minutes=(minutes or "").strip(),
        recorded_by=actor,
    )
    meeting.verdicts = [_stamp(rules.meeting_verdict([role for role, _n in people]), actor)]
    _created(actor, meeting, home)
    meeting.topics.set(found)
    Participant.objects.bulk_create(
        Participant(meeting=meeting, org_path=home.org_path, role=role, name=name)
        for role, name in people
    )
    audit(
        actor=actor,
        action="meeting_members",
        obj=meeting,
        changes={
            "topics": [None, [t.pk for t in found]],
            "participants": [None, [f"{role}:{name}" for role, name in people]],
        },
        organization=home.organization,
    )
    return meeting


def _decision_verdict(row: Decision, actor) -> None:
    result = rules.decision_verdict(
        major=row.major, feedback_on=row.feedback_on, reported_on=row.reported_on
    )
    row.verdicts = [*row.verdicts, _stamp(result, actor)]


@transaction.atomic
def decision_record(*, actor, meeting: Meeting, topic, text: str, major: bool = False) -> Decision:
    """What the meeting decided on one of its topics; the topic becomes 已议定."""
    _home_rows(actor, meeting.home)
    topic_id = getattr(topic, "pk", topic)
    row_topic = meeting.topics.select_for_update().filter(pk=topic_id).first()
    errors = {}
    if row_topic is None:
        errors["topic"] = _("议题须是本次议事会的议题")
    elif Decision.objects.filter(meeting=meeting, topic=row_topic).exists():
        errors["topic"] = _("该议题已有议事决定")
    if not (text or "").strip():
        errors["text"] = _("请填写处理意见和解决办法")
    if errors:
        raise ValidationError(errors)
    decision = Decision(
        meeting=meeting,
        topic=row_topic,
        org_path=meeting.org_path,
        text=text.strip(),
        major=bool(major),
    )
    _decision_verdict(decision, actor)
    _created(actor, decision, meeting.home)
    if row_topic.status == TopicStatus.OPEN:
        row_topic.status = TopicStatus.DECIDED
        row_topic.save(update_fields=["status", "updated_at"])
    return decision


def _decision_update(actor, decision: Decision, errors: dict, **values) -> Decision:
    if errors:
        raise ValidationError(errors)
    row = Decision.objects.select_for_update().select_related("meeting").get(pk=decision.pk)
    before = snapshot(row)
    for name, value in values.items():
        setattr(row, name, value)
    _decision_verdict(row, actor)
    row.save()
    audit(
        actor=actor,
        action="update",
        obj=row,
        changes=diff(before, snapshot(row)),
        organization=decision.meeting.home.organization,
    )
    return row


@transaction.atomic
def decision_feedback(
    *, actor, decision: Decision, feedback_on: dt.date, feedback: str
) -> Decision:
    """The feedback to the women who raised the topic (CQ-FN 附件4 六); the topic becomes
    已反馈."""
    _home_rows(actor, decision.meeting.home)
    errors = rules.decision_date_errors(
        field="feedback_on",
        day=feedback_on,
        meeting_date=decision.meeting.date,
        today=today_local(),
    )
    if not (feedback or "").strip():
        errors["feedback"] = _("请填写反馈情况（向谁、以何种方式反馈）")
    if decision.feedback_on is not None:
        errors["feedback_on"] = _("已记录反馈")
    row = _decision_update(
        actor, decision, errors, feedback_on=feedback_on, feedback=(feedback or "").strip()
    )
    Topic.objects.filter(pk=row.topic_id).update(
        status=TopicStatus.ANSWERED, updated_at=timezone.now()
    )
    return row


@transaction.atomic
def decision_report(
    *, actor, decision: Decision, reported_on: dt.date, reported_to: str, report_note: str = ""
) -> Decision:
    """A major issue reported to the upper federation and/or the village committees
    (CQ-FN 附件4 七)."""
    _home_rows(actor, decision.meeting.home)
    errors = rules.decision_date_errors(
        field="reported_on",
        day=reported_on,
        meeting_date=decision.meeting.date,
        today=today_local(),
    )
    if reported_to not in ReportTarget.values:
        errors["reported_to"] = _("请选择上报对象")
    if not decision.major:
        errors["reported_on"] = _("只有重大问题需要上报")
    elif decision.reported_on is not None:
        errors["reported_on"] = _("已记录上报")
    return _decision_update(
        actor,
        decision,
        errors,
        reported_on=reported_on,
        reported_to=reported_to,
        report_note=(report_note or "").strip(),
    )


# 重大问题转为建议或转办案件 (CQ-FN 附件4 七) ------------------------------------------------


def escalation_organizations(home: Home) -> list:
    """Where a major issue's case may be started: the home's federation or the one above
    it (the township federation)."""
    from lvzhi.orgs.models import Organization

    org = home.organization
    parent = (
        Organization.objects.filter(path=org.path[:-STEPLEN]).first()
        if len(org.path) > STEPLEN
        else None
    )
    return [o for o in (org, parent) if o is not None]


def seated_members(home: Home, day: dt.date):
    """The executive members seated at the home's federation on ``day``: who may carry a
    major issue as her 建议, or lead an activity at the home for her 七个一."""
    from django.db.models import Q

    from lvzhi.orgs.models import Person, Position, Title

    seated = Position.objects.filter(
        organization=home.organization,
        title__in=[Title.CHAIR, Title.VICE_CHAIR, Title.MEMBER],
        start_date__lte=day,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    return Person.objects.filter(pk__in=seated.values("person")).order_by("name", "id")


def _member_activity(**kwargs):
    """The members app's answer to hook ``member_activity`` (the activity's id or None);
    without the members app the issue cannot become a 建议."""
    answers = hooks.collect("member_activity", **kwargs)
    if not answers:
        raise ValidationError(_("未启用执委履职模块，不能转为建议"))
    return answers[0]


@transaction.atomic
def decision_escalate(
    *,
    actor,
    decision: Decision,
    escalate_as: str,
    person=None,
    template=None,
    organization=None,
    title: str = "",
    today: dt.date | None = None,
) -> Decision:
    """A major issue becomes a 建议 of an executive member seated at the home's federation
    (it counts as her R-EX-04 suggestion, and the federation above answers it on the
    suggestions page) or a case (办件) started from a published process template at the
    home's federation or the one above. The decision keeps the suggestion's id or the
    case and, if not yet recorded, the report to the upper federation; R-HM-07 is stamped
    again. A refusal writes nothing."""
    today = today or today_local()
    home = decision.meeting.home
    _home_rows(actor, home)
    row = (
        Decision.objects.select_for_update()
        .select_related("meeting__home__organization", "topic")
        .get(pk=decision.pk)
    )
    errors = {}
    if not row.major:
        errors["escalate_as"] = _("只有重大问题可以转为建议或转办案件")
    elif row.escalated_as:
        errors["escalate_as"] = _("该重大问题已%(how)s") % {"how": row.get_escalated_as_display()}
    elif escalate_as not in Escalation.values:
        errors["escalate_as"] = _("请选择转为建议或转办案件")
    elif escalate_as == Escalation.SUGGESTION:
        if person is None or not seated_members(home, today).filter(pk=person.pk).exists():
            errors["person"] = _("请选择本会在任执委提出建议")
    elif template is None:
        errors["template"] = _("请选择办件流程")
    elif organization is None or organization.pk not in {
        o.pk for o in escalation_organizations(home)
    }:
        errors["organization"] = _("办件只能在本会或上级妇联发起")
    elif not scope_for(actor, "create").covers(organization.path):
        errors["organization"] = _("您不能在%(org)s发起办件") % {"org": organization.name}
    if errors:
        raise ValidationError(errors)
    before = snapshot(row)
    summary = _("%(home)s议事：%(topic)s") % {"home": home.name, "topic": row.topic.title}
    if escalate_as == Escalation.SUGGESTION:
        row.suggestion_id = _member_activity(
            actor=actor,
            person=person,
            kind="suggestion",
            day=today,
            note=f"{summary}\n{row.text}",
            place=home.name,
            today=today,
        )
        if row.suggestion_id is None:
            raise ValidationError({"person": _("该执委今天不在任，不能提出建议")})
    else:
        from lvzhi.processes import services as processes

        row.case = processes.case_start(
            actor=actor,
            template=template,
            organization=organization,
            title=(title or "").strip() or summary,
            today=today,
        )
    row.escalated_as = escalate_as
    row.escalated_on = today
    if row.reported_on is None:
        row.reported_on = today
        row.reported_to = ReportTarget.UPPER
        row.report_note = str(Escalation(escalate_as).label)
    _decision_verdict(row, actor)
    row.save()
    audit(
        actor=actor,
        action="update",
        obj=row,
        changes=diff(before, snapshot(row)),
        organization=home.organization,
    )
    return row
