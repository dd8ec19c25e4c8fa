"""Writes to member profiles (R-EX-12) and contact assignments (R-EX-08).

Each function checks who acts, validates, writes and records an AuditEvent in one
transaction; errors are ``ValidationError`` with Chinese messages by field, nothing
written. A member edits her own profile; cadres (``change`` scope) edit every profile and
contact assignment of their subtree. The woman's phone of a contact is encrypted at rest
and masked in the audit trail (``snapshot`` masks PII fields).
"""

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lvzhi.core.periods import today_local
from lvzhi.core.scopes import PATH_END, OutOfScope, ensure_scope
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.members.models import ContactAssignment, ContactKind, MemberProfile
from lvzhi.members.profiles import selectors
from lvzhi.orgs import rules as org_rules
from lvzhi.orgs.models import Kind, Organization, Person

PROFILE_FIELDS = (
    "residence",
    "lives_here_since",
    "away_since",
    "public_contact",
    "duties",
    "yearly_tasks",
    "results",
    "is_published",
)
WOMAN_NAME_MAX = 50


def new_public_token() -> str:
    return secrets.token_urlsafe(16)


def _ensure_profile_editor(actor, person: Person) -> None:
    """The member herself or a cadre in scope; anyone else is answered 404."""
    if not (selectors.is_self(actor, person) or selectors.is_cadre_for(actor, person.org_path)):
        raise OutOfScope(_("不在您的管理范围内"))


# 执委资料 -------------------------------------------------------------------


@transaction.atomic
def profile_for(*, person: Person, actor=None) -> MemberProfile:
    """The person's profile, created on first need with a random public token."""
    profile = MemberProfile.objects.filter(person=person).first()
    if profile is not None:
        return profile
    for _attempt in range(3):
        try:
            with transaction.atomic():
                profile = MemberProfile.objects.create(
                    person=person,
                    organization=person.organization,
                    org_path=person.org_path,
                    public_token=new_public_token(),
                )
        except IntegrityError:
            existing = MemberProfile.objects.filter(person=person).first()
            if existing is not None:  # created meanwhile by another request
                return existing
            continue  # token collision: draw again
        audit(actor=actor, action="create", obj=profile, changes=diff({}, snapshot(profile)))
        return profile
    raise RuntimeError("无法生成公开链接，请重试")


def profile_errors(fields: dict, today: dt.date) -> dict[str, str]:
    """Why a profile cannot be saved as given, by field."""
    errors = {}
    since, away = fields.get("lives_here_since"), fields.get("away_since")
    if since and since > today:
        errors["lives_here_since"] = _("居住起始日期不能晚于今天")
    if away and away > today:
        errors["away_since"] = _("离开本地日期不能晚于今天")
    elif away and since and away < since:
        errors["away_since"] = _("离开本地日期不能早于居住起始日期")
    if fields.get("is_published") and not (fields.get("duties") or "").strip():
        errors["duties"] = _("公开亮身份前请填写履职职责（亮职责）")
    return errors


@transaction.atomic
def profile_update(*, actor, person: Person, today: dt.date | None = None, **fields):
    """Change the profile fields given (a member her own, a cadre any in her scope)."""
    _ensure_profile_editor(actor, person)
    unknown = sorted(set(fields) - set(PROFILE_FIELDS))
    if unknown:
        raise ValidationError({name: _("该字段不能修改") for name in unknown})
    today = today or today_local()
    current = selectors.profile_of(person)
    merged = {name: getattr(current, name) for name in PROFILE_FIELDS}
    merged.update(fields)
    for name in ("residence", "public_contact", "duties", "yearly_tasks", "results"):
        merged[name] = (merged.get(name) or "").strip()
    errors = profile_errors(merged, today)
    if errors:
        raise ValidationError(errors)
    profile = MemberProfile.objects.select_for_update().get(
        pk=profile_for(person=person, actor=actor).pk
    )
    before = snapshot(profile)
    for name in PROFILE_FIELDS:
        setattr(profile, name, merged[name])
    profile.full_clean()
    profile.save()
    changes = diff(before, snapshot(profile))
    if changes:
        audit(actor=actor, action="update", obj=profile, changes=changes)
    return profile


# 联系对象 -------------------------------------------------------------------


def _assignment_organization(person: Person, organization: Organization | None, on: dt.date):
    """Where the assignment belongs: the person's organization, or one whose committee she
    sits on."""
    if organization is None or organization.pk == person.organization_id:
        return person.organization
    if any(seat.organization_id == organization.pk for seat in selectors.current_seats(person, on)):
        return organization
    raise ValidationError({"organization": _("该执委不在此组织的执委会任职")})


def _in_subtree(unit: Organization, organization: Organization) -> bool:
    return organization.path <= unit.path < organization.path + PATH_END


def _clean_unit(kind: str, unit, organization: Organization, person: Person, on, exclude=None):
    expected = selectors.UNIT_KINDS[kind]
    label = Kind(expected).label
    if unit is None:
        raise ValidationError({"unit": _("请选择%(kind)s") % {"kind": label}})
    if unit.kind != expected:
        raise ValidationError(
            {"unit": _("“%(unit)s”不是%(kind)s") % {"unit": unit.name, "kind": label}}
        )
    if not _in_subtree(unit, organization):
        raise ValidationError(
            {
                "unit": _("“%(unit)s”不在%(org)s的范围内")
                % {"unit": unit.name, "org": organization.name}
            }
        )
    if not unit.is_active:
        raise ValidationError({"unit": _("“%(unit)s”已停用") % {"unit": unit.name}})
    duplicate = (
        ContactAssignment.objects.filter(person=person, unit=unit)
        .filter(_not_ended_q(on))
        .exclude(pk=exclude)
    )
    if duplicate.exists():
        raise ValidationError({"unit": _("已在联系“%(unit)s”") % {"unit": unit.name}})


def _not_ended_q(on) -> Q:
    """In force on ``on`` or starting later."""
    return Q(end_date__isnull=True) | Q(end_date__gt=on)


def _clean_woman(name: str, phone: str, person: Person, on, exclude=None) -> tuple[str, str]:
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["woman_name"] = _("请填写妇女姓名")
    elif len(name) > WOMAN_NAME_MAX:
        errors["woman_name"] = _("姓名不能超过%(n)d个字") % {"n": WOMAN_NAME_MAX}
    try:
        phone = org_rules.normalize_phone(phone or "")
    except org_rules.RuleError as exc:
        errors["woman_phone"] = str(exc)
    if errors:
        raise ValidationError(errors)
    # Phones are encrypted: compare the (few) current ones of this member in Python.
    current = (
        ContactAssignment.objects.filter(person=person, kind=ContactKind.WOMAN, woman_name=name)
        .filter(_not_ended_q(on))
        .exclude(pk=exclude)
    )
    if any(row.woman_phone == phone for row in current):
        raise ValidationError({"woman_name": _("已在联系该妇女（%(name)s）") % {"name": name}})
    return name, phone


@transaction.atomic
def contact_assign(
    *,
    actor,
    person: Person,
    kind: str,
    unit: Organization | None = None,
    woman_name: str = "",
    woman_phone: str = "",
    start_date: dt.date | None = None,
    organization: Organization | None = None,
    today: dt.date | None = None,
) -> ContactAssignment:
    """Assign the member a women's group, a 微家 (within her organization's subtree) or a
    woman (name and an optional phone)."""
    today = today or today_local()
    if not selectors.is_cadre_for(actor, person.org_path):
        raise OutOfScope(_("不在您的管理范围内"))
    organization = _assignment_organization(person, organization, today)
    ensure_scope(actor, "create", organization)
    start_date = start_date or today
    if kind in selectors.UNIT_KINDS:
        _clean_unit(kind, unit, organization, person, today)
        woman_name, woman_phone = "", ""
    elif kind == ContactKind.WOMAN:
        woman_name, woman_phone = _clean_woman(woman_name, woman_phone, person, today)
        unit = None
    else:
        raise ValidationError({"kind": _("请选择联系对象类型（妇女小组、微家或妇女）")})
    assignment = ContactAssignment(
        person=person,
        organization=organization,
        org_path=organization.path,
        kind=kind,
        unit=unit,
        woman_name=woman_name,
        woman_phone=woman_phone,
        start_date=start_date,
    )
    assignment.full_clean()
    assignment.save()
    audit(actor=actor, action="create", obj=assignment, changes=diff({}, snapshot(assignment)))
    return assignment


def _check_dates(start_date, end_date) -> None:
    if end_date is not None and start_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("结束日期不能早于联系起始日期")})


@transaction.atomic
def contact_end(
    *, actor, assignment: ContactAssignment, end_date: dt.date | None = None, today=None
) -> ContactAssignment:
    """End an assignment: from ``end_date`` (default today) it no longer counts."""
    ensure_scope(actor, "change", assignment.organization)
    assignment = ContactAssignment.objects.select_for_update().get(pk=assignment.pk)
    today = today or today_local()
    if assignment.end_date is not None and assignment.end_date <= today:
        raise ValidationError(
            {"end_date": _("该联系已于%(day)s结束") % {"day": assignment.end_date}}
        )
    end_date = end_date or today
    _check_dates(assignment.start_date, end_date)
    before = snapshot(assignment)
    assignment.end_date = end_date
    assignment.save(update_fields=["end_date", "updated_at"])
    audit(actor=actor, action="update", obj=assignment, changes=diff(before, snapshot(assignment)))
    return assignment


CONTACT_EDITABLE = ("woman_name", "woman_phone", "start_date", "end_date")


@transaction.atomic
def contact_update(*, actor, assignment: ContactAssignment, **fields) -> ContactAssignment:
    """Correct an assignment: the woman's name or phone, its dates. Whom it is for, its
    kind and its group or 微家 stay: end it and assign anew."""
    ensure_scope(actor, "change", assignment.organization)
    fixed = sorted(set(fields) - set(CONTACT_EDITABLE))
    if fixed:
        raise ValidationError({name: _("创建后不能更改，请结束后重新分配") for name in fixed})
    assignment = ContactAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.kind != ContactKind.WOMAN and (
        fields.get("woman_name") or fields.get("woman_phone")
    ):
        raise ValidationError({"woman_name": _("只有联系妇女可以填写姓名和电话")})
    before = snapshot(assignment)
    if assignment.kind == ContactKind.WOMAN and ({"woman_name", "woman_phone"} & set(fields)):
        name, phone = _clean_woman(
            fields.get("woman_name", assignment.woman_name),
            fields.get("woman_phone", assignment.woman_phone),
            assignment.person,
            today_local(),
            exclude=assignment.pk,
        )
        assignment.woman_name, assignment.woman_phone = name, phone
    if "start_date" in fields:
        if fields["start_date"] is None:
            raise ValidationError({"start_date": _("请填写联系起始日期")})
        assignment.start_date = fields["start_date"]
    if "end_date" in fields:
        assignment.end_date = fields["end_date"]
    _check_dates(assignment.start_date, assignment.end_date)
    assignment.full_clean()
    assignment.save()
    changes = diff(before, snapshot(assignment))
    if changes:
        audit(actor=actor, action="update", obj=assignment, changes=changes)
    return assignment


@transaction.atomic
def contact_delete(*, actor, assignment: ContactAssignment) -> None:
    """Remove an assignment recorded by mistake (ending it keeps the history)."""
    ensure_scope(actor, "delete", assignment.organization)
    before = snapshot(assignment)
    audit(actor=actor, action="delete", obj=assignment, changes=diff(before, {}))
    assignment.delete()
