"""Demo data for the 四新 register in the demo district (滨海新区妇联, code BH-FL): village
-level regions for its community federations plus two communities with no federation
(blank spots for R-OR-07), a few 四新 organizations of every verdict, valid and invalid
women's groups (R-OR-03), 微家 with their basis and an activity, a founding in progress
with its lists, the district's renewal election opened (R-OR-08), and a system federation's
founding started at its education bureau (R-OR-06). Idempotent: each
part is added once. Writes go through the services."""

from django.contrib.auth import get_user_model
from django.db import transaction

from lvzhi.core.scopes import PATH_END
from lvzhi.core.services import audit
from lvzhi.orgs.models import Level, Organization, Region, System
from lvzhi.orgs.services import organization_update

from . import services
from .models import SixinOrganization

DISTRICT = "BH-FL"
UNCOVERED = ("新建社区", "滨海花园社区")  # communities with no federation yet
# (name, category, fixed staff, fixed female staff, party, covered by the township)
REGISTER = (
    ("天津港智慧物流有限公司", "economic", 260, 96, True, False),
    ("滨海跨境电商产业园", "business_form", 140, 58, True, True),
    ("海河快递驿站", "employment_group", 45, 18, False, False),
    ("渤海湾网约车服务站", "employment_group", 60, 7, True, False),
    ("新河社会工作服务中心", "social", 36, 30, True, False),
    ("滨城直播电商基地", "business_form", 80, 29, True, False),
)


def _subtree(org, field="path"):
    return {f"{field}__gte": org.path, f"{field}__lt": org.path + PATH_END}


@transaction.atomic
def load_grassroots_demo() -> dict:
    district = Organization.objects.filter(code=DISTRICT).first()
    admin = get_user_model().objects.filter(username="admin").first()
    if district is None or admin is None:
        return {"sixin": 0, "regions": 0}
    result = {"sixin": 0, "regions": 0}
    if not SixinOrganization.objects.filter(**_subtree(district, "org_path")).exists():
        result = _register(district, admin)
    result.update(_units(district, admin))
    result.update(_elections(district, admin))
    result.update(_system_founding(district, admin))
    return result


def _register(district, admin) -> dict:
    townships = list(
        Organization.objects.filter(
            **_subtree(district), level=Level.TOWNSHIP, system=System.WOMEN, region__isnull=False
        )
        .select_related("region")
        .order_by("path")
    )
    regions = 0
    for township in townships:
        prefix = township.region.code[:9]
        villages = Organization.objects.filter(
            **_subtree(township), level=Level.VILLAGE, system=System.WOMEN
        ).order_by("path")
        number = 0
        for number, village in enumerate(villages, start=1):
            if village.region_id is None:
                region, created = Region.objects.get_or_create(
                    code=f"{prefix}{number:03d}",
                    defaults={
                        "name": village.short_name or village.name,
                        "level": Level.VILLAGE,
                        "parent": township.region,
                    },
                )
                regions += created
                organization_update(actor=admin, organization=village, region=region)
        if township is townships[0] or township is townships[-1]:
            name = UNCOVERED[0] if township is townships[0] else UNCOVERED[1]
            _region, created = Region.objects.get_or_create(
                code=f"{prefix}{number + 1:03d}",
                defaults={"name": name, "level": Level.VILLAGE, "parent": township.region},
            )
            regions += created
    created = 0
    for index, (name, category, staff, female, party, covered) in enumerate(REGISTER):
        if not townships:
            break
        township = townships[index % len(townships)]
        services.sixin_create(
            actor=admin,
            organization=township,
            name=name,
            category=category,
            fixed_staff=staff,
            fixed_female_staff=female,
            has_party_organization=party,
            party_organization_name=f"中共{name}支部委员会" if party else "",
            covered_by=township if covered else None,
            address=f"天津市滨海新区{township.short_name or township.name}",
        )
        created += 1
    return {"sixin": created, "regions": regions}


def _units(district, admin) -> dict:
    """Members for the demo's 妇女小组 (every other one left with its leader alone: invalid
    under R-OR-03, the rest exactly three: valid) and a basis, members and an activity for
    each 微家. Once per unit."""
    from lvzhi.core.periods import today_local
    from lvzhi.orgs.models import Kind, Position

    from .models import MicroHome
    from .units import services as units

    today = today_local()
    groups = Organization.objects.filter(**_subtree(district), kind=Kind.WOMEN_GROUP).order_by(
        "path"
    )
    completed = 0
    for index, group in enumerate(groups):
        if index % 2 or Position.objects.filter(organization=group, person__name="刘丽").exists():
            continue  # left invalid (a leader and no other fixed member), or done before
        for name in ("刘丽", "陈红"):
            units.unit_member_add(actor=admin, unit=group, name=name, start_date=today)
        completed += 1
    homes = Organization.objects.filter(**_subtree(district), kind=Kind.MICRO_HOME).order_by("path")
    bases = (("building", "3号楼"), ("interest", "编织"), ("industry", "家政服务"))
    count = 0
    done = set(
        MicroHome.objects.filter(organization__in=homes).values_list("organization", flat=True)
    )
    for index, home in enumerate(homes):
        if home.pk in done:
            continue
        basis, detail = bases[index % len(bases)]
        profile = MicroHome.objects.create(
            organization=home, org_path=home.path, basis=basis, basis_detail=detail
        )
        audit(
            actor=admin,
            action="create",
            obj=profile,
            changes={"basis": [None, basis], "basis_detail": [None, detail]},
        )
        for name in ("赵敏", "孙洁"):
            units.unit_member_add(actor=admin, unit=home, name=name, start_date=today)
        units.micro_home_activity_add(
            actor=admin,
            unit=home,
            held_on=today,
            title="邻里议事会",
            participants=8 + index % 5,
            summary="楼栋妇女商议公共空间使用",
        )
        count += 1
    return {"groups_completed": completed, "micro_homes": count}


def _elections(district, admin) -> dict:
    """A founding in progress (天津港智慧物流有限公司: procedure started, delegates and
    the congress's candidates listed) and the district's own renewal election opened with
    its candidate list (its term ends in December 2026: R-OR-08 shows it due). Once each."""
    from .elections import services as elections
    from .founding import founding_start
    from .models import Election, ElectionKind

    opened = {"founding_elections": 0, "renewal_elections": 0}
    sixin = (
        SixinOrganization.objects.filter(
            **_subtree(district, "org_path"), name=REGISTER[0][0], covered_by__isnull=True
        )
        .select_related("organization")
        .first()
    )
    if sixin is not None and sixin.founding_case_id is None:
        founding_start(actor=admin, sixin=sixin)
        sixin.refresh_from_db()
        election = elections.election_open_founding(actor=admin, sixin=sixin)
        elections.delegates_replace(
            actor=admin,
            election=election,
            delegates=[
                {"name": name, "workplace": workplace}
                for name, workplace in (
                    ("王静", "调度中心"),
                    ("李红梅", "财务部"),
                    ("张丽", "码头作业区"),
                    ("刘芳", "人力资源部"),
                )
            ],
        )
        elections.candidates_replace(
            actor=admin,
            election=election,
            stage="congress",
            candidates=[{"name": n} for n in ("王静", "李红梅", "张丽", "刘芳", "陈晓")],
        )
        opened["founding_elections"] = 1
    if not Election.objects.filter(organization=district, kind=ElectionKind.RENEWAL).exists():
        election = elections.election_open_renewal(actor=admin, federation=district)
        elections.candidates_replace(
            actor=admin,
            election=election,
            stage="congress",
            candidates=[
                {"name": n, "workplace": "滨海新区妇联"} for n in ("周慧", "吴敏", "郑洁", "冯丽")
            ],
        )
        opened["renewal_elections"] = 1
    return opened


AGENCY = "滨海新区教育体育局"
AGENCY_COMMITTEE_CODE = f"{DISTRICT}-JTJ"


def _system_founding(district, admin) -> dict:
    """The district's education bureau: its 机关妇委会 in the tree and the founding of its
    system federation started (R-OR-06 allowed: 42 subordinate schools). Once."""
    from lvzhi.orgs import services as orgs
    from lvzhi.orgs.models import Kind

    from .models import SystemFounding
    from .system.services import system_founding_start

    if SystemFounding.objects.filter(organization=district, agency=AGENCY).exists():
        return {"system_foundings": 0}
    committee = Organization.objects.filter(code=AGENCY_COMMITTEE_CODE).first()
    if committee is None:
        committee = orgs.organization_create(
            actor=admin,
            parent=district,
            name=f"{AGENCY}机关妇委会",
            code=AGENCY_COMMITTEE_CODE,
            kind=Kind.AGENCY_COMMITTEE,
        )
    system_founding_start(
        actor=admin,
        organization=district,
        agency=AGENCY,
        subordinate_units=42,
        women_committee=committee,
    )
    return {"system_foundings": 1}
