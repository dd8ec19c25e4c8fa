"""Executive committees, a year (or ``years``) of activities and their 七个一 compliance
at scale, on a tree made by ``lvzhi.orgs.scale`` (the province preset: 1,500 townships
and 25,000 villages → about 300,000 members and 3,000,000 activities a year), for
benchmarks. With ``years`` > 1 the seats start early enough and each year up to ``year``
gets its activities and compliance; on PostgreSQL the yearly partitions are made first
(``members.common.partitions``), so no row lands in the default partition.

* ``generate_members`` seats a committee in every township and village federation of the
  tree (10–12 members in a village, 15–29 in a township, seated with the term, a few
  joining or leaving during the year) with ``bulk_create``, then writes about ten
  activities a member for the year with one ``INSERT … SELECT`` over
  ``generate_series`` on PostgreSQL (batched ``executemany`` on SQLite), and computes
  compliance with ``rebuild_sql``.
* ``rebuild_sql`` is ``compliance.services.rebuild`` for a whole subtree as set-based SQL
  (the same rows and counts; ``tests/test_compliance_scale.py`` checks they are
  identical): seats become tenures, activities are counted per member, rule and period
  inside the part of the period she held office, and each status follows
  ``rules.duty_status`` (not_required, met, partial, overdue, due). Per-row Python over
  4.5 million rows would take many minutes; this takes about a minute on PostgreSQL.

The run writes one audit event (``generate_members``) with the counts and seconds.

One module (≈490 lines) on purpose: the generator and the set-based rebuild it ends with
are one benchmark tool sharing the seat and period arithmetic; it is not imported by the app.
"""

import datetime as dt
import random
import time

from django.db import connection, transaction
from django.utils import timezone

from lvzhi.core.periods import today_local
from lvzhi.core.scopes import PATH_END
from lvzhi.core.search import build_search_text
from lvzhi.core.services import audit
from lvzhi.members import rules
from lvzhi.members.common.selectors import COMMITTEE_TITLES, ruleset_for
from lvzhi.members.models import Activity, MemberCompliance, OrgCompliance, RulesetChoice
from lvzhi.orgs.demo import FEMALE_CHARS, SURNAMES
from lvzhi.orgs.models import Level, Organization, Person, Position, Term, Title

TITLES = [title.value for title in COMMITTEE_TITLES]
SIZES = {Level.TOWNSHIP: (15, 29), Level.VILLAGE: (10, 12)}
ACTIVITIES_PER_MEMBER = (4, 16)  # uniform: about ten a member
# Kinds in the log (七个一 first) and their shares.
KIND_WEIGHTS = (
    ("contact", 0.22),
    ("lecture", 0.18),
    ("survey", 0.10),
    ("suggestion", 0.10),
    ("assistance", 0.08),
    ("public_service", 0.08),
    ("work_record", 0.08),
    ("deliberation", 0.06),
    ("training", 0.05),
    ("duty", 0.03),
    ("other", 0.02),
)
RETURNED_SHARE, RECORDED_SHARE = 0.02, 0.08
JOINED_SHARE, LEFT_SHARE = 0.03, 0.02  # seats starting / ending during the year


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model) -> str:
    return _quote(model._meta.db_table)


def federations(root: Organization):
    """Township and village federations of the subtree, in path order."""
    return list(
        Organization.objects.filter(
            path__gte=root.path,
            path__lt=root.path + PATH_END,
            level__in=list(SIZES),
        )
        .order_by("path")
        .values_list("pk", "path", "level", "name")
    )


def _seat_dates(rng: random.Random, year: int, today: dt.date, term_start: dt.date):
    """Start and end of a seat: most from the term's start and open; a few joining or
    leaving during the year (partial periods)."""
    roll = rng.random()
    last = min(today, dt.date(year, 12, 31))
    span = (last - dt.date(year, 1, 1)).days
    if roll < JOINED_SHARE and span > 0:
        return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(span)), None
    if roll < JOINED_SHARE + LEFT_SHARE and span > 0:
        return term_start, dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(span))
    return term_start, None


def write_members(root, *, year, today, seed=1, batch_size=5000, progress=None, years=1) -> dict:
    """Terms, people and seats for every township and village federation of ``root``;
    the term began in the autumn before the first of ``years``."""
    say = progress or (lambda message: None)
    rng = random.Random(seed)
    weights = [1 / (i + 4) for i in range(len(SURNAMES))]
    counts = {"federations": 0, "people": 0, "positions": 0}
    rows = federations(root)
    term_start = dt.date(year - 1 - years, 10, 1)
    for offset in range(0, len(rows), 2000):
        chunk = rows[offset : offset + 2000]
        terms = [
            Term(
                organization_id=pk,
                org_path=path,
                number=1,
                start_date=term_start,
                end_date=term_start.replace(year=term_start.year + 5) - dt.timedelta(days=1),
            )
            for pk, path, _level, _name in chunk
        ]
        Term.objects.bulk_create(terms, batch_size=batch_size)
        people, seats = [], []
        for (pk, path, level, name), term in zip(chunk, terms, strict=True):
            low, high = SIZES[level]
            size = rng.randint(low, high)
            for index in range(size):
                person_name = (
                    rng.choices(SURNAMES, weights)[0]
                    + rng.choice(FEMALE_CHARS)
                    + (rng.choice(FEMALE_CHARS) if rng.random() < 0.6 else "")
                )
                workplace = name.removesuffix("妇女联合会")
                people.append(
                    Person(
                        organization_id=pk,
                        org_path=path,
                        name=person_name,
                        workplace=workplace,
                        search_text=build_search_text(person_name, workplace),
                    )
                )
                start, end = _seat_dates(rng, year, today, term_start)
                title = (
                    Title.CHAIR
                    if index == 0
                    else Title.VICE_CHAIR
                    if index <= (2 if size >= 15 else 1)
                    else Title.MEMBER
                )
                if title != Title.MEMBER:
                    start, end = term_start, None
                seats.append(
                    Position(
                        organization_id=pk,
                        org_path=path,
                        term=term,
                        title=title,
                        start_date=start,
                        end_date=end,
                        end_reason="调离" if end else "",
                    )
                )
        Person.objects.bulk_create(people, batch_size=batch_size)
        for person, seat in zip(people, seats, strict=True):
            seat.person_id = person.pk
        Position.objects.bulk_create(seats, batch_size=batch_size)
        counts["federations"] += len(chunk)
        counts["people"] += len(people)
        counts["positions"] += len(seats)
        say(f"  执委 {counts['people']:,} 人（{counts['federations']:,} 个组织）")
    return counts


def _kind_case(column: str) -> str:
    parts, edge = [], 0.0
    for kind, share in KIND_WEIGHTS[:-1]:
        edge += share
        parts.append(f"WHEN {column} < {edge:.4f} THEN '{kind}'")
    return f"CASE {' '.join(parts)} ELSE '{KIND_WEIGHTS[-1][0]}' END"


def write_activities_postgresql(root, *, year, today, seed=1) -> int:
    """About ten activities per seat of the subtree, dated inside the seat and the year
    up to today, in one INSERT … SELECT over generate_series."""
    low, high = ACTIVITIES_PER_MEMBER
    first = dt.date(year, 1, 1)
    last = min(today, dt.date(year, 12, 31))
    sql = f"""
        INSERT INTO {_table(Activity)}
            (created_at, updated_at, org_path, person_id, organization_id, kind, date, place,
             women_reached, women, note, status, return_reason, answer)
        SELECT now(), now(), s.org_path, s.person_id, s.organization_id,
               {_kind_case("r.k")},
               s.lo + floor(r.d * (s.hi - s.lo + 1))::int,
               '', floor(r.w * 40)::int, '', '',
               CASE WHEN r.s < %(returned)s THEN 'returned'
                    WHEN r.s < %(recorded)s THEN 'recorded' ELSE 'confirmed' END,
               CASE WHEN r.s < %(returned)s THEN '与活动要求不符' ELSE '' END, ''
        FROM (
            SELECT person_id, organization_id, org_path,
                   GREATEST(start_date, %(first)s::date) AS lo,
                   LEAST(COALESCE(end_date, %(last)s::date), %(last)s::date) AS hi,
                   %(low)s + floor(random() * (%(high)s - %(low)s + 1))::int AS n
            FROM {_table(Position)}
            WHERE org_path >= %(path_low)s AND org_path < %(path_high)s
              AND title = ANY(%(titles)s)
        ) s
        CROSS JOIN LATERAL (
            SELECT random() AS k, random() AS d, random() AS w, random() AS s, g
            FROM generate_series(1, s.n) AS g
        ) r
        WHERE s.hi >= s.lo
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
        cursor.execute(
            sql,
            {
                "returned": RETURNED_SHARE,
                "recorded": RETURNED_SHARE + RECORDED_SHARE,
                "first": first,
                "last": last,
                "low": low,
                "high": high,
                "path_low": root.path,
                "path_high": root.path + PATH_END,
                "titles": TITLES,
            },
        )
        return cursor.rowcount


def write_activities_python(root, *, year, today, seed=1, batch_size=50_000) -> int:
    """The same on SQLite (or any database): batched executemany of plain tuples."""
    rng = random.Random(seed)
    kinds = [k for k, _ in KIND_WEIGHTS]
    shares = [w for _, w in KIND_WEIGHTS]
    low, high = ACTIVITIES_PER_MEMBER
    first = dt.date(year, 1, 1)
    last = min(today, dt.date(year, 12, 31))
    now = timezone.now()
    columns = (
        "created_at, updated_at, org_path, person_id, organization_id, kind, date, place, "
        "women_reached, women, note, status, return_reason, answer"
    )
    sql = f"INSERT INTO {_table(Activity)} ({columns}) VALUES ({', '.join(['%s'] * 14)})"
    seats = (
        Position.objects.filter(
            org_path__gte=root.path, org_path__lt=root.path + PATH_END, title__in=COMMITTEE_TITLES
        )
        .order_by("pk")
        .values_list("person_id", "organization_id", "org_path", "start_date", "end_date")
    )
    written = 0
    rows = []
    with connection.cursor() as cursor:
        for person_id, organization_id, path, start, end in seats.iterator(chunk_size=20_000):
            lo = max(start, first)
            hi = min(end or last, last)
            if hi < lo:
                continue
            span = (hi - lo).days + 1
            for _ in range(rng.randint(low, high)):
                roll = rng.random()
                status = (
                    "returned"
                    if roll < RETURNED_SHARE
                    else "recorded"
                    if roll < RETURNED_SHARE + RECORDED_SHARE
                    else "confirmed"
                )
                rows.append(
                    (
                        now,
                        now,
                        path,
                        person_id,
                        organization_id,
                        rng.choices(kinds, shares)[0],
                        lo + dt.timedelta(days=rng.randrange(span)),
                        "",
                        rng.randrange(40),
                        "",
                        "",
                        status,
                        "与活动要求不符" if status == "returned" else "",
                        "",
                    )
                )
            if len(rows) >= batch_size:
                cursor.executemany(sql, rows)
                written += len(rows)
                rows = []
        if rows:
            cursor.executemany(sql, rows)
            written += len(rows)
    return written


# 达标：集合运算重算 -------------------------------------------------------------


def _pairs(year: int, today: dt.date, ruleset):
    """(rule id, period code, start, end, required count, activity kind, source) of
    every 七个一 period of ``year`` that has started by ``today``."""
    result = []
    for rule in rules.duty_rules(ruleset):
        for period in rules.rule_periods(rule.id, year, ruleset):
            if period.start <= today:
                result.append(
                    (
                        rule.id,
                        period.code,
                        period.start,
                        period.end,
                        int(rule.params["count"]),
                        rule.params["activity"],
                        rule.source,
                    )
                )
    return result


def _check_one_ruleset(root: Organization):
    """The subtree must use one rule set (that of ``root``): a choice below it would need
    the per-organization rebuild."""
    below = RulesetChoice.objects.filter(
        organization__path__gt=root.path, organization__path__lt=root.path + PATH_END
    )
    if below.exists():
        raise ValueError("子树中有组织选用了其他规则集，请用 compliance.services.rebuild 重算")
    return ruleset_for(root)


def rebuild_sql(*, root: Organization, year: int, today: dt.date) -> int:
    """``compliance.services.rebuild`` for every organization of ``root``'s subtree, as
    set-based SQL; returns the member rows written."""
    ruleset = _check_one_ruleset(root)
    pairs = _pairs(year, today, ruleset)
    if not pairs:
        return 0
    codes = sorted({p[1] for p in pairs})
    low, high = root.path, root.path + PATH_END
    postgres = connection.vendor == "postgresql"
    greatest, least = ("GREATEST", "LEAST") if postgres else ("MAX", "MIN")
    now = timezone.now()
    member_table, org_table = _table(MemberCompliance), _table(OrgCompliance)
    code_marks = ", ".join(["%s"] * len(codes))
    title_marks = ", ".join(["%s"] * len(TITLES))
    date_type = "::date" if postgres else ""
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("DROP TABLE IF EXISTS lvzhi_rule_periods")
        cursor.execute(
            "CREATE TEMP TABLE lvzhi_rule_periods (rule_id varchar(20), code varchar(10), "
            "pstart date, pend date, required integer, kind varchar(20), source varchar(100))"
        )
        cursor.executemany(
            "INSERT INTO lvzhi_rule_periods VALUES (%s, %s, %s, %s, %s, %s, %s)", pairs
        )
        cursor.execute(
            f"DELETE FROM {member_table} WHERE org_path >= %s AND org_path < %s "
            f"AND period_code IN ({code_marks})",
            [low, high, *codes],
        )
        overlaps = "(t.t_start <= p.pend AND (t.t_end IS NULL OR t.t_end >= p.pstart))"
        covers = "(t.t_start <= p.pstart AND (t.t_end IS NULL OR t.t_end >= p.pend))"
        done = "COALESCE(c.n, 0)"
        cursor.execute(
            f"""
            INSERT INTO {member_table}
                (created_at, updated_at, org_path, person_id, organization_id, rule_id,
                 period_code, period_start, period_end, required, done, status, source)
            WITH tenures AS (
                SELECT person_id, organization_id, MIN(start_date) AS t_start,
                       CASE WHEN COUNT(*) = COUNT(end_date) THEN MAX(end_date) END AS t_end
                FROM {_table(Position)}
                WHERE org_path >= %s AND org_path < %s AND title IN ({title_marks})
                GROUP BY person_id, organization_id
            ), valid AS (
                SELECT * FROM tenures WHERE t_end IS NULL OR t_end >= t_start
            ), counted AS (
                SELECT a.person_id, a.organization_id, p.rule_id, p.code, COUNT(*) AS n
                FROM {_table(Activity)} a
                JOIN valid t ON t.person_id = a.person_id AND t.organization_id = a.organization_id
                JOIN lvzhi_rule_periods p ON p.kind = a.kind
                WHERE a.org_path >= %s AND a.org_path < %s AND a.status <> 'returned'
                  AND a.date >= {greatest}(p.pstart, t.t_start)
                  AND a.date <= {least}(p.pend, COALESCE(t.t_end, p.pend), %s{date_type})
                GROUP BY a.person_id, a.organization_id, p.rule_id, p.code
            )
            SELECT %s, %s, o.path, t.person_id, t.organization_id, p.rule_id, p.code,
                   p.pstart, p.pend,
                   CASE WHEN {overlaps} THEN p.required ELSE 0 END,
                   CASE WHEN {overlaps} THEN {done} ELSE 0 END,
                   CASE WHEN NOT {overlaps} THEN 'not_required'
                        WHEN {done} >= p.required THEN 'met'
                        WHEN NOT {covers} THEN 'partial'
                        WHEN p.pend < %s{date_type} THEN 'overdue'
                        ELSE 'due' END,
                   p.source
            FROM valid t
            JOIN {_table(Organization)} o ON o.id = t.organization_id
            CROSS JOIN lvzhi_rule_periods p
            LEFT JOIN counted c ON c.person_id = t.person_id
                AND c.organization_id = t.organization_id
                AND c.rule_id = p.rule_id AND c.code = p.code
            """,
            [low, high, *TITLES, low, high, today, now, now, today],
        )
        written = cursor.rowcount
        cursor.execute(
            f"DELETE FROM {org_table} WHERE org_path >= %s AND org_path < %s "
            f"AND period_code IN ({code_marks})",
            [low, high, *codes],
        )
        statuses = ("met", "due", "overdue", "partial", "not_required")
        sums = ", ".join(f"SUM(CASE WHEN status = '{s}' THEN 1 ELSE 0 END)" for s in statuses)
        cursor.execute(
            f"""
            INSERT INTO {org_table}
                (created_at, updated_at, org_path, organization_id, rule_id, period_code,
                 members, {", ".join(statuses)})
            SELECT %s, %s, org_path, organization_id, rule_id, period_code, COUNT(*), {sums}
            FROM {member_table}
            WHERE org_path >= %s AND org_path < %s AND period_code IN ({code_marks})
            GROUP BY organization_id, org_path, rule_id, period_code
            """,
            [now, now, low, high, *codes],
        )
        cursor.execute("DROP TABLE lvzhi_rule_periods")
    return written


def analyze() -> None:
    """Fresh planner statistics after a bulk load."""
    tables = [Person, Position, Term, Activity, MemberCompliance, OrgCompliance]
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"ANALYZE {_table(model)}")


def generate_members(
    root: Organization,
    *,
    year: int | None = None,
    today: dt.date | None = None,
    seed: int = 1,
    progress=None,
    years: int = 1,
) -> dict:
    """Committees, activities and compliance for ``root``'s subtree over ``years`` years
    ending with ``year``; counts and seconds."""
    from lvzhi.members.common import partitions

    say = progress or (lambda message: None)
    today = today or today_local()
    year = year or today.year
    if not 1 <= years <= 20:
        raise ValueError("年数应为 1–20")
    all_years = list(range(year - years + 1, year + 1))
    timings, counts = {}, {}
    started = time.perf_counter()
    partitions.partitions_ensure(actor=None, years=[*all_years, year + 1])
    with transaction.atomic():  # all or nothing: a failed run leaves no half committee
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        mark = time.perf_counter()
        counts.update(
            write_members(root, year=year, today=today, seed=seed, progress=say, years=years)
        )
        timings["members"] = time.perf_counter() - mark
        say(f"执委：{counts['people']:,} 人（{timings['members']:.1f} 秒）")
        mark = time.perf_counter()
        counts["activities"] = 0
        for offset, each in enumerate(all_years):
            write = (
                write_activities_postgresql
                if connection.vendor == "postgresql"
                else write_activities_python
            )
            counts["activities"] += write(root, year=each, today=today, seed=seed + offset)
        timings["activities"] = time.perf_counter() - mark
        say(f"履职活动：{counts['activities']:,} 条（{timings['activities']:.1f} 秒）")
        analyze()  # the planner must know the loaded rows before joining them
        mark = time.perf_counter()
        counts["compliance_rows"] = sum(
            rebuild_sql(root=root, year=each, today=today) for each in all_years
        )
        timings["compliance"] = time.perf_counter() - mark
        say(f"达标记录：{counts['compliance_rows']:,} 条（{timings['compliance']:.1f} 秒）")
        timings["total"] = time.perf_counter() - started
        audit(
            actor=None,
            action="generate_members",
            obj=root,
            organization=root,
            changes={
                "year": year,
                "years": years,
                "today": today.isoformat(),
                "seed": seed,
                "counts": counts,
                "seconds": {k: round(v, 1) for k, v in timings.items()},
            },
        )
    mark = time.perf_counter()
    analyze()
    timings["analyze"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - started
    return {"counts": counts, "timings": timings, "year": year, "years": years, "today": today}
