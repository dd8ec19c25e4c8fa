"""What the service tests of processes share: the day they run on, a PDF, a template with
given steps, starting a case and acting on a step."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.processes import services
from lvzhi.processes.models import ProcessTemplate, VersionStatus

TODAY = dt.date(2026, 9, 25)  # the Friday before National Day (and Mid-Autumn)
PDF = b"%PDF-1.4 test"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def names(version):
    return [s.name for s in version.steps.order_by("order")]


def draft_of(template):
    return template.versions.get(status=VersionStatus.DRAFT)


def custom(tree, actor, steps, *, name="测试流程", department=None, org=None, publish=True):
    """A template of ``org`` (the district) with exactly ``steps``, published."""
    org = org or tree.district
    template = services.template_create(
        actor=actor,
        organization=org,
        name=name,
        department=department if department is not None else tree.rights,
    )
    version = template.versions.get()
    services.steps_replace(actor=actor, version=version, steps=steps)
    if publish:
        services.version_publish(actor=actor, version=version)
    return ProcessTemplate.objects.get(pk=template.pk)


def start(actor, template, org, title="办件", today=TODAY, **extra):
    return services.case_start(
        actor=actor, template=template, organization=org, title=title, today=today, **extra
    )


def act(actor, case, order, action="complete", today=TODAY, **extra):
    step = case.steps.get(order=order)
    services.step_transition(
        actor=actor, case=case, step_id=step.pk, action=action, today=today, **extra
    )
    case.refresh_from_db()
    return case


def pdf(name):
    return SimpleUploadedFile(f"{name}.pdf", PDF, "application/pdf")
