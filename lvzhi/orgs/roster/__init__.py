"""Import organizations, people and positions from an Excel roster (名册).

``parse_roster`` reads the workbook and validates every cell against the rules and the
database (read-only); it returns a :class:`RosterPreview` with the rows to create and every
error with its sheet, Excel row and column. ``roster_apply`` re-validates inside one
transaction and writes through the services of :mod:`lvzhi.orgs.services`, so every row is
audited; if anything fails, nothing is written. ``build_template`` makes the workbook users
fill in.

Modules: ``columns`` (sheets, columns, examples), ``cells`` (reading bytes and cells, shared
with the grassroots import), ``results`` (preview, errors, result), ``validate``
(``parse_roster``), ``apply`` (``roster_apply``), ``template`` (``build_template``).
"""

from .apply import roster_apply
from .columns import COLUMNS, ORGS, PEOPLE, POSITIONS, SHEETS, UNREADABLE, Column
from .results import (
    RosterError,
    RosterPreview,
    RosterRejected,
    RosterResult,
    RosterRow,
    can_import,
)
from .template import build_template
from .validate import parse_roster

__all__ = [
    "COLUMNS",
    "ORGS",
    "PEOPLE",
    "POSITIONS",
    "SHEETS",
    "UNREADABLE",
    "Column",
    "RosterError",
    "RosterPreview",
    "RosterRejected",
    "RosterResult",
    "RosterRow",
    "build_template",
    "can_import",
    "parse_roster",
    "roster_apply",
]
