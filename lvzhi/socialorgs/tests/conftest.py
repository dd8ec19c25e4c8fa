"""Social organizations on the shared org_tree, written with the ORM (the services are
tested on their own): 新河一社区巾帼志愿队 filed with 新河一社区妇联 (under 新河街道) and
大沽一社区舞蹈队 with 大沽一社区妇联 (under 大沽街道)."""

import datetime as dt

import pytest

from lvzhi.socialorgs.models import SocialOrganization


def add_org(federation, name, **fields):
    tier = fields.pop("tier", "village")
    return SocialOrganization.objects.create(
        federation=federation,
        org_path=federation.path,
        name=name,
        kind=fields.pop("kind", "self_formed"),
        service_field=fields.pop("service_field", "volunteer"),
        size=fields.pop("size", 20),
        proposed_tier=tier,
        filed_tier=tier,
        filed_on=fields.pop("filed_on", dt.date(2026, 3, 1)),
        contact_phone=fields.pop("contact_phone", "13812345678"),
        **fields,
    )


@pytest.fixture
def orgs(org_tree):
    return {
        "xinhe_1": add_org(org_tree.xinhe_1, "新河一社区巾帼志愿队", address="新河一路1号"),
        "dagu_1": add_org(org_tree.dagu_1, "大沽一社区舞蹈队", service_field="culture"),
    }


@pytest.fixture
def cadre(org_tree, make_user):
    """A cadre of 新河街道 with its subtree."""
    return make_user("xh_cadre", "cadre", org_tree.xinhe)


@pytest.fixture
def district_cadre(org_tree, make_user):
    return make_user("bh_cadre", "cadre", org_tree.district)
