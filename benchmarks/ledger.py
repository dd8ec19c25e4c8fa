"""Benchmark the women's ledger (社区妇女信息台账) on the province preset.

    python benchmarks/ledger.py --database sqlite --entries 300000
    python benchmarks/ledger.py --database postgres:///lvzhi [--entries 3000000]

Uses its own database (``/tmp/lvzhi_bench_ledger.sqlite3``, or ``lvzhi_bench_ledger`` on the
PostgreSQL server of the URL), with the tree of ``lvzhi.orgs.scale`` (``--preset``,
province by default: 12 cities, 120 counties, 1,500 townships, 25,000 villages), migrated
and filled once; a later run with more ``--entries`` adds the missing ones. Every village
(community) gets three grids and ``--entries`` spread evenly over them: women with a valid
ID number (encrypted, with its blind index) and phone (encrypted), 0–2 open or ended
categories each (the 16 seeded categories), a few closed. The busiest village's first grid
has a worker (a member with an account) who visited half of its women.

The entries are written in bulk, past the services that keep the counts per organization
(``lvzhi.ledger.counts``, table ``OrgCount``): after filling, the table is checked and
repaired against the entries (the daily job's step, timed), then checked again (no drift
may remain).

Then measures, median and p90 of ``--runs`` runs (≥ 20), as a request would (the scope
looked up each time):

  (a) category counts of a district (the county with the most organizations), as a cadre
      of it: ``selectors.counts`` (entries and open categories by child organization,
      summed from ``OrgCount``); (a') the hand-written GROUP BY over the entries
      themselves (what the counts stand for), and the ratio (a)/(a');
  (b) the same for the province (a cadre of the root);
  (c) lookup by ID number through the blind index (``selectors.by_id_number``, the list's
      ``?id_number=``), as the district cadre, materializing the row with its categories;
  (d) a grid worker's page (``selectors.my_work``: her grids' women, visits due, R-EX-08);
  (e) for reference: the district's 12-month trend (``selectors.trends``).

Targets (issue 15): (a) < 100 ms and (b) < 1 s, each within 2× of its GROUP BY; (c) < 20
ms; (d) < 50 ms. ``--explain`` prints the PostgreSQL plans of (a') and of (a)'s sum.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import run  # noqa: E402
from processes import fresh, query_count, user_with  # noqa: E402

run.BENCH_DB = "lvzhi_bench_ledger"
run.SQLITE_PATH = Path(run.SQLITE_PATH).with_name("lvzhi_bench_ledger.sqlite3")
DISTRICT_MS = 100.0
PROVINCE_MS = 1000.0
LOOKUP_MS = 20.0
GRID_MS = 50.0
TARGET_RATIO = 2.0
GRIDS_PER_VILLAGE = 3
BATCH = 5000
REGION = "120116"
BIRTH_BASE = dt.date(1950, 1, 1)
PER_DAY = 400  # women born on one day (even serials: women), so every number is unique


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite")
    parser.add_argument(
        "--preset", default="province", choices=["district", "province", "national"]
    )
    parser.add_argument("--entries", type=int, default=3_000_000)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per measurement (≥ 20)")
    parser.add_argument("--fresh", action="store_true", help="drop the bench database first")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args(argv)
    args.runs = max(args.runs, 20)
    return args


def id_number_of(index: int) -> str:
    """The ``index``-th woman's ID number: valid check digit, unique by construction."""
    from stdnum.cn import ric

    birth = BIRTH_BASE + dt.timedelta(days=index // PER_DAY)
    body = f"{REGION}{birth:%Y%m%d}{(index % PER_DAY) * 2:03d}"
    return body + ric.calc_check_digit(body + "0")


def villages_of(root):
    from lvzhi.core.scopes import PATH_END
    from lvzhi.orgs.models import Level, Organization

    return list(
        Organization.objects.filter(
            path__gte=root.path, path__lt=root.path + PATH_END, level=Level.VILLAGE
        )
        .order_by("path")
        .values_list("pk", "path")
    )


def ensure_grids(villages, say) -> dict[int, list[int]]:
    from lvzhi.ledger.models import Grid

    have = {}
    for grid_pk, org_pk in Grid.objects.values_list("pk", "organization_id").order_by("pk"):
        have.setdefault(org_pk, []).append(grid_pk)
    missing = [(pk, path) for pk, path in villages if pk not in have]
    if missing:
        say(f"生成网格 {len(missing) * GRIDS_PER_VILLAGE:,} 个……")
        rows = [
            Grid(organization_id=pk, org_path=path, name=f"第{n + 1}网格")
            for pk, path in missing
            for n in range(GRIDS_PER_VILLAGE)
        ]
        Grid.objects.bulk_create(rows, batch_size=BATCH)
        for grid in rows:
            have.setdefault(grid.organization_id, []).append(grid.pk)
    return have


def _names(rng):
    from lvzhi.orgs.demo import FEMALE_CHARS, SURNAMES

    return rng.choice(SURNAMES) + rng.choice(FEMALE_CHARS) + rng.choice(FEMALE_CHARS)


def fill(root, wanted: int, say) -> tuple[int, float | None]:
    from lvzhi.core.pii import blind_index
    from lvzhi.ledger.models import Category, Entry, EntryCategory

    have = Entry.objects.count()
    if have >= wanted:
        return have, None
    villages = villages_of(root)
    grids = ensure_grids(villages, say)
    categories = list(Category.objects.filter(is_active=True).values_list("pk", flat=True))
    say(f"生成台账人员 {wanted - have:,} 人……")
    rng = random.Random(have + 15)
    today = dt.date.today()
    started = time.perf_counter()
    index = have
    while index < wanted:
        entries = []
        for _ in range(min(BATCH, wanted - index)):
            village_pk, path = villages[index % len(villages)]
            number = id_number_of(index)
            closed = rng.random() < 0.02
            entries.append(
                Entry(
                    organization_id=village_pk,
                    org_path=path,
                    name=_names(rng),
                    gender="F",
                    id_number=number,
                    id_number_hash=blind_index(number),
                    phone=f"13{rng.randrange(10**9):09d}",
                    birth_year=int(number[6:10]),
                    address=f"{rng.randint(1, 40)}号楼{rng.randint(1, 6)}单元",
                    grid_id=rng.choice(grids[village_pk]),
                    closed_reason="moved_away" if closed else "",
                    closed_on=today - dt.timedelta(days=rng.randint(1, 900)) if closed else None,
                )
            )
            index += 1
        Entry.objects.bulk_create(entries, batch_size=1000)
        links = []
        for entry in entries:
            for category in rng.sample(categories, rng.choice((0, 1, 1, 1, 2, 2))):
                start = today - dt.timedelta(days=rng.randint(30, 1800))
                ended = rng.random() < 0.15
                links.append(
                    EntryCategory(
                        entry_id=entry.pk,
                        category_id=category,
                        start_date=start,
                        end_date=start + dt.timedelta(days=rng.randint(1, 25)) if ended else None,
                    )
                )
        EntryCategory.objects.bulk_create(links, batch_size=2000)
        if (index - have) % (BATCH * 20) == 0 or index == wanted:
            say(f"  {index:,}（{time.perf_counter() - started:.0f} 秒）")
    return index, time.perf_counter() - started


def busiest_village(root):
    from django.db.models import Count

    from lvzhi.core.scopes import PATH_END
    from lvzhi.ledger.models import Entry
    from lvzhi.orgs.models import Organization

    row = (
        Entry.objects.filter(org_path__gte=root.path, org_path__lt=root.path + PATH_END)
        .values("organization")
        .annotate(n=Count("pk"))
        .order_by("-n", "organization")
        .first()
    )
    return Organization.objects.get(pk=row["organization"])


def grid_worker(village):
    """A member of the village with an account, worker of its first grid, who visited
    half of the grid's women this year."""
    from lvzhi.core.models import Role
    from lvzhi.ledger.models import Entry, Grid, Visit
    from lvzhi.orgs.models import Person

    user = user_with("bench_ledger_worker", Role.MEMBER, village, descendants=False)
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = Person.objects.create(
            organization=village, org_path=village.path, name="基准网格员", user=user
        )
    grid = Grid.objects.filter(organization=village).order_by("pk").first()
    grid.workers.add(person)
    if not Visit.objects.filter(visitor=person).exists():
        today = dt.date.today()
        women = list(Entry.objects.filter(grid=grid).order_by("pk").values_list("pk", flat=True))
        Visit.objects.bulk_create(
            Visit(
                entry_id=pk,
                org_path=village.path,
                visitor=person,
                date=today - dt.timedelta(days=(n * 7) % 200),
                findings="基准走访",
            )
            for n, pk in enumerate(women[::2])
        )
    return user


HAND_TOTALS = (
    "SELECT e.organization_id, o.name, COUNT(*) FROM ledger_entry e"
    " JOIN orgs_organization o ON o.id = e.organization_id"
    " WHERE e.org_path >= %s AND e.org_path < %s AND e.closed_on IS NULL"
    " GROUP BY e.organization_id, o.name"
)
HAND_CELLS = (
    "SELECT e.organization_id, c.code, COUNT(*) FROM ledger_entrycategory ec"
    " JOIN ledger_entry e ON e.id = ec.entry_id JOIN ledger_category c ON c.id = ec.category_id"
    " WHERE e.org_path >= %s AND e.org_path < %s AND e.closed_on IS NULL"
    " AND ec.end_date IS NULL GROUP BY e.organization_id, c.code"
)


def hand_counts(org) -> tuple[int, int]:
    """The hand-written GROUP BY: (entries, category cells summed)."""
    from django.db import connection

    from lvzhi.core.scopes import PATH_END

    bounds = [org.path, org.path + PATH_END]
    with connection.cursor() as cursor:
        cursor.execute(HAND_TOTALS, bounds)
        total = sum(row[2] for row in cursor.fetchall())
        cursor.execute(HAND_CELLS, bounds)
        cells = sum(row[2] for row in cursor.fetchall())
    return total, cells


def counts(user, org):
    from lvzhi.ledger import selectors

    return selectors.counts(fresh(user), org)


def lookup(user, number):
    from lvzhi.ledger import selectors

    user = fresh(user)
    return list(selectors.by_id_number(selectors.entries(user), user, number))


def grid_page(user, today):
    from lvzhi.ledger import selectors

    return selectors.my_work(fresh(user), today)


def trend(user, org, today):
    from lvzhi.ledger import selectors

    return selectors.trends(fresh(user), org, by="category", today=today)


def main(argv=None) -> int:
    args = parse_args(argv)
    url, label = run.prepare_database(args.database, fresh=args.fresh)
    run.setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from lvzhi.core.models import Role
    from lvzhi.core.periods import today_local
    from lvzhi.ledger.models import Entry, EntryCategory

    def say(message):
        print(message, flush=True)

    say(f"迁移 {label} ……")
    call_command("migrate", interactive=False, verbosity=0)
    root, _tree_seconds, _new = run.ensure_tree(args.preset, None, say)
    total, gen_seconds = fill(root, args.entries, say)
    from lvzhi.ledger import counts as kept

    started = time.perf_counter()
    repaired = kept.rebuild(fix=True)
    repair_seconds = time.perf_counter() - started
    say(f"台账统计表：核对 {repaired.checked:,} 行，按实际人数修复 {len(repaired.rows):,} 行")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    started = time.perf_counter()
    drift = kept.rebuild()
    check_seconds = time.perf_counter() - started
    assert not drift, f"{len(drift.rows)} rows of OrgCount differ from the entries"
    today = today_local()
    county = run.pick_county(root) if args.preset != "district" else root
    district = user_with("bench_ledger_county", Role.CADRE, county)
    province = user_with("bench_ledger_province", Role.CADRE, root)
    village = busiest_village(county)
    worker = grid_worker(village)
    sample = Entry.objects.filter(org_path__startswith=county.path).order_by("pk").first()
    number = sample.id_number

    found = counts(district, county)
    by_org = sum(row["total"] for row in found["communities"])
    assert (by_org, sum(c["n"] for c in found["categories"])) == hand_counts(county)
    assert [e.pk for e in lookup(district, number)] == [sample.pk]
    work = grid_page(worker, today)

    rows = []

    def add(name, fn, target, hand=None):
        samples = run.timed(fn, args.runs)
        hand_samples = run.timed(hand, args.runs) if hand else None
        rows.append((name, samples, query_count(fn), target, hand_samples))

    add(
        "(a) district category counts",
        lambda: counts(district, county),
        DISTRICT_MS,
        lambda: hand_counts(county),
    )
    if root.pk != county.pk:
        add(
            "(b) province category counts",
            lambda: counts(province, root),
            PROVINCE_MS,
            lambda: hand_counts(root),
        )
    add("(c) lookup by ID number", lambda: lookup(district, number), LOOKUP_MS)
    add("(d) grid worker's page", lambda: grid_page(worker, today), GRID_MS)
    add("(e) district 12-month trend (reference)", lambda: trend(district, county, today), None)

    in_county = Entry.objects.filter(org_path__startswith=county.path).count()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print()
    print(
        f"lvzhi ledger benchmark · {label} · preset {args.preset} · {total:,} entries, "
        f"{EntryCategory.objects.count():,} category records"
        + (f" (generated in {gen_seconds:.0f} s)" if gen_seconds else "")
    )
    print(
        f"district {county.code}: {in_county:,} entries; grid worker: {len(work['women'])} "
        f"women in her grids, {work['contacted']} visited; median of {args.runs} runs; "
        f"load average {load}"
    )
    print(
        f"{'measure':<42}{'median':>10}{'p90':>10}{'queries':>9}{'GROUP BY':>11}{'ratio':>7}"
        "  target"
    )
    ok = True
    for name, samples, queries, target, hand in rows:
        median = statistics.median(samples)
        line = f"{name:<42}{median:>8.1f}ms{run.p90(samples):>8.1f}ms{queries:>9}"
        if hand:
            hand_median = statistics.median(hand)
            ratio = median / hand_median if hand_median else 0.0
            line += f"{hand_median:>9.1f}ms{ratio:>7.2f}"
            ok &= ratio <= TARGET_RATIO
        else:
            line += " " * 18
        if target:
            line += f"  < {target:.0f} ms"
            ok &= median < target
        print(line)
    if args.explain and connection.vendor == "postgresql":
        from lvzhi.core.scopes import PATH_END

        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + HAND_CELLS, [county.path, county.path + PATH_END])
            print("\n".join(row[0] for row in cursor.fetchall()))
    print(
        f"daily check of the counts table (lvzhi ledger_counts): {drift.checked:,} rows, "
        f"no drift, {check_seconds:.1f} s; check with repair after the bulk fill "
        f"({len(repaired.rows):,} rows rewritten): {repair_seconds:.1f} s"
    )
    if args.explain and connection.vendor == "postgresql":
        from django.db.models import Sum
        from django.db.models.functions import Substr

        from lvzhi.ledger.models import OrgCount
        from lvzhi.orgs.filters import subtree_q
        from lvzhi.orgs.models import Organization

        rollup = (
            OrgCount.objects.filter(subtree_q(root.path, "org_path"))
            .annotate(prefix=Substr("org_path", 1, len(root.path) + Organization.steplen))
            .values("prefix", "category_id")
            .annotate(n=Sum("entries"))
            .order_by()
        )
        print(rollup.explain(analyze=True))
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
