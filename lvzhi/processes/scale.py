"""Process cases at scale, for benchmarks and load tests.

``generate_cases(cases=100_000)`` spreads cases over an existing scale tree (made by
``lvzhi.orgs.scale.generate``; the newest ``SCALE-<preset>-<run>`` root unless one is
given): every county gets five departments and six published templates (a selection with
a review at the parent organization and a public notice, an assistance that climbs the
tree to the township and goes to the party organization, yearly work, petitions, a
general election, an activity), and its cases run at the county itself, its townships
and its villages, in every state: finished, cancelled, open at any step, about 10 %
overdue. Steps are resolved exactly as ``services.case_start`` would resolve them
(department steps to the county's departments, parent steps by path, party steps to the
case's organization) and carry consistent dates (working days, 调休 included).

Everything is written with ``bulk_create`` in batches; the run writes one audit event
(the summary). It runs again under the same root and adds N more cases. What is
planned (templates, shares, calendar, step dates) is in ``scale_plans``; this module
writes it, about 400 lines because ``generate_cases`` is one batched write pass.
"""

import datetime as dt
import random
import time

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from lvzhi.core.periods import CHINA_TZ, today_local
from lvzhi.core.scopes import PATH_END
from lvzhi.core.services import audit
from lvzhi.orgs.models import Department, Level, Organization

from . import rules
from .models import (
    ActorKind,
    Case,
    CaseEvent,
    CaseStatus,
    CaseStep,
    EventKind,
    ProcessTemplate,
    ProcessTemplateVersion,
    StepDefinition,
    StepKind,
    StepStatus,
    VersionStatus,
)
from .scale_plans import (
    DEPARTMENTS,
    LEVEL_SHARES,
    STATE_SHARES,
    TEMPLATES,
    Calendar,
    Planner,
    StepPlan,
)


def _root(preset: str, root_code: str | None) -> Organization:
    queryset = Organization.objects.filter(depth=1)
    if root_code:
        root = queryset.filter(code=root_code).first()
    else:
        root = queryset.filter(code__startswith=f"SCALE-{preset}-").order_by("-path").first()
    if root is None:
        raise ValueError(
            f"没有规模测试组织树（SCALE-{preset}-…），请先运行 lvzhi generate_scale --preset {preset}"
        )
    return root


def _subtree(root: Organization):
    return Organization.objects.filter(path__gte=root.path, path__lt=root.path + PATH_END)


def _departments(counties) -> dict[int, dict[str, Department]]:
    """Five departments per county (created when missing)."""
    have: dict[int, dict[str, Department]] = {}
    ids = [c.pk for c in counties]
    for start in range(0, len(ids), 900):
        for department in Department.objects.filter(organization_id__in=ids[start : start + 900]):
            have.setdefault(department.organization_id, {})[department.name] = department
    missing = [
        Department(organization=county, org_path=county.path, name=name, sort_order=order)
        for county in counties
        for order, name in enumerate(DEPARTMENTS, start=1)
        if name not in have.get(county.pk, {})
    ]
    Department.objects.bulk_create(missing, batch_size=2000)
    for department in missing:
        have.setdefault(department.organization_id, {})[department.name] = department
    return have


def _templates(counties, departments, actor) -> dict[int, list]:
    """Per county: [(TemplatePlan, template, version, [definition…])], made when missing
    (matched by county and item number)."""
    existing = {
        (t.organization_id, t.item_number): t
        for t in ProcessTemplate.objects.filter(
            organization__in=counties, item_number__in=[p.item_number for p in TEMPLATES]
        )
    }
    new_templates = []
    for county in counties:
        for plan in TEMPLATES:
            if (county.pk, plan.item_number) not in existing:
                template = ProcessTemplate(
                    organization=county,
                    org_path=county.path,
                    name=plan.name,
                    item_number=plan.item_number,
                    department=departments[county.pk][plan.department],
                    recurring=plan.recurring,
                    is_public=plan.is_public,
                )
                existing[(county.pk, plan.item_number)] = template
                new_templates.append(template)
    ProcessTemplate.objects.bulk_create(new_templates, batch_size=2000)
    versions = [
        ProcessTemplateVersion(
            template=t,
            org_path=t.org_path,
            number=1,
            status=VersionStatus.PUBLISHED,
            method="manual",
            published_at=timezone.now(),
            published_by=actor,
        )
        for t in new_templates
    ]
    ProcessTemplateVersion.objects.bulk_create(versions, batch_size=2000)
    plans = {p.item_number: p for p in TEMPLATES}
    StepDefinition.objects.bulk_create(
        [
            StepDefinition(
                version=version,
                org_path=version.org_path,
                order=order,
                name=step.name,
                kind=step.kind,
                actor_kind=step.actor_kind,
                role_code=step.role_code,
                levels_up=step.levels_up,
                duration_workdays=step.duration,
                notice_workdays=step.notice,
                documents=[{"name": name, "required": True} for name in step.documents],
            )
            for version in versions
            for order, step in enumerate(plans[version.template.item_number].steps, start=1)
        ],
        batch_size=5000,
    )
    published = {
        v.template_id: v
        for v in ProcessTemplateVersion.objects.filter(
            template__in=list(existing.values()), status=VersionStatus.PUBLISHED
        )
    }
    result: dict[int, list] = {}
    for county in counties:
        for plan in TEMPLATES:
            template = existing[(county.pk, plan.item_number)]
            result.setdefault(county.pk, []).append((plan, template, published[template.pk]))
    return result


def _aware(day: dt.date, minutes: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=CHINA_TZ) + dt.timedelta(minutes=minutes)


def generate_cases(
    *,
    preset: str = "province",
    root_code: str | None = None,
    cases: int = 100_000,
    seed: int = 1,
    today: dt.date | None = None,
    batch_size: int = 5000,
    events: bool = True,
    actor=None,
    progress=None,
) -> dict:
    """Write ``cases`` cases under the scale tree; returns counts and timings (seconds)."""
    say = progress or (lambda message: None)
    started = time.perf_counter()
    today = today or today_local()
    rng = random.Random(seed)
    root = _root(preset, root_code)
    orgs = list(
        _subtree(root)
        .filter(level__in=[Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE])
        .only("id", "path", "level", "name")
    )
    by_path = {o.path: o for o in orgs}
    counties = [o for o in orgs if o.level == Level.COUNTY]
    if not counties:
        raise ValueError("组织树中没有县级组织")
    below: dict[int, dict[str, list[Organization]]] = {c.pk: {} for c in counties}
    county_of_path = {c.path: c for c in counties}
    width = len(counties[0].path)
    for org in orgs:
        county = county_of_path.get(org.path[:width])
        if county is not None and org.level in (Level.TOWNSHIP, Level.VILLAGE):
            below[county.pk].setdefault(org.level, []).append(org)
    calendar = Calendar(today - dt.timedelta(days=900), today + dt.timedelta(days=400))
    planner = Planner(calendar, today, rng)
    timings = {}
    counts = {"cases": 0, "steps": 0, "events": 0, "overdue": 0}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        mark = time.perf_counter()
        departments = _departments(counties)
        templates = _templates(counties, departments, actor)
        timings["templates"] = time.perf_counter() - mark
        say(
            f"模板：{len(counties)} 个区县，每个 {len(TEMPLATES)} 个模板（{timings['templates']:.1f} 秒）"
        )
        weights = [p.weight for p in TEMPLATES]
        states = [s for s, _ in STATE_SHARES]
        state_weights = [w for _, w in STATE_SHARES]
        levels = [lv for lv, _ in LEVEL_SHARES]
        level_weights = [w for _, w in LEVEL_SHARES]
        planned_years: set[tuple[int, int, int]] = set(
            Case.objects.filter(
                template_id__in=[t.pk for entries in templates.values() for _, t, _ in entries],
                plan_year__isnull=False,
            ).values_list("template_id", "organization_id", "plan_year")
        )
        mark = time.perf_counter()
        serial = Case.objects.count()
        done = 0
        while done < cases:
            size = min(batch_size, cases - done)
            batch = []  # (case, [steps], current index)
            for _ in range(size):
                county = rng.choice(counties)
                plan, template, version = templates[county.pk][
                    rng.choices(range(len(TEMPLATES)), weights)[0]
                ]
                level = rng.choices(levels, level_weights)[0]
                candidates = below[county.pk].get(level) if level != Level.COUNTY else None
                org = rng.choice(candidates) if candidates else county
                state = rng.choices(states, state_weights)[0]
                department = departments[county.pk][plan.department]
                current, dates = planner.chain(plan.steps, state)
                started_on = calendar[dates[0][0]]
                serial += 1
                case = Case(
                    organization_id=org.pk,
                    org_path=org.path,
                    template_id=template.pk,
                    version_id=version.pk,
                    item_number=plan.item_number,
                    title=f"{started_on.year}年度{plan.name}（{org.name}）第{serial}件",
                    year=started_on.year,
                    department_id=template.department_id,
                    is_public=plan.is_public,
                    started_on=started_on,
                )
                key = (template.pk, org.pk, started_on.year)
                if plan.recurring and key not in planned_years:
                    planned_years.add(key)
                    case.plan_year = started_on.year
                steps = []
                for order, (step, (activated, due, completed)) in enumerate(
                    zip(plan.steps, dates, strict=False), start=1
                ):
                    steps.append(_case_step(step, order, org, department, by_path))
                    s = steps[-1]
                    s.activated_on = calendar[activated]
                    s.due_on = calendar[due]
                    if completed is not None:
                        s.status, s.revision = StepStatus.DONE, 2
                        s.completed_at = _aware(calendar[completed], order)
                    else:
                        s.status, s.revision = StepStatus.ACTIVE, 1
                for order in range(len(dates) + 1, len(plan.steps) + 1):
                    step = plan.steps[order - 1]
                    steps.append(_case_step(step, order, org, department, by_path))
                if state == "finished":
                    case.status = CaseStatus.FINISHED
                    case.stage = str(CaseStatus.FINISHED.label)
                    case.finished_at = steps[-1].completed_at
                    case.result = "已办结"
                elif state == "cancelled":
                    case.status = CaseStatus.CANCELLED
                    case.stage = str(CaseStatus.CANCELLED.label)
                else:
                    case.status = CaseStatus.OPEN
                    case.stage = steps[current].name
                    case.current_due_on = steps[current].due_on
                    counts["overdue"] += case.current_due_on < today
                batch.append((case, steps))
            _write_batch(batch, events)
            done += size
            counts["cases"] = done
            counts["steps"] += sum(len(steps) for _, steps in batch)
            if events:
                counts["events"] += sum(
                    1 + sum(s.status == StepStatus.DONE for s in steps) + (c.status == "finished")
                    for c, steps in batch
                )
            if done % 20_000 == 0 or done == cases:
                say(f"  办件 {done:,} / {cases:,}（{time.perf_counter() - mark:.1f} 秒）")
        timings["cases"] = time.perf_counter() - mark
        mark = time.perf_counter()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (Case, CaseStep, CaseEvent, ProcessTemplate, StepDefinition):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        timings["analyze"] = time.perf_counter() - mark
        timings["total"] = time.perf_counter() - started
        audit(
            actor=actor,
            action="generate_cases",
            obj=root,
            organization=root,
            changes={
                "cases": counts,
                "seed": seed,
                "today": today.isoformat(),
                "seconds": round(timings["total"], 3),
            },
        )
    return {"root": root.code, "root_path": root.path, "counts": counts, "timings": timings}


def _case_step(step: StepPlan, order, org, department, by_path) -> CaseStep:
    """A waiting step with its actor resolved as ``services.case_start`` resolves it: a
    department step to the template's department (of the county), a parent step by path,
    a role or party step to the case's organization."""
    if step.actor_kind == ActorKind.DEPARTMENT:
        actor_id, actor_path = department.organization_id, department.org_path
    elif step.actor_kind == ActorKind.PARENT_ROLE:
        department = None
        # (a county at the root of a district tree has no parent: its own cadre reviews)
        actor = by_path.get(rules.ancestor_path(org.path, step.levels_up)) or org
        actor_id, actor_path = actor.pk, actor.path
    else:
        department = None
        actor_id, actor_path = org.pk, org.path
    return CaseStep(
        order=order,
        name=step.name,
        kind=step.kind,
        actor_kind=step.actor_kind,
        actor_organization_id=actor_id,
        actor_path=actor_path,
        department=department,
        role_code=step.role_code,
        documents=[{"name": name, "required": True} for name in step.documents],
        duration_workdays=step.duration,
        notice_workdays=step.notice,
        status=StepStatus.WAITING,
    )


def _write_batch(batch, events: bool) -> None:
    cases = [case for case, _ in batch]
    Case.objects.bulk_create(cases, batch_size=len(cases))
    steps = []
    for case, case_steps in batch:
        for step in case_steps:
            step.case = case
            step.org_path = case.org_path
            steps.append(step)
    CaseStep.objects.bulk_create(steps, batch_size=5000)
    ids = [case.pk for case in cases if case.status != CaseStatus.FINISHED]
    Case.objects.filter(pk__in=ids).update(
        current_step=Subquery(
            CaseStep.objects.filter(case=OuterRef("pk"), status=StepStatus.ACTIVE).values("id")[:1]
        )
    )
    if not events:
        return
    rows = []
    for case, case_steps in batch:
        rows.append(
            CaseEvent(
                case=case,
                step=case_steps[0],
                kind=EventKind.STARTED,
                actor_name="系统",
                org_path=case.org_path,
            )
        )
        for step in case_steps:
            if step.status == StepStatus.DONE:
                rows.append(
                    CaseEvent(
                        case=case,
                        step=step,
                        kind=EventKind.APPROVED
                        if step.kind == StepKind.REVIEW
                        else EventKind.COMPLETED,
                        actor_name="系统",
                        org_path=case.org_path,
                    )
                )
        if case.status == CaseStatus.FINISHED:
            rows.append(
                CaseEvent(
                    case=case, kind=EventKind.FINISHED, actor_name="系统", org_path=case.org_path
                )
            )
    CaseEvent.objects.bulk_create(rows, batch_size=5000)
