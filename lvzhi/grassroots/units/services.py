"""Writes of women's groups (妇女小组, R-OR-03) and 微家: small units placed under a village
(or 四新) federation as ``orgs`` organizations, their members and leader seated as
positions from a date, 微家 activities. A group below three members may be recorded (it is
listed as invalid with its reason); a leader who is not a member must be an executive
member of a federation above it (CQ-4X 二(四))."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lvzhi.core.scopes import ensure_scope
from lvzhi.core.services import audit
from lvzhi.orgs import services as orgs
from lvzhi.orgs.models import (
    SMALL_UNIT_KINDS,
    Kind,
    Level,
    Organization,
    Person,
    Position,
    System,
    Title,
)

from ..models import MicroHome, MicroHomeActivity, MicroHomeBasis

CODE_PREFIX = {Kind.WOMEN_GROUP: "XZ", Kind.MICRO_HOME: "WJ"}
EXECUTIVE_TITLES = (Title.CHAIR, Title.VICE_CHAIR, Title.MEMBER)
PARENT_LEVELS = (Level.VILLAGE, Level.GRASSROOTS)


def _clean_names(names) -> list[str]:
    if isinstance(names, str):
        names = names.replace("，", "\n").replace(",", "\n").replace("、", "\n").splitlines()
    cleaned, seen = [], set()
    for name in names:
        name = (name or "").strip()
        if not name:
            continue
        if len(name) > 50:
            raise ValidationError({"members": _("姓名过长：%(name)s") % {"name": name[:20]}})
        if name in seen:
            raise ValidationError({"members": _("%(name)s重复") % {"name": name}})
        seen.add(name)
        cleaned.append(name)
    return cleaned


def upper_executive_q(parent: Organization, day: dt.date) -> Q:
    """Executive seats held on ``day`` at ``parent`` or a federation above it."""
    paths = [parent.path[: i * Organization.steplen] for i in range(1, parent.depth + 1)]
    return Q(organization__path__in=paths, title__in=EXECUTIVE_TITLES, start_date__lte=day) & (
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )


def _visible(actor, person: Person) -> bool:
    """Whether ``actor`` may see ``person`` (the leader picker offers no one else)."""
    return Person.objects.restrict(actor, "view").filter(pk=person.pk).exists()


def _next_code(parent: Organization, kind: str) -> str:
    prefix = f"{parent.code}-{CODE_PREFIX[kind]}"
    taken = set(Organization.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    number = len(taken) + 1
    while f"{prefix}{number:02d}" in taken:
        number += 1
    return f"{prefix}{number:02d}"


def _seat(actor, unit, name, title, day, person=None):
    if person is None:
        person = orgs.person_create(actor=actor, organization=unit, name=name, gender="F")
    return orgs.position_create(
        actor=actor, person=person, organization=unit, title=title, start_date=day
    )


@transaction.atomic
def small_unit_create(
    *,
    actor,
    parent: Organization,
    kind: str,
    name: str,
    start_date: dt.date,
    leader: str = "",
    leader_person: Person | None = None,
    members=(),
    basis: str = "",
    basis_detail: str = "",
) -> Organization:
    """A women's group or a 微家 under a village (or 四新) federation, with its leader and
    members seated from ``start_date``. The leader is a new member by name, or an
    executive member of ``parent`` or a federation above it (``leader_person``)."""
    ensure_scope(actor, "create", parent)
    errors = {}
    if kind not in CODE_PREFIX:
        raise ValidationError({"kind": _("只能新建妇女小组或妇女微家")})
    if (
        parent.system != System.WOMEN
        or parent.kind in SMALL_UNIT_KINDS
        or (parent.level not in PARENT_LEVELS and not parent.kind.startswith("sixin"))
    ):
        errors["parent"] = _("妇女小组和微家建在村（社区）妇联或四新妇联之下")
    name = (name or "").strip()
    if not name:
        errors["name"] = _("请填写名称")
    members = _clean_names(members)
    leader = (leader or "").strip()
    if bool(leader) == bool(leader_person):
        errors["leader"] = _("请填写组长姓名，或选择一名上级妇联执委担任组长（二选一）")
    elif leader in members:
        errors["leader"] = _("组长%(name)s不必再列入成员") % {"name": leader}
    if leader_person is not None and not _visible(actor, leader_person):
        errors["leader_person"] = _("所选人员不存在或不在您的管理范围内，不能担任组长")
    elif leader_person is not None and "parent" not in errors:
        held = Position.objects.filter(upper_executive_q(parent, start_date), person=leader_person)
        if not held.exists():
            errors["leader_person"] = _(
                "%(name)s不是%(org)s或其上级妇联的在任执委，不能兼任组长（R-OR-03）"
            ) % {"name": leader_person.name, "org": parent.name}
    if kind == Kind.MICRO_HOME:
        if basis not in MicroHomeBasis.values:
            errors["basis"] = _("请选择按楼栋、兴趣或行业组建")
        if not (basis_detail or "").strip():
            errors["basis_detail"] = _("请填写楼栋、兴趣或行业")
    if errors:
        raise ValidationError(errors)
    unit = orgs.organization_create(
        actor=actor, parent=parent, name=name, code=_next_code(parent, kind), kind=kind
    )
    _seat(actor, unit, leader, Title.LEADER, start_date, person=leader_person)
    for member in members:
        _seat(actor, unit, member, Title.MEMBER, start_date)
    if kind == Kind.MICRO_HOME:
        profile = MicroHome.objects.create(
            organization=unit,
            org_path=unit.path,
            basis=basis,
            basis_detail=basis_detail.strip()[:100],
        )
        audit(
            actor=actor,
            action="create",
            obj=profile,
            changes={"basis": [None, basis], "basis_detail": [None, profile.basis_detail]},
        )
    return unit


@transaction.atomic
def unit_member_add(*, actor, unit: Organization, name: str, start_date: dt.date) -> Position:
    ensure_scope(actor, "change", unit)
    (name,) = _clean_names([name]) or [""]
    if not name:
        raise ValidationError({"name": _("请填写姓名")})
    current = Position.objects.filter(organization=unit, person__name=name).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start_date)
    )
    if current.exists():
        raise ValidationError({"name": _("%(name)s已是成员") % {"name": name}})
    return _seat(actor, unit, name, Title.MEMBER, start_date)


@transaction.atomic
def unit_member_end(*, actor, position: Position, end_date: dt.date) -> Position:
    ensure_scope(actor, "change", position.organization)
    if position.end_date is not None:
        raise ValidationError(_("该成员已经退出"))
    if end_date < position.start_date:
        raise ValidationError({"end_date": _("退出日期不能早于加入日期")})
    return orgs.position_update(
        actor=actor, position=position, end_date=end_date, end_reason=_("退出")
    )


@transaction.atomic
def micro_home_activity_add(
    *, actor, unit: Organization, held_on, title: str, participants: int, summary: str = ""
) -> MicroHomeActivity:
    ensure_scope(actor, "change", unit)
    if unit.kind != Kind.MICRO_HOME:
        raise ValidationError(_("只有妇女微家登记活动"))
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("请填写活动名称")
    if participants is None or participants < 1:
        errors["participants"] = _("参加人数至少为1人")
    if errors:
        raise ValidationError(errors)
    activity = MicroHomeActivity.objects.create(
        organization=unit,
        org_path=unit.path,
        held_on=held_on,
        title=title.strip()[:100],
        participants=participants,
        summary=(summary or "").strip()[:500],
    )
    audit(
        actor=actor,
        action="create",
        obj=activity,
        changes={"title": [None, activity.title], "held_on": [None, str(held_on)]},
    )
    return activity
