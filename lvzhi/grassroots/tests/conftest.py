"""Village regions under the shared org_tree, and a few 四新 organizations.

新河街道 (120116001) has two villages: 新河一社区 (its federation 新河一社区妇联) and
新河二社区 (no organization row: uncovered). 大沽街道 (120116002) has 大沽一社区, covered."""

import pytest

from lvzhi.grassroots.models import SixinOrganization
from lvzhi.grassroots.rules import expected_form
from lvzhi.orgs.models import Level, Organization, Region


def add_sixin(org, name, female, party=False, covered_by=None, **extra):
    """A register row written directly (fixtures and the matrix; the services are tested
    on their own)."""
    return SixinOrganization.objects.create(
        organization=org,
        org_path=org.path,
        name=name,
        category=extra.pop("category", "economic"),
        fixed_staff=extra.pop("fixed_staff", max(female, 1) * 2),
        fixed_female_staff=female,
        has_party_organization=party,
        covered_by=covered_by,
        expected_form=expected_form(fixed_female_staff=female, has_party_organization=party),
        **extra,
    )


@pytest.fixture
def villages(org_tree):
    bh = Region.objects.get(code="120116")
    xinhe = Region.objects.create(
        code="120116001", name="新河街道", level=Level.TOWNSHIP, parent=bh
    )
    dagu = Region.objects.create(code="120116002", name="大沽街道", level=Level.TOWNSHIP, parent=bh)
    regions = {
        "xinhe": xinhe,
        "dagu": dagu,
        "xinhe_1": Region.objects.create(
            code="120116001001", name="新河一社区", level=Level.VILLAGE, parent=xinhe
        ),
        "xinhe_2": Region.objects.create(
            code="120116001002", name="新河二社区", level=Level.VILLAGE, parent=xinhe
        ),
        "dagu_1": Region.objects.create(
            code="120116002001", name="大沽一社区", level=Level.VILLAGE, parent=dagu
        ),
    }
    for name in ("xinhe", "dagu", "xinhe_1", "dagu_1"):
        Organization.objects.filter(pk=getattr(org_tree, name).pk).update(region=regions[name])
        setattr(org_tree, name, Organization.objects.get(pk=getattr(org_tree, name).pk))
    return regions


@pytest.fixture
def register(org_tree, villages):
    """Three 四新 organizations at 新河 (one due standalone, one due joint, one covered)
    and one at 大沽 (due standalone)."""
    return {
        "standalone": add_sixin(org_tree.xinhe, "新河科技有限公司", 30, party=True),
        "joint": add_sixin(org_tree.xinhe, "新河快递站", 29, party=True),
        "covered": add_sixin(
            org_tree.xinhe, "新河物流园", 45, party=True, covered_by=org_tree.xinhe_1
        ),
        "dagu": add_sixin(org_tree.dagu, "大沽制造公司", 80, party=True),
    }
