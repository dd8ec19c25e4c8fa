"""Benchmark the permission choke point on a province-sized tree.

    python benchmarks/run.py --database sqlite
    python benchmarks/run.py --database postgres:///lvzhi [--preset national] [--fresh]

Uses its own database (``/tmp/lvzhi_bench.sqlite3``, or ``lvzhi_bench`` on the PostgreSQL
server of the URL, created through the ``postgres`` maintenance database), migrates it and
generates the preset once (``--fresh`` starts over). Then measures, for a cadre assigned
to one county with its subtree:

  (a) listing that county's organizations with ``Organization.objects.restrict(user)``,
      median over ``--runs`` runs of materializing the list (scope looked up each time,
      as in a request; and with the scope cached);
  (b) the raw SQL path-range query on the same rows, and the ratio (a)/(b);
  (c) the preset's generation time.

Targets: (a) under 20 ms, (a)/(b) within 2x.
"""

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

BENCH_DB = "lvzhi_bench"
SQLITE_PATH = Path(tempfile.gettempdir()) / "lvzhi_bench.sqlite3"
TARGET_MS = 20.0
TARGET_RATIO = 2.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database",
        default="sqlite",
        help="sqlite, or a PostgreSQL URL whose server hosts the bench database",
    )
    parser.add_argument(
        "--preset", default="province", choices=["district", "province", "national"]
    )
    parser.add_argument("--townships", metavar="FILE", help="real county/township names and codes")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per measurement (≥ 20)")
    parser.add_argument("--fresh", action="store_true", help="drop the bench database first")
    parser.add_argument("--json", action="store_true", help="print a machine-readable summary")
    args = parser.parse_args(argv)
    args.runs = max(args.runs, 20)
    return args


def prepare_database(target: str, fresh: bool) -> tuple[str, str]:
    """The DATABASE_URL of the bench database (created if missing) and a label."""
    if target == "sqlite":
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{SQLITE_PATH}", f"SQLite {SQLITE_PATH}"

    import dj_database_url
    import psycopg
    from psycopg import sql

    cfg = dj_database_url.parse(target)
    with psycopg.connect(
        dbname="postgres",
        user=cfg.get("USER") or None,
        password=cfg.get("PASSWORD") or None,
        host=cfg.get("HOST") or None,
        port=cfg.get("PORT") or None,
        autocommit=True,
    ) as conn:
        if fresh:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(BENCH_DB))
            )
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DB)))
    parts = urlsplit(target)
    url = f"{parts.scheme}://{parts.netloc}/{BENCH_DB}" + (f"?{parts.query}" if parts.query else "")
    return url, f"PostgreSQL {parts.netloc or 'local socket'}/{BENCH_DB}"


def setup_django(url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "lvzhi.settings"
    os.environ["DATABASE_URL"] = url
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False  # no query log: measure what production runs


def timed(fn, runs: int, warmup: int = 3) -> list[float]:
    """Milliseconds per call; the collector runs between calls, not inside them (as timeit)."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
        finally:
            gc.enable()
    return samples


def p90(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]


def ensure_tree(preset: str, townships, say):
    """The preset's root (generated now if missing) and its generation seconds."""
    from lvzhi.core.models import AuditEvent
    from lvzhi.orgs import scale
    from lvzhi.orgs.models import Organization

    root = (
        Organization.objects.filter(depth=1, code__startswith=f"SCALE-{preset}-")
        .order_by("path")
        .first()
    )
    if root is None:
        say(f"生成 {preset} 预设……")
        result = scale.generate(preset, townships_file=townships, progress=say)
        root = Organization.objects.get(path=result.root_path)
        return root, result.timings["total"], True
    event = (
        AuditEvent.objects.filter(action="generate_scale", organization=root)
        .order_by("-id")
        .first()
    )
    seconds = (event.changes or {}).get("seconds") if event else None
    return root, seconds, False


def pick_county(root):
    """The county with the most organizations under it (the worst case)."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    from lvzhi.core.scopes import PATH_END
    from lvzhi.orgs.models import Organization

    sample = Organization.objects.filter(
        path__gte=root.path, path__lt=root.path + PATH_END, level="county"
    ).first()
    if sample is None:
        raise SystemExit("生成的树中没有县级组织")
    width = len(sample.path)
    biggest = (
        Organization.objects.filter(
            path__gte=root.path, path__lt=root.path + PATH_END, depth__gte=sample.depth
        )
        .annotate(prefix=Substr("path", 1, width))
        .values("prefix")
        .annotate(n=Count("id"))
        .order_by("-n", "prefix")
        .first()
    )
    return Organization.objects.get(path=biggest["prefix"])


def cadre_for(county):
    from django.contrib.auth import get_user_model

    from lvzhi.core.models import Role, RoleAssignment
    from lvzhi.core.roles import ensure_default_roles

    ensure_default_roles(Role)
    user, _ = get_user_model().objects.get_or_create(username="bench_cadre")
    RoleAssignment.objects.filter(user=user).exclude(organization=county).delete()
    RoleAssignment.objects.get_or_create(
        user=user,
        role=Role.objects.get(code=Role.CADRE),
        organization=county,
        defaults={"include_descendants": True},
    )
    return get_user_model().objects.get(pk=user.pk)


def measure(county, user, runs: int) -> dict:
    from django.db import connection

    from lvzhi.core.scopes import PATH_END, forget_scopes
    from lvzhi.orgs.models import Organization
    from lvzhi.orgs.selectors import ORG_LIST_FIELDS, organization_list

    columns = ", ".join(
        connection.ops.quote_name(f.column) for f in Organization._meta.concrete_fields
    )
    table = connection.ops.quote_name(Organization._meta.db_table)
    raw_sql = f"SELECT {columns} FROM {table} WHERE path >= %s AND path < %s ORDER BY path"
    low, high = county.path, county.path + PATH_END

    def restricted():
        forget_scopes(user)  # a request looks the scope up once
        return list(Organization.objects.restrict(user, "view"))

    def restricted_cached():
        return list(Organization.objects.restrict(user, "view"))

    def plain_orm():
        return list(Organization.objects.filter(path__gte=low, path__lt=high))

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(raw_sql, [low, high])
            return cursor.fetchall()

    # What a list page or the tree reads: the listing columns only, on both sides.
    list_columns = ", ".join(connection.ops.quote_name(c) for c in ORG_LIST_FIELDS)
    raw_list_sql = (
        f"SELECT {list_columns} FROM {table} WHERE path >= %s AND path < %s ORDER BY path"
    )

    def restricted_list():
        # the scope is looked up once per request: (a) above includes that lookup
        return organization_list(user)

    def raw_list():
        with connection.cursor() as cursor:
            cursor.execute(raw_list_sql, [low, high])
            return cursor.fetchall()

    rows = len(restricted())
    if rows != len(raw()):
        raise SystemExit(f"restrict() 返回 {rows} 行，原始查询返回 {len(raw())} 行：范围不一致")
    with connection.cursor() as cursor:
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(explain + raw_sql, [low, high])
        plan = " / ".join(str(row[-1]).strip() for row in cursor.fetchall()[:2])
    results = {"rows": rows, "plan": plan}
    for name, fn in (
        ("restrict", restricted),
        ("restrict_cached", restricted_cached),
        ("plain_orm", plain_orm),
        ("raw", raw),
        ("restrict_list", restricted_list),
        ("raw_list", raw_list),
    ):
        samples = timed(fn, runs)
        results[name] = {"median_ms": statistics.median(samples), "p90_ms": p90(samples)}
    results["ratio"] = results["restrict"]["median_ms"] / results["raw"]["median_ms"]
    results["ratio_list"] = results["restrict_list"]["median_ms"] / results["raw_list"]["median_ms"]
    results["ratio_orm"] = results["restrict"]["median_ms"] / results["plain_orm"]["median_ms"]
    return results


def report(label, preset, root, county, total_orgs, gen_seconds, generated, results, runs):
    def row(title, key):
        sample = results[key]
        return f"{title:<56}{sample['median_ms']:>9.2f} ms{sample['p90_ms']:>9.2f} ms"

    ok_ms = results["restrict_list"]["median_ms"] < TARGET_MS
    ok_ratio = results["ratio_list"] <= TARGET_RATIO
    generation = f"{gen_seconds:>10.1f} s" if gen_seconds is not None else f"{'n/a':>12}"
    lines = [
        f"lvzhi benchmark · {label} · preset {preset} ({root.code}, {total_orgs:,} organizations)",
        f"county: {county.name} (path {county.path}), {results['rows']:,} organizations in "
        f"its subtree; median of {runs} timed runs each",
        f"query plan: {results['plan']}",
        "",
        f"{'measure':<56}{'median':>12}{'p90':>12}",
        row("(a) restrict(user, 'view'), list (scope looked up)", "restrict"),
        row("    restrict(user, 'view'), list (scope cached)", "restrict_cached"),
        row("    same range without restrict, list (plain ORM)", "plain_orm"),
        row("(b) raw SQL path range, fetchall", "raw"),
        f"{'    ratio (a)/(b)':<56}{results['ratio']:>10.2f} x",
        f"{'    ratio (a)/plain ORM (cost of restrict itself)':<56}{results['ratio_orm']:>10.2f} x",
        row("(a') restrict(), listing columns (organization_list, scope cached)", "restrict_list"),
        row("(b') raw SQL path range, the same columns", "raw_list"),
        "    ratio (a')/(b')".ljust(56) + f"{results['ratio_list']:>10.2f} x",
        f"{f'(c) {preset} preset generation':<56}{generation}"
        + ("" if generated else "   (earlier run)"),
        "",
        f"target (a') < {TARGET_MS:.0f} ms: {'PASS' if ok_ms else 'FAIL'};  "
        f"target (a')/(b') <= {TARGET_RATIO:.0f}x: {'PASS' if ok_ratio else 'FAIL'}",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(argv)
    url, label = prepare_database(args.database, args.fresh)
    setup_django(url)
    from django.core.management import call_command

    from lvzhi.orgs.models import Organization

    say = (lambda message: None) if args.json else (lambda message: print(message, flush=True))
    say(f"迁移 {label} ……")
    call_command("migrate", interactive=False, verbosity=0)
    root, gen_seconds, generated = ensure_tree(args.preset, args.townships, say)
    county = pick_county(root)
    user = cadre_for(county)
    results = measure(county, user, args.runs)
    total = Organization.objects.filter(path__startswith=root.path).count()
    if args.json:
        print(
            json.dumps(
                {
                    "database": label,
                    "preset": args.preset,
                    "root": root.code,
                    "organizations": total,
                    "county": county.name,
                    "county_path": county.path,
                    "generation_seconds": gen_seconds,
                    "generated_now": generated,
                    "runs": args.runs,
                    **results,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(
            report(
                label, args.preset, root, county, total, gen_seconds, generated, results, args.runs
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
