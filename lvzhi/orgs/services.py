"""Writes to organizations, departments, people, terms and positions.

Each function checks the actor's scope, validates, writes and records an AuditEvent in
one transaction. Errors are ``ValidationError`` with messages by field, in Chinese.

One module of ~420 lines, not split: six small resources, each a create/update pair
sharing the helpers at the top; a split by resource would leave files of 40-90 lines.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lvzhi.core import files, fragments, hooks
from lvzhi.core.pii import blind_index
from lvzhi.core.scopes import OutOfScope, ensure_scope, scope_for
from lvzhi.core.search import build_search_text
from lvzhi.core.services import audit, diff, snapshot

from . import rules
from .models import Department, Organization, PartyOrganization, Person, Position, Term


def _refuse_moves(fields: dict, *names: str) -> None:
    """Rows keep their organization (and org_path); moving one is a new row."""
    moved = [name for name in names if name in fields]
    if moved:
        raise ValidationError({name: _("创建后不能更改，请新建一条记录") for name in moved})


def _create(actor, obj, **clean):
    """Validate (``clean`` goes to full_clean), save and audit a new row."""
    obj.full_clean(**clean)
    obj.save()
    audit(actor=actor, action="create", obj=obj, changes=diff({}, snapshot(obj)))
    return obj


def _save_changes(actor, obj, before: dict, **audit_fields) -> dict:
    """Save an edited row and audit what changed, if anything; returns the changes."""
    obj.save()
    changes = diff(before, snapshot(obj))
    if changes:
        audit(actor=actor, action="update", obj=obj, changes=changes, **audit_fields)
    return changes


def organization_search_text(org: Organization) -> str:
    return build_search_text(org.name, org.short_name, org.code)


# 组织 -----------------------------------------------------------------------

ORG_FIELDS = (
    "name",
    "short_name",
    "code",
    "kind",
    "level",
    "region",
    "party_organization",
    "address",
    "phone",
    "established_on",
    "is_active",
)


@transaction.atomic
def organization_create(*, actor, parent: Organization | None, **fields) -> Organization:
    kind = fields["kind"]
    if parent is None:
        if not actor.is_superuser and not scope_for(actor, "create").everything:
            raise OutOfScope(_("只有平台管理员可以新建顶级组织"))
        problem = None
        fields.setdefault("level", "province")
    else:
        ensure_scope(actor, "create", parent)
        problem = rules.check_placement(
            parent_system=parent.system, parent_kind=parent.kind, kind=kind
        )
        fields.setdefault("level", rules.default_child_level(parent.level))
    if problem:
        raise ValidationError({"kind": problem})
    if Organization.objects.filter(code=fields["code"]).exists():
        raise ValidationError({"code": _("组织代码已被使用")})
    org = Organization(system=rules.system_of_kind(kind), **fields)
    org.search_text = organization_search_text(org)
    org.full_clean(exclude=["path", "depth", "numchild"])
    org = (
        Organization.objects.add_child(parent, instance=org)
        if parent
        else Organization.objects.add_root(instance=org)
    )
    audit(actor=actor, action="create", obj=org, organization=org, changes=diff({}, snapshot(org)))
    fragments.organizations_changed([org.path])  # a new child row on its parents' roll-ups
    return org


@transaction.atomic
def organization_update(*, actor, organization: Organization, **fields) -> Organization:
    ensure_scope(actor, "change", organization)
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    before = snapshot(org)
    if "kind" in fields and fields["kind"] != org.kind:
        parent = Organization.objects.get_parent(org)
        problem = rules.check_placement(
            parent_system=parent.system if parent else None,
            parent_kind=parent.kind if parent else None,
            kind=fields["kind"],
        )
        if problem:
            raise ValidationError({"kind": problem})
        fields["system"] = rules.system_of_kind(fields["kind"])
    if (
        "code" in fields
        and Organization.objects.filter(code=fields["code"]).exclude(pk=org.pk).exists()
    ):
        raise ValidationError({"code": _("组织代码已被使用")})
    party = fields.get("party_organization")
    if party is not None and not scope_for(actor, "view").covers(party.org_path):
        raise ValidationError({"party_organization": _("党组织不存在或不在您的管理范围内")})
    for name, value in fields.items():
        setattr(org, name, value)
    org.search_text = organization_search_text(org)
    org.full_clean(exclude=["path", "depth", "numchild"])
    if _save_changes(actor, org, before, organization=org):
        fragments.organizations_changed([org.path])  # its name or status in cached tables
    return org


# 内设机构 -------------------------------------------------------------------


@transaction.atomic
def department_create(
    *, actor, organization: Organization, name: str, responsibilities: str = "", sort_order: int = 0
) -> Department:
    ensure_scope(actor, "create", organization)
    if Department.objects.filter(organization=organization, name=name).exists():
        raise ValidationError({"name": _("本组织已有同名部门")})
    department = Department(
        organization=organization,
        org_path=organization.path,
        name=name,
        responsibilities=responsibilities,
        sort_order=sort_order,
    )
    return _create(actor, department)


@transaction.atomic
def department_update(*, actor, department: Department, **fields) -> Department:
    ensure_scope(actor, "change", department.organization)
    _refuse_moves(fields, "organization")
    before = snapshot(department)
    if (
        "name" in fields
        and Department.objects.filter(organization=department.organization, name=fields["name"])
        .exclude(pk=department.pk)
        .exists()
    ):
        raise ValidationError({"name": _("本组织已有同名部门")})
    for name, value in fields.items():
        setattr(department, name, value)
    department.full_clean()
    _save_changes(actor, department, before)
    return department


# 人员 -----------------------------------------------------------------------

PERSON_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "political_status",
    "education",
    "workplace",
    "phone",
    "id_number",
    "photo",
)


def _clean_photo(value, errors: dict):
    """A new photo decoded and encoded again (pixel limit, no EXIF, nothing appended);
    a stored one or none is kept as it is; ``False`` (cleared) removes it."""
    if value is False:
        return ""
    if not value or isinstance(value, FieldFile):
        return value
    try:
        return files.intake_image(value).file
    except ValidationError as exc:
        errors["photo"] = exc.messages[0]
        return None


def _clean_person_fields(fields: dict, exclude_pk=None) -> dict:
    errors = {}
    if "id_number" in fields:
        try:
            fields["id_number"] = rules.normalize_id_number(fields["id_number"])
        except rules.RuleError as exc:
            errors["id_number"] = str(exc)
    if "phone" in fields:
        try:
            fields["phone"] = rules.normalize_phone(fields["phone"])
        except rules.RuleError as exc:
            errors["phone"] = str(exc)
    if not errors and fields.get("id_number"):
        digest = blind_index(fields["id_number"])
        duplicate = Person.objects.filter(id_number_hash=digest).exclude(pk=exclude_pk).first()
        if duplicate is not None:
            errors["id_number"] = _("该身份证号已登记在其他人员名下")
        fields["id_number_hash"] = digest
        if not fields.get("gender"):
            fields["gender"] = rules.gender_from_id(fields["id_number"])
        if not fields.get("birth_date"):
            fields["birth_date"] = rules.birth_date_from_id(fields["id_number"])
        errors.update(
            rules.check_person_identity(
                fields["id_number"], fields.get("birth_date"), fields.get("gender")
            )
        )
    elif "id_number" in fields:
        fields["id_number_hash"] = ""
    if "photo" in fields:
        fields["photo"] = _clean_photo(fields["photo"], errors)
    if errors:
        raise ValidationError(errors)
    return fields


def person_search_text(person: Person) -> str:
    return build_search_text(person.name, person.workplace)


@transaction.atomic
def person_create(*, actor, organization: Organization, **fields) -> Person:
    ensure_scope(actor, "create", organization)
    fields = _clean_person_fields(dict(fields))
    person = Person(organization=organization, org_path=organization.path, **fields)
    person.search_text = person_search_text(person)
    return _create(actor, person, exclude=["photo"])


@transaction.atomic
def person_update(*, actor, person: Person, **fields) -> Person:
    ensure_scope(actor, "change", person.organization)
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person)
    merged = {name: getattr(person, name) for name in ("gender", "birth_date")}
    merged.update(fields)
    if (
        "id_number" not in fields
        and person.id_number
        and ("birth_date" in fields or "gender" in fields)
    ):
        merged["id_number"] = person.id_number
    cleaned = _clean_person_fields(merged, exclude_pk=person.pk)
    if "organization" in fields:
        ensure_scope(actor, "change", fields["organization"])
        cleaned["org_path"] = fields["organization"].path
    for name, value in cleaned.items():
        setattr(person, name, value)
    person.search_text = person_search_text(person)
    person.full_clean(exclude=["photo"])
    _save_changes(actor, person, before)
    return person


# Labels stay Chinese in the audit trail; translate them where they are shown.
REVEALABLE = {
    "id_number": gettext_noop("身份证号"),
    "phone": gettext_noop("手机号码"),
    "birth_date": gettext_noop("出生日期"),
}
REVEAL_REASON_MAX = 200


@transaction.atomic
def person_reveal_pii(*, actor, person: Person, field: str, reason: str) -> str:
    """Plaintext of one PII field (a birth date as YYYY-MM-DD), for an actor allowed to see
    it and who says why; the reason goes into the audit event."""
    errors = {}
    if field not in REVEALABLE:
        errors["field"] = _("该字段不能查看")
    reason = " ".join((reason or "").split())
    if not reason:
        errors["reason"] = _("请填写查看原因")
    elif len(reason) > REVEAL_REASON_MAX:
        errors["reason"] = _("查看原因不能超过 %(max)s 个字") % {"max": REVEAL_REASON_MAX}
    person = Person.objects.select_related("organization").get(pk=person.pk)
    ensure_scope(actor, "reveal_pii", person.organization)
    if errors:
        raise ValidationError(errors)
    audit(
        actor=actor,
        action="reveal",
        obj=person,
        changes={"field": REVEALABLE[field], "reason": reason},
    )
    value = getattr(person, field)
    return value.isoformat() if field == "birth_date" and value else (value or "")


# 届次 -----------------------------------------------------------------------


@transaction.atomic
def term_create(
    *, actor, organization: Organization, number: int, start_date, end_date, note: str = ""
) -> Term:
    ensure_scope(actor, "create", organization)
    errors = {}
    if end_date <= start_date:
        errors["end_date"] = _("届满日期应晚于起始日期")
    if Term.objects.filter(organization=organization, number=number).exists():
        errors["number"] = _("第%(number)s届已存在") % {"number": number}
    if errors:
        raise ValidationError(errors)
    term = Term(
        organization=organization,
        org_path=organization.path,
        number=number,
        start_date=start_date,
        end_date=end_date,
        note=note,
    )
    return _create(actor, term, validate_constraints=False)


@transaction.atomic
def term_update(*, actor, term: Term, **fields) -> Term:
    ensure_scope(actor, "change", term.organization)
    _refuse_moves(fields, "organization")
    before = snapshot(term)
    for name, value in fields.items():
        setattr(term, name, value)
    errors = {}
    if term.end_date <= term.start_date:
        errors["end_date"] = _("届满日期应晚于起始日期")
    if (
        Term.objects.filter(organization=term.organization, number=term.number)
        .exclude(pk=term.pk)
        .exists()
    ):
        errors["number"] = _("第%(number)s届已存在") % {"number": term.number}
    if errors:
        raise ValidationError(errors)
    _save_changes(actor, term, before)
    return term


# 职务 -----------------------------------------------------------------------


def _check_position(fields: dict, organization: Organization) -> None:
    errors = rules.position_errors(
        title=fields.get("title"),
        tenure=fields.get("tenure"),
        start_date=fields.get("start_date"),
        end_date=fields.get("end_date"),
        term_organization_id=getattr(fields.get("term"), "organization_id", None),
        organization_id=organization.pk,
    )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def position_create(*, actor, person: Person, organization: Organization, **fields) -> Position:
    ensure_scope(actor, "create", organization)
    ensure_scope(actor, "view", person.organization)
    _check_position(fields, organization)
    position = Position(
        person=person, organization=organization, org_path=organization.path, **fields
    )
    _create(actor, position)
    hooks.run("seat_changed", position=position)
    return position


@transaction.atomic
def position_update(*, actor, position: Position, **fields) -> Position:
    ensure_scope(actor, "change", position.organization)
    _refuse_moves(fields, "organization", "person")
    before = snapshot(position)
    dates_before = {n: getattr(position, n) for n in ("title", "start_date", "end_date")}
    merged = {
        name: getattr(position, name)
        for name in ("term", "title", "tenure", "start_date", "end_date")
    }
    merged.update(fields)
    _check_position(merged, position.organization)
    for name, value in fields.items():
        setattr(position, name, value)
    position.full_clean()
    if _save_changes(actor, position, before):
        hooks.run("seat_changed", position=position, before=dates_before)
    return position


# 党组织 ---------------------------------------------------------------------


@transaction.atomic
def party_organization_create(
    *, actor, organization: Organization, name: str, approvers=()
) -> PartyOrganization:
    ensure_scope(actor, "create", organization)
    party = PartyOrganization.objects.create(
        organization=organization, org_path=organization.path, name=name
    )
    if approvers:
        party.approvers.set(approvers)
    audit(actor=actor, action="create", obj=party, changes=diff({}, snapshot(party)))
    return party
