"""Planning a scale tree in memory: presets, synthetic or real place names, the nodes."""

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..models import (
    Level,
)

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

    townships = [n for n in walk(root) if n.level == Level.TOWNSHIP]
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


def walk(root: PlanNode) -> Iterator[PlanNode]:
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


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]
