"""The demo district: Tianjin Binhai New Area (天津市滨海新区).

``load_demo()`` builds, idempotently, the women's federation tree of Binhai with its 21
real streets and towns (names and statistical codes copied from the national division
list), sample communities and villages with their federations, women's groups and 微家,
the district trade union, departments, party organizations, terms, executive committees
with people, and one account per default role. Existing rows are found by their codes
(or natural keys) and kept: running it twice changes nothing.

Communities, villages, people, ID numbers and phone numbers are illustrative: generated
deterministically from fixed seeds, valid in form (GB 11643 check digit, mainland mobile
ranges), not real.
"""

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from stdnum.cn import ric

from lvzhi.core.models import AuditEvent, Role, RoleAssignment
from lvzhi.core.pii import blind_index
from lvzhi.core.roles import ensure_default_roles
from lvzhi.core.services import audit, audit_bulk

from . import rules
from .models import (
    Department,
    Education,
    Gender,
    Kind,
    Level,
    Organization,
    PartyOrganization,
    Person,
    PoliticalStatus,
    Position,
    Region,
    System,
    Tenure,
    Term,
    Title,
)
from .services import (
    department_create,
    organization_create,
    organization_update,
    party_organization_create,
    person_search_text,
    person_update,
    term_create,
)

DEMO_PASSWORD = "lvzhi-demo-2026"
DEMO_URL = "http://127.0.0.1:8000/"
SEED = 2026

# 天津市滨海新区 (120116) 的 21 个街道、镇: name and 12-digit statistical code, as in the
# national division list (shared/data/townships.json, key "120116000000"). Region rows
# store the 9-digit township code (the first 9 digits).
BINHAI_TOWNSHIPS = (
    ("杭州道街道", "120116005000"),
    ("新河街道", "120116006000"),
    ("大沽街道", "120116007000"),
    ("新北街道", "120116008000"),
    ("北塘街道", "120116009000"),
    ("胡家园街道", "120116011000"),
    ("泰达街道", "120116012000"),
    ("汉沽街道", "120116021000"),
    ("寨上街道", "120116022000"),
    ("古林街道", "120116033000"),
    ("海滨街道", "120116034000"),
    ("塘沽街道", "120116036000"),
    ("茶淀街道", "120116037000"),
    ("大港街道", "120116038000"),
    ("新港街道", "120116039000"),
    ("新村街道", "120116040000"),
    ("新城镇", "120116100000"),
    ("杨家泊镇", "120116102000"),
    ("太平镇", "120116105000"),
    ("小王庄镇", "120116106000"),
    ("中塘镇", "120116107000"),
)

# Sample communities (社区) and villages (村) per township: illustrative names.
COMMUNITIES = {
    "杭州道街道": ("紫云社区", "福州道社区", "金江社区"),
    "新河街道": ("新河庄社区", "欣嘉园社区", "东沽社区"),
    "大沽街道": ("大沽口社区", "远洋城社区"),
    "新北街道": ("新北社区", "馨园社区", "万科城社区"),
    "北塘街道": ("北塘社区", "宁车沽社区"),
    "胡家园街道": ("胡家园社区", "新袁庄村", "西大沽村"),
    "泰达街道": ("翠亨社区", "泰丰社区", "学府社区"),
    "汉沽街道": ("东风里社区", "河西社区"),
    "寨上街道": ("寨上社区", "东尹村", "蛏头沽村"),
    "古林街道": ("古林社区", "港东社区", "阳光佳园社区"),
    "海滨街道": ("海滨社区", "前进社区"),
    "塘沽街道": ("解放路社区", "新华社区", "福建路社区"),
    "茶淀街道": ("茶淀社区", "崔兴沽村", "大田村"),
    "大港街道": ("晨晖里社区", "育秀街社区", "振业里社区"),
    "新港街道": ("新港社区", "港湾社区"),
    "新村街道": ("新村社区", "永久里社区", "桂林里社区"),
    "新城镇": ("郭庄子村", "大辛庄村", "新城社区"),
    "杨家泊镇": ("杨家泊村", "付庄村", "高庄村"),
    "太平镇": ("太平村", "窦庄子村", "崔庄子村"),
    "小王庄镇": ("小王庄村", "沙井子村", "刘岗庄村"),
    "中塘镇": ("中塘村", "甜水井村", "刘塘庄村"),
}

# Townships whose current term ended and was not renewed (R-OR-08 shows them overdue).
OVERDUE_TOWNSHIPS = {"北塘街道", "茶淀街道"}
# Villages (first of their township) that have a 妇女小组 and a 妇女微家.
SMALL_UNIT_TOWNSHIPS = {
    "杭州道街道",
    "新河街道",
    "泰达街道",
    "寨上街道",
    "茶淀街道",
    "新城镇",
    "杨家泊镇",
    "太平镇",
    "中塘镇",
}
HOME_THEMES = ("书香", "巧手", "暖心", "和美", "邻里", "巾帼志愿")

# Birth-place codes for the ID numbers: Binhai was formed in 2009 from 塘沽, 汉沽 and 大港,
# so people born earlier carry those codes.
OLD_DISTRICT = {
    "汉沽街道": "120108",
    "寨上街道": "120108",
    "茶淀街道": "120108",
    "杨家泊镇": "120108",
    "大港街道": "120109",
    "古林街道": "120109",
    "海滨街道": "120109",
    "太平镇": "120109",
    "小王庄镇": "120109",
    "中塘镇": "120109",
}
OTHER_BIRTHPLACES = (
    "120101",
    "120102",
    "120103",
    "120104",
    "120105",
    "120106",
    "120110",
    "120111",
    "120112",
    "120113",
)

FL_DEPARTMENTS = (
    ("办公室", "文电、会务、机要、档案、财务资产、后勤保障和机关日常运转"),
    ("组织部", "基层组织建设、执委队伍建设、妇女干部培训、联系团体会员"),
    ("宣传部", "思想引领、家庭文明建设宣传、网上妇联和新媒体阵地建设"),
    ("权益部", "妇女儿童权益维护、信访接待、婚姻家庭纠纷调解、法律援助"),
    ("家儿部", "家庭家教家风建设、儿童关爱服务、家庭教育指导"),
    ("发展部", "妇女创业就业、巾帼建功、乡村振兴巾帼行动、技能培训"),
    ("妇儿工委办", "区妇女儿童工作委员会日常工作、妇女儿童发展规划监测评估"),
)
GH_DEPARTMENTS = (
    ("宣传网络部", "职工思想政治引领、劳模精神宣传、工会网上工作平台"),
    ("统筹发展部", "工会重点工作统筹、调查研究、职工技能竞赛"),
    ("基层工作部", "基层工会组建、会员发展、工会干部培训"),
    ("权益保障部", "集体协商、劳动争议调处、困难职工帮扶、职工法律援助"),
    ("财务资产管理部", "工会经费收缴与使用管理、工会资产监督管理"),
    ("机关党委", "机关党的建设、党风廉政建设、群团工作"),
)
UNIONS = (
    ("BH-GH-01", "滨海新区人民医院工会", Kind.GRASSROOTS_UNION),
    ("BH-GH-02", "滨海新区公交集团有限公司工会", Kind.GRASSROOTS_UNION),
    ("BH-GH-03", "泰达街道楼宇联合工会", Kind.JOINT_UNION),
    ("BH-GH-04", "新河街道小微企业联合工会", Kind.JOINT_UNION),
    ("BH-GH-05", "中塘镇联合工会", Kind.JOINT_UNION),
)

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭"
    "吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦"
    "江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
FEMALE_CHARS = "丽娜静敏燕艳芳秀英华玲红霞梅琳婷雪晶洁慧颖倩萍莉丹娟楠欣悦佳怡宁瑶璐蕾薇琴云凤兰桂珍淑惠玉翠荣月春晓亚文雅婧琪"
MALE_CHARS = "伟强军磊涛明勇杰斌浩鹏建国志刚平辉峰宇超波"
MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "177",
    "180",
    "181",
    "182",
    "183",
    "184",
    "185",
    "186",
    "187",
    "188",
    "189",
    "198",
    "199",
)
MEMBER_WORKPLACES = (
    "{township}综合执法大队 队员",
    "{village}居委会 网格员",
    "滨海新区第{n}中学 教师",
    "滨海新区{township_short}卫生服务中心 医生",
    "天津滨海{n}号律师事务所 律师",
    "滨海新区第{n}幼儿园 园长",
    "天津港{n}公司 职员",
    "个体工商户",
    "{village}巾帼志愿服务队 队长",
    "滨海新区{township_short}社会工作服务站 社工",
    "天津{n}科技有限公司 总经理",
    "退休教师",
    "{village}居民议事会 成员",
    "{township}楼宇党群服务中心 专干",
)


@dataclass
class Summary:
    accounts: list = field(default_factory=list)
    created: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0

    def bump(self, name: str, by: int = 1) -> None:
        self.created[name] = self.created.get(name, 0) + by

    def as_dict(self) -> dict:
        return {
            "url": DEMO_URL,
            "password": DEMO_PASSWORD,
            "accounts": self.accounts,
            "created": self.created,
            "counts": self.counts,
            "seconds": round(self.seconds, 2),
        }


# 人员 -----------------------------------------------------------------------


class PeopleFactory:
    """Deterministic people with valid, unique ID numbers and mobile numbers."""

    def __init__(self, taken_hashes: set[str]):
        self.taken = taken_hashes
        self.weights = [1 / (i + 4) for i in range(len(SURNAMES))]

    def name(self, rng: random.Random, gender: str, used: set[str]) -> str:
        chars = FEMALE_CHARS if gender == Gender.FEMALE else MALE_CHARS
        for _ in range(50):
            surname = rng.choices(SURNAMES, self.weights)[0]
            given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.65 else "")
            if given[0] != given[-1] or len(given) == 1 or rng.random() < 0.2:
                name = surname + given
                if name not in used:
                    used.add(name)
                    return name
        raise RuntimeError("could not find an unused name")

    def id_number(self, rng: random.Random, birth: dt.date, gender: str, home: str) -> str:
        for _ in range(100):
            area = home if rng.random() < 0.8 else rng.choice(OTHER_BIRTHPLACES)
            if not _birthplace_in_use(area, birth.year):
                continue
            sequence = rng.randrange(0, 500) * 2 + (1 if gender == Gender.MALE else 0)
            body = f"{area}{birth:%Y%m%d}{sequence:03d}"
            number = body + ric.calc_check_digit(body + "0")
            digest = blind_index(number)
            if digest not in self.taken:
                self.taken.add(digest)
                return number
        raise RuntimeError("could not generate a unique ID number")

    @staticmethod
    def phone(rng: random.Random) -> str:
        for _ in range(20):
            prefix = rng.choice(MOBILE_PREFIXES) + str(rng.randrange(10))
            if _mobile_block_valid(prefix):
                return prefix + f"{rng.randrange(10**7):07d}"
        raise RuntimeError("could not generate a valid mobile number")

    def person(
        self, rng, organization, *, home, used_names, workplace, village=False, gender=None
    ) -> Person:
        gender = gender or (Gender.MALE if rng.random() < 0.04 else Gender.FEMALE)
        birth = dt.date(1962, 1, 1) + dt.timedelta(days=rng.randrange(36 * 365))
        id_number = self.id_number(rng, birth, gender, home)
        status_weights = (45, 5, 3, 2, 45) if village else (68, 4, 5, 5, 18)
        education_weights = (2, 15, 30, 35, 18) if village else (10, 48, 30, 12, 0)
        ethnicity = rng.choices(("汉族", "回族", "满族", "蒙古族"), (94, 3, 2, 1))[0]
        person = Person(
            organization=organization,
            org_path=organization.path,
            name=self.name(rng, gender, used_names),
            gender=gender,
            birth_date=birth,
            ethnicity=ethnicity,
            political_status=rng.choices(PoliticalStatus.values, status_weights)[0],
            education=rng.choices(Education.values, education_weights)[0],
            workplace=workplace,
            phone=self.phone(rng),
            id_number=id_number,
            id_number_hash=blind_index(id_number),
        )
        person.search_text = person_search_text(person)
        return person


@lru_cache(maxsize=4096)
def _birthplace_in_use(area: str, year: int) -> bool:
    """Whether an ID number may carry this birthplace code for someone born in ``year``."""
    body = f"{area}{year}0101001"
    try:
        ric.validate(body + ric.calc_check_digit(body + "0"))
    except Exception:  # stdnum raises more than its documented errors for unknown codes
        return False
    return True


@lru_cache(maxsize=1024)
def _mobile_block_valid(prefix: str) -> bool:
    """Whether the 4-digit block (1381…) holds valid mainland mobile numbers."""
    try:
        return all(rules.normalize_phone(prefix + tail) for tail in ("0000000", "5678912"))
    except rules.RuleError:
        return False


def _short(township: str) -> str:
    return township.removesuffix("街道").removesuffix("镇")


def _member_workplace(rng, township, village) -> str:
    template = rng.choice(MEMBER_WORKPLACES)
    return template.format(
        township=township,
        township_short=_short(township),
        village=village or rng.choice(COMMUNITIES[township]),
        n=rng.randrange(1, 60),
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


def _tree() -> list[Node]:
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


def _regions(summary: Summary) -> dict[str, Region]:
    specs = [
        ("120000", "天津市", Level.PROVINCE, None),
        ("120116", "滨海新区", Level.COUNTY, "120000"),
    ]
    specs += [(code[:9], name, Level.TOWNSHIP, "120116") for name, code in BINHAI_TOWNSHIPS]
    regions = {r.code: r for r in Region.objects.filter(code__in=[s[0] for s in specs])}
    for code, name, level, parent in specs:
        if code not in regions:
            regions[code] = Region.objects.create(
                code=code, name=name, level=level, parent=regions.get(parent)
            )
            summary.bump("regions")
    return regions


def _organizations(actor, nodes, regions, summary) -> dict[str, Organization]:
    existing = {o.code: o for o in Organization.objects.filter(code__in=[n.code for n in nodes])}
    # Siblings are added in name order, so they list in a stable, readable order.
    order = {n.code: (n.parent is not None, n.name) for n in nodes}
    by_parent: dict[str | None, list[Node]] = {}
    for node in nodes:
        by_parent.setdefault(node.parent, []).append(node)

    def add(parent_code):
        for node in sorted(by_parent.get(parent_code, []), key=lambda n: order[n.code]):
            if node.code not in existing:
                parent = existing[node.parent] if node.parent else None
                if parent is not None:
                    parent.refresh_from_db()
                existing[node.code] = organization_create(
                    actor=actor,
                    parent=parent,
                    name=node.name,
                    short_name=node.short_name,
                    code=node.code,
                    kind=node.kind,
                    level=node.level,
                    region=regions.get(node.region) if node.region else None,
                    address=node.address,
                    phone=node.phone,
                    established_on=node.established_on,
                )
                summary.bump("organizations")
            add(node.code)

    add(None)
    # Read the paths back from the database before copying them into org_path anywhere.
    return {o.code: o for o in Organization.objects.filter(code__in=[n.code for n in nodes])}


def _departments(actor, orgs, summary) -> None:
    for code, specs in (("BH-FL", FL_DEPARTMENTS), ("BH-GH", GH_DEPARTMENTS)):
        org = orgs[code]
        have = set(Department.objects.filter(organization=org).values_list("name", flat=True))
        for order, (name, duties) in enumerate(specs, start=1):
            if name not in have:
                department_create(
                    actor=actor,
                    organization=org,
                    name=name,
                    responsibilities=duties,
                    sort_order=order,
                )
                summary.bump("departments")


def _party_name(node: Node) -> str | None:
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


def _party_organizations(actor, nodes, orgs, summary) -> dict[str, PartyOrganization]:
    existing = {
        (p.organization_id, p.name): p
        for p in PartyOrganization.objects.filter(organization__in=list(orgs.values()))
    }
    parties = {}
    for node in nodes:
        name = _party_name(node)
        if name is None:
            continue
        org = orgs[node.code]
        party = existing.get((org.pk, name))
        if party is None:
            party = party_organization_create(actor=actor, organization=org, name=name)
            summary.bump("party_organizations")
        parties[node.code] = party
        if org.party_organization_id is None:
            orgs[node.code] = organization_update(
                actor=actor, organization=org, party_organization=party
            )
    return parties


def _term_plan(node: Node, rng: random.Random) -> list[tuple[int, dt.date, dt.date]]:
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
        return [(2, start, five_years(start))]
    return []


def _terms(actor, nodes, orgs, summary) -> dict[str, Term]:
    existing = {
        (t.organization_id, t.number): t
        for t in Term.objects.filter(organization__in=list(orgs.values()))
    }
    current = {}
    for node in nodes:
        rng = random.Random(f"{SEED}-term-{node.code}")
        org = orgs[node.code]
        for number, start, end in _term_plan(node, rng):
            term = existing.get((org.pk, number))
            if term is None:
                term = term_create(
                    actor=actor, organization=org, number=number, start_date=start, end_date=end
                )
                summary.bump("terms")
            current[node.code] = term
    return current


def _committee(factory, node, org, term, village_chairs, rng):
    """People and positions of one executive committee (or a small unit's leader)."""
    home = OLD_DISTRICT.get(node.township, "120107")
    used: set[str] = set()
    people, seats = [], []
    start = term.start_date if term else dt.date(2020, 5, 10)

    def seat(person, title, tenure="", standing=False, begin=None, end=None, reason=""):
        seats.append(
            dict(
                person=person,
                title=title,
                tenure=tenure,
                is_standing=standing,
                start_date=begin or start,
                end_date=end,
                end_reason=reason,
            )
        )

    def new(workplace, **kw):
        person = factory.person(rng, org, home=home, used_names=used, workplace=workplace, **kw)
        people.append(person)
        return person

    if node.kind in (Kind.WOMEN_GROUP, Kind.MICRO_HOME):
        host = "组长" if node.kind == Kind.WOMEN_GROUP else "微家家长"
        leader = new(f"{node.village} {host}", village=True, gender=Gender.FEMALE)
        seat(leader, Title.LEADER)
        return people, seats

    if node.level == Level.TOWNSHIP:
        office = "办事处" if node.township.endswith("街道") else "人民政府"
        size = rng.randrange(25, 30)
        seat(
            new(f"{node.township}{office} 妇联主席", gender=Gender.FEMALE),
            Title.CHAIR,
            Tenure.FULL_TIME,
            True,
        )
        vice_count = rng.randrange(2, 5)
        tenures = [Tenure.FULL_TIME] + [
            rng.choices((Tenure.PART_TIME, Tenure.SECONDED), (3, 1))[0]
            for _ in range(vice_count - 1)
        ]
        for tenure in tenures:
            workplace = {
                Tenure.FULL_TIME: f"{node.township}{office} 妇联专职副主席",
                Tenure.PART_TIME: _member_workplace(rng, node.township, ""),
                Tenure.SECONDED: f"滨海新区{rng.choice(('人民法院', '人民检察院', '司法局', '卫健委'))}"
                f" 干部（挂职妇联副主席）",
            }[tenure]
            seat(new(workplace, gender=Gender.FEMALE), Title.VICE_CHAIR, tenure, True)
        # R-MB-04: the village federation chairs sit on the township committee.
        for chair in village_chairs:
            seat(chair, Title.MEMBER, standing=rng.random() < 0.3)
        standing_left = rng.randrange(2, 5)
        replaced = rng.random() < 0.35  # one member left during the term and was replaced
        while len(seats) < size - replaced:
            standing = standing_left > 0
            standing_left -= 1
            seat(new(_member_workplace(rng, node.township, "")), Title.MEMBER, standing=standing)
        if replaced:
            left = start + dt.timedelta(days=rng.randrange(200, 600))
            seat(
                new(_member_workplace(rng, node.township, "")),
                Title.MEMBER,
                end=left,
                reason="工作调动，本人申请辞去执委职务",
            )
            seat(
                new(_member_workplace(rng, node.township, "")),
                Title.MEMBER,
                begin=left + dt.timedelta(days=rng.randrange(20, 90)),
            )
        return people, seats

    # village / community
    committee = "村民委员会" if node.village.endswith("村") else "居民委员会"
    size = rng.randrange(10, 16)
    seat(
        new(f"{node.village}{committee} 委员（妇联主席）", village=True, gender=Gender.FEMALE),
        Title.CHAIR,
        Tenure.PART_TIME,
    )
    for _ in range(rng.randrange(1, 3)):
        seat(
            new(f"{node.village}{committee} 工作人员", village=True, gender=Gender.FEMALE),
            Title.VICE_CHAIR,
            Tenure.PART_TIME,
        )
    while len(seats) < size:
        seat(new(_member_workplace(rng, node.township, node.village), village=True), Title.MEMBER)
    return people, seats


def _people(actor, nodes, orgs, terms, summary) -> None:
    """Committees, village ones first so their chairs can join the township committee."""
    have_positions = set(
        Position.objects.filter(organization__in=list(orgs.values()))
        .values_list("organization_id", flat=True)
        .distinct()
    )
    factory = PeopleFactory(
        set(Person.objects.exclude(id_number_hash="").values_list("id_number_hash", flat=True))
    )
    order = [
        n
        for n in nodes
        if n.level in (Level.VILLAGE, Level.GRASSROOTS)
        and n.kind in (Kind.LOCAL_FEDERATION, Kind.WOMEN_GROUP, Kind.MICRO_HOME)
    ]
    order += [n for n in nodes if n.level == Level.TOWNSHIP]
    chairs: dict[str, list[Person]] = {}
    all_people, all_positions = [], []
    for node in order:
        org = orgs[node.code]
        if org.pk in have_positions:
            continue
        rng = random.Random(f"{SEED}-committee-{node.code}")
        village_chairs = chairs.get(node.code, []) if node.level == Level.TOWNSHIP else []
        if node.level == Level.TOWNSHIP and not village_chairs:
            village_chairs = list(
                Person.objects.filter(
                    positions__organization__code__startswith=f"{node.code}-",
                    positions__organization__level=Level.VILLAGE,
                    positions__title=Title.CHAIR,
                ).order_by("id")
            )
        people, seats = _committee(factory, node, org, terms.get(node.code), village_chairs, rng)
        if node.level == Level.VILLAGE:
            chair = next(s["person"] for s in seats if s["title"] == Title.CHAIR)
            chairs.setdefault(node.parent, []).append(chair)
        all_people += people
        for spec in seats:
            all_positions.append(
                Position(organization=org, org_path=org.path, term=terms.get(node.code), **spec)
            )
    if not all_people:
        return
    Person.objects.bulk_create(all_people, batch_size=500)
    # bulk_create copies each person's new pk onto the positions (keeping the cached person).
    Position.objects.bulk_create(all_positions, batch_size=500)
    audit_bulk(actor=actor, action="create", objects=all_people)
    audit_bulk(actor=actor, action="create", objects=all_positions)
    summary.bump("people", len(all_people))
    summary.bump("positions", len(all_positions))


# 账号 -----------------------------------------------------------------------

ACCOUNTS = (
    # username, display name, role, org code, include_descendants, department
    ("admin", "平台管理员", Role.PLATFORM_ADMIN, "TJ-FL", True, None),
    ("bh_cadre", "王秀兰", Role.CADRE, "BH-FL", True, None),
    ("xinhe_cadre", "刘静", Role.CADRE, "BH-FL-006", True, None),
    ("quanyi_staff", "陈敏", Role.DEPARTMENT_STAFF, "BH-FL", False, "权益部"),
    ("zhiwei", "", Role.MEMBER, "BH-FL-006-01", False, None),
    ("party_approver", "赵建华", Role.PARTY_APPROVER, "BH-FL-006", False, None),
    ("gh_cadre", "孙丽娜", Role.CADRE, "BH-GH", True, None),
)


def _accounts(admin, admin_created, orgs, parties, summary) -> None:
    User = get_user_model()
    roles = {r.code: r for r in Role.objects.all()}
    password = None  # hashed once, and only if needed: PBKDF2 is slow on purpose
    for username, display, role_code, org_code, descendants, dept_name in ACCOUNTS:
        org = orgs[org_code]
        if username == "admin":
            user, created = admin, admin_created
        else:
            user, created = User.objects.get_or_create(username=username)
        if created:
            password = password or make_password(DEMO_PASSWORD)
            user.password = password
            user.first_name = display
            user.is_staff = username == "admin"
            user.is_superuser = username == "admin"
            user.save()
            summary.bump("users")
        department = Department.objects.get(organization=org, name=dept_name) if dept_name else None
        assignment, made = RoleAssignment.objects.get_or_create(
            user=user,
            role=roles[role_code],
            organization=org,
            defaults={"include_descendants": descendants, "department": department},
        )
        if made:
            audit(
                actor=admin,
                action="create",
                obj=assignment,
                organization=org,
                changes={
                    "user": [None, username],
                    "role": [None, roles[role_code].name],
                    "include_descendants": [None, descendants],
                    "department": [None, dept_name],
                },
            )
            summary.bump("role_assignments")
        if role_code == Role.MEMBER and not hasattr(user, "person"):
            person = (
                Person.objects.filter(
                    organization=org, user__isnull=True, positions__title=Title.MEMBER
                )
                .order_by("id")
                .first()
            )
            if person is not None:
                person_update(actor=admin, person=person, user=user)
                if not user.first_name:
                    user.first_name = person.name
                    user.save(update_fields=["first_name"])
        if role_code == Role.PARTY_APPROVER:
            party = parties.get(org_code)
            if party is not None and not party.approvers.filter(pk=user.pk).exists():
                party.approvers.add(user)
                audit(
                    actor=admin,
                    action="update",
                    obj=party,
                    organization=org,
                    changes={"approvers": [None, username]},
                )
        summary.accounts.append(
            {
                "username": username,
                "role": roles[role_code].name,
                "role_code": role_code,
                "organization": org.name if role_code != Role.PLATFORM_ADMIN else "全平台",
                "organization_code": org.code,
                "include_descendants": descendants,
                "department": dept_name or "",
                "password": DEMO_PASSWORD,
                "created": created,
            }
        )


def _admin_user():
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"is_staff": True, "is_superuser": True, "first_name": "平台管理员"},
    )
    if not created and not admin.is_superuser:
        raise RuntimeError("账号 admin 已存在但不是超级管理员，无法以其身份加载演示数据")
    return admin, created


def _counts(nodes) -> dict:
    codes = [n.code for n in nodes]
    orgs = Organization.objects.filter(code__in=codes)
    org_ids = list(orgs.values_list("id", flat=True))
    return {
        "organizations": len(org_ids),
        "townships": orgs.filter(level=Level.TOWNSHIP, system=System.WOMEN).count(),
        "villages": orgs.filter(level=Level.VILLAGE, system=System.WOMEN).count(),
        "small_units": orgs.filter(kind__in=[Kind.WOMEN_GROUP, Kind.MICRO_HOME]).count(),
        "unions": orgs.filter(system=System.UNION).count(),
        "departments": Department.objects.filter(organization_id__in=org_ids).count(),
        "party_organizations": PartyOrganization.objects.filter(
            organization_id__in=org_ids
        ).count(),
        "terms": Term.objects.filter(organization_id__in=org_ids).count(),
        "people": Person.objects.filter(organization_id__in=org_ids).count(),
        "positions": Position.objects.filter(organization_id__in=org_ids).count(),
        "regions": Region.objects.filter(code__startswith="120").count(),
        "audit_events": AuditEvent.objects.count(),
    }


def load_demo() -> Summary:
    """Create (or complete) the demo district and its accounts; returns what it did."""
    started = time.perf_counter()
    summary = Summary()
    with transaction.atomic():
        ensure_default_roles(Role)
        admin, admin_created = _admin_user()
        nodes = _tree()
        regions = _regions(summary)
        orgs = _organizations(admin, nodes, regions, summary)
        _departments(admin, orgs, summary)
        parties = _party_organizations(admin, nodes, orgs, summary)
        terms = _terms(admin, nodes, orgs, summary)
        _people(admin, nodes, orgs, terms, summary)
        _accounts(admin, admin_created, orgs, parties, summary)
        summary.counts = _counts(nodes)
    summary.seconds = time.perf_counter() - started
    return summary
