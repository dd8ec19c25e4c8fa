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
- **Streaming**: rows go one at a time into the sheet part of the zip file
  (:mod:`lvzhi.core.xlsx_writer`, a small SpreadsheetML writer: openpyxl's per-cell
  objects cost two thirds of the time), saved into an anonymous temporary file that a
  ``FileResponse`` streams out and deletes — 100,000 rows never sit in memory. When every
  column is a field path (``"organization.name"``, :meth:`Column.choice`) the queryset is
  read with ``values_list`` (no model instances); otherwise row objects are read
  (``benchmarks/exports.py``: the province's activity list, time and peak memory).
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
from django.http import FileResponse, HttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from lvzhi.core import export_jobs
from lvzhi.core.office import _text_width
from lvzhi.core.periods import CHINA_TZ, today_local
from lvzhi.core.xlsx_writer import write_sheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_PARAM = "format"
XLSX = "xlsx"
CHUNK_SIZE = 2000
WRITTEN_AS_IS = frozenset({str, int, float, dt.date, type(None)})  # plain_value keeps them
SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 6, 60


@dataclass(frozen=True)
class Column:
    """One column of an export: its header (a lazy translation), how to get the value
    from a row object (a dotted attribute path or a callable), and optionally a fixed
    width in Excel character units (otherwise fitted to the first rows), and ``convert``,
    applied to the value a dotted path reads (a choice's label)."""

    header: Any
    value: str | Callable[[Any], Any]
    width: float | None = None
    fields: tuple[str, ...] | None = None
    convert: Callable[[Any], Any] | None = None

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

        def label(value):
            language = translation.get_language() or ""
            labels = cache.get(language)
            if labels is None:
                labels = cache[language] = {key: str(text) for key, text in choices}
            return labels.get(value, value)

        return cls(header, attribute, width=width, convert=label)

    def get(self, obj):
        if callable(self.value):
            return self.value(obj)
        try:
            value = attrgetter(self.value)(obj)
        except AttributeError:
            return None  # a link that is not there (organization.parent of a root)
        return value if self.convert is None else self.convert(value)


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
    """A value a sheet holds as it is: text, number, date or naive datetime."""
    if value is None or type(value) is str:
        return value
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


def _value_rows(rows, columns: Sequence[Column]):
    """The rows as tuples of raw column values read straight from the database
    (``values_list``: no model instance is built), when every column is a field path of a
    plain queryset; None otherwise (the row objects are read instead)."""
    if not isinstance(rows, QuerySet) or not columns:
        return None
    if any(not isinstance(column.value, str) for column in columns):
        return None
    query = rows.query
    if query.distinct or query.combinator or rows._fields is not None:
        return None  # DISTINCT over other columns, a union, or already values()
    paths = [column.value.replace(".", "__") for column in columns]
    return rows.prefetch_related(None).values_list(*paths).iterator(chunk_size=CHUNK_SIZE)


def _plain_rows(rows, columns: Sequence[Column], prepare):
    """Each row as a list of plain values, read in batches (see :func:`_batches`)."""
    values = None if prepare is not None else _value_rows(rows, columns)
    if values is not None:
        converts = [(index, column.convert) for index, column in enumerate(columns)]
        converts = [(index, convert) for index, convert in converts if convert is not None]
        for raw in values:
            if converts:
                raw = list(raw)
                for index, convert in converts:
                    raw[index] = convert(raw[index])
            yield [value if type(value) in WRITTEN_AS_IS else plain_value(value) for value in raw]
        return
    getters = [column.get for column in columns]
    for obj in _batches(_narrowed(rows, columns), prepare):
        yield [plain_value(get(obj)) for get in getters]


def _counted(values, every: int, report: Callable[[int], None]):
    """The rows unchanged, ``report(n)`` called after every ``every`` rows and at the end."""
    done = 0
    for done, row in enumerate(values, start=1):  # noqa: B007 (read after the loop)
        yield row
        if done % every == 0:
            report(done)
    report(done)


def write_xlsx(
    target,
    rows: Iterable,
    columns: Sequence[Column],
    *,
    sheet_title: str,
    prepare=None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``rows`` (a queryset or any iterable) into an .xlsx at ``target`` (a path or
    a binary file object); returns the number of data rows. ``prepare`` (optional) is
    called with each batch of row objects before their values are read; ``progress``
    (optional) with the number of rows written so far, every
    ``export_jobs.PROGRESS_EVERY`` rows (a background job's progress bar)."""
    headers = [str(column.header) for column in columns]
    values = _plain_rows(rows, columns, prepare)
    if progress is not None:
        values = _counted(values, export_jobs.PROGRESS_EVERY, progress)
    sample = list(itertools.islice(values, SAMPLE_ROWS))
    return write_sheet(
        target,
        sheet_name=_sheet_name(sheet_title),
        headers=headers,
        widths=_fitted_widths(columns, headers, sample),
        rows=itertools.chain(sample, values),
    )


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
) -> HttpResponse:
    """The rows as an .xlsx download named ``<filename>.xlsx`` (today's date appended),
    written to a temporary file and streamed from it (the file is gone once sent).

    A page's export with more rows than ``LVZHI_EXPORT_ASYNC_ROWS`` is not written here:
    the answer is a redirect to a background job that writes it (lvzhi.core.export_jobs);
    inside that job the rows are written with the job's progress."""
    redirect = export_jobs.start_if_large(rows, filename)
    if redirect is not None:
        return redirect
    progress = None
    if export_jobs.current_run() is not None:
        total = export_jobs.total_rows(rows)

        def progress(done):
            export_jobs.on_rows(done, total)

    stamped = f"{filename}-{today_local().isoformat()}.xlsx"
    spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    try:
        write_xlsx(
            spool,
            rows,
            columns,
            sheet_title=sheet_title or filename,
            prepare=prepare,
            progress=progress,
        )
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    response = FileResponse(
        spool, as_attachment=True, filename=stamped, content_type=XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "no-store"
    return response
