"""Load held (issue 13, point 8): gunicorn with 2 workers (production settings, Redis
cache, persistent connections) on the bench database, and a bounded load client on
127.0.0.1 (``--clients`` threads, each request on its own connection):

  (a) the cadre workbench ``/workbench/`` of the busiest county's cadre;
  (b) the roll-up page ``/members/compliance/?org=<county>`` (七个一, current quarter);
  (c) the activity API, POST ``/api/v1/members/me/activities/`` with members' tokens.

    python benchmarks/load.py --database postgres:///lvzhi [--seconds 15] [--clients 8]

Uses the bench database of ``run.py`` with the province preset and the members of
``members.py`` (generated once, as there). Prints requests per second, median, p95 and
p99 latency and the errors of each, the machine's load average while measuring (the cores
are shared), and each page's time with one client alone (what a request costs). Targets: (a), (b) ≥ 100 req/s with p95 < 200 ms;
(c) ≥ 200 req/s; no errors anywhere.
"""

import argparse
import os
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT_DIR))

import run  # noqa: E402
from members import _send, free_port  # noqa: E402
from members import load as post_load  # noqa: E402
from run import ensure_tree, prepare_database, setup_django  # noqa: E402

PRESET = "province"
PAGE_RPS, PAGE_P95_MS, API_RPS = 100.0, 200.0, 200.0
# One secret for this process (which writes the sessions) and the servers (which read them).
SECRET = secrets.token_urlsafe(48)
PII = os.environ.get("LVZHI_PII_KEY") or secrets.token_urlsafe(48)


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
    parser.add_argument("--database", default="postgres:///lvzhi")
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each load")
    parser.add_argument("--clients", type=int, default=8, help="concurrent load clients")
    parser.add_argument("--members", type=int, default=16, help="members whose tokens post")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per gunicorn worker (1: sync workers; more: gthread workers)",
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    parser.add_argument(
        "--single-seconds", type=float, default=5.0, help="one client alone, per page"
    )
    return parser.parse_args(argv)


def quantile(samples, q):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


def start_gunicorn(url: str, port: int, redis_url: str, threads: int = 1):
    env = {
        **os.environ,
        "LVZHI_DEBUG": "0",
        "LVZHI_SECRET_KEY": SECRET,
        "LVZHI_PII_KEY": PII,
        "LVZHI_ALLOWED_HOSTS": "127.0.0.1",
        "LVZHI_REDIS_URL": redis_url,
        "LVZHI_SSL_REDIRECT": "0",
        "LVZHI_CONN_MAX_AGE": os.environ.get("LVZHI_CONN_MAX_AGE") or "600",
        "DATABASE_URL": url,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # production settings serve hashed static files (the manifest): collect them first
    env["LVZHI_STATIC_ROOT"] = str(Path("/tmp") / "lvzhi_load_static")
    subprocess.run(
        [str(ROOT_DIR / ".venv/bin/lvzhi"), "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT_DIR,
        env=env,
        check=True,
    )
    log = open(Path("/tmp") / f"lvzhi_load_gunicorn_{port}.log", "w")  # noqa: SIM115
    command = [
        str(ROOT_DIR / ".venv/bin/gunicorn"),
        "lvzhi.wsgi",
        "-w",
        "2",
        "-b",
        f"127.0.0.1:{port}",
        *(["--threads", str(threads)] if threads > 1 else []),
    ]
    process = subprocess.Popen(
        command, cwd=ROOT_DIR, env=env, stdout=subprocess.DEVNULL, stderr=log
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn 未能启动，见 {log.name}")
        if _send(port, _get(port, "/healthz", "")) == 200:
            return process, log.name
        time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn 90 秒内未就绪")


def _get(port: int, path: str, cookie: str) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/html\r\n"
        + (f"Cookie: sessionid={cookie}\r\n" if cookie else "")
        + "Connection: close\r\n\r\n"
    ).encode()


def get_load(port: int, path: str, cookie: str, seconds: float, clients: int) -> dict:
    payload = _get(port, path, cookie)
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    latencies, statuses = [], {}

    def client():
        mine, codes = [], {}
        while time.monotonic() < stop:
            start = time.perf_counter()
            code = _send(port, payload)
            mine.append((time.perf_counter() - start) * 1000)
            codes[code] = codes.get(code, 0) + 1
        with lock:
            latencies.extend(mine)
            for code, n in codes.items():
                statuses[code] = statuses.get(code, 0) + n

    load_before = os.getloadavg()[0]
    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    ok = statuses.get(200, 0)
    return {
        "rps": ok / elapsed,
        "errors": sum(n for code, n in statuses.items() if code != 200),
        "statuses": statuses,
        "median_ms": statistics.median(latencies) if latencies else 0.0,
        "p95_ms": quantile(latencies, 0.95),
        "p99_ms": quantile(latencies, 0.99),
        "load": (load_before, os.getloadavg()[0]),
    }


def session_for(user) -> str:
    """A signed-in session (in the database, signed with SECRET) for ``user``."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ["LVZHI_SECRET_KEY"] = SECRET
    if args.bench_db:
        run.BENCH_DB = args.bench_db
    url, label = prepare_database(args.database, fresh=False)
    setup_django(url)
    from django.core.management import call_command
    from django.db import close_old_connections
    from members import busiest_counties, cadre_for, ensure_members, member_tokens

    from lvzhi.core.periods import today_local

    def say(message):
        print(message, flush=True)

    say(f"迁移 {label} ……")
    call_command("migrate", interactive=False, verbosity=0)
    root, _seconds, _generated = ensure_tree(args.preset, None, say)
    ensure_members(root, say)
    county = busiest_counties(root)[0]
    cookie = session_for(cadre_for("bench_load_cadre", county))
    tokens = member_tokens(county, args.members)
    close_old_connections()
    port = free_port()
    say(f"启动 gunicorn（2 个 worker，每个 {args.threads} 个线程，端口 {port}）……")
    process, log = start_gunicorn(url, port, args.redis, args.threads)
    pages = {
        "(a) workbench /workbench/": "/workbench/",
        "(b) roll-up /members/compliance/": f"/members/compliance/?org={county.pk}",
    }
    results, single = {}, {}
    try:
        for name, path in pages.items():
            get_load(port, path, cookie, 2.0, args.clients)  # warm both workers
            # one client, one request at a time: what a request costs the server
            single[name] = get_load(port, path, cookie, args.single_seconds, 1)
            say(f"{name}: {args.seconds:.0f} 秒, {args.clients} 个并发客户端……")
            results[name] = get_load(port, path, cookie, args.seconds, args.clients)
        day = today_local().isoformat()
        post_load(port, tokens, 2.0, args.clients, day)
        api_single = post_load(port, tokens, args.single_seconds, 1, day)
        api_single["load"] = (os.getloadavg()[0],) * 2
        single["(c) activity API POST"] = {**api_single, "p95_ms": api_single["p90_ms"]}
        say(f"(c) activity API: {args.seconds:.0f} 秒……")
        api_load = os.getloadavg()[0]
        api = post_load(port, tokens, args.seconds, args.clients, day)
        api["load"] = (api_load, os.getloadavg()[0])
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    results["(c) activity API POST"] = {
        **api,
        "p95_ms": api["p90_ms"],  # members.load reports p90; shown in the p95 column as p90
        "p99_ms": float("nan"),
    }
    verdict = {True: "PASS", False: "FAIL"}
    workers = "sync workers" if args.threads == 1 else f"gthread workers × {args.threads} threads"
    lines = [
        "",
        f"lvzhi load benchmark · {label} · preset {args.preset}; county {county.name}; gunicorn "
        f"2 {workers}; {args.clients} clients; {args.seconds:.0f} s each; server log {log}",
        "",
        f"{'measure':<36}{'req/s':>9}{'median':>11}{'p95':>11}{'p99':>11}{'errors':>8}"
        f"{'load 1m':>12}  target",
    ]
    for name, r in results.items():
        if not name.startswith("(c)"):
            lines.append(f"{name} statuses {r['statuses']}")
        api_row = name.startswith("(c)")
        ok = (
            r["rps"] >= API_RPS if api_row else r["rps"] >= PAGE_RPS and r["p95_ms"] < PAGE_P95_MS
        ) and r["errors"] == 0
        target = (
            f"≥ {API_RPS:.0f}/s" if api_row else f"≥ {PAGE_RPS:.0f}/s, p95 < {PAGE_P95_MS:.0f} ms"
        )
        lines.append(
            f"{name:<36}{r['rps']:>9.1f}{r['median_ms']:>8.1f} ms{r['p95_ms']:>8.1f} ms"
            f"{r['p99_ms']:>8.1f} ms{r['errors']:>8}{r['load'][0]:>6.1f}-{r['load'][1]:<5.1f}"
            f"  {target}: {verdict[ok]}"
        )
    lines.append(
        "(c): p90 in the p95 column (members.load's figure); statuses " + str(api["statuses"])
    )
    lines.append(
        f"one client alone ({args.single_seconds:.0f} s each), the server's time per request"
        " ((c): p90 in the p95 column):"
    )
    for name, r in single.items():
        lines.append(
            f"  {name:<34}{r['rps']:>9.1f}{r['median_ms']:>8.1f} ms{r['p95_ms']:>8.1f} ms"
            f"  load {r['load'][0]:.1f}-{r['load'][1]:.1f}"
        )
    lines.append(f"machine: {os.cpu_count()} cores; load 1m is the 1-minute load average")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
