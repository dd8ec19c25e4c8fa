"""Chinese full-text search without a segmenter.

CJK runs become overlapping character pairs (杭州道 → 杭州 州道), Latin words are
lower-cased. The text is indexed by FTS5 on SQLite and, on PostgreSQL, by a stored
``search_vector`` column (``to_tsvector('simple', search_text)``) with a GIN index.
A query is the phrase of its pairs, so 州道 matches 杭州道街道 and 神州 does not.
"""

import re

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[A-Za-z0-9]+")
_IS_CJK = re.compile(rf"[{_CJK}]")


def _terms(text: str) -> list[list[str]]:
    """Each run of the text as its list of index terms."""
    runs = []
    for run in _TOKEN.findall(text or ""):
        if _IS_CJK.match(run):
            runs.append([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
        else:
            runs.append([run.lower()])
    return runs


def build_search_text(*parts: str | None) -> str:
    return " ".join(term for part in parts for run in _terms(part or "") for term in run)


def query_phrases(query: str) -> list[str]:
    """One phrase per run of the query; all phrases must match."""
    return [" ".join(run) for run in _terms(query)]


def search_queryset(queryset, query: str):
    """Filter a queryset whose model has a ``search_text`` column indexed by
    :func:`fts_operations`. Single characters fall back to a substring match."""
    phrases = query_phrases(query)
    if not phrases:
        return queryset.none() if query.strip() else queryset
    model = queryset.model
    table = model._meta.db_table
    for phrase in phrases:
        if " " not in phrase and len(phrase) == 1:
            queryset = queryset.filter(search_text__contains=phrase)
            continue
        if connection.vendor == "postgresql":
            # The stored search_vector column: matching never recomputes to_tsvector.
            queryset = queryset.filter(
                RawSQL(
                    f'"{table}"."search_vector" @@ phraseto_tsquery(\'simple\'::regconfig, %s)',
                    [phrase],
                    output_field=BooleanField(),
                )
            )
        else:
            fts = f"{table}_fts"
            quoted = '"' + phrase.replace('"', " ") + '"'
            queryset = queryset.filter(
                pk__in=RawSQL(f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s', [quoted])
            )
    return queryset


def _create_index(apps, schema_editor, table: str, pk: str):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "search_vector" tsvector '
            f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, \"search_text\")) STORED"
        )
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_search_gin" ON "{table}" '
            f'USING gin ("search_vector")'
        )
    elif schema_editor.connection.vendor == "sqlite":
        fts = f"{table}_fts"
        for sql in (
            f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5('
            f"search_text, content='{table}', content_rowid='{pk}')",
            f'CREATE TRIGGER IF NOT EXISTS "{fts}_ai" AFTER INSERT ON "{table}" BEGIN '
            f'INSERT INTO "{fts}"(rowid, search_text) VALUES (new."{pk}", new.search_text); END',
            f'CREATE TRIGGER IF NOT EXISTS "{fts}_ad" AFTER DELETE ON "{table}" BEGIN '
            f'INSERT INTO "{fts}"("{fts}", rowid, search_text) '
            f"VALUES ('delete', old.\"{pk}\", old.search_text); END",
            f'CREATE TRIGGER IF NOT EXISTS "{fts}_au" AFTER UPDATE OF search_text ON "{table}" '
            f'BEGIN INSERT INTO "{fts}"("{fts}", rowid, search_text) '
            f"VALUES ('delete', old.\"{pk}\", old.search_text); "
            f'INSERT INTO "{fts}"(rowid, search_text) VALUES (new."{pk}", new.search_text); END',
            f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')',
        ):
            schema_editor.execute(sql)


def _drop_index(apps, schema_editor, table: str):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search_gin"')
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "search_vector"')
    elif schema_editor.connection.vendor == "sqlite":
        fts = f"{table}_fts"
        for suffix in ("_ai", "_ad", "_au"):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{fts}{suffix}"')
        schema_editor.execute(f'DROP TABLE IF EXISTS "{fts}"')


def fts_operations(table: str, pk: str = "id"):
    """Migration operations that index ``table.search_text`` on either database."""
    from django.db import migrations

    return [
        migrations.RunPython(
            lambda apps, se: _create_index(apps, se, table, pk),
            lambda apps, se: _drop_index(apps, se, table),
        )
    ]
