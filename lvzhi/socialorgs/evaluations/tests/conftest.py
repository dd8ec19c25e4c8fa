"""Funded projects written with the ORM (the project services are F1's and tested there):
a 2026 batch of 滨海新区妇联 with funded applications of organizations filed in its
subtree, an evaluator account and a plan."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lvzhi.socialorgs.evaluations import services
from lvzhi.socialorgs.projects.models import ProjectApplication, ProjectBatch
from lvzhi.socialorgs.tests.conftest import add_org

PASSWORD = "Pinggu-Jigou-2026!"


def make_batch(federation, year=2026, **fields):
    return ProjectBatch.objects.create(
        federation=federation,
        org_path=federation.path,
        title=fields.pop("title", f"{year}年妇女儿童关爱服务项目"),
        content="关爱服务",
        budget=Decimal("200000"),
        deadline=dt.date(year, 12, 31),
        year=year,
        published=True,
        published_on=dt.date(year, 3, 1),
        **fields,
    )


def fund(batch, organization, title="留守儿童陪伴计划", status="contract"):
    return ProjectApplication.objects.create(
        batch=batch,
        organization=organization,
        org_path=batch.org_path,
        title=title,
        budget=Decimal("50000"),
        funded_amount=Decimal("40000") if status != "review" else None,
        status=status,
        submitted_at=timezone.now(),
    )


@pytest.fixture
def district_cadre(org_tree, make_user):
    return make_user("bh_cadre", "cadre", org_tree.district)


@pytest.fixture
def funded(org_tree):
    xinhe = add_org(org_tree.xinhe_1, "新河一社区巾帼志愿队")
    dagu = add_org(org_tree.dagu_1, "大沽一社区舞蹈队", service_field="culture")
    batch = make_batch(org_tree.district)
    return {
        "batch": batch,
        "xinhe": xinhe,
        "dagu": dagu,
        "xinhe_app": fund(batch, xinhe),
        "dagu_app": fund(batch, dagu, "广场舞健康行"),
        "pending": fund(batch, add_org(org_tree.xinhe_1, "新河读书会"), "读书会", "review"),
    }


@pytest.fixture
def evaluator(org_tree, district_cadre):
    return services.evaluator_create(
        actor=district_cadre,
        federation=org_tree.district,
        username="pg_eval",
        password=PASSWORD,
        display_name="评估员甲",
    )


@pytest.fixture
def plan(org_tree, district_cadre, evaluator, funded):
    return services.plan_create(
        actor=district_cadre,
        federation=org_tree.district,
        year=2026,
        evaluator=evaluator,
        agency="滨海社会工作评估中心",
        weight_satisfaction=40,
        weight_capacity=30,
        weight_results=30,
        threshold=60,
    )
