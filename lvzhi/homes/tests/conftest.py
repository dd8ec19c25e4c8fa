"""Homes on the shared org_tree: 新河一社区妇女之家 (新河一社区妇联, under 新河街道) and
大沽一社区妇女之家 (大沽一社区妇联, under 大沽街道), written with the ORM (the services
are tested on their own)."""

import pytest

from lvzhi.homes.models import Home


def add_home(org, name=None, **fields):
    return Home.objects.create(
        organization=org,
        org_path=org.path,
        name=name or f"{org.name}妇女之家",
        address=fields.pop("address", "天津市滨海新区某路1号"),
        contact_phone=fields.pop("contact_phone", "022-12345678"),
        **fields,
    )


@pytest.fixture
def homes(org_tree):
    return {
        "xinhe_1": add_home(org_tree.xinhe_1, "新河一社区妇女之家"),
        "dagu_1": add_home(org_tree.dagu_1, "大沽一社区妇女之家"),
    }


@pytest.fixture
def cadre(org_tree, make_user):
    """A cadre of 新河街道 with its subtree."""
    return make_user("xh_cadre", "cadre", org_tree.xinhe)
