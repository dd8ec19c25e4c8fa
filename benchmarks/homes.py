"""Benchmark the 妇女之家: registry and roll-up with 20,000 homes and 500,000 activities.

    python benchmarks/homes.py --database sqlite
    python benchmarks/homes.py --database postgres:///lvzhi [--homes 20000 --activities 500000]
                               [--bench-db lvzhi_bench_homes]

Uses its own database (``/tmp/lvzhi_bench_homes.sqlite3``, or ``lvzhi_bench_homes`` on the
PostgreSQL server of the URL): the province preset (``lvzhi.orgs.scale``, 25,000 villages)
generated once, then ``--homes`` homes with ``--activities`` activities, board updates,
assessments and ratings spread over its villages (``lvzhi.homes.scale``; later runs reuse
them). Then measures, median and p90 of ``--runs`` runs (≥ 20), the user's scope looked up
each time as in a request:

  (a) the roll-up (``lvzhi.homes.rollup.rollup``: homes by status and designation, boards
      overdue, assessments pending, this quarter's activities by theme, ratings, per
      organization one level down) for the county with the most homes, as its cadre;
  (b) the same for the province, as the province cadre;
  each against the same figures in hand-written GROUP BY SQL (no scope check), checked
  equal, the two timed in alternation so that their ratio holds on a shared machine; and, through the test client (middleware, view, template):
  (c) the county's registry page (first page, with the R-HM-02 target and the stale flag);
  (d) the county's roll-up page;
  (e) a public home page (no login).

Targets (issue 16): (a) < 100 ms, (b) < 1 s, each within 2× of the hand-written SQL;
(e) < 50 ms. The load average is printed: the machine may be shared.
"""

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import run  # noqa: E402
from processes import fresh, query_count, user_with  # noqa: E402

run.BENCH_DB = "lvzhi_bench_homes"
run.SQLITE_PATH = Path(run.SQLITE_PATH).with_name("lvzhi_bench_homes.sqlite3")
PRESET = "province"
DISTRICT_TARGET_MS = 100.0
PROVINCE_TARGET_MS = 1000.0
PUBLIC_TARGET_MS = 50.0
TARGET_RATIO = 2.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--homes", type=int, default=20_000)
    parser.add_argument("--activities", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per measurement (≥ 20)")
    parser.add_argument("--preset", default=PRESET, help="province (the issue's) or district")
    parser.add_argument("--fresh", action="store_true", help="drop the bench database first")
    parser.add_argument(
        "--bench-db",
        default=run.BENCH_DB,
        help="the bench database's name (PostgreSQL) or file stem (SQLite, in the temp dir)",
    )
    args = parser.parse_args(argv)
    run.BENCH_DB = args.bench_db
    run.SQLITE_PATH = Path(run.SQLITE_PATH).with_name(f"{args.bench_db}.sqlite3")
    args.runs = max(args.runs, 20)
    return args


def ensure_homes(root, homes: int, activities: int, say):
    from lvzhi.core.models import AuditEvent
    from lvzhi.core.scopes import PATH_END
    from lvzhi.homes import scale
    from lvzhi.homes.models import Home

    have = Home.objects.filter(org_path__gte=root.path, org_path__lt=root.path + PATH_END).count()
    if have == 0:
        say(f"生成妇女之家 {homes:,} 个、活动 {activities:,} 项……")
        return scale.generate_homes(
            root_code=root.code, homes=homes, activities=activities, progress=say
        )
    event = AuditEvent.objects.filter(action="generate_homes").order_by("-id").first()
    return (event.changes or {}) if event else {"homes": have}


def busiest_county(root):
    from django.db.models import Count
    from django.db.models.functions import Substr

    from lvzhi.core.scopes import PATH_END
    from lvzhi.homes.models import Home
    from lvzhi.orgs.models import Organization

    county = Organization.objects.filter(
        path__gte=root.path, path__lt=root.path + PATH_END, level="county"
    ).first()
    top = (
        Home.objects.filter(org_path__gte=root.path, org_path__lt=root.path + PATH_END)
        .annotate(prefix=Substr("org_path", 1, len(county.path)))
        .values("prefix")
        .annotate(n=Count("id"))
        .order_by("-n", "prefix")
        .first()
    )
    return Organization.objects.get(path=top["prefix"])


def hand_written(org, today):
    """The roll-up's figures as a DBA would write them: five GROUP BY on the path prefix."""
    from django.db import connection

    from lvzhi.core.scopes import PATH_END
    from lvzhi.homes import rules
    from lvzhi.orgs.models import Organization

    width = len(org.path) + Organization.steplen
    low, high = org.path, org.path + PATH_END
    year, quarter = rules.quarter_of(today)
    start, end = rules.quarter_bounds(year, quarter)
    cutoff = rules.board_stale_before(today)
    fresh_sql = (
        "EXISTS (SELECT 1 FROM homes_boardupdate b WHERE b.home_id = h.id AND b.board = %s"
        " AND b.date >= %s)"
    )
    queries = [
        (
            "SELECT SUBSTR(h.org_path, 1, %s), COUNT(*),"
            " SUM(CASE WHEN h.designation = 'designated' THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN h.designation = 'withdrawn' THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN h.status = 'active' AND NOT ({fresh_sql} AND {fresh_sql})"
            " THEN 1 ELSE 0 END)"
            " FROM homes_home h WHERE h.org_path >= %s AND h.org_path < %s"
            " AND h.status <> 'closed' GROUP BY 1",
            [width, "garden", cutoff, "snapshots", cutoff, low, high],
        ),
        (
            "SELECT SUBSTR(org_path, 1, %s), COUNT(*) FROM homes_assessment"
            " WHERE org_path >= %s AND org_path < %s"
            " AND status IN ('self', 'township', 'district') GROUP BY 1",
            [width, low, high],
        ),
        (
            "SELECT SUBSTR(org_path, 1, %s), theme, COUNT(*) FROM homes_activity"
            " WHERE org_path >= %s AND org_path < %s AND date >= %s AND date <= %s GROUP BY 1, 2",
            [width, low, high, start, end],
        ),
        (
            "SELECT SUBSTR(org_path, 1, %s), COUNT(*), AVG(score) FROM homes_rating"
            " WHERE org_path >= %s AND org_path < %s GROUP BY 1",
            [width, low, high],
        ),
    ]
    out = []
    with connection.cursor() as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            out.append(cursor.fetchall())
    return out


def totals_from_hand(rows):
    homes, assessments, activities, ratings = rows
    return (
        sum(r[1] for r in homes),
        sum(r[2] for r in homes),
        sum(r[3] for r in homes),
        sum(int(r[4] or 0) for r in homes),
        sum(r[1] for r in assessments),
        sum(r[2] for r in activities),
        sum(r[1] for r in ratings),
    )


def timed_pair(first, second, runs: int, warmup: int = 3) -> tuple[list[float], list[float]]:
    """Milliseconds per call of each, the two calls alternating (as ``run.timed``: the
    collector runs between calls), so that on a shared machine both see the same load and
    their ratio holds even when the load moves during the measurement."""
    for _ in range(warmup):
        first()
        second()
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for fn, out in ((first, samples[0]), (second, samples[1])):
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                fn()
                out.append((time.perf_counter() - start) * 1000)
            finally:
                gc.enable()
    return samples


def measure(user, org, today, runs):
    from lvzhi.homes.rollup import rollup

    data = rollup(fresh(user), org, today)
    t = data["total"]
    mine = (t.homes, t.designated, t.withdrawn, t.stale, t.pending, t.activities, t.ratings)
    hand = totals_from_hand(hand_written(org, today))
    assert mine == hand, (mine, hand)
    samples, hand_samples = timed_pair(
        lambda: rollup(fresh(user), org, today), lambda: hand_written(org, today), runs
    )
    return {
        "median_ms": statistics.median(samples),
        "p90_ms": run.p90(samples),
        "hand_ms": statistics.median(hand_samples),
        "queries": query_count(lambda: rollup(fresh(user), org, today)),
        "children": len(data["rows"]),
        "homes": t.homes,
        "activities": t.activities,
    }


def page(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def request():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    request()
    samples = run.timed(request, runs)
    with CaptureQueriesContext(connection) as captured:
        request()
    return {
        "median_ms": statistics.median(samples),
        "p90_ms": run.p90(samples),
        "queries": len(captured),
    }


def main(argv=None) -> int:
    args = parse_args(argv)
    url, label = run.prepare_database(args.database, fresh=args.fresh)
    run.setup_django(url)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from lvzhi.core.models import Role
    from lvzhi.core.periods import today_local
    from lvzhi.homes.models import Home

    def say(message):
        print(message, flush=True)

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    say(f"迁移 {label} ……")
    call_command("migrate", interactive=False, verbosity=0)
    root, tree_seconds, _generated = run.ensure_tree(args.preset, None, say)
    generated = ensure_homes(root, args.homes, args.activities, say)
    with connection.cursor() as cursor:  # planner statistics, as a running server keeps
        cursor.execute("ANALYZE")
    today = today_local()
    county = busiest_county(root)
    county_user = user_with("bench_home_county", Role.CADRE, county)
    root_user = user_with("bench_home_root", Role.CADRE, root)
    results = {
        "district": measure(county_user, county, today, args.runs),
        "province": measure(root_user, root, today, args.runs),
    }
    client = Client()
    client.force_login(county_user)
    pages = {
        "registry": page(client, reverse("homes:list") + f"?org={county.pk}", args.runs),
        "rollup page": page(client, reverse("homes:rollup") + f"?org={county.pk}", args.runs),
    }
    public = Home.objects.filter(org_path__startswith=county.path).order_by("id").first()
    anonymous = Client()
    pages["public home"] = page(
        anonymous, reverse("homes:public-detail", args=[public.pk]), args.runs
    )
    load = os.getloadavg()
    lines = [
        "",
        f"lvzhi homes benchmark · {label} · preset {args.preset} ({root.code}), "
        f"{generated.get('homes', 0):,} homes, {generated.get('activities', 0):,} activities, "
        f"{generated.get('ratings', 0):,} ratings; median of {args.runs} timed runs each",
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs",
        "",
        f"{'measure':<44}{'median':>10}{'p90':>10}{'SQL':>10}{'ratio':>7}{'queries':>9}"
        f"{'rows':>6}{'homes':>8}",
    ]
    targets = {"district": DISTRICT_TARGET_MS, "province": PROVINCE_TARGET_MS}
    verdicts = []
    for key, title in (
        ("district", f"(a) roll-up, county {county.name}"),
        ("province", f"(b) roll-up, province {root.name}"),
    ):
        r = results[key]
        ratio = r["median_ms"] / r["hand_ms"] if r["hand_ms"] else float("inf")
        lines.append(
            f"{title[:43]:<44}{r['median_ms']:>7.2f} ms{r['p90_ms']:>7.2f} ms"
            f"{r['hand_ms']:>7.2f} ms{ratio:>6.2f}×{r['queries']:>9}{r['children']:>6}"
            f"{r['homes']:>8,}"
        )
        ok = r["median_ms"] < targets[key] and ratio <= TARGET_RATIO
        verdicts.append(
            f"{key} < {targets[key]:.0f} ms and ≤ {TARGET_RATIO:.0f}× SQL: "
            f"{'PASS' if ok else 'FAIL'}"
        )
    for key, title in (
        ("registry", "(c) registry page, county"),
        ("rollup page", "(d) roll-up page, county"),
        ("public home", "(e) public home page"),
    ):
        r = pages[key]
        lines.append(
            f"{title:<44}{r['median_ms']:>7.2f} ms{r['p90_ms']:>7.2f} ms{'':>17}{r['queries']:>9}"
        )
    ok = pages["public home"]["median_ms"] < PUBLIC_TARGET_MS
    verdicts.append(f"public home < {PUBLIC_TARGET_MS:.0f} ms: {'PASS' if ok else 'FAIL'}")
    if tree_seconds is not None:
        lines.append(f"{'province tree generation':<44}{tree_seconds:>8.1f} s")
    if generated.get("seconds") is not None:
        lines.append(f"{'homes generation':<44}{generated['seconds']:>8.1f} s")
    lines += ["", "roll-up totals equal to the hand-written SQL: PASS", "; ".join(verdicts)]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
