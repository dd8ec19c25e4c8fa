"""The demo's organizations as plain nodes (parents before children), their party
organization names and their term plans; nothing here touches the database."""

import datetime as dt
import random
from dataclasses import dataclass

from ..models import Kind, Level
from .data import (
    BINHAI_TOWNSHIPS,
    COMMUNITIES,
    HOME_THEMES,
    OVERDUE_TOWNSHIPS,
    OVERDUE_UNIONS,
    OVERDUE_VILLAGES,
    SEED,
    SMALL_UNIT_TOWNSHIPS,
    UNIONS,
)

# 组织 -----------------------------------------------------------------------


@dataclass
class Node:
    code: str
    name: str
    kind: str
    level: str
    parent: str | None
    short_name: str = ""
    region: str | None = None
    address: str = ""
    phone: str = ""
    established_on: dt.date | None = None
    township: str = ""  # township name, for the people of this node
    village: str = ""  # community / village name


def tree() -> list[Node]:
    """Every demo organization, parents before children."""
    rng = random.Random(SEED)
    nodes = [
        Node(
            "TJ-FL",
            "天津市妇女联合会",
            Kind.LOCAL_FEDERATION,
            Level.PROVINCE,
            None,
            short_name="天津市妇联",
            region="120000",
            address="天津市河西区友谊路",
            phone="022-23285001",
            established_on=dt.date(1949, 3, 8),
        ),
        Node(
            "BH-FL",
            "天津市滨海新区妇女联合会",
            Kind.LOCAL_FEDERATION,
            Level.COUNTY,
            "TJ-FL",
            short_name="滨海新区妇联",
            region="120116",
            address="天津市滨海新区行政中心",
            phone="022-65305301",
            established_on=dt.date(2010, 3, 8),
        ),
        Node(
            "TJ-GH",
            "天津市总工会",
            Kind.UNION_FEDERATION,
            Level.PROVINCE,
            None,
            short_name="市总工会",
            region="120000",
            address="天津市和平区南京路",
            phone="022-23302001",
            established_on=dt.date(1949, 2, 1),
        ),
        Node(
            "BH-GH",
            "滨海新区总工会",
            Kind.UNION_FEDERATION,
            Level.COUNTY,
            "TJ-GH",
            short_name="滨海新区总工会",
            region="120116",
            address="天津市滨海新区行政中心",
            phone="022-65305601",
            established_on=dt.date(2010, 5, 1),
        ),
    ]
    for code, name, kind in UNIONS:
        nodes.append(
            Node(
                code,
                name,
                kind,
                Level.GRASSROOTS,
                "BH-GH",
                phone=f"022-2{rng.randrange(5000000, 9999999)}",
                established_on=dt.date(rng.randrange(2011, 2020), 5, 1),
            )
        )
    for township, stat_code in BINHAI_TOWNSHIPS:
        t_code = f"BH-FL-{stat_code[6:9]}"
        nodes.append(
            Node(
                t_code,
                f"{township}妇女联合会",
                Kind.LOCAL_FEDERATION,
                Level.TOWNSHIP,
                "BH-FL",
                short_name=f"{township}妇联",
                region=stat_code[:9],
                address=f"天津市滨海新区{township}{'办事处' if township.endswith('街道') else '人民政府'}",
                phone=f"022-25{rng.randrange(100000, 999999)}",
                established_on=dt.date(rng.randrange(1985, 2012), rng.randrange(1, 13), 8),
                township=township,
            )
        )
        for index, village in enumerate(COMMUNITIES[township], start=1):
            v_code = f"{t_code}-{index:02d}"
            nodes.append(
                Node(
                    v_code,
                    f"{village}妇女联合会",
                    Kind.LOCAL_FEDERATION,
                    Level.VILLAGE,
                    t_code,
                    short_name=f"{village}妇联",
                    address=f"天津市滨海新区{township}{village}"
                    f"{'村民委员会' if village.endswith('村') else '居民委员会'}",
                    phone=f"022-6{rng.randrange(1000000, 9999999)}",
                    established_on=dt.date(2016, rng.randrange(3, 13), 1),
                    township=township,
                    village=village,
                )
            )
            if index == 1 and township in SMALL_UNIT_TOWNSHIPS:
                grid = "第一村民小组" if village.endswith("村") else "第一网格"
                nodes.append(
                    Node(
                        f"{v_code}-G1",
                        f"{village}{grid}妇女小组",
                        Kind.WOMEN_GROUP,
                        Level.GRASSROOTS,
                        v_code,
                        township=township,
                        village=village,
                        established_on=dt.date(2019, 3, 8),
                    )
                )
                theme = HOME_THEMES[rng.randrange(len(HOME_THEMES))]
                nodes.append(
                    Node(
                        f"{v_code}-W1",
                        f"{village}{theme}妇女微家",
                        Kind.MICRO_HOME,
                        Level.GRASSROOTS,
                        v_code,
                        township=township,
                        village=village,
                        established_on=dt.date(2020, 5, 10),
                    )
                )
    return nodes


def party_name(node: Node) -> str | None:
    if node.code == "TJ-FL":
        return "中共天津市委员会"
    if node.code == "BH-FL":
        return "中共天津市滨海新区委员会"
    if node.code == "TJ-GH":
        return "中共天津市总工会党组"
    if node.code == "BH-GH":
        return "中共天津市滨海新区总工会党组"
    if node.level == Level.TOWNSHIP:
        if node.township.endswith("街道"):
            return f"中共天津市滨海新区{node.township}工作委员会"
        return f"中共天津市滨海新区{node.township}委员会"
    if node.level == Level.VILLAGE:
        if node.village.endswith("村"):
            return f"中共{node.township}{node.village}支部委员会"
        return f"中共{node.township}{node.village}委员会"
    return None


def term_plan(node: Node, rng: random.Random) -> list[tuple[int, dt.date, dt.date]]:
    """(number, start, end) of the terms of one organization, oldest first."""

    def five_years(start):
        return start.replace(year=start.year + 5) - dt.timedelta(days=1)

    if node.code == "TJ-FL":
        return [(14, dt.date(2022, 6, 20), dt.date(2027, 6, 19))]
    if node.code == "BH-FL":
        return [
            (4, dt.date(2016, 12, 16), dt.date(2021, 12, 15)),
            (5, dt.date(2021, 12, 16), dt.date(2026, 12, 15)),
        ]
    if node.code in ("TJ-GH", "BH-GH"):
        return [(3, dt.date(2022, 9, 26), dt.date(2027, 9, 25))]
    if node.level == Level.GRASSROOTS and node.kind in (Kind.GRASSROOTS_UNION, Kind.JOINT_UNION):
        start = dt.date(2023, rng.randrange(3, 12), 1)
        if node.code in OVERDUE_UNIONS:
            start = start.replace(year=2020)
        return [(2, start, five_years(start))]
    if node.level == Level.TOWNSHIP:
        if node.township in OVERDUE_TOWNSHIPS:
            start = dt.date(2020, rng.randrange(4, 10), 10)
            previous = start.replace(year=start.year - 5)
            return [(2, previous, start - dt.timedelta(days=1)), (3, start, five_years(start))]
        start = dt.date(2023, rng.randrange(3, 11), 10 + rng.randrange(15))
        previous = start.replace(year=start.year - 5)
        return [(3, previous, start - dt.timedelta(days=1)), (4, start, five_years(start))]
    if node.level == Level.VILLAGE:
        start = dt.date(2022, rng.randrange(1, 7), 1 + rng.randrange(27))
        if node.code in OVERDUE_VILLAGES:
            start = start.replace(year=2020)
        return [(2, start, five_years(start))]
    return []
