"""妇女之家 at scale, for the registry and roll-up benchmark (issue 16: 20,000 homes and
500,000 activities on the province preset).

``generate_homes(homes=20_000, activities=500_000)`` spreads homes over the village
federations of an existing scale tree (made by ``lvzhi.orgs.scale.generate``; the newest
``SCALE-<preset>-<run>`` root unless one is given), one per village at most: about 12 %
designated and 2 % withdrawn, 3 % suspended; each home's two boards updated at a random
day of the last year (so some are overdue); 4 % with an open assessment; the activities
spread over the homes and the last eight quarters (one plan per home and quarter), with a
theme each, and one public rating for about one activity in five. Written with
``bulk_create`` in batches; one audit event (the summary)."""

import datetime as dt
import random
import time

from django.db import transaction

from lvzhi.core.periods import today_local
from lvzhi.core.scopes import PATH_END
from lvzhi.core.services import audit
from lvzhi.orgs.models import Level, Organization, System

from . import rules
from .models import (
    Activity,
    Assessment,
    Board,
    BoardUpdate,
    Designation,
    Home,
    QuarterPlan,
    Rating,
    Status,
    Theme,
)

BATCH = 5_000
QUARTERS = 8


def _root(root_code: str | None) -> Organization:
    roots = Organization.objects.filter(depth=1, code__startswith="SCALE-")
    if root_code:
        roots = roots.filter(code=root_code)
    root = roots.order_by("-path").first()
    if root is None:
        raise LookupError("没有规模测试组织树，请先运行 generate_scale")
    return root


def _quarters(today: dt.date) -> list[tuple[int, int]]:
    year, quarter = rules.quarter_of(today)
    out = []
    for _ in range(QUARTERS):
        out.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return out


def generate_homes(
    *, root_code: str | None = None, homes: int, activities: int, seed: int = 1, progress=None
) -> dict:
    started = time.perf_counter()
    rng = random.Random(seed)
    today = today_local()
    root = _root(root_code)
    villages = list(
        Organization.objects.filter(
            path__gte=root.path,
            path__lt=root.path + PATH_END,
            system=System.WOMEN,
            level=Level.VILLAGE,
        )
        .exclude(homes__isnull=False)
        .order_by("path")
        .values_list("pk", "path")[:homes]
    )
    rows = []
    for index, (pk, path) in enumerate(villages):
        roll = rng.random()
        designation = (
            Designation.DESIGNATED
            if roll < 0.12
            else Designation.WITHDRAWN
            if roll < 0.14
            else Designation.NONE
        )
        rows.append(
            Home(
                organization_id=pk,
                org_path=path,
                name=f"规模妇女之家{seed}-{index}",
                address=f"规模路{index}号",
                status=Status.SUSPENDED if rng.random() < 0.03 else Status.ACTIVE,
                designation=designation,
            )
        )
    with transaction.atomic():
        Home.objects.bulk_create(rows, batch_size=1000)
    created = list(
        Home.objects.filter(name__startswith=f"规模妇女之家{seed}-").values_list("pk", "org_path")
    )
    if progress:
        progress(f"  妇女之家 {len(created):,}")
    updates, assessments = [], []
    for pk, path in created:
        for board in Board.values:
            updates.append(
                BoardUpdate(
                    home_id=pk,
                    org_path=path,
                    board=board,
                    date=today - dt.timedelta(days=rng.randrange(0, 365)),
                    title="更新",
                )
            )
        if rng.random() < 0.04:
            assessments.append(
                Assessment(
                    home_id=pk,
                    org_path=path,
                    year=today.year,
                    status=rng.choice(["self", "township", "district"]),
                )
            )
    with transaction.atomic():
        BoardUpdate.objects.bulk_create(updates, batch_size=2000)
        Assessment.objects.bulk_create(assessments, batch_size=2000)
    quarters = _quarters(today)
    plans = [
        QuarterPlan(home_id=pk, org_path=path, year=y, quarter=q, content="季度计划")
        for pk, path in created
        for y, q in quarters
    ]
    with transaction.atomic():
        QuarterPlan.objects.bulk_create(plans, batch_size=2000)
    plan_ids = {
        (home, y, q): pk
        for pk, home, y, q in QuarterPlan.objects.filter(
            org_path__gte=root.path, org_path__lt=root.path + PATH_END
        ).values_list("pk", "home_id", "year", "quarter")
    }
    themes = list(Theme.values)
    written = rated = 0
    while written < activities:
        batch = []
        for index in range(written, min(activities, written + BATCH)):
            pk, path = created[rng.randrange(len(created))]
            y, q = quarters[rng.randrange(QUARTERS)]
            start, end = rules.quarter_bounds(y, q)
            end = min(end, today)
            day = start + dt.timedelta(days=rng.randrange(max(1, (end - start).days + 1)))
            batch.append(
                Activity(
                    home_id=pk,
                    plan_id=plan_ids[(pk, y, q)],
                    org_path=path,
                    title=f"活动{index}",
                    date=day,
                    theme=rng.choice(themes),
                    content="内容",
                    flow="流程",
                    participants="妇女群众",
                    signed_in=rng.randrange(5, 60),
                    public_key=f"{seed:04x}{index:012x}{rng.getrandbits(64):016x}",
                )
            )
        with transaction.atomic():
            Activity.objects.bulk_create(batch, batch_size=1000)
            keys = [a.public_key for a in batch if rng.random() < 0.2]
            ratings = [
                Rating(
                    activity_id=pk,
                    org_path=path,
                    score=rng.randint(1, 5),
                    nonce=f"{key}{rng.getrandbits(64):016x}",
                )
                for pk, path, key in Activity.objects.filter(public_key__in=keys).values_list(
                    "pk", "org_path", "public_key"
                )
            ]
            Rating.objects.bulk_create(ratings, batch_size=1000)
        rated += len(ratings)
        written += len(batch)
        if progress:
            progress(f"  活动 {written:,} / {activities:,}")
    seconds = round(time.perf_counter() - started, 1)
    result = {
        "homes": len(created),
        "activities": written,
        "ratings": rated,
        "plans": len(plans),
        "board_updates": len(updates),
        "assessments": len(assessments),
        "seconds": seconds,
    }
    audit(actor=None, action="generate_homes", obj=root, changes=result, organization=root)
    return result
