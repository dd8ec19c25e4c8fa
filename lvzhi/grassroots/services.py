"""Writes to the 四新 register. Each function takes the actor first, checks her scope,
applies the rules, writes and records an AuditEvent in one transaction; a refusal is a
``ValidationError`` with Chinese messages by field and changes nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.scopes import ensure_scope, scope_for
from lvzhi.core.services import audit, audit_bulk, diff, snapshot
from lvzhi.orgs.models import SMALL_UNIT_KINDS, Organization, System

from . import rules
from .models import SixinOrganization

SIXIN_FIELDS = (
    "name",
    "category",
    "uscc",
    "address",
    "region",
    "industry",
    "park_or_building",
    "fixed_staff",
    "fixed_female_staff",
    "has_party_organization",
    "party_organization",
    "party_organization_name",
    "covered_by",
    "note",
)


def _clean(actor, fields: dict, *, current: SixinOrganization | None = None) -> dict:
    """Rule checks shared by create, update and import; raises ValidationError by field."""
    unknown = set(fields) - set(SIXIN_FIELDS)
    if unknown:
        raise ValidationError({name: _("不能修改该字段") for name in sorted(unknown)})
    errors = {}
    if "uscc" in fields:
        try:
            fields["uscc"] = rules.normalize_uscc(fields["uscc"])
        except rules.RuleError as exc:
            errors["uscc"] = str(exc)
        else:
            taken = SixinOrganization.objects.filter(uscc=fields["uscc"])
            if current is not None:
                taken = taken.exclude(pk=current.pk)
            if fields["uscc"] and taken.exists():
                errors["uscc"] = _("该统一社会信用代码已登记")
    staff = fields.get("fixed_staff", getattr(current, "fixed_staff", None))
    female = fields.get("fixed_female_staff", getattr(current, "fixed_female_staff", None))
    errors.update(rules.staff_errors(fixed_staff=staff, fixed_female_staff=female))
    view = scope_for(actor, "view")
    party = fields.get("party_organization")
    if party is not None:
        if not view.covers(party.org_path):
            errors["party_organization"] = _("党组织不存在或不在您的管理范围内")
        else:
            fields["has_party_organization"] = True
            fields.setdefault("party_organization_name", party.name)
            if not fields["party_organization_name"]:
                fields["party_organization_name"] = party.name
    covered_by = fields.get("covered_by")
    if covered_by is not None:
        if not view.covers(covered_by.path):
            errors["covered_by"] = _("组织不存在或不在您的管理范围内")
        elif covered_by.system != System.WOMEN or covered_by.kind in SMALL_UNIT_KINDS:
            errors["covered_by"] = _("覆盖四新组织的应是妇联组织（不能是工会、妇女小组或微家）")
    if errors:
        raise ValidationError(errors)
    return fields


def _apply_rule(sixin: SixinOrganization) -> None:
    sixin.expected_form = rules.expected_form(
        fixed_female_staff=sixin.fixed_female_staff,
        has_party_organization=sixin.has_party_organization,
    )


def _build(actor, organization: Organization, fields: dict) -> SixinOrganization:
    fields = _clean(actor, dict(fields))
    sixin = SixinOrganization(organization=organization, org_path=organization.path, **fields)
    _apply_rule(sixin)
    sixin.full_clean(validate_unique=False)
    return sixin


def _check_register(organization: Organization) -> None:
    if organization.system != System.WOMEN or organization.kind in SMALL_UNIT_KINDS:
        raise ValidationError(
            {"organization": _("四新组织应登记在妇联组织名下（不能是工会、妇女小组或微家）")}
        )


@transaction.atomic
def sixin_create(*, actor, organization: Organization, **fields) -> SixinOrganization:
    """Record a 四新 organization on ``organization``'s register with its R-OR-01/02 form."""
    ensure_scope(actor, "create", organization)
    _check_register(organization)
    sixin = _build(actor, organization, fields)
    sixin.save()
    audit(actor=actor, action="create", obj=sixin, changes=diff({}, snapshot(sixin)))
    return sixin


@transaction.atomic
def sixin_update(*, actor, sixin: SixinOrganization, **fields) -> SixinOrganization:
    ensure_scope(actor, "change", sixin.organization)
    if "organization" in fields:
        raise ValidationError({"organization": _("创建后不能更改，请新建一条记录")})
    row = SixinOrganization.objects.select_for_update().get(pk=sixin.pk)
    before = snapshot(row)
    fields = _clean(actor, dict(fields), current=row)
    if fields.get("has_party_organization") is False and "party_organization" not in fields:
        fields["party_organization"] = None
    for name, value in fields.items():
        setattr(row, name, value)
    _apply_rule(row)
    row.full_clean(validate_unique=False)
    row.save()
    changes = diff(before, snapshot(row))
    if changes:
        audit(actor=actor, action="update", obj=row, changes=changes)
    return row


@transaction.atomic
def sixin_import(
    *, actor, organization: Organization, rows: list[dict], dry_run: bool = False
) -> list[SixinOrganization]:
    """All rows or none: every row is checked first; one error refuses the whole file.
    Rows are ``{field: value}`` as the import parsed them (related rows already found).
    ``dry_run`` checks without writing (the preview)."""
    ensure_scope(actor, "import", organization)
    ensure_scope(actor, "create", organization)
    _check_register(organization)
    errors: dict[int, dict] = {}
    built = []
    seen: dict[str, int] = {}
    for index, fields in enumerate(rows):
        try:
            sixin = _build(actor, organization, fields)
        except ValidationError as exc:
            errors[index] = exc.message_dict
            continue
        if sixin.uscc:
            if sixin.uscc in seen:
                errors[index] = {"uscc": [_("与第%(n)d条重复") % {"n": seen[sixin.uscc] + 1}]}
                continue
            seen[sixin.uscc] = index
        built.append(sixin)
    if errors:
        raise ImportRefused(errors)
    if dry_run:
        return built
    created = SixinOrganization.objects.bulk_create(built, batch_size=500)
    audit_bulk(actor=actor, action="create", objects=created)
    return created


class ImportRefused(Exception):
    """The rows that failed, by index, each ``{field: [messages]}``; nothing was written."""

    def __init__(self, errors: dict[int, dict]):
        super().__init__(errors)
        self.errors = errors
