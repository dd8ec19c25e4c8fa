"""Shared pieces of the social projects' tests: a district batch, an organization filed
with 新河一社区妇联 and its organization user, a second organization with its own user,
and small PDF/Excel uploads (checked by content)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.socialorgs.projects import services
from lvzhi.socialorgs.projects.models import ProjectApplication

from .conftest import add_org

PASSWORD = "Zuzhi-Shenbao-2026!"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="项目方案.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def xlsx(name="预算表.xlsx"):
    from openpyxl import Workbook

    buffer = io.BytesIO()
    book = Workbook()
    book.active.append(["项目", "金额"])
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def make_batch(actor, federation, *, publish=True, **fields):
    values = {
        "title": "2026年妇女儿童关爱服务项目",
        "content": "面向留守儿童和困难妇女开展关爱服务",
        "budget": "200000",
        "eligibility": "在本区备案的活跃社会组织",
        "deadline": dt.date(2026, 12, 31),
    }
    values.update(fields)
    return services.batch_create(
        actor=actor, federation=federation, publish=publish, today=dt.date(2026, 11, 1), **values
    )


def apply(user, batch, **fields):
    values = {"title": "留守儿童陪伴计划", "budget": "50000", "plan": pdf(), "summary": "每周陪伴"}
    values.update(fields)
    return services.application_submit(actor=user, batch=batch, **values)


def fresh(application):
    return ProjectApplication.objects.select_related("case__current_step").get(pk=application.pk)


@pytest.fixture
def project_orgs(org_tree):
    return {
        "xinhe_1": add_org(org_tree.xinhe_1, "新河一社区巾帼志愿队", address="新河一路1号"),
        "dagu_1": add_org(org_tree.dagu_1, "大沽一社区舞蹈队", service_field="culture"),
    }


@pytest.fixture
def district_cadre(org_tree, make_user):
    return make_user("bh_cadre", "cadre", org_tree.district)


@pytest.fixture
def org_user(project_orgs, district_cadre):
    account = services.account_create(
        actor=district_cadre,
        organization=project_orgs["xinhe_1"],
        username="xh_org",
        password=PASSWORD,
        display_name="新河志愿队",
    )
    return account.user


@pytest.fixture
def other_org_user(project_orgs, district_cadre):
    account = services.account_create(
        actor=district_cadre,
        organization=project_orgs["dagu_1"],
        username="dg_org",
        password=PASSWORD,
    )
    return account.user


@pytest.fixture
def batch(district_cadre, org_tree):
    return make_batch(district_cadre, org_tree.district)
