"""Benchmark the workbench (工作台) on a province: the page a cadre opens first.

    python benchmarks/workbench.py --database sqlite
    python benchmarks/workbench.py --database postgres:///lvzhi [--runs 30] [--no-members]

Uses the bench database of ``run.py`` (its province tree, generated if missing), the cases
of ``processes.py`` (``--cases``, generated once) and the committees, activities and
compliance of ``members.py`` (generated once; ``--no-members`` skips them). Then requests
``/workbench/`` through Django's test client (middleware, session, the selectors and the
template, as a request runs), median of ``--runs`` runs (≥ 20), for a cadre of

  (a) the county with the most compliance rows (or cases),
  (b) another county (its query count must equal (a)'s: constant),
  (c) the province (the root).

Each is measured with every count counted (the shared cache emptied before each request)
and with the counts from the cache (``dashboards.selectors.CACHE_SECONDS``).
Target: (a) < 150 ms counted. The query count of each is printed.
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import run  # noqa: E402
from run import ensure_tree, p90, prepare_database, setup_django, timed  # noqa: E402

PRESET = "province"
TARGET_MS = 150.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--preset",
        default=PRESET,
        choices=["district", "province", "national"],
        help="the tree (district: one county, quick to generate)",
    )
    parser.add_argument(
        "--bench-db", default=None, help="PostgreSQL database name (default: run.py's)"
    )
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per measurement (≥ 20)")
    parser.add_argument("--cases", type=int, default=100_000, help="cases on the province")
    parser.add_argument("--no-members", action="store_true", help="no committees/activities")
    args = parser.parse_args(argv)
    args.runs = max(args.runs, 20)
    return args


def counties(root, with_members: bool):
    """Two counties: the busiest (most compliance rows, else most cases) and another."""
    from members import busiest_counties

    from lvzhi.core.scopes import PATH_END
    from lvzhi.orgs.models import Level, Organization

    if with_members:
        found = busiest_counties(root)
        if len(found) == 2:
            return found
        if len(found) == 1:  # the district preset: one county
            return found * 2
    return list(
        Organization.objects.filter(
            path__gte=root.path, path__lt=root.path + PATH_END, level=Level.COUNTY
        ).order_by("path")[:2]
    )


def measure(client, user, runs: int) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)

    def request():
        response = client.get("/workbench/")
        assert response.status_code == 200, response.status_code
        return response

    def counted():
        cache.clear()  # every count counted, as on the first request of a day
        return request()

    request()  # the session's organization settled, caches warm
    samples = timed(counted, runs)
    cached = timed(request, runs)  # the counts from the shared cache (CACHE_SECONDS)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = request()
    with CaptureQueriesContext(connection) as captured_cached:
        request()
    items = {item.key: item.count for item in response.context["bench"].items}
    return {
        "median_ms": statistics.median(samples),
        "p90_ms": p90(samples),
        "queries": len(captured),
        "cached_median_ms": statistics.median(cached),
        "cached_queries": len(captured_cached),
        "items": items,
        "children": len(response.context["bench"].compliance),
    }


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.bench_db:
        run.BENCH_DB = args.bench_db
    url, label = prepare_database(args.database, fresh=False)
    setup_django(url)
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from members import cadre_for, ensure_members
    from processes import ensure_cases

    def say(message):
        print(message, flush=True)

    say(f"迁移 {label} ……")
    call_command("migrate", interactive=False, verbosity=0)
    root, _seconds, _generated = ensure_tree(args.preset, None, say)
    total_cases, _ = ensure_cases(root, args.cases, say)
    if not args.no_members:
        ensure_members(root, say)
    first, second = counties(root, not args.no_members)
    setup_test_environment()  # response.context for the item counts
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    results = {
        "a": (first, measure(client, cadre_for("bench_workbench_cadre", first), args.runs)),
        "b": (second, measure(client, cadre_for("bench_workbench_cadre2", second), args.runs)),
        "c": (root, measure(client, cadre_for("bench_workbench_province", root), args.runs)),
    }
    lines = [
        "",
        f"lvzhi workbench benchmark · {label} · preset {args.preset} ({root.code}); "
        f"{total_cases:,} cases; median of {args.runs} requests of /workbench/ each",
        "",
        f"{'measure':<52}{'median':>11}{'p90':>11}{'queries':>9}{'cached':>11}{'queries':>9}",
    ]
    titles = {"a": "county cadre (busiest)", "b": "another county cadre", "c": "province cadre"}
    for tag, (org, r) in results.items():
        lines.append(
            f"{f'({tag}) {titles[tag]}: {org.name}'[:51]:<52}{r['median_ms']:>8.2f} ms"
            f"{r['p90_ms']:>8.2f} ms{r['queries']:>9}"
            f"{r['cached_median_ms']:>8.2f} ms{r['cached_queries']:>9}"
        )
        counts = ", ".join(f"{k} {v:,}" for k, v in r["items"].items())
        lines.append(f"     {counts}; {r['children']} children charted")
    a, b = results["a"][1], results["b"][1]
    ok_time = a["median_ms"] < TARGET_MS
    ok_queries = a["queries"] == b["queries"]
    verdict = {True: "PASS", False: "FAIL"}
    lines += [
        "",
        f"targets: (a) < {TARGET_MS:.0f} ms: {verdict[ok_time]};  "
        f"constant queries (a) = (b): {verdict[ok_queries]}",
    ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
