"""Demo ledger in the demo district (滨海新区妇联): for the first communities of 新河街道
(BH-FL-006) two grids each (the member account ``zhiwei`` works the first grid of her
community), women and children with valid-looking ID numbers and phones, categories
dated over the last months (so the trends move), visits (one with a need referred as the
visitor's 建议), legal bases, one closed entry,
and a 巾帼志愿服务队 with service records. Idempotent: nothing is added once the township
has a ledger. Writes go through the services (audited)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from stdnum.cn import ric

from lvzhi.core.periods import today_local
from lvzhi.core.scopes import PATH_END
from lvzhi.orgs.models import Level, Organization, Person, System

from . import services, services_grids, services_needs, services_privacy, services_volunteers
from .models import Category, Entry

TOWNSHIP = "BH-FL-006"
COMMUNITIES = 4
SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = ("秀英", "桂芳", "丽娟", "淑珍", "玉兰", "海燕", "春梅", "晓红", "雪梅", "凤霞")
# (category codes, months ago the category was recognised)
PROFILES = (
    (("left_behind_women",), 10),
    (("women_in_difficulty", "single_poor_mothers"), 7),
    (("empty_nest_elderly_women",), 5),
    (("disabled_women",), 3),
    (("migrant_women", "volunteers"), 2),
    (("party_members", "volunteers"), 1),
    ((), 0),
)


def _id_number(index: int, birth: dt.date) -> str:
    body = f"120116{birth:%Y%m%d}{(index * 2) % 1000:03d}"  # an even serial: a woman
    return body + ric.calc_check_digit(body + "0")


def _months_ago(today: dt.date, months: int) -> dt.date:
    year, month = today.year, today.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return dt.date(year, month, min(today.day, 28))


@transaction.atomic
def _demo_need(actor, entry, visit, today: dt.date) -> None:
    """The need of a visit, referred as the visitor's 建议 when she sits on a committee."""
    need = services_needs.need_create(
        actor=actor,
        entry=entry,
        visit=visit,
        kind="employment",
        description="希望参加家政技能培训，就近就业",
        today=today,
    )
    try:
        with transaction.atomic():
            services_needs.need_refer(actor=actor, need=need, referred_as="suggestion", today=today)
    except ValidationError:
        pass  # the visitor is not an executive member: the need waits for a cadre


def load_ledger_demo() -> dict:
    township = Organization.objects.filter(code=TOWNSHIP).first()
    admin = get_user_model().objects.filter(username="admin").first()
    summary = {"entries": 0, "grids": 0, "visits": 0, "teams": 0}
    if township is None or admin is None:
        return summary
    subtree = {"org_path__gte": township.path, "org_path__lt": township.path + PATH_END}
    if Entry.objects.filter(**subtree).exists():
        return summary
    today = today_local()
    categories = {c.code: c for c in Category.objects.all()}
    communities = list(
        Organization.objects.filter(
            path__gte=township.path,
            path__lt=township.path + PATH_END,
            level=Level.VILLAGE,
            system=System.WOMEN,
            kind="local",
        ).order_by("path")[:COMMUNITIES]
    )
    serial = 0
    volunteers = []
    for org in communities:
        people = list(  # a person with an account first: she records the visits
            Person.objects.filter(organization=org).order_by(
                F("user_id").desc(nulls_last=True), "pk"
            )[:2]
        )
        grids = [
            services_grids.grid_create(
                actor=admin, organization=org, name=name, workers=people[i : i + 1]
            )
            for i, name in enumerate(("第一网格", "第二网格"))
        ]
        summary["grids"] += len(grids)
        for index, (codes, months) in enumerate(PROFILES):
            serial += 1
            birth = dt.date(1950 + (serial * 7) % 50, 1 + serial % 12, 1 + serial % 28)
            entry = services.entry_create(
                actor=admin,
                organization=org,
                name=SURNAMES[serial % 10] + GIVEN[(serial * 3) % 10],
                id_number=_id_number(serial, birth),
                phone=f"139{serial:08d}",
                address=f"{org.short_name or org.name}{index + 1}号楼",
                grid=grids[index % 2],
                categories=[categories[c] for c in codes if c in categories],
                category_since=_months_ago(today, months),
                today=today,
            )
            summary["entries"] += 1
            services_privacy.consent_add(
                actor=admin,
                entry=entry,
                basis="statutory",
                scope="建立社区妇女信息台账，开展走访、帮扶和权益维护",
                duty="《中华人民共和国妇女权益保障法》、妇联章程规定的联系服务妇女职责",
                sensitive=True,
                given_on=_months_ago(today, months),
                today=today,
            )
            worker = people[index % 2] if len(people) > index % 2 else None
            if index % 3 == 0 and worker is not None and worker.user_id:
                visit = services_grids.visit_create(
                    actor=worker.user,
                    entry=entry,
                    date=today - dt.timedelta(days=10 + index),
                    findings="身体状况良好，家庭关系和睦",
                    needs="希望参加技能培训" if index == 3 else "",
                    today=today,
                )
                summary["visits"] += 1
                if index == 0:
                    _demo_need(worker.user, entry, visit, today)
            if "volunteers" in codes:
                volunteers.append(entry)
        if org is communities[-1]:  # one woman moved away: kept until her retention ends
            last = Entry.objects.filter(organization=org).order_by("-pk").first()
            services_privacy.entry_close(
                actor=admin, entry=last, reason="moved_away", date=today, today=today
            )
    if communities:
        team = services_volunteers.team_create(
            actor=admin,
            organization=township,
            name="新河巾帼志愿服务队",
            description="关爱空巢老人、留守儿童课后托管、家庭教育宣讲",
            founded_on=_months_ago(today, 12),
        )
        members = [
            services_volunteers.member_add(
                actor=admin,
                team=team,
                entry=entry,
                is_leader=i == 0,
                joined_on=_months_ago(today, 6),
                today=today,
            )
            for i, entry in enumerate(volunteers)
        ]
        members.append(
            services_volunteers.member_add(
                actor=admin,
                team=team,
                name="孙志愿",
                phone="13700000001",
                joined_on=_months_ago(today, 6),
                today=today,
            )
        )
        for months, title, hours, served in (
            (3, "空巢老人上门探访", 2, 15),
            (2, "留守儿童课后托管", 3, 20),
            (1, "家庭教育宣讲进社区", 2, 60),
        ):
            services_volunteers.service_record(
                actor=admin,
                team=team,
                date=_months_ago(today, months),
                title=title,
                hours=hours,
                members=members,
                beneficiaries=served,
                today=today,
            )
        summary["teams"] = 1
    return summary
