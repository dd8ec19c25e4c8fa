"""The small federation tree and users of the tests (the root conftest's ``org_tree`` and
``make_user`` fixtures; the authorization matrix builds them once per module)."""

import datetime as dt

from django.contrib.auth import get_user_model

from lvzhi.core.models import Role, RoleAssignment
from lvzhi.core.roles import ensure_default_roles
from lvzhi.ledger.categories import ensure_default_categories
from lvzhi.ledger.models import Category
from lvzhi.orgs.models import Department, Kind, Level, Organization, Region
from lvzhi.orgs.services import organization_search_text


def _node(parent, **fields):
    org = Organization(**fields)
    org.search_text = organization_search_text(org)
    if parent:
        return Organization.objects.add_child(parent, instance=org)
    return Organization.objects.add_root(instance=org)


def build_org_tree():
    """The ``org_tree`` fixture's tree (also built once per module by the matrix)."""
    ensure_default_roles(Role)
    ensure_default_categories(Category)  # flushed by transactional (browser) tests
    tj = Region.objects.create(code="120000", name="天津市", level=Level.PROVINCE)
    bh = Region.objects.create(code="120116", name="滨海新区", level=Level.COUNTY, parent=tj)
    city = _node(
        None,
        name="天津市妇女联合会",
        code="TJ-FL",
        system="fl",
        kind=Kind.LOCAL_FEDERATION,
        level=Level.PROVINCE,
        region=tj,
    )
    district = _node(
        city,
        name="天津市滨海新区妇女联合会",
        short_name="滨海新区妇联",
        code="BH-FL",
        system="fl",
        kind=Kind.LOCAL_FEDERATION,
        level=Level.COUNTY,
        region=bh,
    )
    xinhe = _node(
        district,
        name="新河街道妇女联合会",
        code="BH-XH",
        system="fl",
        kind=Kind.LOCAL_FEDERATION,
        level=Level.TOWNSHIP,
    )
    dagu = _node(
        district,
        name="大沽街道妇女联合会",
        code="BH-DG",
        system="fl",
        kind=Kind.LOCAL_FEDERATION,
        level=Level.TOWNSHIP,
    )
    xinhe_1 = _node(
        xinhe,
        name="新河一社区妇女联合会",
        code="BH-XH-01",
        system="fl",
        kind=Kind.LOCAL_FEDERATION,
        level=Level.VILLAGE,
    )
    dagu_1 = _node(
        dagu,
        name="大沽一社区妇女联合会",
        code="BH-DG-01",
        system="fl",
        kind=Kind.LOCAL_FEDERATION,
        level=Level.VILLAGE,
    )
    group = _node(
        xinhe_1,
        name="新河一社区第一妇女小组",
        code="BH-XH-01-G1",
        system="fl",
        kind=Kind.WOMEN_GROUP,
        level=Level.GRASSROOTS,
    )
    union_city = _node(
        None,
        name="天津市总工会",
        code="TJ-GH",
        system="gh",
        kind=Kind.UNION_FEDERATION,
        level=Level.PROVINCE,
        region=tj,
    )
    union = _node(
        union_city,
        name="滨海新区总工会",
        code="BH-GH",
        system="gh",
        kind=Kind.UNION_FEDERATION,
        level=Level.COUNTY,
        region=bh,
    )
    propaganda = Department.objects.create(
        organization=district, org_path=district.path, name="宣传部"
    )
    rights = Department.objects.create(organization=district, org_path=district.path, name="权益部")

    def fresh(org):
        return Organization.objects.get(pk=org.pk)

    class Tree:
        pass

    tree = Tree()
    for name, org in dict(
        city=city,
        district=district,
        xinhe=xinhe,
        dagu=dagu,
        xinhe_1=xinhe_1,
        dagu_1=dagu_1,
        group=group,
        union_city=union_city,
        union=union,
    ).items():
        setattr(tree, name, fresh(org))
    tree.propaganda = propaganda
    tree.rights = rights
    tree.today = dt.date(2026, 11, 29)
    return tree


def create_user(
    username,
    role_code=None,
    org=None,
    include_descendants=True,
    department=None,
    password="pass-1234",
    **extra,
):
    """A user holding ``role_code`` at ``org`` (the ``make_user`` fixture's maker)."""
    user = get_user_model().objects.create_user(username=username, password=password, **extra)
    if role_code:
        ensure_default_roles(Role)
        RoleAssignment.objects.create(
            user=user,
            role=Role.objects.get(code=role_code),
            organization=org,
            include_descendants=include_descendants,
            department=department,
        )
    return user
