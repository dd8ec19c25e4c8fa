"""Exit 0 when the PostgreSQL server of a DATABASE_URL answers (its maintenance db)."""

import sys

import dj_database_url
import psycopg

url = sys.argv[1] if len(sys.argv) > 1 else "postgres:///lvzhi"
cfg = dj_database_url.parse(url)
try:
    psycopg.connect(
        dbname="postgres",
        user=cfg.get("USER") or None,
        password=cfg.get("PASSWORD") or None,
        host=cfg.get("HOST") or None,
        port=cfg.get("PORT") or None,
        connect_timeout=3,
    ).close()
except psycopg.Error as exc:
    print(f"PostgreSQL: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
