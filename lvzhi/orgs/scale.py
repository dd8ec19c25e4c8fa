"""Realistic organization trees at scale, for benchmarks and load tests.

``generate(preset=...)`` plans a tree (national → province → city → county → township →
village), gives it treebeard paths computed here (steplen 4, alphabet 0-9A-Z, siblings in
name order) and writes it with ``bulk_create``: Region rows first, then
organizations in path order, then optional committee members. Each run goes under a new
root whose codes start with ``SCALE-<preset>-<run>``; Region rows are shared by code
(an existing code is reused, with its name).

With a townships file (``{county_code: {"county": name, "townships": {name: code}}}``, the
format of ``shared/data/townships.json``), counties and townships carry their real names
and 12-digit statistical codes (stored as GB/T 2260 6-digit and 9-digit region codes);
otherwise names are synthetic and region codes use city numbers 51 and up, which no real
city has. Villages and communities are always synthetic. The run writes one audit event
(the summary), not one per row.
"""

import datetime as dt
import json
import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from stdnum.cn import ric

from lvzhi.core.pii import blind_index
from lvzhi.core.search import build_search_text
from lvzhi.core.services import audit

from .demo.data import FEMALE_CHARS, MOBILE_PREFIXES, SURNAMES
from .demo.people import birthplace_in_use, mobile_block_valid
from .models import (
    Gender,
    Kind,
    Level,
    Organization,
    Person,
    Position,
    Region,
    System,
    Tenure,
    Term,
    Title,
)
from .services import organization_search_text

PROVINCES = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
}
MUNICIPALITIES = {"11", "12", "31", "50"}
SYNTHETIC_CITY_BASE = 51  # real city numbers stay below this

# Characters that make plausible place names (东兴, 青山, 柳河…).
PLACE_FIRST = "东西南北中上下前后大小新老高长永安平宁康泰和兴华丰阳青白金石龙凤桃柳杨李张王马刘黄"
PLACE_SECOND = "山河湖江海林桥口庄屯堡集店沟坪湾台岗坝营城州田园塘溪源泉峰岭家坊寨川"

LEVEL_ORDER = [
    Level.NATIONAL,
    Level.PROVINCE,
    Level.CITY,
    Level.COUNTY,
    Level.TOWNSHIP,
    Level.VILLAGE,
]


@dataclass(frozen=True)
class Preset:
    name: str
    top: str  # level of the root
    counts: tuple[tuple[str, int], ...]  # (level, how many in all) below the root


PRESETS = {
    "district": Preset("district", Level.COUNTY, ((Level.TOWNSHIP, 20), (Level.VILLAGE, 300))),
    "province": Preset(
        "province",
        Level.PROVINCE,
        (
            (Level.CITY, 12),
            (Level.COUNTY, 120),
            (Level.TOWNSHIP, 1_500),
            (Level.VILLAGE, 25_000),
        ),
    ),
    "national": Preset(
        "national",
        Level.NATIONAL,
        (
            (Level.PROVINCE, 31),
            (Level.CITY, 340),
            (Level.COUNTY, 2_850),
            (Level.TOWNSHIP, 38_700),
            (Level.VILLAGE, 600_000),
        ),
    ),
}


class PlanNode:
    """One organization to be: its region code and name, level and children."""

    __slots__ = ("code", "name", "level", "children", "region_id")

    def __init__(self, code: str | None, name: str, level: str):
        self.code = code
        self.name = name
        self.level = level
        self.children: list[PlanNode] = []
        self.region_id: int | None = None


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


# 规划 -----------------------------------------------------------------------


def split(total: int, parts: int, rng: random.Random, low: float = 0.5, high: float = 1.5):
    """``total`` shared among ``parts`` with random weights (largest remainder), each ≥ 1."""
    if parts == 0:
        return []
    total = max(total, parts)
    weights = [rng.uniform(low, high) for _ in range(parts)]
    scale = (total - parts) / sum(weights)
    shares = [w * scale for w in weights]
    counts = [1 + int(s) for s in shares]
    leftover = total - sum(counts)
    for index in sorted(range(parts), key=lambda i: int(shares[i]) - shares[i])[:leftover]:
        counts[index] += 1
    return counts


class Namer:
    """Synthetic place names, unique among siblings."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def __call__(self, suffix: str, used: set[str]) -> str:
        rng = self.rng
        for attempt in range(200):
            stem = rng.choice(PLACE_FIRST) + rng.choice(PLACE_SECOND)
            if attempt > 50:
                stem += rng.choice(PLACE_SECOND)
            name = stem + suffix
            if name not in used:
                used.add(name)
                return name
        name = f"第{len(used) + 1}{suffix}"
        used.add(name)
        return name


def _villages(township: PlanNode, count: int, namer: Namer, rng: random.Random) -> None:
    street = township.name.endswith("街道")
    township_kind_is_xiang = township.name.endswith("乡")
    used: set[str] = set()
    communities = villages = 0
    for _ in range(count):
        community = street or (not township_kind_is_xiang and rng.random() < 0.2)
        if community and communities < 199:
            communities += 1
            code = f"{township.code}{communities:03d}"
            name = namer("社区", used)
        else:
            villages += 1
            code = f"{township.code}{199 + villages:03d}"
            name = namer("村", used)
        township.children.append(PlanNode(code, name, Level.VILLAGE))


def _townships_synthetic(county: PlanNode, count: int, namer: Namer, rng) -> None:
    used: set[str] = set()
    serial = {"街道": 0, "镇": 99, "乡": 199}
    for _ in range(count):
        suffix = rng.choices(("街道", "镇", "乡"), (3, 5, 2))[0]
        serial[suffix] += 1
        code = f"{county.code}{serial[suffix]:03d}"
        county.children.append(PlanNode(code, namer(suffix, used), Level.TOWNSHIP))


def _counties_synthetic(city: PlanNode, count: int, namer: Namer, rng) -> None:
    used: set[str] = set()
    for index in range(1, count + 1):
        suffix = rng.choices(("县", "区", "市"), (6, 3, 1))[0]
        city.children.append(
            PlanNode(f"{city.code[:4]}{index:02d}", namer(suffix, used), Level.COUNTY)
        )


def _cities_synthetic(province: PlanNode, count: int, namer: Namer) -> None:
    used: set[str] = set()
    for index in range(count):
        code = f"{province.code[:2]}{SYNTHETIC_CITY_BASE + index:02d}00"
        province.children.append(PlanNode(code, namer("市", used), Level.CITY))


def _expand_synthetic(nodes: list[PlanNode], levels, namer, rng) -> None:
    """Fill the levels below ``nodes`` (all at one level) with synthetic divisions."""
    for level, total in levels:
        counts = split(total, len(nodes), rng)
        for node, count in zip(nodes, counts, strict=True):
            if level == Level.PROVINCE:
                for pp in sorted(PROVINCES)[:count]:
                    node.children.append(PlanNode(f"{pp}0000", PROVINCES[pp], Level.PROVINCE))
            elif level == Level.CITY:
                _cities_synthetic(node, count, namer)
            elif level == Level.COUNTY:
                _counties_synthetic(node, count, namer, rng)
            elif level == Level.TOWNSHIP:
                _townships_synthetic(node, count, namer, rng)
            else:
                _villages(node, count, namer, rng)
        nodes = [child for node in nodes for child in node.children]


def load_townships(path: str | Path) -> dict:
    """The townships file as {county6: (county name, [(township name, code9)…])}."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counties = {}
    for code, entry in data.items():
        townships = sorted((name, str(t_code)[:9]) for name, t_code in entry["townships"].items())
        if townships:
            counties[str(code)[:6]] = (entry["county"], townships)
    if not counties:
        raise ValueError(f"{path}: 没有可用的县级区划和乡镇")
    return counties


def _closest(groups: dict, target: int) -> str:
    return min(sorted(groups), key=lambda key: abs(len(groups[key]) - target))


def _city_name(c4: str, namer: Namer, used: set[str]) -> str:
    if c4[:2] in MUNICIPALITIES:
        return "市辖区" if c4[2:] == "01" else "县"
    return namer("市", used)


def _plan_real(preset: Preset, counties: dict, namer, rng, county=None, province=None):
    """Provinces, cities, counties and townships from the file; villages synthetic."""
    villages_per_township = preset.counts[-1][1] / dict(preset.counts)[Level.TOWNSHIP]

    def county_node(code6):
        name, townships = counties[code6]
        node = PlanNode(code6, name, Level.COUNTY)
        for t_name, t_code in townships:
            node.children.append(PlanNode(t_code, t_name, Level.TOWNSHIP))
        return node

    def cities_of(codes6, province_node):
        used: set[str] = set()
        by_city: dict[str, list[str]] = {}
        for code6 in sorted(codes6):
            by_city.setdefault(code6[:4], []).append(code6)
        for c4, members in sorted(by_city.items()):
            city = PlanNode(f"{c4}00", _city_name(c4, namer, used), Level.CITY)
            city.children = [county_node(c) for c in members]
            province_node.children.append(city)

    def province_node(pp):
        return PlanNode(f"{pp}0000", PROVINCES.get(pp, f"省级区划{pp}"), Level.PROVINCE)

    by_province: dict[str, list[str]] = {}
    for code6 in counties:
        by_province.setdefault(code6[:2], []).append(code6)

    if preset.top == Level.COUNTY:
        if county is None:
            sizes = {code: counties[code][1] for code in counties}
            county = _closest(sizes, dict(preset.counts)[Level.TOWNSHIP])
        elif county[:6] not in counties:
            raise ValueError(f"文件中没有县级区划 {county}")
        root = county_node(county[:6])
    elif preset.top == Level.PROVINCE:
        if province is None:
            province = _closest(by_province, dict(preset.counts)[Level.COUNTY])
        elif province[:2] not in by_province:
            raise ValueError(f"文件中没有省级区划 {province}")
        root = province_node(province[:2])
        cities_of(by_province[province[:2]], root)
    else:
        root = PlanNode(None, "中华全国妇女联合会", Level.NATIONAL)
        for pp in sorted(by_province):
            node = province_node(pp)
            cities_of(by_province[pp], node)
            root.children.append(node)

    townships = [n for n in _walk(root) if n.level == Level.TOWNSHIP]
    counts = split(round(villages_per_township * len(townships)), len(townships), rng)
    for township, count in zip(townships, counts, strict=True):
        _villages(township, count, namer, rng)
    return root


def _plan_synthetic(preset: Preset, namer, rng, province=None) -> PlanNode:
    pp = (province or "13")[:2]
    if preset.top == Level.NATIONAL:
        root = PlanNode(None, "中华全国妇女联合会", Level.NATIONAL)
    elif preset.top == Level.PROVINCE:
        root = PlanNode(f"{pp}0000", PROVINCES.get(pp, f"省级区划{pp}"), Level.PROVINCE)
    else:
        root = PlanNode(f"{pp}{SYNTHETIC_CITY_BASE:02d}01", namer("县", set()), Level.COUNTY)
    _expand_synthetic([root], preset.counts, namer, rng)
    return root


def _walk(root: PlanNode) -> Iterator[PlanNode]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def plan(preset: str, *, townships_file=None, seed: int = 1, county=None, province=None):
    spec = PRESETS[preset]
    rng = random.Random(seed)
    namer = Namer(random.Random(seed + 1))
    if townships_file:
        return _plan_real(spec, load_townships(townships_file), namer, rng, county, province)
    return _plan_synthetic(spec, namer, rng, province)


# 写入 -----------------------------------------------------------------------


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


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
        for chunk in _chunks([n.code for n in level_nodes], 900):
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


class _Ids:
    """Unique, valid ID numbers for generated members: per birthplace a counter mapped
    one-to-one onto (birth date, sequence); ``offset`` keeps runs apart."""

    DAYS = 30 * 365  # birth dates 1965-01-01 … 1994-12-…
    START = dt.date(1965, 1, 1)

    def __init__(self, offset: int):
        self.offset = offset
        self.counters: dict[str, int] = {}
        self.areas: dict[str, str] = {}

    def area(self, county6: str) -> str:
        if county6 not in self.areas:
            candidates = [
                county6,
                county6[:4] + "01",
                county6[:4] + "02",
                county6[:2] + "0101",
                county6[:2] + "0102",
                "110101",
            ]
            self.areas[county6] = next(
                code
                for code in candidates
                if birthplace_in_use(code, 1965) and birthplace_in_use(code, 1994)
            )
        return self.areas[county6]

    def next(self, county6: str, gender: str) -> tuple[str, dt.date]:
        area = self.area(county6)
        k = self.counters.get(area, 0)
        self.counters[area] = k + 1
        k += self.offset
        birth = self.START + dt.timedelta(days=(k * 7919) % self.DAYS)
        sequence = (k // self.DAYS) * 2 % 1000 + (1 if gender == Gender.MALE else 0)
        body = f"{area}{birth:%Y%m%d}{sequence:03d}"
        return body + ric.calc_check_digit(body + "0"), birth


def _county_code(node: PlanNode) -> str:
    return node.code[:6]


def _write_members(villages, per_village, run_index, rng, batch) -> dict:
    """``per_village`` people per village committee, each with a position in the term."""
    ids = _Ids(offset=(run_index - 1) * 100_000)
    weights = [1 / (i + 4) for i in range(len(SURNAMES))]
    blocks = [p + str(d) for p in MOBILE_PREFIXES for d in range(10)]
    blocks = [b for b in blocks if mobile_block_valid(b)]
    counts = {"terms": 0, "people": 0, "positions": 0}
    for chunk in _chunks(villages, max(1, 4000 // max(per_village, 1))):
        terms = []
        for pk, path, _node in chunk:
            start = dt.date(2022, 1 + rng.randrange(6), 1 + rng.randrange(28))
            terms.append(
                Term(
                    organization_id=pk,
                    org_path=path,
                    number=1,
                    start_date=start,
                    end_date=start.replace(year=start.year + 5) - dt.timedelta(days=1),
                )
            )
        Term.objects.bulk_create(terms, batch_size=batch)
        people, seats = [], []
        for (pk, path, node), term in zip(chunk, terms, strict=True):
            for index in range(per_village):
                gender = Gender.MALE if rng.random() < 0.03 else Gender.FEMALE
                number, birth = ids.next(_county_code(node), gender)
                name = (
                    rng.choices(SURNAMES, weights)[0]
                    + rng.choice(FEMALE_CHARS)
                    + (rng.choice(FEMALE_CHARS) if rng.random() < 0.6 else "")
                )
                workplace = (
                    f"{node.name}{'居民委员会' if node.name.endswith('社区') else '村民委员会'}"
                )
                people.append(
                    Person(
                        organization_id=pk,
                        org_path=path,
                        name=name,
                        gender=gender,
                        birth_date=birth,
                        workplace=workplace,
                        id_number=number,
                        id_number_hash=blind_index(number),
                        phone=rng.choice(blocks) + f"{rng.randrange(10**7):07d}",
                        search_text=build_search_text(name, workplace),
                    )
                )
                title = (
                    Title.CHAIR
                    if index == 0
                    else (
                        Title.VICE_CHAIR
                        if index <= (2 if per_village >= 8 else 1)
                        else Title.MEMBER
                    )
                )
                seats.append(
                    Position(
                        organization_id=pk,
                        org_path=path,
                        term=term,
                        title=title,
                        tenure=Tenure.PART_TIME if title != Title.MEMBER else "",
                        start_date=term.start_date,
                    )
                )
        taken = set()
        for hashes in _chunks([p.id_number_hash for p in people], 900):
            taken.update(
                Person.objects.filter(id_number_hash__in=hashes).values_list(
                    "id_number_hash", flat=True
                )
            )
        for person in people:  # a clash with someone already on record: leave the ID out
            if person.id_number_hash in taken:
                person.id_number, person.id_number_hash = "", ""
        Person.objects.bulk_create(people, batch_size=batch)
        for person, seat in zip(people, seats, strict=True):
            seat.person = person
        Position.objects.bulk_create(seats, batch_size=batch)
        counts["terms"] += len(terms)
        counts["people"] += len(people)
        counts["positions"] += len(seats)
    return counts


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
    say(f"规划完成：{sum(1 for _ in _walk(tree))} 个组织（{timings['plan']:.1f} 秒）")
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
            by_level = Counter(node.level for node in _walk(tree))
            counts = {"organizations": total, "regions_created": regions}
            counts.update({level: by_level[level] for level in LEVEL_ORDER if by_level[level]})
            if members > 0:
                mark = time.perf_counter()
                counts.update(
                    _write_members(
                        villages, members, run_index, random.Random(seed + 2), batch_size
                    )
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
