"""What the API tests of processes share: the base path, an authenticated client, the row
counts that show nothing was written, and templates published and cases started through
the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.processes import services
from lvzhi.processes.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CaseStep,
    ProcessTemplate,
    ProcessTemplateVersion,
    StepDefinition,
)

from .conftest import template_of

API = "/api/v1/processes"
PDF = b"%PDF-1.4 test"
DOCUMENTS = ("候选人登记表", "名单汇总表", "事迹材料")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def counts() -> tuple:
    return tuple(
        model.objects.count()
        for model in (
            ProcessTemplate,
            ProcessTemplateVersion,
            StepDefinition,
            Case,
            CaseStep,
            CaseEvent,
            CaseAttachment,
            AuditEvent,
        )
    )


def text(response) -> str:
    return response.content.decode()


def publish_32(tree, people, *, rights_step: bool = False) -> ProcessTemplate:
    """Women's 3.2 with its review at the parent organization, published. With
    ``rights_step`` its 4th step belongs to 权益部, so 权益部 staff see its cases."""
    template = template_of(tree.district, "3.2")
    draft = template.versions.get()
    review = draft.steps.get(order=3)
    services.step_update(
        actor=people.cadre, step=review, actor_kind="parent_role", role_code="cadre", levels_up=1
    )
    if rights_step:
        services.step_update(
            actor=people.cadre, step=draft.steps.get(order=4), department=tree.rights
        )
    services.version_publish(actor=people.cadre, version=draft)
    return template


def publish(tree, people, number: str) -> ProcessTemplate:
    template = template_of(tree.district, number)
    services.version_publish(actor=people.cadre, version=template.versions.get())
    return template


def start(user, template, organization, title="2027年度三八红旗手评选") -> dict:
    response = as_user(user).post(
        f"{API}/cases/",
        {"template": template.pk, "organization": organization.pk, "title": title, "year": 2027},
        format="json",
    )
    assert response.status_code == 201, text(response)
    return response.json()


def files(*names):
    return [SimpleUploadedFile(f"{name}.pdf", PDF, "application/pdf") for name in names]
