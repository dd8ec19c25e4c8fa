"""Checking a roster against the rules and the database, read only: :func:`parse_roster`."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from lvzhi.core.pii import blind_index
from lvzhi.core.scopes import scope_for

from .. import rules
from ..models import Level, Organization, Person, Position, Term
from .cells import CellError, canonical, convert, read_bytes, read_workbook
from .columns import COLUMNS, EXAMPLES, ORGS, PEOPLE, POSITIONS, SHEETS, UNREADABLE
from .results import RosterPreview, RosterRow, can_import


def batches(values, size: int = 500):
    """Lookups in slices, below SQLite's limit on query parameters."""
    values = sorted(values)
    return [values[i : i + size] for i in range(0, len(values), size)]


class _Validator:
    """Checks one workbook against the rules and the database (read only)."""

    def __init__(self, actor, preview: RosterPreview, found: dict):
        self.actor = actor
        self.preview = preview
        self.found = found
        self.create_scope = scope_for(actor, "create")
        self.view_scope = scope_for(actor, "view")
        self.letters: dict[str, dict[str, str]] = preview.letters

    def error(self, sheet: str, number: int | None, header: str, message: str) -> None:
        self.preview.fail(
            message, sheet, number, self.letters.get(sheet, {}).get(header, ""), header
        )

    def run(self) -> None:
        if not self.found:
            self.preview.fail(_("文件中没有“组织”“人员”“职务”工作表，请使用导入模板填写"))
            return
        parsed = {sheet: self._read_sheet(sheet) for sheet in SHEETS}
        self._load_database(parsed)
        self._organizations(parsed[ORGS])
        self._people(parsed[PEOPLE])
        self._positions(parsed[POSITIONS])
        if not self.preview.total and not self.preview.errors:
            self.preview.fail(_("文件中没有可导入的数据行（模板示例行会被忽略）"))
        self.preview.errors.sort(
            key=lambda e: ((SHEETS + ("",)).index(e.sheet), e.row or 0, len(e.column), e.column)
        )

    def _read_sheet(self, sheet: str) -> list[RosterRow]:
        if sheet not in self.found:
            return []
        columns, data = self.found[sheet]
        self.letters[sheet] = {h: get_column_letter(i + 1) for h, i in columns.items() if h}
        if not data:
            return []
        missing = [c.header for c in COLUMNS[sheet] if c.required and c.header not in columns]
        for header in missing:
            self.error(
                sheet, 1, header, _("缺少“%(header)s”列，请使用导入模板的表头") % {"header": header}
            )
        if missing:
            return []
        example = canonical(EXAMPLES[sheet])  # left unchanged in row 2
        rows = []
        for number, values in data:
            cells = [
                values[columns[c.header]]
                if c.header in columns and columns[c.header] < len(values)
                else None
                for c in COLUMNS[sheet]
            ]
            if number == 2 and canonical(cells) == example:
                self.preview.skipped_examples += 1
                continue
            row = RosterRow(sheet, number, {})
            for column, value in zip(COLUMNS[sheet], cells, strict=True):
                try:
                    row.values[column.field] = convert(column, value)
                except CellError as exc:
                    row.values[column.field] = None
                    row.bad.add(column.field)
                    self.error(sheet, number, column.header, str(exc))
            rows.append(row)
        return rows

    def _load_database(self, parsed: dict) -> None:
        codes = {
            row.values.get(name)
            for rows in parsed.values()
            for row in rows
            for name in ("code", "parent_code", "org_code")
        } - {None, ""}
        self.db_orgs = {
            o.code: o
            for batch in batches(codes)
            for o in Organization.objects.filter(code__in=batch)
        }
        ids = {row.values.get("id_number") for rows in parsed.values() for row in rows} - {None, ""}
        self.hashes = {number: blind_index(number) for number in ids}
        self.db_people = {
            p.id_number_hash: p
            for batch in batches(self.hashes.values())
            for p in Person.objects.filter(id_number_hash__in=batch)
        }
        self.file_orgs: dict[str, RosterRow] = {}
        self.file_people: dict[str, RosterRow] = {}

    def _db_org(self, code: str) -> Organization | None:
        """An existing organization the actor may create under, or None."""
        org = self.db_orgs.get(code)
        if org is not None and self.create_scope.covers(org.path):
            return org
        return None

    def _organizations(self, rows: list[RosterRow]) -> None:
        later = {row.values["code"]: row.number for row in rows if row.values.get("code")}
        for row in rows:
            v, number = row.values, row.number
            code, parent_code = v.get("code"), v.get("parent_code")
            if code:
                if code in self.file_orgs:
                    self.error(
                        ORGS,
                        number,
                        "组织代码",
                        _("组织代码与本表第%(row)s行重复") % {"row": self.file_orgs[code].number},
                    )
                elif code in self.db_orgs:
                    self.error(ORGS, number, "组织代码", _("组织代码已被使用"))
            parent_kind = parent_system = parent_level = None
            if "parent_code" in row.bad:
                pass
            elif not parent_code:
                if not self.create_scope.everything:
                    self.error(
                        ORGS, number, "上级组织代码", _("必填：只有平台管理员可以新建顶级组织")
                    )
                parent_level = Level.NATIONAL  # a top-level organization is provincial
            elif parent_code == code:
                self.error(ORGS, number, "上级组织代码", _("上级组织不能是本组织"))
            elif parent_code in self.file_orgs:
                parent = self.file_orgs[parent_code].values
                parent_kind = parent.get("kind")
                parent_system = parent_kind and rules.system_of_kind(parent_kind)
                parent_level = parent.get("level")
            elif parent_code in later and parent_code not in self.db_orgs:
                self.error(
                    ORGS,
                    number,
                    "上级组织代码",
                    _("上级组织在本表第%(row)s行，请把它移到本行之上")
                    % {"row": later[parent_code]},
                )
            elif (parent := self._db_org(parent_code)) is not None:
                parent_kind, parent_system, parent_level = parent.kind, parent.system, parent.level
            else:
                self.error(
                    ORGS,
                    number,
                    "上级组织代码",
                    _("上级组织代码“%(code)s”不存在或不在您的管理范围内") % {"code": parent_code},
                )
            if v.get("kind") and parent_kind:
                problem = rules.check_placement(
                    parent_system=parent_system, parent_kind=parent_kind, kind=v["kind"]
                )
                if problem:
                    self.error(ORGS, number, "类型", problem)
            if not v.get("level") and "level" not in row.bad:  # as the service will set it
                v["level"] = rules.default_child_level(parent_level) if parent_level else None
            if code:
                self.file_orgs.setdefault(code, row)
            self.preview.organizations.append(row)

    def _org_reference(self, sheet: str, row: RosterRow, header: str, code: str | None):
        if not code or "org_code" in row.bad:
            return
        if code not in self.file_orgs and self._db_org(code) is None:
            self.error(
                sheet,
                row.number,
                header,
                _("组织代码“%(code)s”不存在或不在您的管理范围内") % {"code": code},
            )

    def _people(self, rows: list[RosterRow]) -> None:
        for row in rows:
            v, number = row.values, row.number
            self._org_reference(PEOPLE, row, "所属组织代码", v.get("org_code"))
            id_number = v.get("id_number")
            if id_number:
                if id_number in self.file_people:
                    self.error(
                        PEOPLE,
                        number,
                        "身份证号",
                        _("身份证号与本表第%(row)s行重复")
                        % {"row": self.file_people[id_number].number},
                    )
                elif self.hashes[id_number] in self.db_people:
                    self.error(PEOPLE, number, "身份证号", _("该身份证号已登记在其他人员名下"))
                self.file_people.setdefault(id_number, row)
                given_gender = v.get("gender")
                if not given_gender and "gender" not in row.bad:
                    v["gender"] = rules.gender_from_id(id_number)
                if not v.get("birth_date") and "birth_date" not in row.bad:
                    v["birth_date"] = rules.birth_date_from_id(id_number)
                problems = rules.check_person_identity(id_number, v.get("birth_date"), given_gender)
                for name, message in problems.items():
                    self.error(
                        PEOPLE, number, "出生日期" if name == "birth_date" else "性别", message
                    )
            self.preview.people.append(row)

    def _positions(self, rows: list[RosterRow]) -> None:
        seen: dict[tuple, int] = {}
        for row in rows:
            v, number = row.values, row.number
            id_number, org_code = v.get("id_number"), v.get("org_code")
            self._org_reference(POSITIONS, row, "组织代码", org_code)
            db_person = None
            if id_number and id_number not in self.file_people:
                db_person = self.db_people.get(self.hashes[id_number])
                if db_person is None or not self.view_scope.covers(db_person.org_path):
                    db_person = None
                    self.error(
                        POSITIONS,
                        number,
                        "身份证号",
                        _(
                            "未找到该身份证号的人员：请先在“人员”表中登记，"
                            "或确认该人员在您的管理范围内"
                        ),
                    )
            tenure_error = rules.position_errors(
                title=v.get("title"),
                tenure=v.get("tenure"),
                start_date=v.get("start_date"),
                end_date=None,
                term_organization_id=None,
                organization_id=None,
            ).get("tenure")
            if tenure_error:
                self.error(POSITIONS, number, "任职方式", tenure_error)
            org = self._db_org(org_code) if org_code else None
            if v.get("term_number"):
                if org_code in self.file_orgs:
                    self.error(POSITIONS, number, "届次", _("新建的组织还没有届次，请留空"))
                elif org is not None:
                    term = Term.objects.filter(organization=org, number=v["term_number"]).first()
                    if term is None:
                        self.error(
                            POSITIONS,
                            number,
                            "届次",
                            _("该组织没有第%(number)s届的记录，请先登记届次或留空")
                            % {"number": v["term_number"]},
                        )
            if id_number and org_code and v.get("title"):
                key = (id_number, org_code, v["title"])
                if key in seen:
                    self.error(
                        POSITIONS, number, "职务", _("与本表第%(row)s行重复") % {"row": seen[key]}
                    )
                seen.setdefault(key, number)
                if (
                    db_person is not None
                    and org is not None
                    and Position.objects.filter(
                        person=db_person, organization=org, title=v["title"], end_date__isnull=True
                    ).exists()
                ):
                    self.error(POSITIONS, number, "职务", _("该人员在该组织已担任此职务"))
            self.preview.positions.append(row)


def parse_roster(file, *, actor, file_name: str = "") -> RosterPreview:
    """Read and check a roster: the rows it would create and every error. Writes nothing."""
    if not file_name:
        file_name = Path(file).name if isinstance(file, str | Path) else getattr(file, "name", "")
    preview = RosterPreview(file_name=str(file_name or ""))
    if not can_import(actor):
        preview.fail(_("您没有名册导入权限"))
        return preview
    try:
        content = read_bytes(file)
    except CellError as exc:
        preview.fail(str(exc))
        return preview
    preview.content = content
    preview.digest = hashlib.sha256(content).hexdigest()
    try:
        found = read_workbook(content)
    except CellError as exc:
        preview.fail(str(exc))
        return preview
    except Exception:  # noqa: BLE001 - any failure to read untrusted bytes is "unreadable"
        preview.fail(_(UNREADABLE))
        return preview
    _Validator(actor, preview, found).run()
    return preview
