"""What parsing and applying a roster return: errors placed by sheet, row and column, the
rows read, the preview and the result."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lvzhi.core.scopes import scope_for

from .columns import COLUMNS, DISPLAY_MASKS, NO, ORGS, PEOPLE, POSITIONS, SERVICE_FIELDS, YES


@dataclass
class RosterError:
    """One problem, placed where the user can find it: sheet, Excel row, column."""

    sheet: str
    row: int | None
    column: str
    header: str
    message: str

    @property
    def where(self) -> str:
        parts = [self.sheet] if self.sheet else []
        if self.row:
            parts.append(_("第%(row)s行") % {"row": self.row})
        if self.column or self.header:
            parts.append(
                _("%(column)s列（%(header)s）") % {"column": self.column, "header": self.header}
                if self.column
                else self.header
            )
        return " ".join(parts) or _("文件")

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message": self.message,
        }

    def __str__(self):
        return _("%(where)s：%(message)s") % {"where": self.where, "message": self.message}


@dataclass
class RosterRow:
    sheet: str
    number: int  # the Excel row
    values: dict
    bad: set = field(default_factory=set)  # fields whose cell could not be read

    @property
    def cells(self) -> list[str]:
        """Display values in column order, choice labels shown, PII masked."""
        shown = []
        with translation.override("zh-hans"):
            for column in COLUMNS[self.sheet]:
                value = self.values.get(column.field)
                if value is None or value == "":
                    shown.append("")
                elif self.sheet != ORGS and column.field in DISPLAY_MASKS:  # a person's PII
                    shown.append(DISPLAY_MASKS[column.field](value))
                elif column.choices is not None:
                    shown.append(str(column.choices(value).label))
                elif column.kind == "bool":
                    shown.append(YES if value else NO)
                else:
                    shown.append(str(value))
        return shown

    def service_fields(self) -> dict:
        return {
            name: value
            for name, value in self.values.items()
            if name in SERVICE_FIELDS[self.sheet] and value not in (None, "")
        }


@dataclass
class RosterPreview:
    file_name: str = ""
    digest: str = ""
    content: bytes | None = field(default=None, repr=False)
    organizations: list[RosterRow] = field(default_factory=list)
    people: list[RosterRow] = field(default_factory=list)
    positions: list[RosterRow] = field(default_factory=list)
    errors: list[RosterError] = field(default_factory=list)
    skipped_examples: int = 0
    letters: dict = field(default_factory=dict)  # sheet -> header -> column letter in the file

    @property
    def ok(self) -> bool:
        return not self.errors and self.total > 0

    @property
    def total(self) -> int:
        return len(self.organizations) + len(self.people) + len(self.positions)

    @property
    def counts(self) -> dict:
        return {
            "organizations": len(self.organizations),
            "people": len(self.people),
            "positions": len(self.positions),
        }

    @property
    def sheets(self) -> list[dict]:
        """Per sheet: name, headers and rows, for the preview page."""
        return [
            {"name": name, "headers": [c.header for c in COLUMNS[name]], "rows": rows}
            for name, rows in (
                (ORGS, self.organizations),
                (PEOPLE, self.people),
                (POSITIONS, self.positions),
            )
        ]

    def fail(
        self,
        message: str,
        sheet: str = "",
        row: int | None = None,
        column: str = "",
        header: str = "",
    ) -> None:
        self.errors.append(RosterError(sheet, row, column, header, message))

    def as_dict(self) -> dict:
        return {
            "file": self.file_name,
            "sha256": self.digest,
            "counts": self.counts,
            "errors": [e.as_dict() for e in self.errors],
        }


@dataclass
class RosterResult:
    organizations: int
    people: int
    positions: int

    @property
    def counts(self) -> dict:
        return {
            "organizations": self.organizations,
            "people": self.people,
            "positions": self.positions,
        }


class RosterRejected(Exception):
    """The roster was not imported; ``errors`` says why, row by row. Nothing was written."""

    def __init__(self, errors: list[RosterError]):
        self.errors = errors
        count = len(errors)
        super().__init__(
            ngettext(
                "名册有 %(count)d 处错误，未导入任何数据",
                "名册有 %(count)d 处错误，未导入任何数据",
                count,
            )
            % {"count": count}
        )


def can_import(user) -> bool:
    return not scope_for(user, "import").empty
