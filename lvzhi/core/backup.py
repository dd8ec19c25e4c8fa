"""Backup and restore: the database, the uploaded files and a manifest that proves both.

``backup(directory)`` writes

* ``db.dump`` — PostgreSQL: ``pg_dump -Fc`` of a snapshot exported by a REPEATABLE READ
  transaction, so the row counts of the manifest are those of the dump, whatever is
  written meanwhile; SQLite: ``db.sqlite3``, a copy through SQLite's online backup API;
* ``media/`` — every uploaded file;
* ``manifest.json`` — rows per table, the checksum of the database file and of every
  uploaded file, the rule sets shipped and the latest migration of each app.

``restore(directory)`` checks every checksum first, refuses a database that already holds
tables, loads the database and the files, then counts the rows again against the manifest.
Nothing is read from or written to the network: pg_dump and pg_restore talk to the server
named by ``DATABASES["default"]``.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
PG_FILE = "db.dump"
SQLITE_FILE = "db.sqlite3"
MEDIA_DIR = "media"
RULESETS_DIR = Path(__file__).resolve().parent.parent / "rulesets"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Chinese."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> dict:
    """libpq's environment for the default database (socket when no host is set)."""
    db = connection.settings_dict
    env = dict(os.environ)
    for key, name in (("PGDATABASE", "NAME"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if db.get(name):
            env[key] = str(db[name])
    if db.get("HOST"):
        env["PGHOST"] = str(db["HOST"])
    if db.get("PORT"):
        env["PGPORT"] = str(db["PORT"])
    return env


def _tables(cursor) -> list[str]:
    return sorted(connection.introspection.table_names(cursor))


def _counts(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def backup(directory) -> dict:
    """Write a backup into ``directory`` (created; must be empty) and return its manifest."""
    target = Path(directory)
    if target.exists() and any(target.iterdir()):
        raise BackupError(_("备份目录 %(dir)s 不是空目录") % {"dir": target})
    target.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        database = _backup_postgresql(target)
    elif connection.vendor == "sqlite":
        database = _backup_sqlite(target)
    else:  # pragma: no cover - the platform runs on these two only
        raise BackupError(_("不支持的数据库：%(vendor)s") % {"vendor": connection.vendor})
    media_root = Path(settings.MEDIA_ROOT)
    media = {}
    for path in _media_files(media_root):
        relative = path.relative_to(media_root).as_posix()
        copy = target / MEDIA_DIR / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
        media[relative] = sha256(copy)
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": database,
        "media": media,
        "rulesets": {p.name: sha256(p) for p in sorted(RULESETS_DIR.glob("*.toml"))},
        "migrations": _migrations(),
    }
    (target / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
    )
    return manifest


def _backup_postgresql(target: Path) -> dict:
    """pg_dump of one snapshot; the rows are counted inside the same snapshot."""
    path = target / PG_FILE
    with connection.cursor() as cursor:
        in_atomic = connection.in_atomic_block
        if not in_atomic:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = _tables(cursor)
            counts = _counts(cursor, tables)
            result = subprocess.run(
                ["pg_dump", "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
                + ["-f", str(path)],
                env=_pg_env(),
                capture_output=True,
                text=True,
            )
        finally:
            if not in_atomic:
                cursor.execute("COMMIT")
    if result.returncode != 0:
        raise BackupError(_("pg_dump 失败：%(error)s") % {"error": result.stderr.strip()})
    return {"vendor": "postgresql", "file": PG_FILE, "sha256": sha256(path), "tables": counts}


def _backup_sqlite(target: Path) -> dict:
    """SQLite's online backup API: a consistent copy while the platform keeps writing."""
    path = target / SQLITE_FILE
    connection.ensure_connection()
    destination = sqlite3.connect(path)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    copy = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        names = [n for n in names if not _is_fts_shadow(n)]
        counts = {n: copy.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        copy.close()
    return {"vendor": "sqlite", "file": SQLITE_FILE, "sha256": sha256(path), "tables": counts}


def _is_fts_shadow(name: str) -> bool:
    """FTS5's own tables (…_data, …_idx, …_docsize, …_config, …_content) are rebuilt with
    their index and are not counted."""
    return name.endswith(("_data", "_idx", "_docsize", "_config", "_content")) and "fts" in name


def read_manifest(directory) -> dict:
    path = Path(directory) / MANIFEST
    if not path.exists():
        raise BackupError(_("%(dir)s 中没有 manifest.json，不是 lvzhi 备份") % {"dir": directory})
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        raise BackupError(_("manifest.json 已损坏，无法读取")) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(_("不支持的备份格式：%(f)s") % {"f": manifest.get("format")})
    return manifest


def verify(directory) -> dict:
    """Every checksum of the manifest against the files; a BackupError names the first
    file that differs or is missing."""
    source = Path(directory)
    manifest = read_manifest(source)
    database = source / manifest["database"]["file"]
    if not database.exists() or sha256(database) != manifest["database"]["sha256"]:
        raise BackupError(_("数据库文件 %(f)s 缺失或已被改动") % {"f": database.name})
    for relative, digest in manifest["media"].items():
        path = source / MEDIA_DIR / relative
        if not path.exists() or sha256(path) != digest:
            raise BackupError(_("上传文件 %(f)s 缺失或已被改动") % {"f": relative})
    return manifest


def restore(directory) -> dict:
    """Restore a verified backup into the (empty) default database and MEDIA_ROOT, then
    count the rows again against the manifest."""
    source = Path(directory)
    manifest = verify(source)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            _("备份来自 %(from)s，不能恢复到 %(to)s") % {"from": vendor, "to": connection.vendor}
        )
    with connection.cursor() as cursor:
        existing = [t for t in _tables(cursor) if not _is_fts_shadow(t)]
    if existing:
        raise BackupError(
            _("目标数据库不是空库（已有 %(n)d 张表），请恢复到新建的空数据库")
            % {"n": len(existing)}
        )
    media_root = Path(settings.MEDIA_ROOT)
    for relative, digest in manifest["media"].items():
        path = media_root / relative
        if path.exists() and sha256(path) != digest:
            raise BackupError(_("上传文件目录中已有不同的 %(f)s，未覆盖") % {"f": relative})
    if vendor == "postgresql":
        _restore_postgresql(source / PG_FILE)
    else:
        _restore_sqlite(source / SQLITE_FILE)
    for relative in manifest["media"]:
        path = media_root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / MEDIA_DIR / relative, path)
    with connection.cursor() as cursor:
        counts = _counts(cursor, list(manifest["database"]["tables"]))
    if counts != manifest["database"]["tables"]:
        differ = sorted(t for t in counts if counts[t] != manifest["database"]["tables"][t])
        raise BackupError(_("恢复后的行数与备份清单不符：%(t)s") % {"t": "、".join(differ)})
    return manifest


def _restore_postgresql(path: Path) -> None:
    connection.close()
    result = subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "-d"]
        + [connection.settings_dict["NAME"], str(path)],
        env=_pg_env(),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(_("pg_restore 失败：%(error)s") % {"error": result.stderr.strip()})


def _restore_sqlite(path: Path) -> None:
    """Copy the backup into the default SQLite database through the backup API."""
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
