"""Writing a checked roster through the services, all or nothing: :func:`roster_apply`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from lvzhi.core.pii import blind_index
from lvzhi.core.scopes import OutOfScope, forget_scopes

from .. import services
from ..models import Organization, Person, Term
from .columns import COLUMNS, ORGS, PEOPLE, POSITIONS, UNREADABLE
from .results import RosterError, RosterPreview, RosterRejected, RosterResult, can_import
from .validate import batches, parse_roster

_ORG_HEADERS = {
    "code": "组织代码",
    "name": "组织名称",
    "kind": "类型",
    "level": "层级",
    "address": "地址",
    "phone": "电话",
    "parent": "上级组织代码",
}
_PERSON_HEADERS = {c.field: c.header for c in COLUMNS[PEOPLE]} | {"organization": "所属组织代码"}
_POSITION_HEADERS = {c.field: c.header for c in COLUMNS[POSITIONS]} | {
    "organization": "组织代码",
    "person": "身份证号",
    "term": "届次",
}


def _service_errors(
    exc: Exception, letters: dict, sheet: str, number: int, headers: dict
) -> list[RosterError]:
    letters = letters.get(sheet, {})
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        found = []
        for name, messages in exc.message_dict.items():
            header = headers.get(name, "")
            found += [
                RosterError(sheet, number, letters.get(header, ""), header, m) for m in messages
            ]
        return found
    if isinstance(exc, ValidationError):
        return [RosterError(sheet, number, "", "", m) for m in exc.messages]
    if isinstance(exc, Http404):
        return [RosterError(sheet, number, "", "", _("不在您的管理范围内"))]
    return [RosterError(sheet, number, "", "", _("保存失败：数据与系统中已有记录冲突"))]


def _missing(letters: dict, sheet: str, number: int, header: str, message: str) -> RosterError:
    """A row whose organization or person failed on an earlier row."""
    return RosterError(sheet, number, letters.get(sheet, {}).get(header, ""), header, message)


def roster_apply(*, actor, preview: RosterPreview) -> RosterResult:
    """Create everything in the roster in one transaction, through the services (which
    check scope and audit). Re-validates first; on any error raises RosterRejected and
    nothing is written."""
    if not can_import(actor):
        raise OutOfScope(_("您没有名册导入权限"))
    if preview.content is None:
        raise RosterRejected(preview.errors or [RosterError("", None, "", "", _(UNREADABLE))])
    with transaction.atomic():
        fresh = parse_roster(preview.content, actor=actor, file_name=preview.file_name)
        if fresh.errors:
            raise RosterRejected(fresh.errors)
        errors: list[RosterError] = []
        failures = (ValidationError, Http404, IntegrityError)
        created_codes: list[str] = []
        for row in fresh.organizations:
            parent = None
            if row.values.get("parent_code"):
                parent = Organization.objects.filter(code=row.values["parent_code"]).first()
                if parent is None:  # its own row failed
                    errors.append(
                        _missing(
                            fresh.letters, ORGS, row.number, "上级组织代码", _("上级组织未能新建")
                        )
                    )
                    continue
            try:
                services.organization_create(actor=actor, parent=parent, **row.service_fields())
            except failures as exc:
                errors += _service_errors(exc, fresh.letters, ORGS, row.number, _ORG_HEADERS)
                continue
            finally:
                forget_scopes(actor)  # a sorted insert may move sibling paths
            created_codes.append(row.values["code"])
        # paths may have moved while siblings were inserted: read them again
        codes = {r.values["org_code"] for r in fresh.people + fresh.positions}
        orgs = {
            o.code: o
            for batch in batches(codes)
            for o in Organization.objects.filter(code__in=batch)
        }
        people: dict[str, Person] = {}
        for row in fresh.people:
            organization = orgs.get(row.values["org_code"])
            if organization is None:  # its row failed above
                errors.append(
                    _missing(fresh.letters, PEOPLE, row.number, "所属组织代码", _("组织未能新建"))
                )
                continue
            try:
                people[row.values["id_number"]] = services.person_create(
                    actor=actor, organization=organization, **row.service_fields()
                )
            except failures as exc:
                errors += _service_errors(exc, fresh.letters, PEOPLE, row.number, _PERSON_HEADERS)
        count = 0
        for row in fresh.positions:
            v = row.values
            person = (
                people.get(v["id_number"])
                or Person.objects.filter(id_number_hash=blind_index(v["id_number"])).first()
            )
            organization = orgs.get(v["org_code"])
            if person is None:
                errors.append(
                    _missing(fresh.letters, POSITIONS, row.number, "身份证号", _("人员未能登记"))
                )
                continue
            if organization is None:
                errors.append(
                    _missing(fresh.letters, POSITIONS, row.number, "组织代码", _("组织未能新建"))
                )
                continue
            fields = row.service_fields()
            if v.get("term_number"):
                fields["term"] = Term.objects.filter(
                    organization=organization, number=v["term_number"]
                ).first()
            try:
                services.position_create(
                    actor=actor, person=person, organization=organization, **fields
                )
                count += 1
            except failures as exc:
                errors += _service_errors(
                    exc, fresh.letters, POSITIONS, row.number, _POSITION_HEADERS
                )
        if errors:
            raise RosterRejected(errors)
        return RosterResult(len(created_codes), len(people), count)
