"""Writes of 巾帼志愿者 teams: a team of a women's federation, its volunteers (from the
ledger or outside it, an outsider's phone encrypted), and its service records with each
volunteer's hours. Audited; an outsider's phone appears in audit diffs only masked."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.periods import today_local
from lvzhi.core.scopes import ensure_scope, scope_for
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.orgs.models import Organization, System

from . import rules
from .models import Entry, ServiceHours, ServiceRecord, TeamMember, VolunteerTeam
from .selectors import READ_ACTION


def _clean_text(value: str, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


@transaction.atomic
def team_create(
    *,
    actor,
    organization: Organization,
    name: str,
    description: str = "",
    founded_on: dt.date | None = None,
    is_public: bool = True,
) -> VolunteerTeam:
    ensure_scope(actor, "create", organization)
    if organization.system != System.WOMEN:
        raise ValidationError({"organization": _("巾帼志愿服务队应由妇联组建")})
    name = _clean_text(name, 60)
    if not name:
        raise ValidationError({"name": _("请填写队伍名称")})
    if VolunteerTeam.objects.filter(organization=organization, name=name).exists():
        raise ValidationError({"name": _("本组织已有同名队伍")})
    team = VolunteerTeam.objects.create(
        organization=organization,
        org_path=organization.path,
        name=name,
        description=_clean_text(description, 300),
        founded_on=founded_on,
        is_public=is_public,
    )
    audit(actor=actor, action="create", obj=team, changes=diff({}, snapshot(team)))
    return team


@transaction.atomic
def member_add(
    *,
    actor,
    team: VolunteerTeam,
    joined_on: dt.date,
    entry: Entry | None = None,
    name: str = "",
    phone: str = "",
    is_leader: bool = False,
    today: dt.date | None = None,
) -> TeamMember:
    """A volunteer from the ledger (an entry the actor keeps, in the team's subtree) or
    from outside it (name, optional phone)."""
    today = today or today_local()
    ensure_scope(actor, "change", team.organization)
    VolunteerTeam.objects.select_for_update().filter(pk=team.pk).first()
    errors = {}
    name = _clean_text(name, 50)
    if entry is not None:
        if not (
            scope_for(actor, READ_ACTION).covers(entry.org_path)
            and entry.org_path.startswith(team.org_path)
        ):
            errors["entry"] = _("只能从本组织及下级社区的台账中选择")
        elif entry.anonymised_at or entry.closed_on:
            errors["entry"] = _("该人员已注销")
        elif TeamMember.objects.filter(team=team, entry=entry, left_on__isnull=True).exists():
            errors["entry"] = _("该人员已在本队伍中")
        name = ""
        phone = ""
    elif not name:
        errors["name"] = _("请从台账中选择，或填写队外志愿者姓名")
    if phone:
        try:
            phone = rules.normalize_phone(phone)
        except rules.RuleError as exc:
            errors["phone"] = str(exc)
    if joined_on > today or joined_on < rules.EARLIEST:
        errors["joined_on"] = _("加入日期应在今天或之前")
    if errors:
        raise ValidationError(errors)
    member = TeamMember.objects.create(
        team=team, entry=entry, name=name, phone=phone, is_leader=is_leader, joined_on=joined_on
    )
    audit(
        actor=actor,
        action="member_add",
        obj=member,
        organization=team.organization,
        changes={
            "team": [None, team.name],
            "member": [None, member.display_name],
            "phone": [None, TeamMember._meta.get_field("phone").mask(phone)],
            "is_leader": [None, is_leader],
        },
    )
    return member


@transaction.atomic
def member_leave(
    *, actor, member: TeamMember, date: dt.date, today: dt.date | None = None
) -> TeamMember:
    today = today or today_local()
    team = member.team
    ensure_scope(actor, "change", team.organization)
    member = TeamMember.objects.select_for_update().get(pk=member.pk)
    if member.left_on is not None:
        raise ValidationError({"left_on": _("该志愿者已退出")})
    if date < member.joined_on or date > today:
        raise ValidationError({"left_on": _("退出日期应在加入日期之后、今天或之前")})
    member.left_on = date
    member.save(update_fields=["left_on", "updated_at"])
    audit(
        actor=actor,
        action="member_leave",
        obj=member,
        organization=team.organization,
        changes={"member": [member.display_name, None], "left_on": [None, date.isoformat()]},
    )
    return member


@transaction.atomic
def service_record(
    *,
    actor,
    team: VolunteerTeam,
    date: dt.date,
    title: str,
    hours,
    members,
    beneficiaries: int = 0,
    note: str = "",
    today: dt.date | None = None,
) -> ServiceRecord:
    """一次服务: each volunteer named served ``hours`` (members of the team on that day)."""
    today = today or today_local()
    ensure_scope(actor, "change", team.organization)
    members = list(members)
    hours = Decimal(str(hours)) if hours is not None else None
    errors = rules.service_errors(
        date=date, today=today, hours=hours, beneficiaries=beneficiaries, volunteers=len(members)
    )
    title = _clean_text(title, 100)
    if not title:
        errors["title"] = _("请填写服务内容")
    strangers = [
        m
        for m in members
        if m.team_id != team.pk or m.joined_on > date or (m.left_on and m.left_on < date)
    ]
    if strangers:
        errors["members"] = _("%(names)s 在服务当天不是本队志愿者") % {
            "names": "、".join(m.display_name for m in strangers)
        }
    if errors:
        raise ValidationError(errors)
    record = ServiceRecord.objects.create(
        team=team,
        date=date,
        title=title,
        beneficiaries=beneficiaries,
        note=_clean_text(note, 300),
        recorded_by=actor,
    )
    ServiceHours.objects.bulk_create(
        ServiceHours(record=record, member=m, hours=hours) for m in members
    )
    audit(
        actor=actor,
        action="service_record",
        obj=record,
        organization=team.organization,
        changes={
            "date": [None, date.isoformat()],
            "title": [None, title],
            "hours": [None, str(hours)],
            "volunteers": [None, len(members)],
            "beneficiaries": [None, beneficiaries],
        },
    )
    return record
