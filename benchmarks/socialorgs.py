"""Benchmark social organizations: a district's yearly duties and disclosure gap among
50,000 organizations and 200,000 ledger entries.

    python benchmarks/socialorgs.py --database sqlite
    python benchmarks/socialorgs.py --database postgres:///lvzhi [--organizations 50000]

Uses its own database (``/tmp/lvzhi_bench_socialorgs.sqlite3``, or
``lvzhi_bench_socialorgs`` on the PostgreSQL server of the URL), migrated and filled once:
a province federation with 10 districts × 10 streets × 10 communities (1,111
federations), ``--organizations`` organizations filed over them (seeded), four ledger
entries each (about a third of the organizations without a disclosure this year) and a
random part of the five yearly duties per federation. Then measures, median and p90 of
``--runs`` runs (≥ 20), as a cadre of one district with its subtree (the scope looked up
each time, as in a request):

  (a) the duties page's reads: the district's R-SO-03 checklist and the roll-up of the
      federations below (``duty_checklist`` + ``duty_rollup``);
  (b) the disclosure gap (第十二条): its count and first page of 100
      (``without_disclosure``), checked equal to a hand-written SQL count.

Target (issue 17): each < 100 ms.
"""

import argparse
import datetime as dt
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import run  # noqa: E402
from processes import fresh, query_count, user_with  # noqa: E402

run.BENCH_DB = "lvzhi_bench_socialorgs"
run.SQLITE_PATH = Path(run.SQLITE_PATH).with_name("lvzhi_bench_socialorgs.sqlite3")
TARGET_MS = 100.0
ROOT_CODE = "SO-BENCH"
FANOUT = 10
PAGE = 100


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--organizations", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--fresh", action="store_true", help="drop the bench database first")
    args = parser.parse_args(argv)
    args.runs = max(args.runs, 20)
    return args


def ensure_tree(say):
    from lvzhi.orgs.models import Kind, Level, Organization

    root = Organization.objects.filter(code=ROOT_CODE).first()
    if root is not None:
        return root
    say("生成组织树（1,111 个妇联）……")
    root = Organization.objects.add_root(
        instance=Organization(
            name="基准省妇联",
            code=ROOT_CODE,
            system="fl",
            kind=Kind.LOCAL_FEDERATION,
            level=Level.PROVINCE,
        )
    )
    for c in range(FANOUT):
        county = root.add_child(
            instance=Organization(
                name=f"基准区{c}妇联",
                code=f"{ROOT_CODE}-{c}",
                system="fl",
                kind=Kind.LOCAL_FEDERATION,
                level=Level.COUNTY,
            )
        )
        for t in range(FANOUT):
            township = county.add_child(
                instance=Organization(
                    name=f"基准区{c}街道{t}妇联",
                    code=f"{ROOT_CODE}-{c}-{t}",
                    system="fl",
                    kind=Kind.LOCAL_FEDERATION,
                    level=Level.TOWNSHIP,
                )
            )
            for v in range(FANOUT):
                township.add_child(
                    instance=Organization(
                        name=f"基准区{c}街道{t}社区{v}妇联",
                        code=f"{ROOT_CODE}-{c}-{t}-{v}",
                        system="fl",
                        kind=Kind.LOCAL_FEDERATION,
                        level=Level.VILLAGE,
                    )
                )
    return Organization.objects.get(pk=root.pk)


def ensure_rows(root, wanted: int, year: int, say) -> int:
    """Organizations (each with 4 ledger entries) and duties, bulk-written once (the
    services are measured elsewhere; this fills the tables)."""
    from lvzhi.core.scopes import PATH_END
    from lvzhi.orgs.models import Organization
    from lvzhi.socialorgs import rules
    from lvzhi.socialorgs.models import LedgerEntry, SocialOrganization, YearlyDuty

    have = SocialOrganization.objects.filter(
        org_path__gte=root.path, org_path__lt=root.path + PATH_END
    ).count()
    if have >= wanted:
        return have
    say(f"生成社会组织 {wanted - have:,} 个、台账 {4 * (wanted - have):,} 条……")
    rng = random.Random(have + 17)
    feds = list(
        Organization.objects.filter(path__gte=root.path, path__lt=root.path + PATH_END)
        .exclude(pk=root.pk)
        .values_list("pk", "path", "level")
    )
    tier = {"village": "village", "township": "township", "county": "county"}
    kinds = ["disclosure", "major_event", "complaint", "project_result"]
    batch = 5000
    for start in range(have, wanted, batch):
        orgs = []
        for number in range(start, min(wanted, start + batch)):
            pk, path, level = rng.choice(feds)
            orgs.append(
                SocialOrganization(
                    federation_id=pk,
                    org_path=path,
                    name=f"基准组织{number:06d}",
                    kind="womens",
                    service_field="volunteer",
                    size=rng.randint(5, 120),
                    status="active" if rng.random() < 0.9 else "dormant",
                    has_party_organization=rng.random() < 0.3,
                    proposed_tier=tier[level],
                    filed_tier=tier[level],
                    filed_on=dt.date(year - 1, 6, 1),
                )
            )
        SocialOrganization.objects.bulk_create(orgs, batch_size=1000)
        names = [o.name for o in orgs]
        saved = SocialOrganization.objects.filter(name__in=names).values_list("pk", "org_path")
        entries = []
        for pk, path in saved:
            disclosed = rng.random() < 0.65
            for index in range(4):
                kind = "disclosure" if index == 0 else rng.choice(kinds[1:])
                this_year = disclosed if index == 0 else rng.random() < 0.5
                entries.append(
                    LedgerEntry(
                        organization_id=pk,
                        org_path=path,
                        kind=kind,
                        date=dt.date(year if this_year else year - 1, rng.randint(1, 11), 1),
                        title="基准台账",
                    )
                )
        LedgerEntry.objects.bulk_create(entries, batch_size=2000)
        say(f"  {start + len(orgs):,}")
    duties = []
    for pk, path, _level in feds:
        for kind in rules.DUTY_KINDS:
            if rng.random() < 0.6:
                duties.append(
                    YearlyDuty(
                        federation_id=pk,
                        org_path=path,
                        kind=kind,
                        year=year,
                        date=dt.date(year, rng.randint(1, 11), 1),
                        title="基准年度工作",
                    )
                )
    YearlyDuty.objects.bulk_create(duties, batch_size=2000)
    return wanted


def duties_page(user, county, year, today):
    from lvzhi.socialorgs import selectors

    user = fresh(user)
    return (
        selectors.duty_checklist(user, county, year, today),
        selectors.duty_rollup(user, county, year, today),
    )


def gap_page(user, county, year):
    from django.core.paginator import Paginator

    from lvzhi.socialorgs import selectors

    page = Paginator(selectors.without_disclosure(fresh(user), county, year), PAGE).page(1)
    return page.paginator.count, list(page.object_list)


def hand_gap_count(county, year) -> int:
    from django.db import connection

    from lvzhi.core.scopes import PATH_END

    sql = (
        "SELECT COUNT(*) FROM socialorgs_socialorganization o WHERE o.org_path >= %s"
        " AND o.org_path < %s AND o.status = 'active' AND NOT EXISTS (SELECT 1 FROM"
        " socialorgs_ledgerentry e WHERE e.organization_id = o.id AND e.kind = 'disclosure'"
        " AND e.date >= %s AND e.date <= %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [county.path, county.path + PATH_END, dt.date(year, 1, 1), dt.date(year, 12, 31)],
        )
        return cursor.fetchone()[0]


def main(argv=None) -> int:
    args = parse_args(argv)
    url, label = run.prepare_database(args.database, fresh=args.fresh)
    run.setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from lvzhi.core.models import Role
    from lvzhi.core.periods import today_local
    from lvzhi.orgs.models import Organization
    from lvzhi.socialorgs.models import LedgerEntry, SocialOrganization

    def say(message):
        print(message, flush=True)

    say(f"迁移 {label} ……")
    call_command("migrate", interactive=False, verbosity=0)
    today = today_local()
    year = today.year
    root = ensure_tree(say)
    ensure_rows(root, args.organizations, year, say)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    county = Organization.objects.filter(path__startswith=root.path, level="county").first()
    user = user_with("bench_so_county", Role.CADRE, county)
    gap_count, _rows = gap_page(user, county, year)
    assert gap_count == hand_gap_count(county, year), (gap_count, hand_gap_count(county, year))
    duty = run.timed(lambda: duties_page(user, county, year, today), args.runs)
    gap = run.timed(lambda: gap_page(user, county, year), args.runs)
    total_orgs = SocialOrganization.objects.count()
    total_entries = LedgerEntry.objects.count()
    in_county = SocialOrganization.objects.filter(org_path__startswith=county.path).count()
    rows = [
        (
            "(a) duties: checklist + roll-up",
            duty,
            query_count(lambda: duties_page(user, county, year, today)),
        ),
        (
            "(b) disclosure gap: count + page",
            gap,
            query_count(lambda: gap_page(user, county, year)),
        ),
    ]
    print()
    print(
        f"lvzhi socialorgs benchmark · {label} · {total_orgs:,} organizations, "
        f"{total_entries:,} ledger entries; district {county.code}: {in_county:,} organizations,"
        f" {gap_count:,} without a disclosure in {year}; median of {args.runs} runs"
    )
    print(f"{'measure':<38}{'median':>10}{'p90':>10}{'queries':>9}  target < {TARGET_MS:.0f} ms")
    ok = True
    for name, samples, queries in rows:
        median = statistics.median(samples)
        ok &= median < TARGET_MS
        print(f"{name:<38}{median:>8.1f}ms{run.p90(samples):>8.1f}ms{queries:>9}")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
