"""The demo's people: deterministic names, valid and unique ID and mobile numbers, and the
members of each executive committee."""

import datetime as dt
import random
from functools import lru_cache

from stdnum.cn import ric

from lvzhi.core.pii import blind_index
from lvzhi.core.services import audit_bulk

from .. import rules
from ..models import (
    Education,
    Gender,
    Kind,
    Level,
    Person,
    PoliticalStatus,
    Position,
    Tenure,
    Title,
)
from ..services import person_search_text
from .data import (
    COMMUNITIES,
    FEMALE_CHARS,
    MALE_CHARS,
    MEMBER_WORKPLACES,
    MOBILE_PREFIXES,
    OLD_DISTRICT,
    OTHER_BIRTHPLACES,
    SEED,
    SURNAMES,
)

DISTRICT_FEDERATION = "BH-FL"


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
            if not birthplace_in_use(area, birth.year):
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
            if mobile_block_valid(prefix):
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
def birthplace_in_use(area: str, year: int) -> bool:
    """Whether an ID number may carry this birthplace code for someone born in ``year``."""
    body = f"{area}{year}0101001"
    try:
        ric.validate(body + ric.calc_check_digit(body + "0"))
    except Exception:  # stdnum raises more than its documented errors for unknown codes
        return False
    return True


@lru_cache(maxsize=1024)
def mobile_block_valid(prefix: str) -> bool:
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

    if node.level == Level.COUNTY:
        # the district federation's own committee: chair and vice-chairs of the district
        # office, the township federation chairs (as R-MB-04 seats village chairs on the
        # township committee), women from the district's trades and professions
        seat(new("滨海新区妇联 主席", gender=Gender.FEMALE), Title.CHAIR, Tenure.FULL_TIME, True)
        for tenure in (Tenure.FULL_TIME, Tenure.FULL_TIME, Tenure.PART_TIME):
            workplace = (
                "滨海新区妇联 专职副主席"
                if tenure == Tenure.FULL_TIME
                else _member_workplace(rng, rng.choice(sorted(COMMUNITIES)), "")
            )
            seat(new(workplace, gender=Gender.FEMALE), Title.VICE_CHAIR, tenure, True)
        for chair in village_chairs:
            seat(chair, Title.MEMBER, standing=rng.random() < 0.2)
        while len(seats) < 35:
            seat(new(_member_workplace(rng, rng.choice(sorted(COMMUNITIES)), "")), Title.MEMBER)
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


def add_committees(actor, nodes, orgs, terms, summary) -> None:
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
    order += [n for n in nodes if n.code == DISTRICT_FEDERATION]
    chairs: dict[str, list[Person]] = {}
    township_chairs: dict[str, list[dict]] = {}
    all_people, all_positions = [], []
    for node in order:
        org = orgs[node.code]
        if org.pk in have_positions:
            continue
        rng = random.Random(f"{SEED}-committee-{node.code}")
        village_chairs = chairs.get(node.code, []) if node.level == Level.TOWNSHIP else []
        if node.code == DISTRICT_FEDERATION:
            village_chairs = list(
                Person.objects.filter(
                    positions__organization__code__startswith=f"{node.code}-",
                    positions__organization__level=Level.TOWNSHIP,
                    positions__title=Title.CHAIR,
                ).order_by("id")
            ) + [
                seat["person"] for person_seats in township_chairs.values() for seat in person_seats
            ]
        elif node.level == Level.TOWNSHIP and not village_chairs:
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
        if node.level == Level.TOWNSHIP:
            township_chairs[node.code] = [s for s in seats if s["title"] == Title.CHAIR]
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
