"""Benchmark years of data on the yearly partitions (PostgreSQL; issue 13 point 7).

    python benchmarks/partitions.py --database postgres:///lvzhi [--years 3] [--cities 12]

Builds, on the PostgreSQL server of the URL, a tree database once
(``lvzhi_bench_<preset>_tree``: migrated, the ``--preset`` tree) and from it, as
templates, two data sets (each once): ``lvzhi_bench_<preset>[_c<cities>]_years_1`` with
one year of committees' activities and compliance and ``…_years_<N>`` with ``--years``
years (``lvzhi.members.scale.generate_members``
with ``years``), committees seated in the first ``--cities`` cities of the tree (all 12
of the province preset by default: ≈ 300,000 members and 3,000,000 activities a year; on
a small machine pass fewer). Then measures on each, median of ``--runs`` runs (taken in
``--rounds`` rounds, the data sets in turns, so a change of load falls on both), as a
request would (the user's scope looked up each time):

  (a) the current quarter's district roll-up (``compliance.selectors.rollup`` for a cadre
      of the busiest county) and (b) the province roll-up (a cadre of the root), and the
      ratio N years / 1 year (target ≤ 1.2);
  (c) a member's history over all years as her page reads it (``own_activities``
      through the paginator, every page, 30 a page) and as a cadre filtering the list by
      her (first page) — target < 50 ms a page;
  (d) on the N-year set, taking the first year out: ``lvzhi partitions --archive`` (detach)
      and ``--drop``, against ``DELETE`` of the same rows, each in a transaction rolled
      back (the data set stays); and which partitions the roll-up's query reads.

Each data set is measured in a process of its own (``--worker``), the parent prints both.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT_DIR))

from run import p90, setup_django, timed  # noqa: E402

RATIO_TARGET = 1.2
HISTORY_TARGET_MS = 50.0
PAGE_SIZE = 30


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a PostgreSQL URL (its server)")
    parser.add_argument("--preset", default="province", choices=["district", "province"])
    parser.add_argument("--years", type=int, default=3, help="years of the larger data set")
    parser.add_argument(
        "--cities", type=int, default=0, help="seat committees in the first N cities (0: all)"
    )
    parser.add_argument("--runs", type=int, default=30, help="timed runs per measurement (≥ 20)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="measure the data sets in turns, this many rounds (the runs shared among them)",
    )
    parser.add_argument("--fresh", action="store_true", help="drop the bench databases first")
    parser.add_argument("--json", action="store_true", help="print a machine-readable summary")
    parser.add_argument("--worker", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--worker-years", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--skip-year-out", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.worker:
        args.runs = max(args.runs, 20)
        args.rounds = max(1, min(args.rounds, args.runs))
    if args.years < 2:
        parser.error("--years 至少为 2（与一年的数据比较）")
    return args


# 数据库 --------------------------------------------------------------------------------


def server(url: str) -> dict:
    import dj_database_url

    cfg = dj_database_url.parse(url)
    if "postgresql" not in cfg["ENGINE"]:
        raise SystemExit("分区只在 PostgreSQL 上：请用 --database postgres:///…")
    return {
        "user": cfg.get("USER") or None,
        "password": cfg.get("PASSWORD") or None,
        "host": cfg.get("HOST") or None,
        "port": cfg.get("PORT") or None,
    }


def url_for(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def maintenance(url: str):
    import psycopg

    return psycopg.connect(dbname="postgres", autocommit=True, **server(url))


def exists(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()


def worker(args, *extra) -> dict:
    """Run this script as a worker on one database; its JSON answer."""
    command = [sys.executable, __file__, "--database", args.database, *extra]
    done = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ))
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"工作进程失败：{' '.join(extra)}")
    for line in done.stderr.splitlines():
        print("  " + line, flush=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def prepare(args, say) -> dict:
    """The tree database, then the two data sets made from it; generation figures."""
    from psycopg import sql

    tree_db = f"lvzhi_bench_{args.preset}_tree"
    cities = f"_c{args.cities}" if args.cities else ""
    names = {years: f"lvzhi_bench_{args.preset}{cities}_years_{years}" for years in (1, args.years)}
    with maintenance(args.database) as conn:
        if args.fresh:
            for name in [*names.values(), tree_db]:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
        if not exists(conn, tree_db):
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(tree_db)))
    say(f"组织树（{args.preset}）……")
    worker(args, "--worker", tree_db, "--worker-years", "0", "--preset", args.preset)
    generated = {}
    for years, name in names.items():
        with maintenance(args.database) as conn:
            if not exists(conn, name):
                conn.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                        sql.Identifier(name), sql.Identifier(tree_db)
                    )
                )
        say(f"{years} 年的数据：{name} ……")
        generated[years] = name
    return generated


# 工作进程：生成与测量 --------------------------------------------------------------------


def pick_member(county, years):
    """A member of the county with activities in every year (the most of them)."""
    from django.db import connection

    from lvzhi.core.scopes import PATH_END

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT person_id, organization_id FROM members_activity "
            "WHERE org_path >= %s AND org_path < %s GROUP BY person_id, organization_id "
            "HAVING COUNT(DISTINCT extract(year FROM date)) = %s "
            "ORDER BY COUNT(*) DESC, person_id LIMIT 1",
            [county.path, county.path + PATH_END, years],
        )
        return cursor.fetchone()


def member_user(person_id, organization_id):
    from django.contrib.auth import get_user_model

    from lvzhi.core.models import Role, RoleAssignment
    from lvzhi.core.roles import ensure_default_roles
    from lvzhi.orgs.models import Organization, Person

    ensure_default_roles(Role)
    person = Person.objects.get(pk=person_id)
    user, _ = get_user_model().objects.get_or_create(username=f"bench_history_{person_id}")
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])
    RoleAssignment.objects.get_or_create(
        user=user,
        role=Role.objects.get(code="member"),
        organization=Organization.objects.get(pk=organization_id),
        defaults={"include_descendants": False},
    )
    return get_user_model().objects.get(pk=user.pk), person


def stats(samples):
    """Median and p90, and the samples (a worker's rounds are merged by the parent)."""
    return {"median_ms": statistics.median(samples), "p90_ms": p90(samples), "samples": samples}


def merge_rounds(rounds: list[dict]) -> dict:
    """One data set's results from its rounds: every timed sample pooled, the database's
    own times as the median of the rounds' medians, the rest from the round that has it."""
    merged = dict(rounds[-1])

    def pooled(pick):
        return stats([sample for found in rounds for sample in pick(found)["samples"]])

    for key in ("district", "province"):
        merged[key] = pooled(lambda found, key=key: found[key])
        merged[f"{key}_server_ms"] = statistics.median(f[f"{key}_server_ms"] for f in rounds)
    history = dict(rounds[-1]["history"])
    for key in ("first_page", "last_page", "cadre_first_page"):
        history[key] = pooled(lambda found, key=key: found["history"][key])
    history["first_page_server_ms"] = statistics.median(
        f["history"]["first_page_server_ms"] for f in rounds
    )
    merged["history"] = history
    merged["year_out"] = next((f["year_out"] for f in rounds if f.get("year_out")), None)
    return merged


def server_ms(fn, runs=10) -> float:
    """Median over ``runs`` of the database's own time (planning + execution, EXPLAIN
    ANALYZE) for the queries ``fn`` sends: what the load of a busy machine on the client
    side does not blur."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    queries = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    totals = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            total = 0.0
            for sql in queries:
                cursor.execute("EXPLAIN (ANALYZE, TIMING OFF) " + sql.replace("%", "%%"))
                text = "\n".join(row[0] for row in cursor.fetchall())
                total += sum(
                    float(v) for v in re.findall(r"(?:Planning|Execution) Time: ([\d.]+)", text)
                )
            totals.append(total)
    return statistics.median(totals)


def measure_history(user, person, cadre, runs) -> dict:
    from django.core.paginator import Paginator

    from lvzhi.core.scopes import forget_scopes
    from lvzhi.members.activities import selectors

    def page(number, who=user, filtered=False):
        def run():
            forget_scopes(who)
            if filtered:
                queryset = selectors.activity_list(who, selectors.Filters(person=person.pk))
            else:
                queryset = selectors.own_activities(who, person)
            found = Paginator(queryset, PAGE_SIZE).get_page(number)
            return len(list(found.object_list)), found.paginator.num_pages

        return run

    rows, pages = page(1)()
    result = {"activities": selectors.own_activities(user, person).count(), "pages": pages}
    result["first_page"] = stats(timed(page(1), runs))
    result["last_page"] = stats(timed(page(pages), runs))
    result["cadre_first_page"] = stats(timed(page(1, cadre, True), runs))
    result["first_page_server_ms"] = server_ms(page(1))
    return result


def rolled_back(fn) -> float:
    """Milliseconds of ``fn`` in a transaction that is then rolled back."""
    from django.db import transaction

    with transaction.atomic():
        start = time.perf_counter()
        fn()
        elapsed = (time.perf_counter() - start) * 1000
        transaction.set_rollback(True)
    return elapsed


def measure_year_out(year: int, today) -> dict:
    from django.db import connection

    from lvzhi.members.common import partitions

    def delete_rows():
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM members_activity WHERE date >= %s AND date < %s",
                [f"{year}-01-01", f"{year + 1}-01-01"],
            )
            rows = cursor.rowcount
            for table in ("members_membercompliance", "members_orgcompliance"):
                cursor.execute(
                    f"DELETE FROM {table} WHERE period_code >= %s AND period_code < %s",
                    [str(year), str(year + 1)],
                )
                rows += cursor.rowcount
        result["deleted_rows"] = rows

    result = {"year": year}
    result["archive_ms"] = rolled_back(
        lambda: partitions.year_archive(actor=None, year=year, today=today)
    )
    result["drop_ms"] = rolled_back(
        lambda: partitions.year_archive(actor=None, year=year, today=today, drop=True)
    )
    result["delete_ms"] = rolled_back(delete_rows)
    return result


def plan_partitions(county, quarter) -> list[str]:
    """The partitions the roll-up's GROUP BY reads (EXPLAIN)."""
    import re

    from django.db import connection

    from lvzhi.core.scopes import PATH_END
    from lvzhi.members.compliance.selectors import quarter_codes

    codes = list(quarter_codes(quarter))
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT rule_id, period_code, SUM(met) FROM members_orgcompliance "
            "WHERE org_path >= %s AND org_path < %s AND period_code = ANY(%s) "
            "GROUP BY rule_id, period_code",
            [county.path, county.path + PATH_END, codes],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return sorted(set(re.findall(r"members_orgcompliance_(y\d{4}|default)", plan)))


def run_worker(args) -> dict:
    url = url_for(args.database, args.worker)
    setup_django(url)
    from django.core.management import call_command

    from lvzhi.core.models import AuditEvent
    from lvzhi.core.periods import today_local
    from lvzhi.core.scopes import PATH_END
    from lvzhi.members.compliance.selectors import current_quarter
    from lvzhi.orgs.models import Level, Organization

    def say(message):
        print(message, file=sys.stderr, flush=True)

    call_command("migrate", interactive=False, verbosity=0)
    from run import ensure_tree

    root, tree_seconds, _ = ensure_tree(args.preset, None, say)
    if args.worker_years == 0:
        return {"tree_seconds": tree_seconds}
    from members import busiest_counties, cadre_for

    from lvzhi.members import scale

    years = args.worker_years
    roots = [root]
    if args.cities:
        roots = list(
            Organization.objects.filter(
                path__gte=root.path, path__lt=root.path + PATH_END, level=Level.CITY
            ).order_by("path")[: args.cities]
        )
    generation = {}
    for each in roots:
        event = AuditEvent.objects.filter(action="generate_members", organization=each).first()
        if event is None:
            say(f"生成 {each.name} 的执委与 {years} 年的活动……")
            result = scale.generate_members(each, years=years, progress=say)
            event = AuditEvent.objects.filter(action="generate_members", organization=each).first()
            event.changes["seconds"]["total"] = round(result["timings"]["total"], 1)
        for key, value in event.changes["counts"].items():
            generation[key] = generation.get(key, 0) + value
        for key, value in event.changes["seconds"].items():
            generation[f"{key}_seconds"] = generation.get(f"{key}_seconds", 0) + value
    today = today_local()
    quarter = current_quarter(today)
    county = busiest_counties(root, 1)[0]
    district_cadre = cadre_for("bench_years_cadre", county)
    province_cadre = cadre_for("bench_years_province", root)
    from lvzhi.members.compliance import selectors as compliance

    def rollup(user, organization):
        def run():
            user.__dict__.pop("_lvzhi_scopes", None)
            return compliance.rollup(user, organization, quarter)

        return run

    out = {
        "years": years,
        "database": args.worker,
        "generation": generation,
        "quarter": quarter.code,
        "county": county.name,
        "district": stats(timed(rollup(district_cadre, county), args.runs)),
        "province": stats(timed(rollup(province_cadre, root), args.runs)),
        "district_server_ms": server_ms(rollup(district_cadre, county)),
        "province_server_ms": server_ms(rollup(province_cadre, root)),
        "plan_partitions": plan_partitions(county, quarter),
    }
    person_id, organization_id = pick_member(county, years)
    user, person = member_user(person_id, organization_id)
    out["history"] = measure_history(user, person, district_cadre, args.runs)
    if years > 1 and not args.skip_year_out:
        out["year_out"] = measure_year_out(today.year - years + 1, today)
    return out


# 报告 -----------------------------------------------------------------------------------


def report(args, one, many) -> list[str]:
    def ms(r):
        return f"{r['median_ms']:>8.2f} ms{r['p90_ms']:>8.2f} ms"

    lines = [
        "",
        f"lvzhi partitions benchmark · PostgreSQL · preset {args.preset}"
        + (f", committees in {args.cities} cities" if args.cities else ", every city"),
    ]
    for data in (one, many):
        g = data["generation"]
        lines.append(
            f"  {data['years']} year(s) ({data['database']}): {g.get('people', 0):,} members, "
            f"{g.get('activities', 0):,} activities, {g.get('compliance_rows', 0):,} "
            f"compliance rows; generated in {g.get('total_seconds', 0):.0f} s"
        )
    lines += [
        f"quarter {one['quarter']}; district {one['county']}; median/p90 of "
        f"{len(one['district']['samples'])} runs, taken in {args.rounds} rounds in turns",
        "",
        f"{'measure':<52}{'1 year':>22}{f'{args.years} years':>22}{'ratio':>9}",
    ]
    ratios = {}
    for key, title in (
        ("district", "(a) district roll-up, current quarter"),
        ("province", "(b) province roll-up, current quarter"),
    ):
        ratios[key] = many[key]["median_ms"] / one[key]["median_ms"]
        lines.append(f"{title:<52}{ms(one[key])}{ms(many[key])}{ratios[key]:>8.2f}x")
        a, b = one[f"{key}_server_ms"], many[f"{key}_server_ms"]
        lines.append(f"{'     in the database (EXPLAIN ANALYZE)':<52}{a:>11.2f} ms{b:>19.2f} ms")
    h1, h = one["history"], many["history"]
    for key, title in (
        ("first_page", "(c) her history, first page (own page)"),
        ("last_page", "(c) her history, last page"),
        ("cadre_first_page", "(c) cadre's list filtered by her, first page"),
    ):
        lines.append(f"{title:<52}{ms(h1[key])}{ms(h[key])}")
        if key == "first_page":
            a, b = h1["first_page_server_ms"], h["first_page_server_ms"]
            lines.append(
                f"{'     in the database (EXPLAIN ANALYZE)':<52}{a:>11.2f} ms{b:>19.2f} ms"
            )
    lines.append(
        f"     her activities: {h1['activities']} ({h1['pages']} page) / "
        f"{h['activities']} ({h['pages']} pages)"
    )
    lines.append(
        f"     partitions the roll-up reads ({args.years} years): "
        + ", ".join(many["plan_partitions"])
    )
    out = many.get("year_out")
    if out:
        lines.append(
            f"(d) taking {out['year']} out ({out['deleted_rows']:,} rows): "
            f"archive (DETACH) {out['archive_ms']:.0f} ms, drop {out['drop_ms']:.0f} ms, "
            f"DELETE {out['delete_ms']:.0f} ms (each rolled back)"
        )
    worst_page = max(h[k]["median_ms"] for k in ("first_page", "last_page", "cadre_first_page"))
    targets = [
        f"(a) ratio <= {RATIO_TARGET}: {'PASS' if ratios['district'] <= RATIO_TARGET else 'FAIL'}",
        f"(b) ratio <= {RATIO_TARGET}: {'PASS' if ratios['province'] <= RATIO_TARGET else 'FAIL'}",
        f"(c) < {HISTORY_TARGET_MS:.0f} ms a page: "
        f"{'PASS' if worst_page < HISTORY_TARGET_MS else 'FAIL'}",
    ]
    lines += ["", "targets: " + ";  ".join(targets)]
    return lines


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.worker:
        print(json.dumps(run_worker(args), default=str))
        return 0

    def say(message):
        print(message, flush=True)

    names = prepare(args, say)
    # the data sets in turns (1 year, N years, 1 year…): a change of the machine's load
    # during the benchmark falls on both, not on one
    per_round = -(-args.runs // args.rounds)
    common = ["--preset", args.preset, "--cities", str(args.cities), "--runs", str(per_round)]
    rounds = {years: [] for years in names}
    for turn in range(args.rounds):
        for years, name in names.items():
            last = turn == args.rounds - 1
            extra = [] if last else ["--skip-year-out"]
            rounds[years].append(
                worker(args, "--worker", name, "--worker-years", str(years), *common, *extra)
            )
    one, many = merge_rounds(rounds[1]), merge_rounds(rounds[args.years])
    if args.json:
        print(json.dumps({"one": one, "many": many}, default=str, ensure_ascii=False))
    print("\n".join(report(args, one, many)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
