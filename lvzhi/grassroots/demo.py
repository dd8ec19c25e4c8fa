"""Demo data for the 四新 register in the demo district (滨海新区妇联, code BH-FL): village
-level regions for its community federations plus two communities with no federation
(blank spots for R-OR-07), and a few 四新 organizations of every verdict. Idempotent:
nothing is added once the district has a register. Writes go through the services."""

from django.contrib.auth import get_user_model
from django.db import transaction

from lvzhi.core.scopes import PATH_END
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
    if SixinOrganization.objects.filter(**_subtree(district, "org_path")).exists():
        return {"sixin": 0, "regions": 0}
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
