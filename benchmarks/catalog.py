"""Benchmark the duty catalog: importing the union catalog, and public search across
100 published catalogs (≈ 4,000 items).

    python benchmarks/catalog.py --database sqlite
    python benchmarks/catalog.py --database postgres:///lvzhi

Uses the bench database of ``run.py``. Targets: union import under 1 s; public search
under 50 ms at the median; importing a text catalog of the largest accepted size
(IMPORT_MAX_BYTES, env LVZHI_IMPORT_MAX_MB) peaks under 300 MB resident memory (ru_maxrss
of a fresh process: parse + draft written to the database; ``--max-size`` runs only
that, ``--trace`` adds tracemalloc's figure, ``--skip-max-size`` leaves it out).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from run import p90, prepare_database, setup_django, timed  # noqa: E402

CATALOGS = 100
QUERIES = ("信访", "三八红旗手", "法律援助", "妇女", "劳动争议调解")
IMPORT_TARGET_S = 1.0
SEARCH_TARGET_MS = 50.0
MAX_SIZE_MEMORY_TARGET_MB = 300.0


def max_size_catalog(limit: int) -> bytes:
    """A text catalog in the union layout of just under ``limit`` bytes: the union seed's
    sheets repeated under new item numbers (13 duties, as many items as fit)."""
    seeds = Path(__file__).resolve().parents[1] / "lvzhi" / "catalog" / "seeds"
    text = (seeds / "binhai_zonggonghui.txt").read_text(encoding="utf-8")
    start = text.index("2.3（职责事项名称）信息表")
    end = text.index("（职责事项名称）信息表", start + 10)
    sheet = text[start : text.rindex("\n", start, end) + 1]
    index, sheets, size, n = ["基准职责目录", "序号", "主要职责", "职责事项", "页码"], [], 0, 0
    duties = 13
    while True:
        n += 1
        duty, item = (n - 1) % duties + 1, (n - 1) // duties + 1
        number = f"{duty}.{item}"
        body = sheet.replace("2.3（", f"{number}（", 1).replace("\t2.3\n", f"\t{number}\n", 1)
        name = f"基准职责事项{n}"
        body = body.replace("\t名称\n\t", f"\t名称\n\t{name}", 1)
        entry = f"{number}\n{name}\n{n}\n"
        size += len(body.encode()) + len(entry.encode()) + 40
        if size >= limit:
            break
        sheets.append((duty, number, body, entry))
    sheets.sort(key=lambda s: (s[0], int(s[1].split(".")[1])))
    lines = index[:]
    for duty in range(1, duties + 1):
        lines.append(f"{duty}\n主要职责{duty}")
        lines += [entry for d, _n, _b, entry in sheets if d == duty]
    data = ("\n".join(lines) + "\n" + "".join(body for *_x, body, _e in sheets)).encode()
    return data[:limit]


def measure_max_size_import(say, trace: bool = False) -> tuple[int, int, float, float, float]:
    """(file bytes, items, seconds, peak RSS MB of this process, tracemalloc peak MB or 0)
    of importing a catalog of the maximum size. Run it in a fresh process (``--max-size``)
    so that the RSS high-water mark is the import's."""
    import resource
    import tracemalloc

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from lvzhi.catalog import services
    from lvzhi.orgs import services as org_services
    from lvzhi.orgs.models import Kind, Organization

    data = max_size_catalog(settings.IMPORT_MAX_BYTES)
    actor, _ = get_user_model().objects.get_or_create(
        username="bench_catalog_admin", defaults={"is_superuser": True, "is_staff": True}
    )
    say(f"  导入最大尺寸目录（{len(data) / 1024 / 1024:.1f} MB）……")

    class Rollback(Exception):
        pass

    result = {"trace": 0.0}
    try:
        with transaction.atomic():
            org = org_services.organization_create(
                actor=actor,
                parent=None,
                name="最大尺寸目录",
                code="BENCH-MAXSIZE",
                kind=Kind.UNION_FEDERATION,
            )
            org = Organization.objects.get(pk=org.pk)
            if trace:
                tracemalloc.start()
            start = time.perf_counter()
            version = services.catalog_import(
                actor=actor, organization=org, data=data, filename="max.txt"
            )
            result["seconds"] = time.perf_counter() - start
            if trace:
                result["trace"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
                tracemalloc.stop()
            result["items"] = version.items.count()
            raise Rollback  # leave the bench database as it was
    except Rollback:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return len(data), result["items"], result["seconds"], rss, result["trace"]


def max_size_line(database: str) -> str:
    """Run the max-size import in a child process and return its result line."""
    import subprocess

    child = subprocess.run(
        [sys.executable, __file__, "--database", database, "--max-size"],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in child.stdout.splitlines() if line.startswith("max-size")]
    return lines[-1] if lines else f"max-size import failed: {child.stderr[-500:]}"


def ensure_catalogs(say) -> tuple[list[float], int]:
    """100 organizations under one root, each with a published catalog (seeds alternate)."""
    from django.contrib.auth import get_user_model

    from lvzhi.catalog import services
    from lvzhi.catalog.models import CatalogVersion, DutyItem
    from lvzhi.orgs import services as org_services
    from lvzhi.orgs.models import Kind, Organization

    seeds = Path(__file__).resolve().parents[1] / "lvzhi" / "catalog" / "seeds"
    union, women = (
        (seeds / "binhai_zonggonghui.txt").read_bytes(),
        (seeds / "binhai_fulian.txt").read_bytes(),
    )
    actor, _ = get_user_model().objects.get_or_create(
        username="bench_catalog_admin", defaults={"is_superuser": True, "is_staff": True}
    )
    root = Organization.objects.filter(
        code="BENCH-CAT"
    ).first() or org_services.organization_create(
        actor=actor, parent=None, name="目录基准测试", code="BENCH-CAT", kind=Kind.UNION_FEDERATION
    )
    import_seconds = []
    for n in range(CATALOGS):
        code = f"BENCH-CAT-{n:03d}"
        org = Organization.objects.filter(code=code).first()
        if org is None:
            root = Organization.objects.get(pk=root.pk)
            kind = Kind.GRASSROOTS_UNION if n % 2 == 0 else Kind.JOINT_UNION
            org = org_services.organization_create(
                actor=actor, parent=root, name=f"基准组织{n:03d}", code=code, kind=kind
            )
        if CatalogVersion.objects.filter(catalog__organization=org, status="published").exists():
            continue
        data = union if n % 2 == 0 else women
        start = time.perf_counter()
        version = services.catalog_import(
            actor=actor, organization=org, data=data, filename="bench.txt"
        )
        if n % 2 == 0:
            import_seconds.append(time.perf_counter() - start)
        for finding in version.findings.exclude(repair="").filter(decision="pending"):
            services.finding_decide(actor=actor, finding=finding, accept=True)
        services.version_publish(actor=actor, version=version)
        if n % 10 == 9:
            say(f"  {n + 1} 个目录已发布")
    items = DutyItem.objects.filter(
        version__status="published", org_path__startswith=root.path
    ).count()
    return import_seconds, items


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--skip-max-size", action="store_true")
    parser.add_argument(
        "--max-size", action="store_true", help="only the max-size import (fresh process)"
    )
    parser.add_argument("--trace", action="store_true", help="also tracemalloc (slower)")
    args = parser.parse_args(argv)
    url, label = prepare_database(args.database, fresh=False)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from lvzhi.catalog.selectors import public_search

    call_command("migrate", verbosity=0)
    if args.max_size:
        size, count, seconds, rss, traced = measure_max_size_import(
            lambda m: print(m, flush=True), trace=args.trace
        )
        print(
            f"max-size import {size / 1024 / 1024:.1f} MB, {count:,} items: {seconds:.1f} s, "
            f"peak RSS of the process {rss:.0f} MB"
            + (f" (Python allocations {traced:.0f} MB)" if args.trace else "")
            + f"  target < {MAX_SIZE_MEMORY_TARGET_MB:.0f} MB: "
            f"{'PASS' if rss < MAX_SIZE_MEMORY_TARGET_MB else 'FAIL'}"
        )
        return 0
    print(f"lvzhi catalog benchmark · {label}", flush=True)
    import_seconds, items = ensure_catalogs(lambda m: print(m, flush=True))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    lines = [f"published items under the bench root: {items:,}"]
    if import_seconds:
        median_import = statistics.median(import_seconds)
        lines.append(
            f"union catalog import (parse + draft), median of {len(import_seconds)}: "
            f"{median_import:.3f} s  target < {IMPORT_TARGET_S:.0f} s: "
            f"{'PASS' if median_import < IMPORT_TARGET_S else 'FAIL'}"
        )
    worst = 0.0
    for query in QUERIES:
        hits = len(public_search(query))
        samples = timed(lambda q=query: public_search(q), args.runs)
        median = statistics.median(samples)
        worst = max(worst, median)
        lines.append(
            f"public search {query!r:<14} {hits:>4} hits  median {median:7.2f} ms  "
            f"p90 {p90(samples):7.2f} ms"
        )
    lines.append(
        f"target search median < {SEARCH_TARGET_MS:.0f} ms: "
        f"{'PASS' if worst < SEARCH_TARGET_MS else 'FAIL'}"
    )
    if not args.skip_max_size:
        lines.append(max_size_line(args.database))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
