"""Committee members for the villages of a scale tree: unique valid ID numbers, names and
phones, one term and one position each, written in bulk."""

import datetime as dt

from stdnum.cn import ric

from lvzhi.core.pii import blind_index
from lvzhi.core.search import build_search_text

from ..demo.data import FEMALE_CHARS, MOBILE_PREFIXES, SURNAMES
from ..demo.people import birthplace_in_use, mobile_block_valid
from ..models import (
    Gender,
    Person,
    Position,
    Tenure,
    Term,
    Title,
)
from .plan import PlanNode, chunks


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


def write_members(villages, per_village, run_index, rng, batch) -> dict:
    """``per_village`` people per village committee, each with a position in the term."""
    ids = _Ids(offset=(run_index - 1) * 100_000)
    weights = [1 / (i + 4) for i in range(len(SURNAMES))]
    blocks = [p + str(d) for p in MOBILE_PREFIXES for d in range(10)]
    blocks = [b for b in blocks if mobile_block_valid(b)]
    counts = {"terms": 0, "people": 0, "positions": 0}
    for chunk in chunks(villages, max(1, 4000 // max(per_village, 1))):
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
        for hashes in chunks([p.id_number_hash for p in people], 900):
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
