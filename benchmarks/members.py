"""Benchmark 七个一 compliance roll-ups and activity recording on a province.

    python benchmarks/members.py --database postgres:///lvzhi [--runs 30] [--seconds 20]
    python benchmarks/members.py --database sqlite            (roll-ups only)

Uses the bench database of ``run.py`` (its province tree, generated if missing) and seats
committees in every township and village federation once (``lvzhi.members.scale``: about
300,000 members, 3,000,000 activities of this year, compliance computed); later runs
reuse them. Then measures, median of ``--runs`` runs (≥ 20), as a request would (the
user's scope looked up each time):

  (a) a district's roll-up for the current quarter: ``selectors.compliance.rollup`` for a
      cadre of the county with the most members, as the page calls it (the view has
      loaded the organization through her scope, so her role assignments are known), and
      cold (the assignments read again); (a') the hand-written SQL GROUP BY over the same
      rows (``members_orgcompliance`` of the subtree, the quarter's periods) and the
      ratio (a)/(a'); the query count, also on another district (constant);
  (b) the same for the province (a cadre of the root);
  (c) for reference: the GROUP BY over the member rows themselves and over the
      activities (what pre-aggregation saves);
  (d) throughput (PostgreSQL): gunicorn with 2 workers (LVZHI_DEBUG=0) and ``--clients``
      threads POSTing activities to /api/v1/members/me/activities/ with the tokens of
      several members for ``--seconds`` seconds: requests per second and errors.

Targets: (a) < 100 ms, (b) < 1 s, each within 2× of its GROUP BY; (d) ≥ 200 req/s with
no errors. ``--explain`` prints the PostgreSQL plans of (a) and (b).
"""

import argparse
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT_DIR))

from run import ensure_tree, p90, prepare_database, setup_django, timed  # noqa: E402

PRESET = "province"
DISTRICT_TARGET_MS = 100.0
PROVINCE_TARGET_MS = 1000.0
TARGET_RATIO = 2.0
TARGET_RPS = 200.0
ENDPOINT = "/api/v1/members/me/activities/"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per measurement (≥ 20)")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the load test")
    parser.add_argument("--clients", type=int, default=8, help="concurrent load clients")
    parser.add_argument("--members", type=int, default=16, help="members whose tokens post")
    parser.add_argument("--port", type=int, default=0, help="gunicorn port (0: a free one)")
    parser.add_argument(
        "--threads", type=int, default=0, help="gunicorn threads per worker (0: sync workers)"
    )
    parser.add_argument("--no-load", action="store_true", help="skip the throughput test")
    parser.add_argument("--explain", action="store_true", help="print the PostgreSQL plans")
    args = parser.parse_args(argv)
    args.runs = max(args.runs, 20)
    return args


def ensure_members(root, say):
    """Committees, activities and compliance under the root (generated once)."""
    from lvzhi.core.models import AuditEvent
    from lvzhi.members import scale

    event = (
        AuditEvent.objects.filter(action="generate_members", organization=root)
        .order_by("-id")
        .first()
    )
    if event is not None:
        return event.changes, False
    say("生成执委、履职活动与达标记录（约 30 万执委、300 万条活动）……")
    result = scale.generate_members(root, progress=say)
    event = AuditEvent.objects.filter(action="generate_members", organization=root).latest("id")
    return event.changes | {"generated_seconds": result["timings"]["total"]}, True


def busiest_counties(root, count=2):
    """The counties with the most compliance rows (most members), most first."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    from lvzhi.core.scopes import PATH_END
    from lvzhi.members.models import OrgCompliance
    from lvzhi.orgs.models import Level, Organization

    sample = Organization.objects.filter(
        path__gte=root.path, path__lt=root.path + PATH_END, level=Level.COUNTY
    ).first()
    width = len(sample.path)
    rows = (
        OrgCompliance.objects.filter(org_path__gte=root.path, org_path__lt=root.path + PATH_END)
        .annotate(prefix=Substr("org_path", 1, width))
        .values("prefix")
        .annotate(n=Count("id"))
        .order_by("-n", "prefix")[:count]
    )
    return [Organization.objects.get(path=row["prefix"]) for row in rows]


def cadre_for(username, organization):
    from django.contrib.auth import get_user_model

    from lvzhi.core.models import Role, RoleAssignment
    from lvzhi.core.roles import ensure_default_roles

    ensure_default_roles(Role)
    user, _ = get_user_model().objects.get_or_create(username=username)
    RoleAssignment.objects.filter(user=user).exclude(organization=organization).delete()
    RoleAssignment.objects.get_or_create(
        user=user,
        role=Role.objects.get(code=Role.CADRE),
        organization=organization,
        defaults={"include_descendants": True},
    )
    return get_user_model().objects.get(pk=user.pk)


def fresh(user):
    from lvzhi.core.scopes import forget_scopes

    forget_scopes(user)
    return user


def query_count(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def group_by_sql(table_model, extra_where=""):
    from django.db import connection

    from lvzhi.members.compliance.selectors import COUNTS

    table = connection.ops.quote_name(table_model._meta.db_table)
    sums = ", ".join(f"SUM({name})" for name in COUNTS)
    return (
        f"SELECT rule_id, period_code, {sums} FROM {table} "
        "WHERE org_path >= %s AND org_path < %s AND period_code IN ({codes}) "
        f"AND rule_id IN ({{rules}}) {extra_where}GROUP BY rule_id, period_code"
    )


def measure_rollup(organization, user, other, other_user, quarter, runs, explain_plans):
    """(selector, GROUP BY on the same rows, member-row GROUP BY, activity GROUP BY)."""
    from django.db import connection

    from lvzhi.core.scopes import PATH_END
    from lvzhi.members.common.selectors import ruleset_for
    from lvzhi.members.compliance import selectors
    from lvzhi.members.models import Activity, MemberCompliance, OrgCompliance

    pairs = selectors.rule_periods_for(quarter, ruleset_for(organization))
    codes = sorted({p.code for _r, p in pairs})
    rule_ids = sorted({r.id for r, _p in pairs})
    low, high = organization.path, organization.path + PATH_END
    marks = {"codes": ", ".join(["%s"] * len(codes)), "rules": ", ".join(["%s"] * len(rule_ids))}
    org_sql = group_by_sql(OrgCompliance).format(**marks)
    member_table = connection.ops.quote_name(MemberCompliance._meta.db_table)
    member_sql = (
        f"SELECT rule_id, period_code, COUNT(*), "
        "SUM(CASE WHEN status = 'met' THEN 1 ELSE 0 END) "
        f"FROM {member_table} WHERE org_path >= %s AND org_path < %s "
        f"AND period_code IN ({marks['codes']}) AND rule_id IN ({marks['rules']}) "
        "GROUP BY rule_id, period_code"
    )
    activity_table = connection.ops.quote_name(Activity._meta.db_table)
    activity_sql = (
        f"SELECT person_id, kind, COUNT(*) FROM {activity_table} "
        "WHERE org_path >= %s AND org_path < %s AND date >= %s AND date <= %s "
        "AND status <> 'returned' GROUP BY person_id, kind"
    )
    params = [low, high, *codes, *rule_ids]

    def selector():
        # as in a request: the view has loaded the organization through the user's scope
        # (her role assignments are known); the roll-up derives its own "view" scope
        user.__dict__.pop("_lvzhi_scopes", None)
        return selectors.rollup(user, organization, quarter)

    def selector_cold():
        # and with the role assignments read again as well
        return selectors.rollup(fresh(user), organization, quarter)

    def raw(sql=org_sql, args=params):
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            return cursor.fetchall()

    def raw_members():
        return raw(member_sql, params)

    def raw_activities():
        return raw(activity_sql, [low, high, quarter.start, quarter.end])

    result = selector()
    rows = raw()
    by_key = {(r[0], r[1]): r for r in rows}
    for rollup in result:  # the selector and the SQL must agree
        row = by_key.get((rollup.rule_id, rollup.period.code))
        if row is not None and (rollup.members, rollup.met) != (row[2], row[3]):
            raise SystemExit(f"{rollup.rule_id}: 选择器与 SQL 结果不一致")
    timings = {}
    fresh(user)
    selector()  # loads the assignments once, as the view's organization lookup does
    for name, fn in (
        ("selector", selector),
        ("selector_cold", selector_cold),
        ("group_by", raw),
        ("member_rows", raw_members),
        ("activities", raw_activities),
    ):
        reference = name in ("member_rows", "activities")  # (c): slow, fewer runs
        samples = timed(fn, max(runs // 3, 5) if reference else runs)
        timings[name] = {"median_ms": statistics.median(samples), "p90_ms": p90(samples)}
    timings["ratio"] = timings["selector"]["median_ms"] / timings["group_by"]["median_ms"]
    timings["ratio_cold"] = timings["selector_cold"]["median_ms"] / timings["group_by"]["median_ms"]
    timings["queries"] = query_count(selector)
    timings["queries_cold"] = query_count(selector_cold)

    def other_selector():
        fresh(other_user)
        selectors.rollup(other_user, other, quarter)  # assignments loaded, as above
        other_user.__dict__.pop("_lvzhi_scopes", None)
        return query_count(lambda: selectors.rollup(other_user, other, quarter))

    timings["queries_other"] = other_selector()
    timings["members"] = max((r.members for r in result), default=0)
    timings["organizations"] = (
        OrgCompliance.objects.filter(org_path__gte=low, org_path__lt=high, period_code=quarter.code)
        .values("organization_id")
        .distinct()
        .count()
    )
    if explain_plans and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + org_sql, params)
            timings["plan"] = "\n".join(row[0] for row in cursor.fetchall())
    return timings


# 吞吐量 ---------------------------------------------------------------------


def member_tokens(county, count):
    """Tokens of ``count`` members seated in the county's federations (users created
    once, with the member role at their federation)."""
    from django.contrib.auth import get_user_model

    from lvzhi.core.models import Role, RoleAssignment
    from lvzhi.core.roles import ensure_default_roles
    from lvzhi.core.scopes import PATH_END
    from lvzhi.core.tokens.services import api_token_create
    from lvzhi.members.common.selectors import COMMITTEE_TITLES
    from lvzhi.orgs.models import Position

    ensure_default_roles(Role)
    member_role = Role.objects.get(code="member")
    seats = (
        Position.objects.filter(
            org_path__gte=county.path,
            org_path__lt=county.path + PATH_END,
            title__in=COMMITTEE_TITLES,
            end_date__isnull=True,
            start_date__lt="2026-01-01",
        )
        .select_related("person", "organization")
        .order_by("org_path", "id")
    )
    tokens = []
    seen_orgs = set()
    for seat in seats.iterator():
        if len(tokens) >= count:
            break
        if seat.organization_id in seen_orgs and len(seen_orgs) < count:
            continue  # spread the members over federations first
        seen_orgs.add(seat.organization_id)
        person = seat.person
        username = f"bench_member_{person.pk}"
        user, _ = get_user_model().objects.get_or_create(username=username)
        if person.user_id != user.pk:
            person.user = user
            person.save(update_fields=["user"])
        RoleAssignment.objects.get_or_create(
            user=user,
            role=member_role,
            organization=seat.organization,
            defaults={"include_descendants": False},
        )
        tokens.append(api_token_create(actor=None, user=user, name="压力测试", days=1)[1])
    return tokens


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, port: int, threads: int = 0):
    env = dict(os.environ)
    env.update(
        LVZHI_DEBUG="0",
        LVZHI_SECRET_KEY=secrets.token_urlsafe(40),
        LVZHI_PII_KEY=os.environ.get("LVZHI_PII_KEY") or secrets.token_urlsafe(40),
        LVZHI_ALLOWED_HOSTS="127.0.0.1",
        # production requires the shared cache (login lockouts, message limits)
        LVZHI_REDIS_URL=os.environ.get("LVZHI_REDIS_URL") or "redis://127.0.0.1:6379/0",
        LVZHI_SSL_REDIRECT="0",
        # persistent database connections, as in production: a new PostgreSQL backend
        # per request would cost more than the request itself
        LVZHI_CONN_MAX_AGE=os.environ.get("LVZHI_CONN_MAX_AGE") or "600",
        DATABASE_URL=url,
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = open(Path("/tmp") / f"lvzhi_bench_gunicorn_{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(ROOT_DIR / ".venv" / "bin" / "gunicorn"),
            "lvzhi.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            *(["--threads", str(threads)] if threads else []),
        ],
        cwd=ROOT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn 未能启动，见 {log.name}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/")
            conn.getresponse().read()
            conn.close()
            return process, log.name
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn 60 秒内未就绪")


def _request(port: int, token: str, body: bytes) -> bytes:
    """One POST as raw bytes (the client must stay light: it shares the machine)."""
    return (
        f"POST {ENDPOINT} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Authorization: Token {token}\r\nContent-Type: application/json\r\n"
        f"Accept: application/json\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode() + body


def _send(port: int, payload: bytes) -> int:
    """The response status (0 when the connection failed); reads to the end."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(payload)
            chunks = []
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
    except OSError:
        return 0
    head = b"".join(chunks[:1])[:12]
    try:
        return int(head.split(b" ")[1])
    except (IndexError, ValueError):
        return 0


def load(port: int, tokens: list[str], seconds: float, clients: int, day: str) -> dict:
    """``clients`` threads POST activities for ``seconds``; each request on a new
    connection (gunicorn's sync workers close it after the response)."""
    kinds = ["contact", "lecture", "survey", "suggestion", "public_service", "deliberation"]
    payloads = [
        [
            _request(
                port,
                token,
                json.dumps(
                    {
                        "kind": kind,
                        "date": day,
                        "place": "妇女之家",
                        "women_reached": 12,
                        "note": "压测记录",
                    }
                ).encode(),
            )
            for kind in kinds
        ]
        for token in tokens
    ]
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    totals = {"ok": 0, "errors": 0, "statuses": {}, "latencies": []}

    def client(index: int):
        sent = ok = errors = 0
        statuses: dict[int, int] = {}
        latencies = []
        while time.monotonic() < stop:
            member = payloads[(index + sent * clients) % len(payloads)]
            start = time.perf_counter()
            code = _send(port, member[sent % len(member)])
            latencies.append((time.perf_counter() - start) * 1000)
            statuses[code] = statuses.get(code, 0) + 1
            if code == 201:
                ok += 1
            else:
                errors += 1
            sent += 1
        with lock:
            totals["ok"] += ok
            totals["errors"] += errors
            totals["latencies"] += latencies
            for code, n in statuses.items():
                totals["statuses"][code] = totals["statuses"].get(code, 0) + n

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies = totals.pop("latencies")
    return {
        **totals,
        "seconds": elapsed,
        "rps": totals["ok"] / elapsed,
        "median_ms": statistics.median(latencies) if latencies else 0.0,
        "p90_ms": p90(latencies) if latencies else 0.0,
    }


def measure_throughput(url, county, args, say) -> dict:
    from django.db import close_old_connections

    from lvzhi.core.periods import today_local

    tokens = member_tokens(county, args.members)
    close_old_connections()
    port = args.port or free_port()
    say(f"启动 gunicorn（2 个 worker，端口 {port}）……")
    process, log_path = start_gunicorn(url, port, args.threads)
    try:
        # warm both workers up (imports, connections), then measure
        load(port, tokens, 2.0, args.clients, today_local().isoformat())
        say(f"压测 {args.seconds:.0f} 秒，{args.clients} 个并发客户端，{len(tokens)} 名执委……")
        result = load(port, tokens, args.seconds, args.clients, today_local().isoformat())
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    result["members"] = len(tokens)
    result["log"] = log_path
    return result


def main(argv=None) -> int:
    args = parse_args(argv)
    url, label = prepare_database(args.database, fresh=False)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from lvzhi.core.periods import today_local
    from lvzhi.members.compliance.selectors import current_quarter

    def say(message):
        print(message, flush=True)

    say(f"迁移 {label} ……")
    call_command("migrate", interactive=False, verbosity=0)
    root, _seconds, _generated = ensure_tree(PRESET, None, say)
    generation, generated_now = ensure_members(root, say)
    county, other_county = busiest_counties(root)
    district_cadre = cadre_for("bench_members_cadre", county)
    other_cadre = cadre_for("bench_members_cadre2", other_county)
    province_cadre = cadre_for("bench_members_province", root)
    quarter = current_quarter(today_local())
    district = measure_rollup(
        county, district_cadre, other_county, other_cadre, quarter, args.runs, args.explain
    )
    province = measure_rollup(
        root, province_cadre, county, district_cadre, quarter, args.runs, args.explain
    )
    counts = generation.get("counts", {})
    seconds = generation.get("seconds", {})

    def verdict(ok):
        return "PASS" if ok else "FAIL"

    lines = [
        "",
        f"lvzhi members benchmark · {label} · preset {PRESET} ({root.code}); "
        f"{counts.get('people', 0):,} members, {counts.get('activities', 0):,} activities, "
        f"{counts.get('compliance_rows', 0):,} compliance rows ({generation.get('year')}, "
        f"as of {generation.get('today')})",
        f"quarter {quarter.code}; district: {county.name} ({district['members']:,} members, "
        f"{district['organizations']:,} federations); constant-query check on "
        f"{other_county.name}; median of {args.runs} timed runs each",
        "",
        f"{'measure':<60}{'median':>11}{'p90':>11}{'queries':>9}",
    ]

    def block(tag, title, r):
        lines.append(
            f"{f'({tag}) {title}':<60}{r['selector']['median_ms']:>8.2f} ms"
            f"{r['selector']['p90_ms']:>8.2f} ms{r['queries']:>9}"
        )
        lines.append(
            f"{'     the same, role assignments read again (cold)':<60}"
            f"{r['selector_cold']['median_ms']:>8.2f} ms"
            f"{r['selector_cold']['p90_ms']:>8.2f} ms{r['queries_cold']:>9}"
        )
        lines.append(
            f"{'     hand-written SQL GROUP BY over the same rows':<60}"
            f"{r['group_by']['median_ms']:>8.2f} ms{r['group_by']['p90_ms']:>8.2f} ms{1:>9}"
        )
        lines.append(
            f"{'     ratio roll-up / GROUP BY (cold)':<60}{r['ratio']:>8.2f} x"
            f"  ({r['ratio_cold']:.2f} x)"
        )
        lines.append(
            f"{'     (c) GROUP BY over the member rows instead':<60}"
            f"{r['member_rows']['median_ms']:>8.2f} ms{r['member_rows']['p90_ms']:>8.2f} ms"
        )
        lines.append(
            f"{'     (c) GROUP BY over the quarter activities instead':<60}"
            f"{r['activities']['median_ms']:>8.2f} ms{r['activities']['p90_ms']:>8.2f} ms"
        )

    block("a", "district roll-up, selectors.compliance.rollup", district)
    lines.append(f"{'     queries on another district':<60}{'':>22}{district['queries_other']:>9}")
    block("b", "province roll-up, selectors.compliance.rollup", province)
    if seconds:
        lines.append(
            f"{'generation (members, activities, compliance, total)':<60}"
            + " / ".join(
                f"{seconds.get(k, 0):.0f}" for k in ("members", "activities", "compliance", "total")
            )
            + " s"
            + ("" if generated_now else "   (earlier run)")
        )
    ok_a = district["selector_cold"]["median_ms"] < DISTRICT_TARGET_MS
    ok_b = province["selector_cold"]["median_ms"] < PROVINCE_TARGET_MS
    ok_ratio = district["ratio"] <= TARGET_RATIO and province["ratio"] <= TARGET_RATIO
    ok_q = district["queries"] == district["queries_other"] == province["queries"]
    targets = [
        f"(a) < {DISTRICT_TARGET_MS:.0f} ms: {verdict(ok_a)}",
        f"(b) < {PROVINCE_TARGET_MS:.0f} ms: {verdict(ok_b)}",
        f"ratios <= {TARGET_RATIO:.0f}x: {verdict(ok_ratio)}",
        f"constant queries: {verdict(ok_q)}",
    ]
    if args.no_load or connection.vendor != "postgresql":
        lines.append(
            "(d) throughput: skipped"
            + ("" if args.no_load else " (PostgreSQL only: SQLite serializes writers)")
        )
    else:
        print("\n".join(lines), flush=True)
        lines = []
        t = measure_throughput(url, county, args, say)
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(t["statuses"].items()))
        workers = "gunicorn -w 2" + (f" --threads {args.threads}" if args.threads else "")
        lines.append(
            f"{f'(d) POST {ENDPOINT}, {workers}':<60}{t['rps']:>8.1f} req/s"
            f"  ({t['ok']:,} created, {t['errors']} errors in {t['seconds']:.1f} s; "
            f"latency median {t['median_ms']:.1f} ms, p90 {t['p90_ms']:.1f} ms)"
        )
        lines.append(
            f"     {args.clients} clients, {t['members']} members' tokens; statuses {statuses}"
        )
        ok_d = t["rps"] >= TARGET_RPS and t["errors"] == 0
        targets.append(f"(d) >= {TARGET_RPS:.0f} req/s, no errors: {verdict(ok_d)}")
    lines += ["", "targets: " + ";  ".join(targets)]
    print("\n".join(lines))
    if args.explain:
        for name, r in (("(a)", district), ("(b)", province)):
            if "plan" in r:
                print(f"\n{name} GROUP BY plan:\n{r['plan']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
