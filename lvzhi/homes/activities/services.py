"""Writes of the activities by the 六个有 (R-HM-06): a quarter's plan with the wishes
women voiced, its publication (refused until a wish is recorded), activities with their
plan, theme, key date, sign-in, photos and results, and the quarter's summary generated
from them. Scope is the home's federation's ``change``; every write is audited."""

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import hooks
from lvzhi.core.periods import today_local
from lvzhi.core.services import audit, diff, snapshot

from .. import rules
from ..deliberation.services import seated_members
from ..models import Activity, ActivityPhoto, Home, MemberKind, QuarterPlan, Theme, Wish
from ..services import _check_photos, _created, _home_rows, _save

ACTIVITY_FIELDS = (
    "title",
    "date",
    "theme",
    "key_date",
    "content",
    "flow",
    "participants",
    "signed_in",
    "results",
    "wish",
    "leader",
    "counts_as",
)


@transaction.atomic
def plan_create(*, actor, home: Home, year: int, quarter: int, content: str) -> QuarterPlan:
    _home_rows(actor, home)
    errors = {}
    if not 1 <= int(quarter) <= 4:
        errors["quarter"] = _("季度应为 1—4")
    if not 2000 <= int(year) <= 2100:
        errors["year"] = _("年度无效")
    if QuarterPlan.objects.filter(home=home, year=year, quarter=quarter).exists():
        errors["quarter"] = _("该季度已有计划")
    if not (content or "").strip():
        errors["content"] = _("请填写计划内容")
    if errors:
        raise ValidationError(errors)
    plan = QuarterPlan(
        home=home, org_path=home.org_path, year=year, quarter=quarter, content=content.strip()
    )
    return _created(actor, plan, home)


@transaction.atomic
def plan_update(*, actor, plan: QuarterPlan, content: str) -> QuarterPlan:
    _home_rows(actor, plan.home)
    if not (content or "").strip():
        raise ValidationError({"content": _("请填写计划内容")})
    row = QuarterPlan.objects.select_for_update().get(pk=plan.pk)
    before = snapshot(row)
    row.content = content.strip()
    row.save(update_fields=["content", "updated_at"])
    audit(
        actor=actor,
        action="update",
        obj=row,
        changes=diff(before, snapshot(row)),
        organization=plan.home.organization,
    )
    return row


@transaction.atomic
def wish_add(*, actor, plan: QuarterPlan, text: str, source: str, count: int = 1) -> Wish:
    """A wish women voiced for the quarter (recorded before the plan is published)."""
    _home_rows(actor, plan.home)
    if not (text or "").strip():
        raise ValidationError({"text": _("请填写妇女意愿")})
    if count is None or int(count) < 1:
        raise ValidationError({"count": _("提出人数至少为 1")})
    wish = Wish(plan=plan, org_path=plan.org_path, text=text.strip(), source=source, count=count)
    return _created(actor, wish, plan.home)


@transaction.atomic
def plan_publish(*, actor, plan: QuarterPlan, today: dt.date | None = None) -> QuarterPlan:
    """R-HM-06 有计划: publish on the public page, once a wish is recorded."""
    _home_rows(actor, plan.home)
    row = QuarterPlan.objects.select_for_update().get(pk=plan.pk)
    if row.published_on is not None:
        raise ValidationError(_("该计划已公布"))
    result = rules.plan_publish_verdict(wishes=row.wishes.count(), content=row.content)
    if result.outcome != "met":
        raise ValidationError(f"{result.detail}（{result.rule_id} {result.source}）")
    row.published_on = today or today_local()
    row.save(update_fields=["published_on", "updated_at"])
    audit(
        actor=actor,
        action="publish",
        obj=row,
        changes={"published_on": [None, row.published_on.isoformat()], "verdict": result.as_dict()},
        organization=plan.home.organization,
    )
    return row


def _clean_activity(plan: QuarterPlan, fields: dict, today: dt.date) -> dict:
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValidationError({name: _("不能修改该字段") for name in sorted(unknown)})
    errors = {}
    for name in ("title", "content", "flow", "participants"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
            if not fields[name]:
                errors[name] = _("此项必填")
    if "theme" in fields and fields["theme"] not in Theme.values:
        errors["theme"] = _("主题应为四项行动之一")
    wish = fields.get("wish")
    if wish is not None and wish.plan_id != plan.pk:
        errors["wish"] = _("意愿不属于该季度计划")
    if "counts_as" in fields:
        fields["counts_as"] = fields["counts_as"] or ""
        if fields["counts_as"] not in MemberKind.values:
            errors["counts_as"] = _("请选择计入七个一的类型")
    leader = fields.get("leader")
    if leader is not None and not (
        seated_members(plan.home, fields.get("date") or today).filter(pk=leader.pk).exists()
    ):
        errors["leader"] = _("带领活动的应是本会在任执委")
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def activity_create(*, actor, plan: QuarterPlan, photos=(), **fields) -> Activity:
    home = plan.home
    _home_rows(actor, home)
    today = today_local()
    fields = _clean_activity(plan, dict(fields), today)
    errors = rules.activity_errors(
        date=fields["date"],
        plan_year=plan.year,
        plan_quarter=plan.quarter,
        today=today,
        signed_in=fields.get("signed_in"),
        results=fields.get("results", ""),
    )
    if errors:
        raise ValidationError(errors)
    clean = _check_photos(photos)
    activity = Activity(
        home=home, plan=plan, org_path=home.org_path, public_key=secrets.token_urlsafe(12), **fields
    )
    _created(actor, activity, home)
    _store_photos(activity, clean)
    _count_for_member(actor, activity, today)
    return activity


def _count_for_member(actor, activity: Activity, today: dt.date) -> None:
    """Keep the leader's 七个一 activity in step (hook ``member_activity``): recorded once
    the activity counts (rules.counts_for_member), moved with it, deleted when it no
    longer counts. The members activity names the title and the home, no woman."""
    counts = rules.counts_for_member(
        leader=activity.leader_id is not None,
        counts_as=activity.counts_as,
        date=activity.date,
        today=today,
        signed_in=activity.signed_in,
    )
    if not counts and not activity.member_activity_id:
        return
    answers = hooks.collect(
        "member_activity",
        actor=actor,
        person=activity.leader,
        kind=activity.counts_as,
        day=activity.date,
        note=_("妇女之家活动：%(title)s") % {"title": activity.title},
        place=activity.home.name,
        women_reached=activity.signed_in or 0,
        activity_id=activity.member_activity_id,
        delete=not counts,
        today=today,
    )
    found = answers[0] if answers else None
    if found != activity.member_activity_id:
        activity.member_activity_id = found
        activity.save(update_fields=["member_activity_id"])


@transaction.atomic
def activity_update(*, actor, activity: Activity, photos=(), **fields) -> Activity:
    """Record sign-in, results and photos after the activity (or correct its plan)."""
    _home_rows(actor, activity.home)
    row = Activity.objects.select_for_update().select_related("plan").get(pk=activity.pk)
    before = snapshot(row)
    fields = _clean_activity(row.plan, dict(fields), today_local())
    for name, value in fields.items():
        setattr(row, name, value)
    errors = rules.activity_errors(
        date=row.date,
        plan_year=row.plan.year,
        plan_quarter=row.plan.quarter,
        today=today_local(),
        signed_in=row.signed_in,
        results=row.results,
    )
    if errors:
        raise ValidationError(errors)
    clean = _check_photos(photos)
    _save(row)
    stored = _store_photos(row, clean)
    _count_for_member(actor, row, today_local())
    changes = diff(before, snapshot(row))
    if stored:
        changes["photos"] = [None, len(stored)]
    if changes:
        audit(
            actor=actor,
            action="update",
            obj=row,
            changes=changes,
            organization=activity.home.organization,
        )
    return row


def _store_photos(activity: Activity, clean) -> list[ActivityPhoto]:
    stored = []
    try:
        for image, display, size in clean:
            photo = ActivityPhoto(activity=activity, org_path=activity.org_path, size=size)
            photo.image.save(image.name, image, save=False)
            photo.display.save(display.name, display, save=False)
            photo.save()
            stored.append(photo)
    except Exception:
        for photo in stored:
            photo.image.delete(save=False)
            photo.display.delete(save=False)
        raise
    return stored


@transaction.atomic
def summary_generate(*, actor, plan: QuarterPlan) -> QuarterPlan:
    """R-HM-06: the quarter's summary (text) from its activities; the page shows their
    photos beside it. Generated again on request, so later results are taken in."""
    _home_rows(actor, plan.home)
    row = QuarterPlan.objects.select_for_update().select_related("home").get(pk=plan.pk)
    labels = dict(Theme.choices)
    lines = [
        rules.ActivityLine(a.date, a.title, str(labels[a.theme]), a.signed_in, a.results)
        for a in row.activities.all()
    ]
    before = row.summary
    row.summary = rules.quarter_summary(
        home=row.home.name,
        year=row.year,
        quarter=row.quarter,
        activities=lines,
        themes=[str(label) for label in labels.values()],
    )
    row.summary_at = timezone.now()
    row.save(update_fields=["summary", "summary_at", "updated_at"])
    audit(
        actor=actor,
        action="summary",
        obj=row,
        changes={"summary": [before[:60], row.summary[:60]]},
        organization=plan.home.organization,
    )
    return row
