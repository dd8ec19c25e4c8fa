"""Excel export of any list page (issue 11 point 6): one streaming helper for every list.

A list view already builds the queryset it shows — started from ``restrict(user, action)``
and narrowed by the page's filters. To offer the same rows as an ``.xlsx``, the view hands
that queryset (before pagination) and a tuple of :class:`Column` to :func:`xlsx_response`
when :func:`wants_xlsx` says the request asks for it; the template shows the buttons with
``{% include "core/_export_buttons.html" %}`` (an Excel link carrying the page's query
string with ``format=xlsx`` and a 打印 button; the print stylesheet does the rest)::

    from lvzhi.core.exports import Column, wants_xlsx, xlsx_response

    PEOPLE_COLUMNS = (
        Column(gettext_lazy("姓名"), "name", width=12),
        Column(gettext_lazy("所属组织"), "organization.name", width=28),
        Column(gettext_lazy("性别"), lambda p: p.get_gender_display()),
    )

    def people_list(request):
        queryset = selectors.people(request.user, org, query)      # restricted + filtered
        if wants_xlsx(request):
            return xlsx_response(queryset, PEOPLE_COLUMNS, filename=_("人员"))
        page = Paginator(queryset, 50).get_page(request.GET.get("page"))
        ...

Rules the helper keeps, so that every list exports alike:

- **Scope and filters are the page's**: the helper never widens the queryset; it reads it
  with ``.iterator(chunk_size=…)`` (``select_related``/``prefetch_related`` are honoured
  per chunk, so a getter that follows them costs no query per row). A value getter must
  not query: give the queryset the joins it needs (the query-count tests check it).
- **Streaming**: rows go one at a time into openpyxl's write-only workbook, saved into an
  anonymous temporary file that a ``FileResponse`` streams out and deletes — 100,000 rows
  never sit in memory (``benchmarks/exports.py``: time and peak memory).
- **Office-ready sheet**: headers in the active language (gettext, so Chinese by default),
  bold on grey and frozen; column widths fitted to the header and the first
  :data:`SAMPLE_ROWS` rows (East-Asian characters count twice); landscape A4 fitted to the
  page width with the header row repeated on every printed page; the sheet named after the
  list (Excel's 31 characters); a rule id or clause gets its own column (a ``Column`` like
  any other).
- **Literal values**: text is never read as a formula (``=…`` stays text), control
  characters are dropped, aware datetimes are written in China time, booleans as 是/否,
  lazy translations and other objects as their text, ``None`` as an empty cell.

``Column.value`` is a dotted attribute path (``"organization.name"``; a missing link gives
an empty cell) or a callable taking the row object. Values that need a lookup over many
rows (a person's display name for a user id) come from ``prepare``: it is called with each
batch of :data:`CHUNK_SIZE` row objects before they are written and may set attributes on
them (a fixed number of queries per batch, never one per row).
"""

import datetime as dt
import itertools
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from lvzhi.core.office import _text_width
from lvzhi.core.periods import CHINA_TZ, today_local

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_PARAM = "format"
XLSX = "xlsx"
CHUNK_SIZE = 2000
SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 6, 60
MAX_CELL_CHARS = 32_000  # Excel's limit is 32,767 characters a cell
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class Column:
    """One column of an export: its header (a lazy translation), how to get the value
    from a row object (a dotted attribute path or a callable), and optionally a fixed
    width in Excel character units (otherwise fitted to the first rows)."""

    header: Any
    value: str | Callable[[Any], Any]
    width: float | None = None
    fields: tuple[str, ...] | None = None

    def model_fields(self) -> tuple[str, ...] | None:
        """The model fields the value reads (``only()``): a dotted path's own, or the
        ``fields`` a callable column declares (None: unknown, every field is loaded)."""
        if self.fields is not None:
            return self.fields
        if isinstance(self.value, str):
            return (self.value.replace(".", "__"),)
        return None

    @classmethod
    def choice(cls, header, attribute: str, choices, width: float | None = None) -> "Column":
        """A choice field shown by its label (女, 已办结): the labels are translated once
        per export and language, not once per row (``get_FOO_display`` costs a
        translation lookup per call)."""
        cache: dict[str, dict] = {}

        def label(obj):
            language = translation.get_language() or ""
            labels = cache.get(language)
            if labels is None:
                labels = cache[language] = {value: str(text) for value, text in choices}
            value = getattr(obj, attribute)
            return labels.get(value, value)

        return cls(header, label, width=width, fields=(attribute,))

    def get(self, obj):
        if callable(self.value):
            return self.value(obj)
        try:
            return attrgetter(self.value)(obj)
        except AttributeError:
            return None  # a link that is not there (organization.parent of a root)


def wants_xlsx(request) -> bool:
    """The list page is asked for its Excel file (``?format=xlsx``)."""
    return request.GET.get(EXPORT_PARAM) == XLSX


def export_query(request) -> str:
    """The page's query string with ``format=xlsx`` and without ``page`` (the export holds
    every row of the filtered list, not one page)."""
    params = request.GET.copy()
    params.pop("page", None)
    params[EXPORT_PARAM] = XLSX
    return params.urlencode()


def plain_value(value):
    """A value openpyxl writes as it is: text, number, date or naive datetime."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value, CHINA_TZ)
        return value.replace(tzinfo=None)
    if isinstance(value, int | float | dt.date):
        return value
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        value = str(value)
    return value


def _narrowed(rows, columns):
    """A queryset reads only the columns' fields when every column declares them: no
    PII column decrypted, less memory per row."""
    if not isinstance(rows, QuerySet):
        return rows
    fields = [column.model_fields() for column in columns]
    if any(found is None for found in fields):
        return rows
    return rows.only(*dict.fromkeys(name for found in fields for name in found))


def _iterate(rows):
    if isinstance(rows, QuerySet):
        # prefetch_related is honoured per chunk when a chunk_size is given
        return rows.iterator(chunk_size=CHUNK_SIZE)
    return iter(rows)


def _fitted_widths(columns: Sequence[Column], headers: Sequence[str], sample: list) -> list:
    widths = []
    for index, column in enumerate(columns):
        if column.width:
            widths.append(column.width)
            continue
        longest = _text_width(headers[index])
        for values in sample:
            value = values[index]
            if value is None:
                continue
            text = value.isoformat() if isinstance(value, dt.date) else str(value)
            longest = max(
                longest, max((_text_width(line) for line in text.splitlines()), default=0)
            )
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))
    return widths


def _batches(rows, prepare):
    """The row objects, read CHUNK_SIZE at a time; ``prepare(batch)`` runs on each batch
    first (to resolve, say, display names for the whole batch in a fixed number of
    queries and set them on the objects)."""
    iterator = _iterate(rows)
    while batch := list(itertools.islice(iterator, CHUNK_SIZE)):
        if prepare is not None:
            prepare(batch)
        yield from batch


def write_xlsx(
    target, rows: Iterable, columns: Sequence[Column], *, sheet_title: str, prepare=None
) -> int:
    """Write ``rows`` (a queryset or any iterable) into an .xlsx at ``target`` (a path or
    a binary file object); returns the number of data rows. ``prepare`` (optional) is
    called with each batch of row objects before their values are read."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_name(sheet_title))
    headers = [str(column.header) for column in columns]
    getters = [column.get for column in columns]
    iterator = _batches(_narrowed(rows, columns), prepare)
    sample = [
        [plain_value(get(obj)) for get in getters]
        for obj in itertools.islice(iterator, SAMPLE_ROWS)
    ]
    for index, width in enumerate(_fitted_widths(columns, headers, sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _page_setup(sheet)

    bold, grey = Font(bold=True), PatternFill("solid", fgColor="F2F2F2")
    centered = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font, cell.fill, cell.alignment = bold, grey, centered
        header_cells.append(cell)
    sheet.append(header_cells)

    def cell(value):
        if isinstance(value, str):
            if ILLEGAL_CHARACTERS_RE.search(value):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            value = value[:MAX_CELL_CHARS]
            if not value.startswith("="):
                return value
            literal = WriteOnlyCell(sheet, value=value)
            literal.data_type = "s"  # "=1+1" stays text
            return literal
        if isinstance(value, dt.datetime):
            stamped = WriteOnlyCell(sheet, value=value)
            stamped.number_format = DATETIME_FORMAT
            return stamped
        if isinstance(value, dt.date):
            dated = WriteOnlyCell(sheet, value=value)
            dated.number_format = DATE_FORMAT
            return dated
        return value

    count = 0
    for values in sample:
        sheet.append([cell(value) for value in values])
        count += 1
    for obj in iterator:
        sheet.append([cell(plain_value(get(obj))) for get in getters])
        count += 1
    workbook.save(target)
    return count


def _page_setup(sheet) -> None:
    """As office.excel_page_setup, for a write-only sheet: landscape A4 fitted to the page
    width, the header row repeated on every printed page and frozen on screen."""
    from openpyxl.worksheet.properties import PageSetupProperties
    from openpyxl.worksheet.worksheet import Worksheet

    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.freeze_panes = "A2"


def _sheet_name(title: str) -> str:
    for character in "[]:*?/\\":
        title = title.replace(character, " ")
    return title.strip()[:31] or "Sheet1"


def xlsx_response(
    rows: Iterable,
    columns: Sequence[Column],
    *,
    filename: str,
    sheet_title: str | None = None,
    prepare: Callable[[list], None] | None = None,
) -> FileResponse:
    """The rows as an .xlsx download named ``<filename>.xlsx`` (today's date appended),
    written to a temporary file and streamed from it (the file is gone once sent)."""
    stamped = f"{filename}-{today_local().isoformat()}.xlsx"
    spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    try:
        write_xlsx(spool, rows, columns, sheet_title=sheet_title or filename, prepare=prepare)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    response = FileResponse(
        spool, as_attachment=True, filename=stamped, content_type=XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "no-store"
    return response
