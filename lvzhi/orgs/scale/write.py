"""Writing a planned tree: regions, treebeard paths, organizations in bulk, and
:func:`generate`, which runs plan and writes under a new root."""

import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction

from lvzhi.core.services import audit

from ..models import (
    Kind,
    Level,
    Organization,
    Person,
    Position,
    Region,
    System,
    Term,
)
from ..services import organization_search_text
from .people import write_members
from .plan import (
    LEVEL_ORDER,
    MUNICIPALITIES,
    PRESETS,
    PROVINCES,
    PlanNode,
    chunks,
    plan,
    walk,
)


@dataclass
class Result:
    preset: str
    run: int
    root_code: str
    root_path: str
    counts: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "preset": self.preset,
            "run": self.run,
            "root_code": self.root_code,
            "root_path": self.root_path,
            "counts": self.counts,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }


# 写入 -----------------------------------------------------------------------


def _region_ancestors(root: PlanNode) -> list[tuple[str, str, str]]:
    """(code, name, level) of the root region's ancestors, top first."""
    if root.code is None or root.level == Level.PROVINCE:
        return []
    pp = root.code[:2]
    chain = [(f"{pp}0000", PROVINCES.get(pp, f"省级区划{pp}"), Level.PROVINCE)]
    if root.level == Level.COUNTY:
        c4 = root.code[:4]
        name = "市辖区" if pp in MUNICIPALITIES else f"地级区划{c4}"
        chain.append((f"{c4}00", name, Level.CITY))
    return chain


def _write_regions(root: PlanNode, batch: int) -> int:
    """Give every plan node its region id, creating the regions not already there; a
    node whose code exists takes that region's name."""
    parent_id = None
    for code, name, level in _region_ancestors(root):
        region, _ = Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "parent_id": parent_id}
        )
        parent_id = region.pk
    created = 0
    level_nodes = [root] if root.code else list(root.children)
    parents = {id(root): parent_id} if root.code else {}
    while level_nodes:
        existing = {}
        for chunk in chunks([n.code for n in level_nodes], 900):
            rows = Region.objects.filter(code__in=chunk).values_list("code", "id", "name")
            existing.update({code: (pk, name) for code, pk, name in rows})
        new_nodes, new_rows = [], []
        for node in level_nodes:
            if node.code in existing:
                node.region_id, node.name = existing[node.code]
            else:
                new_nodes.append(node)
                new_rows.append(
                    Region(
                        code=node.code,
                        name=node.name,
                        level=node.level,
                        parent_id=parents.get(id(node)),
                    )
                )
        Region.objects.bulk_create(new_rows, batch_size=batch)
        for node, row in zip(new_nodes, new_rows, strict=True):
            node.region_id = row.pk
        created += len(new_rows)
        parents = {id(child): node.region_id for node in level_nodes for child in node.children}
        level_nodes = [child for node in level_nodes for child in node.children]
    return created


def _next_root_path() -> str:
    last = Organization.objects.get_last_root_node()
    if last is None:
        return Organization._get_path(None, 1, 1)
    return last._inc_path()


def _assign_paths(root: PlanNode, root_path: str) -> Iterator[tuple[PlanNode, str]]:
    """(node, path) in path order, siblings sorted by name; step i of a parent is int2str(i)."""
    step = Organization.steplen
    stack = [(root, root_path)]
    while stack:
        node, path = stack.pop()
        yield node, path
        node.children.sort(key=lambda n: n.name)
        if len(node.children) >= len(Organization.alphabet) ** step:
            raise ValueError(f"{node.name}: 下级组织过多，超出路径容量")
        children = [
            (child, path + Organization._int2str(i).rjust(step, Organization.alphabet[0]))
            for i, child in enumerate(node.children, start=1)
        ]
        stack.extend(reversed(children))


def _org_name(node: PlanNode, is_root: bool, run: int) -> str:
    name = node.name if node.level == Level.NATIONAL else f"{node.name}妇女联合会"
    return f"{name}（规模测试{run}）" if is_root else name


def _write_organizations(root, root_path, preset, run, batch, keep_villages):
    """Insert the tree in path order; returns the count and, when asked, the villages
    as (pk, path, plan node)."""
    prefix = f"SCALE-{preset}-{run}"
    villages = []
    total = 0
    rows: list[tuple[Organization, PlanNode]] = []

    def flush():
        Organization.objects.bulk_create([org for org, _ in rows], batch_size=batch)
        if keep_villages:
            villages.extend(
                (org.pk, org.path, node) for org, node in rows if node.level == Level.VILLAGE
            )
        rows.clear()

    for node, path in _assign_paths(root, root_path):
        is_root = node is root
        org = Organization(
            path=path,
            depth=len(path) // Organization.steplen,
            numchild=len(node.children),
            name=_org_name(node, is_root, run),
            code=prefix if is_root else f"{prefix}-{node.code}",
            system=System.WOMEN,
            kind=Kind.LOCAL_FEDERATION,
            level=node.level,
            region_id=node.region_id,
            is_active=True,
        )
        org.search_text = organization_search_text(org)
        rows.append((org, node))
        total += 1
        if len(rows) >= 5000:
            flush()
    if rows:
        flush()
    return total, villages


def _sqlite_fast(enable: bool) -> None:
    """Bulk-load settings for SQLite; only outside a transaction, where they may change."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        if enable:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")  # 256 MB
            cursor.execute("PRAGMA temp_store=MEMORY")
        else:
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA cache_size=-2000")


def _analyze(with_members: bool) -> None:
    """Fresh planner statistics: a bulk load leaves them stale (PostgreSQL then sorts a
    subtree instead of reading it in index order)."""
    models = [Region, Organization] + ([Term, Person, Position] if with_members else [])
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def next_run(preset: str) -> int:
    prefix = f"SCALE-{preset}-"
    runs = [
        int(code[len(prefix) :])
        for code in Organization.objects.filter(depth=1, code__startswith=prefix).values_list(
            "code", flat=True
        )
        if code[len(prefix) :].isdigit()
    ]
    return max(runs, default=0) + 1


def generate(
    preset: str = "district",
    *,
    townships_file=None,
    members: int = 0,
    seed: int = 1,
    county: str | None = None,
    province: str | None = None,
    batch_size: int = 2000,
    progress=None,
) -> Result:
    """Build one scale tree under a new root; returns counts and timings (seconds)."""
    if preset not in PRESETS:
        raise ValueError(f"未知的规模预设：{preset}（可选 {', '.join(PRESETS)}）")
    say = progress or (lambda message: None)
    timings = {}
    started = time.perf_counter()
    tree = plan(preset, townships_file=townships_file, seed=seed, county=county, province=province)
    timings["plan"] = time.perf_counter() - started
    say(f"规划完成：{sum(1 for _ in walk(tree))} 个组织（{timings['plan']:.1f} 秒）")
    _sqlite_fast(True)
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            run = next_run(preset)
            run_index = Organization.objects.filter(depth=1, code__startswith="SCALE-").count() + 1
            mark = time.perf_counter()
            regions = _write_regions(tree, batch_size)
            timings["regions"] = time.perf_counter() - mark
            say(f"行政区划：新建 {regions} 条（{timings['regions']:.1f} 秒）")
            mark = time.perf_counter()
            root_path = _next_root_path()
            total, villages = _write_organizations(
                tree, root_path, preset, run, batch_size, keep_villages=members > 0
            )
            timings["organizations"] = time.perf_counter() - mark
            say(f"组织：{total} 个（{timings['organizations']:.1f} 秒）")
            by_level = Counter(node.level for node in walk(tree))
            counts = {"organizations": total, "regions_created": regions}
            counts.update({level: by_level[level] for level in LEVEL_ORDER if by_level[level]})
            if members > 0:
                mark = time.perf_counter()
                counts.update(
                    write_members(villages, members, run_index, random.Random(seed + 2), batch_size)
                )
                timings["members"] = time.perf_counter() - mark
                say(f"人员与职务：{counts['people']} 人（{timings['members']:.1f} 秒）")
            mark = time.perf_counter()
            _analyze(members > 0)
            timings["analyze"] = time.perf_counter() - mark
            root = Organization.objects.get(path=root_path)
            timings["total"] = time.perf_counter() - started
            result = Result(
                preset=preset,
                run=run,
                root_code=root.code,
                root_path=root_path,
                counts=counts,
                timings=timings,
            )
            audit(
                actor=None,
                action="generate_scale",
                obj=root,
                organization=root,
                changes={
                    "preset": preset,
                    "seed": seed,
                    "members": members,
                    "townships_file": str(townships_file or ""),
                    "counts": counts,
                    "seconds": round(timings["total"], 3),
                },
            )
    finally:
        _sqlite_fast(False)
    result.timings["total"] = time.perf_counter() - started
    return result
