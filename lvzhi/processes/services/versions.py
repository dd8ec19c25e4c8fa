"""Versions of a process template: what stops a draft from being published, publishing
(``lvzhi.core.versioning``, the previous version superseded) and a new draft."""

from django.core.exceptions import ValidationError
from django.db import transaction

from lvzhi.core import versioning
from lvzhi.core.models import Role
from lvzhi.core.scopes import ensure_scope
from lvzhi.core.services import audit

from .. import rules
from ..models import (
    ProcessTemplate,
    ProcessTemplateVersion,
    StepDefinition,
    VersionStatus,
)
from ._common import STEP_FIELDS, locked_draft


def publish_errors(version: ProcessTemplateVersion) -> list[str]:
    has_template_department = version.template.department_id is not None
    specs = [
        rules.StepSpec(
            name=s.name,
            kind=s.kind,
            actor_kind=s.actor_kind,
            role_code=s.role_code,
            levels_up=s.levels_up,
            duration_workdays=s.duration_workdays,
            notice_workdays=s.notice_workdays,
            has_department=has_template_department or s.department_id is not None,
        )
        for s in version.steps.order_by("order")
    ]
    return rules.template_errors(specs, set(Role.objects.values_list("code", flat=True)))


@transaction.atomic
def version_publish(*, actor, version: ProcessTemplateVersion) -> ProcessTemplateVersion:
    version = locked_draft(actor, version)
    errors = publish_errors(version)
    if errors:
        raise ValidationError(errors)
    # the previous published version superseded, this one published, both audited
    return versioning.publish(
        actor=actor, version=version, organization=version.template.organization
    )


def version_new_draft(*, actor, template: ProcessTemplate) -> ProcessTemplateVersion:
    """A draft copied from the published version (or the existing draft)."""
    return version_draft_get_or_create(actor=actor, template=template)[0]


@transaction.atomic
def version_draft_get_or_create(
    *, actor, template: ProcessTemplate
) -> tuple[ProcessTemplateVersion, bool]:
    """The template's draft and whether it was created now: the existing draft as it is
    (nothing written), or a new one copied from the latest version and audited."""
    ensure_scope(actor, "change", template.organization)
    template = ProcessTemplate.objects.select_for_update().get(pk=template.pk)
    draft = template.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        return draft, False
    source = template.versions.order_by("-number").first()
    version = ProcessTemplateVersion.objects.create(
        template=template,
        org_path=template.org_path,
        number=versioning.next_number(template.versions),
        method=source.method if source else "manual",
        notes=source.notes if source else [],
        source_text=source.source_text if source else "",
    )
    if source is not None:
        StepDefinition.objects.bulk_create(
            [
                StepDefinition(
                    version=version,
                    org_path=version.org_path,
                    **{name: getattr(s, name) for name in ("order", *STEP_FIELDS)},
                )
                for s in source.steps.order_by("order")
            ]
        )
    audit(actor=actor, action="new_draft", obj=version, organization=template.organization)
    return version, True
