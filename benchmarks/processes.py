"""Benchmark processes: case lists and step transitions with 100,000 cases on a province.

    python benchmarks/processes.py --database sqlite
    python benchmarks/processes.py --database postgres:///lvzhi [--cases 100000] [--explain]

Uses the bench database of ``run.py`` (its province tree, generated if missing) and
spreads ``--cases`` cases over it once (``lvzhi.processes.scale``; later runs reuse them).
Then measures, median of ``--runs`` runs (≥ 20), as a request would (the user's scope
looked up each time):

  (a) a department's case list: ``selectors.case_list(staff, department=d)``, first page
      of 50 with its count (``Paginator``), for staff of the county department with the
      most cases; and the same staff's whole list (no filter: her department's cases and
      those with a step routed to her department);
  (b) a district's overdue list: ``selectors.case_list(cadre, overdue=True)``, first page
      of 50 with its count, for the cadre of the county with the most cases;
  (c) completing a step: ``services.step_transition`` on an open case of that
      department, each run in a transaction rolled back afterwards.

Each measure prints its query count, on two different departments / districts: it must
be the same (constant). Targets: (a) and (b) under 100 ms, (c) under 50 ms.
``--explain`` prints the PostgreSQL plans (EXPLAIN ANALYZE) of (a) and (b); they are
printed anyway when a list misses its target.
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from run import ensure_tree, p90, prepare_database, setup_django, timed  # noqa: E402

PRESET = "province"
LIST_TARGET_MS = 100.0
STEP_TARGET_MS = 50.0
PAGE = 50


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per measurement (≥ 20)")
    parser.add_argument("--explain", action="store_true", help="print the PostgreSQL plans")
    args = parser.parse_args(argv)
    args.runs = max(args.runs, 20)
    return args


def ensure_cases(root, wanted: int, say) -> tuple[int, float | None]:
    """Cases under the root (generated up to ``wanted``) and the generation seconds."""
    from lvzhi.core.models import AuditEvent
    from lvzhi.core.scopes import PATH_END
    from lvzhi.processes import scale
    from lvzhi.processes.models import Case

    have = Case.objects.filter(org_path__gte=root.path, org_path__lt=root.path + PATH_END).count()
    if have < wanted:
        say(f"生成办件 {wanted - have:,} 件……")
        result = scale.generate_cases(
            root_code=root.code, cases=wanted - have, seed=have + 1, progress=say
        )
        return wanted, result["timings"]["total"]
    event = (
        AuditEvent.objects.filter(action="generate_cases", organization=root)
        .order_by("-id")
        .first()
    )
    return have, (event.changes or {}).get("seconds") if event else None


def busiest(root):
    """(county, [departments]) of the county with the most cases, its departments by
    their case count (most first); and the runner-up county for the constant check."""
    from django.db.models import Count

    from lvzhi.core.scopes import PATH_END
    from lvzhi.orgs.models import Department, Organization
    from lvzhi.processes.models import Case

    rows = (
        Case.objects.filter(org_path__gte=root.path, org_path__lt=root.path + PATH_END)
        .values("template__organization_id")
        .annotate(n=Count("id"))
        .order_by("-n")[:2]
    )
    counties = [Organization.objects.get(pk=r["template__organization_id"]) for r in rows]
    departments = []
    for county in counties:
        counted = (
            Case.objects.filter(department__organization=county)
            .values("department_id")
            .annotate(n=Count("id"))
            .order_by("-n")
        )
        departments.append([Department.objects.get(pk=r["department_id"]) for r in counted])
    return counties, departments


def user_with(username, role_code, organization, department=None, descendants=True):
    from django.contrib.auth import get_user_model

    from lvzhi.core.models import Role, RoleAssignment
    from lvzhi.core.roles import ensure_default_roles

    ensure_default_roles(Role)
    user, _ = get_user_model().objects.get_or_create(username=username)
    RoleAssignment.objects.filter(user=user).exclude(
        organization=organization, department=department
    ).delete()
    RoleAssignment.objects.get_or_create(
        user=user,
        role=Role.objects.get(code=role_code),
        organization=organization,
        defaults={"include_descendants": descendants, "department": department},
    )
    return get_user_model().objects.get(pk=user.pk)


def fresh(user):
    """Forget what a request would not know yet (scopes, assignments, party paths)."""
    from lvzhi.core.scopes import forget_scopes

    forget_scopes(user)
    user.__dict__.pop("_lvzhi_party_paths", None)
    return user


def first_page(queryset):
    from django.core.paginator import Paginator

    page = Paginator(queryset, PAGE).page(1)
    return page.paginator.count, list(page.object_list)


def query_count(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def explain(queryset) -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        return queryset[:PAGE].explain()
    return queryset[:PAGE].explain(analyze=True, buffers=True)


def transition_cases(department, limit):
    """Open cases whose current step is an action of ``department`` without required
    documents: a department user can complete them as they are."""
    from lvzhi.processes.models import Case, CaseStatus, StepKind, StepStatus

    return list(
        Case.objects.filter(
            status=CaseStatus.OPEN,
            current_step__status=StepStatus.ACTIVE,
            current_step__department=department,
            current_step__kind=StepKind.ACTION,
            current_step__documents=[],
        ).order_by("-id")[:limit]
    )


def measure_transition(staff, department, runs: int) -> dict:
    from django.db import transaction

    from lvzhi.core.periods import today_local
    from lvzhi.processes import services

    cases = transition_cases(department, runs + 3)
    if len(cases) < runs + 3:
        raise SystemExit(f"{department.name}没有足够的可办理办件（需要 {runs + 3} 件）")
    today = today_local()
    queue = iter(cases)

    class Rollback(Exception):
        pass

    def complete():
        case = next(queue)
        try:
            with transaction.atomic():
                services.step_transition(
                    actor=fresh(staff),
                    case=case,
                    step_id=case.current_step_id,
                    action="complete",
                    comment="已办理",
                    today=today,
                )
                raise Rollback
        except Rollback:
            pass

    samples = timed(complete, runs, warmup=2)
    queries = query_count(complete)
    return {"median_ms": statistics.median(samples), "p90_ms": p90(samples), "queries": queries}


def main(argv=None) -> int:
    args = parse_args(argv)
    url, label = prepare_database(args.database, fresh=False)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from lvzhi.core.models import Role
    from lvzhi.processes import selectors

    def say(message):
        print(message, flush=True)

    say(f"迁移 {label} ……")
    call_command("migrate", interactive=False, verbosity=0)
    root, _seconds, _generated = ensure_tree(PRESET, None, say)
    total, gen_seconds = ensure_cases(root, args.cases, say)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counties, departments = busiest(root)
    county, other_county = counties[0], counties[-1]
    department, other_department = departments[0][0], departments[-1][0]
    staff = user_with(
        "bench_process_staff", Role.DEPARTMENT_STAFF, county, department, descendants=False
    )
    other_staff = user_with(
        "bench_process_staff2",
        Role.DEPARTMENT_STAFF,
        other_department.organization,
        other_department,
        descendants=False,
    )
    cadre = user_with("bench_process_cadre", Role.CADRE, county)
    other_cadre = user_with("bench_process_cadre2", Role.CADRE, other_county)

    def department_list(user=staff, dep=department):
        return first_page(selectors.case_list(fresh(user), department=dep.pk))

    def overdue_list(user=cadre):
        return first_page(selectors.case_list(fresh(user), overdue=True))

    def staff_list(user=staff):
        return first_page(selectors.case_list(fresh(user)))

    results = {}
    for name, fn, other in (
        ("department", department_list, lambda: department_list(other_staff, other_department)),
        ("staff", staff_list, lambda: staff_list(other_staff)),
        ("overdue", overdue_list, lambda: overdue_list(other_cadre)),
    ):
        rows, page = fn()
        samples = timed(fn, args.runs)
        results[name] = {
            "rows": rows,
            "page": len(page),
            "median_ms": statistics.median(samples),
            "p90_ms": p90(samples),
            "queries": query_count(fn),
            "queries_other": query_count(other),
            "rows_other": other()[0],
        }
    results["transition"] = measure_transition(staff, department, args.runs)

    def verdict(ok):
        return "PASS" if ok else "FAIL"

    lines = [
        "",
        f"lvzhi processes benchmark · {label} · preset {PRESET} ({root.code}), "
        f"{total:,} cases; median of {args.runs} timed runs each",
        f"district: {county.name} · department: {department.name} "
        f"(constant-query check on {other_county.name} / {other_department.name})",
        "",
        f"{'measure':<58}{'median':>10}{'p90':>10}{'queries':>9}{'rows':>9}",
    ]
    for key, title in (
        ("department", "(a) department case list, page 1 of 50 + count"),
        ("staff", "    department staff's whole list (no filter), the same"),
        ("overdue", "(b) district overdue list, page 1 of 50 + count"),
    ):
        r = results[key]
        lines.append(
            f"{title:<58}{r['median_ms']:>7.2f} ms{r['p90_ms']:>7.2f} ms{r['queries']:>9}"
            f"{r['rows']:>9,}"
        )
        lines.append(
            f"{'    same list, other ' + ('district' if key == 'overdue' else 'department'):<58}"
            f"{'':>20}{r['queries_other']:>9}{r['rows_other']:>9,}"
        )
    t = results["transition"]
    lines.append(
        f"{'(c) step_transition complete (rolled back)':<58}{t['median_ms']:>7.2f} ms"
        f"{t['p90_ms']:>7.2f} ms{t['queries']:>9}"
    )
    if gen_seconds is not None:
        lines.append(f"{'case generation':<58}{gen_seconds:>8.1f} s")
    ok_a = max(results[k]["median_ms"] for k in ("department", "staff")) < LIST_TARGET_MS
    ok_b = results["overdue"]["median_ms"] < LIST_TARGET_MS
    ok_q = all(
        results[k]["queries"] == results[k]["queries_other"]
        for k in ("department", "staff", "overdue")
    )
    ok_c = t["median_ms"] < STEP_TARGET_MS
    lines += [
        "",
        f"target (a) < {LIST_TARGET_MS:.0f} ms: {verdict(ok_a)};  "
        f"(b) < {LIST_TARGET_MS:.0f} ms: {verdict(ok_b)};  "
        f"constant queries: {verdict(ok_q)};  "
        f"(c) < {STEP_TARGET_MS:.0f} ms: {verdict(ok_c)}",
    ]
    print("\n".join(lines))
    if args.explain or not (ok_a and ok_b):
        print(
            "\n(a) plan:\n" + explain(selectors.case_list(fresh(staff), department=department.pk))
        )
        print("\n(b) plan:\n" + explain(selectors.case_list(fresh(cadre), overdue=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
