"""Demo social organizations in the demo district (滨海新区妇联, code BH-FL): organizations
filed at each tier of R-SO-01 — the city's service center (天津市妇联), the district, the
first townships and their first communities — including a boundary case at 30 and one at
50 (each filed with its reason), one organization grown past its tier (re-tiering
proposed), key members with phones, ledger entries (every other organization without a
disclosure this year), the district's advisers, and yearly duties: the district has
three of the five done this year, the first township one. Idempotent: nothing is added
once the district has an organization. Writes go through the services, dated from
today."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from lvzhi.core.periods import today_local
from lvzhi.core.scopes import PATH_END
from lvzhi.orgs.models import Level, Organization, System

from . import services
from .models import SocialOrganization

DISTRICT = "BH-FL"
CITY = "TJ-FL"
TOWNSHIPS = 3


def _subtree(org, field="path"):
    return {f"{field}__gte": org.path, f"{field}__lt": org.path + PATH_END}


def _short(org) -> str:
    return org.short_name or org.name.removesuffix("妇女联合会")


@transaction.atomic
def load_socialorgs_demo() -> dict:
    district = Organization.objects.filter(code=DISTRICT).first()
    admin = get_user_model().objects.filter(username="admin").first()
    empty = {"organizations": 0, "key_members": 0, "ledger": 0, "advisers": 0, "duties": 0}
    if district is None or admin is None:
        return empty
    if SocialOrganization.objects.filter(**_subtree(district, "org_path")).exists():
        return empty
    today = today_local()
    year_start = dt.date(today.year, 1, 1)

    def day(days_ago: int) -> dt.date:
        """``days_ago`` before today, never before this 1 January (a demo run in early
        January keeps its records in this year)."""
        return max(today - dt.timedelta(days=days_ago), year_start)

    counts = dict(empty)
    filed = []

    def file(federation, **fields):
        row = services.organization_file(
            actor=admin,
            federation=federation,
            filed_on=fields.pop("filed_on", today - dt.timedelta(days=300)),
            **fields,
        )
        counts["organizations"] += 1
        filed.append(row)
        return row

    city = Organization.objects.filter(code=CITY).first()
    if city is not None:
        file(
            city,
            name="天津市巾帼公益服务中心",
            kind="womens",
            registered=True,
            credit_code="52120000MJ0000012E",
            service_field="charity",
            size=320,
            active=True,
            center_grade=True,
            has_party_organization=True,
            contact_name="陈主任",
            contact_phone="13820000001",
            address="天津市河西区友谊路",
            activities="承接市区两级妇联公益项目，培育社区妇女社会组织",
        )
    file(
        district,
        name="滨海新区妇女儿童家庭服务协会",
        kind="serving",
        registered=True,
        credit_code="91120116000000010Y",  # 虚构的代码，校验位有效
        service_field="family",
        size=86,
        active=True,
        notable_influence=True,
        has_party_organization=True,
        contact_name="刘会长",
        contact_phone="13820000002",
        address="天津市滨海新区行政中心",
        activities="家庭教育讲座、儿童托管、心理疏导",
    )
    townships = Organization.objects.filter(
        **_subtree(district), level=Level.TOWNSHIP, system=System.WOMEN
    ).order_by("path")[:TOWNSHIPS]
    for index, township in enumerate(townships):
        short = _short(township)
        file(
            township,
            name=f"{short}巾帼调解队",
            kind="self_formed",
            service_field="rights",
            size=42,
            notable_influence=True,
            has_party_organization=index == 0,
            contact_name="张队长",
            contact_phone=f"1390000{index:04d}",
            activities="邻里纠纷调解、妇女维权咨询",
        )
        if index == 0:  # exactly 50 with influence and activity: the lower tier, a reason
            file(
                township,
                name=f"{short}女性创业者联谊会",
                kind="womens",
                service_field="living",
                size=50,
                notable_influence=True,
                active=True,
                tier_reason="恰为50人，活动集中在本街道，留在街道备案",
                contact_name="王会长",
                contact_phone="13900009999",
            )
        villages = Organization.objects.filter(
            **_subtree(township), level=Level.VILLAGE, system=System.WOMEN
        ).order_by("code")[:2]
        for place, village in enumerate(villages):
            vshort = _short(village)
            file(
                village,
                name=f"{vshort}巾帼志愿服务队",
                kind="self_formed",
                service_field="volunteer",
                size=18 + place * 6,
                contact_name="李队长",
                contact_phone=f"1370000{index:02d}{place:02d}",
                activities="关爱留守儿童、敬老助老",
            )
            if index == 0 and place == 0:  # exactly 30 with influence: village, marked
                row = file(
                    village,
                    name=f"{vshort}广场舞队",
                    kind="self_formed",
                    service_field="culture",
                    size=30,
                    notable_influence=True,
                    tier_reason="恰为30人，活动限于本社区",
                )
                # grown since: 36 people with influence, the township tier is proposed
                services.organization_update(actor=admin, organization=row, size=36)
    for number, row in enumerate(filed):
        services.key_member_add(
            actor=admin,
            organization=row,
            name=("王", "李", "张", "刘", "陈", "杨")[number % 6] + "秀英",
            role="负责人",
            phone=f"1350000{number:04d}",
        )
        counts["key_members"] += 1
        if number % 2 == 0:
            services.ledger_entry_add(
                actor=admin,
                organization=row,
                kind="disclosure",
                date=day(40 + number),
                title=f"{today.year}年度活动及财务情况公示",
            )
            counts["ledger"] += 1
        if number % 3 == 0:
            services.ledger_entry_add(
                actor=admin,
                organization=row,
                kind="project_result",
                date=day(20 + number),
                title="妇女儿童关爱项目结项",
                content="服务 120 人次，满意度 96%",
            )
            counts["ledger"] += 1
    if len(filed) > 2:
        services.ledger_entry_add(
            actor=admin,
            organization=filed[2],
            kind="complaint",
            date=day(15),
            title="群众反映活动噪音扰民",
            content="已约谈负责人，调整活动时间",
        )
        counts["ledger"] += 1
    for name, kind, expertise, affiliation in (
        ("赵教授", "expert", "社会工作、社会组织治理", "天津某大学社会学院"),
        ("孙律师", "expert", "妇女儿童权益保护", "滨海新区某律师事务所"),
        ("周女士", "public_benefit", "公益项目设计与筹资", "某基金会"),
    ):
        services.adviser_create(
            actor=admin,
            federation=district,
            name=name,
            kind=kind,
            expertise=expertise,
            affiliation=affiliation,
            term_start=dt.date(today.year, 1, 1),
            term_end=dt.date(today.year + 2, 12, 31),
        )
        counts["advisers"] += 1
    for kind, title, days_ago, extra in (
        ("party_training", "社会组织党建工作培训", 200, {"instructor": "李明华"}),
        ("joint_meeting", "社会组织联席会议", 120, {}),
        ("project_batch", "妇女儿童社会化项目集中发布", 90, {}),
    ):
        services.duty_record(
            actor=admin,
            federation=district,
            kind=kind,
            date=day(days_ago),
            title=title,
            participants=35,
            participant_note="辖区社会组织负责人及骨干",
            **extra,
        )
        counts["duties"] += 1
    if townships:
        services.duty_record(
            actor=admin,
            federation=townships[0],
            kind="joint_meeting",
            date=day(60),
            title="街道社会组织座谈会",
            participants=12,
        )
        counts["duties"] += 1
    from .projects.demo import load_projects_demo

    counts.update(load_projects_demo(admin))
    return counts
