#!/usr/bin/env python3
"""Fuzz the REST API with schemathesis against a live server on a fresh demo database.

    .venv/bin/python scripts/api_fuzz.py --database sqlite
    .venv/bin/python scripts/api_fuzz.py --database postgres:///lvzhi_fuzz

Steps: a fresh database (a temporary SQLite file, or the PostgreSQL database dropped and
created again), ``lvzhi demo``, an API token for the district cadre ``bh_cadre``, the
platform served by gunicorn on a free 127.0.0.1 port, then ``schemathesis run`` over every
operation of /api/schema/ with ``--checks all``, a fixed seed and bounded examples.

Exit status: 0 when no response is a server error (5xx), none breaks the schema (status
code, content type, headers, body) or the other response checks, every operation of the
schema was exercised (the missing ones are named) and the whole run (database, demo,
server, schemathesis) ended within ``--time-limit`` seconds (default 900); 1 otherwise. Two request
checks are reported but do not fail the run:
- ``positive_data_acceptance`` (a schema-valid request refused): the schema cannot state
  business rules (a reason required when rejecting, a step that is not the current one),
  which the API rightly refuses with 400/409;
- ``negative_data_rejection`` (a request outside the schema accepted): DRF and the list
  filters keep two documented leniencies, an empty query value means "no filter" and a text
  field accepts a number; ids, years, page sizes, booleans and integers are strict
  (lvzhi/core/tests/test_api_bad_input.py).
"""

import argparse
import collections
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LVZHI = str(BIN / "lvzhi")
SCHEMATHESIS = str(BIN / "schemathesis")
CADRE = "bh_cadre"

# Checks whose failure fails the run; every check of ``--checks all`` runs and is reported.
FAILING_CHECKS = {
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "missing_required_header",
    "unsupported_method",
    "use_after_free",
    "ensure_resource_availability",
    "ignored_auth",
    "object_level_authorization",
}


HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class OutOfTime(Exception):
    """The run's overall time limit (``--time-limit``) passed during ``step``."""

    def __init__(self, step: str):
        super().__init__(step)
        self.step = step


class Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.started = time.monotonic()

    def left(self, step: str) -> float:
        """Seconds left for ``step``; OutOfTime when none are."""
        remaining = self.started + self.seconds - time.monotonic()
        if remaining <= 0:
            raise OutOfTime(step)
        return remaining

    def elapsed(self) -> float:
        return time.monotonic() - self.started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database(database: str, workdir: Path) -> str:
    if database == "sqlite":
        return f"sqlite:///{workdir / 'fuzz.sqlite3'}"
    parsed = urllib.parse.urlparse(database)
    name = parsed.path.lstrip("/")
    if not parsed.scheme.startswith("postgres") or not name:
        sys.exit(f"不支持的数据库地址：{database}（应为 sqlite 或 postgres:///库名）")
    import psycopg

    server = {"host": parsed.hostname, "port": parsed.port, "user": parsed.username}
    server = {k: v for k, v in server.items() if v} | {"password": parsed.password or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return database


DEADLINE = Deadline(900)


def run(cmd, env, **kwargs):
    step = " ".join(Path(cmd[0]).name.split() + [str(c) for c in cmd[1:2]])
    try:
        return subprocess.run(
            cmd, env=env, cwd=ROOT, check=True, text=True, timeout=DEADLINE.left(step), **kwargs
        )
    except subprocess.TimeoutExpired:
        raise OutOfTime(step) from None


def api_token(env) -> str:
    """The cadre's token: ``create_api_token`` (expiring tokens) when present, else DRF's."""
    commands = run([LVZHI, "help", "--commands"], env, capture_output=True).stdout.split()
    if "create_api_token" in commands:
        out = run([LVZHI, "create_api_token", CADRE], env, capture_output=True).stdout
        return out.strip().split()[-1]
    if "drf_create_token" in commands:
        out = run([LVZHI, "drf_create_token", CADRE], env, capture_output=True).stdout
        return out.split()[2]  # "Generated token <key> for user <name>"
    # Neither command: the expiring-token service itself.
    code = (
        "from django.contrib.auth import get_user_model;"
        "from lvzhi.core.tokens.services import api_token_create;"
        f"u = get_user_model().objects.get(username='{CADRE}');"
        "print(api_token_create(actor=None, user=u, name='api_fuzz')[1])"
    )
    return run([LVZHI, "shell", "-c", code], env, capture_output=True).stdout.strip().split()[-1]


def wait_for(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + min(seconds, DEADLINE.left("等待服务器就绪"))
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"服务器启动失败（退出码 {server.returncode}）")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"服务器 {seconds} 秒内未就绪：{url}")


def schema_operations(url: str, token: str) -> set[str]:
    """Every operation of the OpenAPI schema, labelled as schemathesis labels them
    ("GET /api/v1/…")."""
    request = urllib.request.Request(
        url,
        headers={
            "Authorization": f"Token {token}",
            "Accept": "application/vnd.oai.openapi+json",
        },
    )
    timeout = min(60, DEADLINE.left("读取接口描述"))
    with urllib.request.urlopen(request, timeout=timeout) as response:
        schema = json.load(response)
    return {
        f"{method.upper()} {path}"
        for path, item in schema.get("paths", {}).items()
        for method in item
        if method in HTTP_METHODS
    }


def summarize(ndjson: Path) -> dict:
    """Operations, cases and failures (check → operation → first message) from the events."""
    operations, cases = set(), set()
    failures: dict[str, dict[str, str]] = collections.defaultdict(dict)
    server_errors = set()
    with ndjson.open() as events:
        for line in events:
            event = json.loads(line)
            finished = event.get("ScenarioFinished")
            if not finished:
                continue
            recorder = finished["recorder"]
            label = recorder["label"]
            for case_id, checks in recorder.get("checks", {}).items():
                operations.add(label)
                cases.add((label, case_id))
                for check in checks:
                    if check["status"] != "failure":
                        continue
                    failure = check["failure_info"]["failure"]
                    failures[check["name"]].setdefault(
                        label, f"{failure.get('title')}: {failure.get('message', '')[:300]}"
                    )
                    if check["name"] == "not_a_server_error":
                        server_errors.add((label, case_id))
    return {
        "operations": len(operations),
        "tested": operations,
        "cases": len(cases),
        "server_errors": len(server_errors),
        "failures": failures,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite", help="sqlite 或 postgres:///lvzhi_fuzz")
    parser.add_argument("--max-examples", type=int, default=5, help="每个接口的模糊测试用例数")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--workers", default="2", help="schemathesis 并发数")
    parser.add_argument("--report-dir", default=None, help="保存 schemathesis 报告的目录")
    parser.add_argument("--keep", action="store_true", help="保留临时目录（数据库、日志）")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=900,
        help="整个运行（建库、演示数据、服务器、模糊测试）的总时限，秒，默认 900",
    )
    args = parser.parse_args()
    global DEADLINE
    DEADLINE = Deadline(args.time_limit)
    workdir = Path(tempfile.mkdtemp(prefix="lvzhi-fuzz-"))
    try:
        return fuzz(args, workdir)
    except OutOfTime as late:
        print(
            f"失败：超过总时限 {args.time_limit:.0f} 秒（--time-limit），"
            f"在「{late.step}」时已用 {DEADLINE.elapsed():.0f} 秒；"
            f"日志与报告：{workdir}",
            file=sys.stderr,
        )
        return 1


def fuzz(args, workdir: Path) -> int:
    report_dir = Path(args.report_dir) if args.report_dir else workdir / "report"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DATABASE_URL=fresh_database(args.database, workdir),
        LVZHI_DEBUG="1",
        LVZHI_MEDIA_ROOT=str(workdir / "media"),
        PYTHONUNBUFFERED="1",
    )
    started = time.monotonic()
    run([LVZHI, "demo", "--json"], env, stdout=subprocess.DEVNULL)
    token = api_token(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "lvzhi.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "2", "--timeout", "120", "--access-logfile", "-"]
        # The request-line limit is the proxy's (nginx answers 414 past 8 KB), not the
        # application's: unlimited here, so that long generated queries reach Django.
        + ["--limit-request-line", "0"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"{base}/api/schema/", server)
        expected = schema_operations(f"{base}/api/schema/", token)
        prepared = time.monotonic() - started
        fuzz_started = time.monotonic()
        fuzz_timeout = DEADLINE.left("schemathesis")
        try:
            result = subprocess.run(
                [SCHEMATHESIS, "--config-file", str(ROOT / "scripts" / "api_fuzz.toml")]
                + ["run", f"{base}/api/schema/", "--checks", "all"]
                + ["--header", f"Authorization: Token {token}", "--seed", str(args.seed)]
                + ["--max-examples", str(args.max_examples), "--workers", str(args.workers)]
                + ["--phases", "examples,coverage,fuzzing", "--no-shrink"]
                + ["--request-timeout", "60", "--no-color", "--output-truncate", "true"]
                + ["--report", "ndjson,junit", "--report-dir", str(report_dir)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=fuzz_timeout,
            )
        except subprocess.TimeoutExpired:
            raise OutOfTime(f"schemathesis（报告：{report_dir}）") from None
        fuzz_seconds = time.monotonic() - fuzz_started
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    ndjson = next(report_dir.glob("*.ndjson"), None)
    if ndjson is None:
        print(result.stdout[-5000:], result.stderr[-5000:], sep="\n")
        return 1
    summary = summarize(ndjson)
    failing = {k: v for k, v in summary["failures"].items() if k in FAILING_CHECKS}
    informational = {k: v for k, v in summary["failures"].items() if k not in FAILING_CHECKS}
    for title, groups in (("失败", failing), ("仅报告（不判失败）", informational)):
        for check, by_operation in sorted(groups.items()):
            print(f"[{title}] {check}: {len(by_operation)} 个接口")
            for label, message in sorted(by_operation.items()):
                print(f"    {label}: {message.splitlines()[0] if message else ''}")
    missing = sorted(expected - summary["tested"])
    if missing:
        print(
            f"[失败] 接口描述共 {len(expected)} 个接口，只测试了 "
            f"{len(expected & summary['tested'])} 个；未测试的 {len(missing)} 个："
        )
        for label in missing:
            print(f"    {label}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"数据库 {args.database}: 接口描述 {len(expected)} 个接口, "
        f"测试了 {summary['operations']} 个, 用例 {summary['cases']} 个, "
        f"5xx {summary['server_errors']} 个, 不符合约定的检查 {len(failing)} 类; "
        f"准备 {prepared:.0f} 秒, 测试 {fuzz_seconds:.0f} 秒"
        f"（服务器与 schemathesis 共用 CPU {usage.ru_utime + usage.ru_stime:.0f} 秒）"
    )
    if args.keep or failing or missing:
        print(f"报告与服务器日志：{workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    if result.returncode not in (0, 1):
        print(result.stdout[-3000:], result.stderr[-3000:], sep="\n")
        return 1
    return 1 if failing or missing else 0


if __name__ == "__main__":
    sys.exit(main())
