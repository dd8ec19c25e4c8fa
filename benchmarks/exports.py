"""Benchmark the streaming Excel export of a list page (lvzhi/core/exports.py).

    python benchmarks/exports.py --database sqlite [--rows 100000] [--list activities]
    python benchmarks/exports.py --database postgres:///lvzhi [--rows 100000] [--list people]
    python benchmarks/exports.py --database sqlite --profile /tmp/export.prof

Uses its own database (``/tmp/lvzhi_bench_exports.sqlite3``, or ``lvzhi_bench_exports`` on
the PostgreSQL server of the URL), migrates it and bulk-creates, once, a federation with
20 child organizations, ``--rows`` people spread over them and (``--list activities``, the
default: the province's activity list of issue 11) ``--rows`` activities of 2,000 of those
people. Then, in a fresh child process (so that the peak memory is the export's, not the
bulk creation's), a cadre of the federation requests the list's Excel file —
``/members/activities/?org=<root>&format=xlsx`` or ``/orgs/people/?org=<root>&format=xlsx`` —
through Django's test client (middleware, session, ``restrict``, the list's selector, the
view and the streamed ``FileResponse``, as a request runs), reads the streamed file to the
end and reports:

  - the wall time from the request to the last byte, and the CPU time it took (on a
    shared, loaded machine the wall time overstates what the export costs; the load
    average is printed beside it),
  - the process's peak resident memory (``ru_maxrss``) and its resident memory just
    before the request (Django loaded, signed in),
  - the file size and, read back with openpyxl (read-only, in the parent), the row count.

Targets: 100,000 rows in < 20 s and a peak RSS < 200 MB. ``--profile <file>`` writes a
cProfile of the request (the child process) to the file; it slows the export down.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from run import setup_django  # noqa: E402

BENCH_DB = "lvzhi_bench_exports"
SQLITE_PATH = Path(tempfile.gettempdir()) / "lvzhi_bench_exports.sqlite3"
TARGET_SECONDS = 20.0
TARGET_MB = 200.0
ROOT_CODE = "BENCH-EXPORT"
CHILDREN = 20
ACTIVE_MEMBERS = 2000
LISTS = {
    "activities": "/members/activities/?org={root}",
    "people": "/orgs/people/?org={root}",
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--list", choices=sorted(LISTS), default="activities")
    parser.add_argument("--profile", help="write a cProfile of the export to this file")
    parser.add_argument(
        "--job",
        action="store_true",
        help="through its background job (above LVZHI_EXPORT_ASYNC_ROWS; no broker: in-process)",
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child: the output path
    return parser.parse_args(argv)


def database_url(target: str) -> tuple[str, str]:
    if target == "sqlite":
        return f"sqlite:///{SQLITE_PATH}", f"SQLite {SQLITE_PATH}"
    from urllib.parse import urlsplit

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
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DB)))
    parts = urlsplit(target)
    url = f"{parts.scheme}://{parts.netloc}/{BENCH_DB}" + (f"?{parts.query}" if parts.query else "")
    return url, f"PostgreSQL {parts.netloc or 'local socket'}/{BENCH_DB}"


def ensure_people(wanted: int, say):
    """The federation, its children and ``wanted`` people (created once); its cadre."""
    from django.contrib.auth import get_user_model

    from lvzhi.core.models import Role, RoleAssignment
    from lvzhi.core.roles import ensure_default_roles
    from lvzhi.core.scopes import PATH_END
    from lvzhi.orgs.models import Kind, Level, Organization, Person
    from lvzhi.orgs.services import organization_search_text, person_search_text

    root = Organization.objects.filter(code=ROOT_CODE).first()
    if root is None:
        root = Organization(
            name="基准测试妇女联合会",
            code=ROOT_CODE,
            system="fl",
            kind=Kind.LOCAL_FEDERATION,
            level=Level.CITY,
        )
        root.search_text = organization_search_text(root)
        root = Organization.objects.add_root(instance=root)
        for index in range(CHILDREN):
            child = Organization(
                name=f"基准测试第{index + 1}街道妇女联合会",
                code=f"{ROOT_CODE}-{index + 1:02d}",
                system="fl",
                kind=Kind.LOCAL_FEDERATION,
                level=Level.TOWNSHIP,
            )
            child.search_text = organization_search_text(child)
            Organization.objects.add_child(Organization.objects.get(pk=root.pk), instance=child)
        root = Organization.objects.get(pk=root.pk)
    orgs = list(Organization.objects.filter(path__gte=root.path, path__lt=root.path + PATH_END))
    have = Person.objects.filter(org_path__gte=root.path, org_path__lt=root.path + PATH_END).count()
    if have < wanted:
        say(f"批量创建人员 {wanted - have:,} 人……")
        started = time.perf_counter()
        batch = []
        for index in range(have, wanted):
            org = orgs[index % len(orgs)]
            person = Person(
                organization=org,
                org_path=org.path,
                name=f"基准{index:06d}",
                gender="F" if index % 7 else "M",
                workplace=f"{org.name[:8]}第{index % 50}单位 干部",
            )
            person.search_text = person_search_text(person)
            batch.append(person)
            if len(batch) == 5000:
                Person.objects.bulk_create(batch)
                batch = []
        Person.objects.bulk_create(batch)
        say(f"  用时 {time.perf_counter() - started:.1f} s")
    ensure_default_roles(Role)
    cadre, _ = get_user_model().objects.get_or_create(username="bench_export_cadre")
    RoleAssignment.objects.get_or_create(
        user=cadre,
        role=Role.objects.get(code="cadre"),
        organization=root,
        defaults={"include_descendants": True},
    )
    return root, cadre, wanted if have < wanted else have


def ensure_activities(root, wanted: int, say) -> int:
    """``wanted`` activities (created once) of the first people of the federation."""
    import datetime as dt

    from lvzhi.core.scopes import PATH_END
    from lvzhi.members.models import Activity, ActivityKind, ActivityStatus
    from lvzhi.orgs.models import Person

    within = {"org_path__gte": root.path, "org_path__lt": root.path + PATH_END}
    have = Activity.objects.filter(**within).count()
    if have >= wanted:
        _analyze(Activity, Person)
        return have
    say(f"批量创建履职活动 {wanted - have:,} 条……")
    started = time.perf_counter()
    people = list(
        Person.objects.filter(**within)
        .only("id", "organization_id", "org_path")
        .order_by("id")[:ACTIVE_MEMBERS]
    )
    kinds, statuses = ActivityKind.values, ActivityStatus.values
    first = dt.date(2025, 1, 1)
    batch = []
    for index in range(have, wanted):
        person = people[index % len(people)]
        batch.append(
            Activity(
                person_id=person.pk,
                organization_id=person.organization_id,
                org_path=person.org_path,
                kind=kinds[index % len(kinds)],
                date=first + dt.timedelta(days=index % 700),
                place=f"第{index % 40}社区活动室",
                women_reached=index % 30,
                status=statuses[index % len(statuses)],
                note=f"走访联系妇女群众，了解家庭和就业情况，记录第{index}条诉求并转交有关部门。",
                return_reason="材料不全，请补充照片" if index % 11 == 0 else "",
            )
        )
        if len(batch) == 5000:
            Activity.objects.bulk_create(batch)
            batch = []
    Activity.objects.bulk_create(batch)
    say(f"  用时 {time.perf_counter() - started:.1f} s")
    _analyze(Activity, Person)
    return wanted


def _analyze(*models) -> None:
    """Fresh planner statistics after the bulk creation (autovacuum would gather them
    later; without them PostgreSQL plans the export for 47 rows)."""
    from django.db import connection

    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def measure(out_path: str, list_name: str, profile: str | None = None, job=False) -> dict:
    """In the child: one export request, timed, its bytes written to ``out_path``; with
    ``job``, the page's redirect to its background job (run in-process without a broker)
    and the job's file."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from lvzhi.orgs.models import Organization

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # the streaming itself is measured: no redirect to a background job (which writes
    # the file the same way, lvzhi.core.export_jobs), unless --job
    if job:
        settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="lvzhi_bench_media_")
    else:
        settings.LVZHI_EXPORT_ASYNC_ROWS = 0
    root = Organization.objects.get(code=ROOT_CODE)
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench_export_cadre"))
    page = LISTS[list_name].format(root=root.pk)
    client.get(page)  # session settled, templates loaded
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    if profiler is not None:
        profiler.enable()
    response = client.get(f"{page}&format=xlsx")
    size = 0
    if job:
        from lvzhi.core.jobs.models import Job

        assert response.status_code == 302, response.status_code
        done = Job.objects.filter(kind="list_export").latest("id")
        assert done.status == "done", done.message
        chunks = done.file.open("rb").chunks()
    else:
        assert response.status_code == 200, response.status_code
        chunks = response.streaming_content
    with open(out_path, "wb") as out:
        for chunk in chunks:
            out.write(chunk)
            size += len(chunk)
    response.close()
    if profiler is not None:
        profiler.disable()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profiler is not None:
        profiler.dump_stats(profile)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "cpu": cpu,
        "load": os.getloadavg()[0],
        "before_mb": before_kb / 1024,
        "peak_mb": peak_kb / 1024,
        "bytes": size,
    }


def main(argv=None) -> int:
    args = parse_args(argv)
    url, label = database_url(args.database)
    os.environ.setdefault("LVZHI_DEBUG", "1")
    setup_django(url)
    if args.measure:
        print(json.dumps(measure(args.measure, args.list, args.profile, args.job)))
        return 0

    from django.core.management import call_command

    def say(message):
        print(message, flush=True)

    say(f"迁移 {label} ……")
    call_command("migrate", interactive=False, verbosity=0)
    root, _cadre, total = ensure_people(args.rows, say)
    if args.list == "activities":
        total = ensure_activities(root, args.rows, say)
    out_path = Path(tempfile.gettempdir()) / "lvzhi_bench_export.xlsx"
    say("导出……")
    child = subprocess.run(
        [
            sys.executable,
            __file__,
            "--database",
            args.database,
            "--list",
            args.list,
            "--measure",
            str(out_path),
            *(["--profile", args.profile] if args.profile else []),
            *(["--job"] if args.job else []),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode:
        print(child.stdout, child.stderr, file=sys.stderr)
        return 1
    result = json.loads(child.stdout.strip().splitlines()[-1])

    import openpyxl

    workbook = openpyxl.load_workbook(out_path, read_only=True)
    rows = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True)) - 1
    workbook.close()
    ok_time = result["seconds"] < TARGET_SECONDS
    ok_memory = result["peak_mb"] < TARGET_MB
    print(
        f"\nlvzhi list export benchmark · {label} · {total:,} {args.list} under one federation\n"
        f"  {LISTS[args.list].format(root='<root>')}&format=xlsx"
        f"{' (as a background job)' if args.job else ''}: {rows:,} rows, "
        f"{result['bytes'] / 1e6:.1f} MB file\n"
        f"  time {result['seconds']:.1f} s (target < {TARGET_SECONDS:.0f} s) "
        f"{'OK' if ok_time else 'MISSED'}; CPU {result['cpu']:.1f} s "
        f"(load average {result['load']:.1f} on {os.cpu_count()} cores while it ran)\n"
        f"  peak RSS {result['peak_mb']:.0f} MB (before the request {result['before_mb']:.0f} MB;"
        f" target < {TARGET_MB:.0f} MB) {'OK' if ok_memory else 'MISSED'}"
    )
    out_path.unlink(missing_ok=True)
    return 0 if ok_time and ok_memory and rows == total else 1


if __name__ == "__main__":
    sys.exit(main())
