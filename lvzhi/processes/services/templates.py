"""Writes of process templates: derivation from duty items (a draft the cadre reviews
before first use), templates for other work, template settings. Step edits are in
``steps``, publishing and new drafts in ``versions``."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.models import Role
from lvzhi.core.scopes import ensure_scope
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.orgs.models import Organization

from .. import rules
from ..derive_documents import derive_template
from ..models import (
    ProcessTemplate,
    ProcessTemplateVersion,
    StepDefinition,
    StepKind,
)
from ._common import TEMPLATE_FIELDS, department_of, slot_dict


@transaction.atomic
def template_for_item(*, actor, item) -> ProcessTemplate:
    """The item's template, derived from its 运行流程 and 运行要件 as a draft the first
    time (the cadre reviews it before first use). Templates are matched by organization
    and item number, so a new catalog version keeps its templates; when the 运行流程
    changed, a new draft is derived beside the published version."""
    organization = item.version.catalog.organization
    ensure_scope(actor, "change", organization)
    template = (
        ProcessTemplate.objects.select_for_update()
        .filter(organization=organization, item_number=item.number)
        .first()
    )
    if template is not None:
        if template.duty_item_id != item.pk:
            template.duty_item = item
            template.save(update_fields=["duty_item", "updated_at"])
        latest = template.versions.order_by("-number").first()
        if latest is not None and latest.source_text != item.workflow and not latest.is_draft:
            _derive_version(template, item, number=latest.number + 1)
        return template
    template = ProcessTemplate.objects.create(
        organization=organization,
        org_path=organization.path,
        name=item.name,
        duty_item=item,
        item_number=item.number,
        department=item.department,
    )
    _derive_version(template, item, number=1)
    audit(actor=actor, action="derive", obj=template, organization=organization)
    return template


def _derive_version(template, item, number: int) -> ProcessTemplateVersion:
    derived = derive_template(item.workflow, item.requirements)
    version = ProcessTemplateVersion.objects.create(
        template=template,
        org_path=template.org_path,
        number=number,
        method=derived.method,
        notes=derived.notes,
        source_text=item.workflow,
    )
    StepDefinition.objects.bulk_create(
        [
            StepDefinition(
                version=version,
                org_path=template.org_path,
                order=index + 1,
                name=step.name[:300],
                kind=step.kind,
                actor_kind=rules.guess_actor(step.name, step.kind),
                role_code=Role.PARTY_APPROVER
                if rules.guess_actor(step.name, step.kind) == "party"
                else "",
                notice_workdays=5 if step.kind == StepKind.NOTICE else 0,
                documents=[
                    slot_dict(d.name[:200], d.required, d.reference) for d in step.documents
                ],
            )
            for index, step in enumerate(derived.steps)
        ]
    )
    return version


def templates_for_version(*, actor, version) -> list[ProcessTemplate]:
    """Derive (or relink) the templates of every item of a published catalog version."""
    return [
        template_for_item(actor=actor, item=item)
        for item in version.items.select_related("version__catalog__organization", "department")
    ]


@transaction.atomic
def template_create(
    *,
    actor,
    organization: Organization,
    name: str,
    department=None,
    recurring=False,
    is_public=False,
) -> ProcessTemplate:
    """A template for work that is not in the catalog: one step to start from."""
    ensure_scope(actor, "change", organization)
    if not (name or "").strip():
        raise ValidationError({"name": _("请填写流程名称")})
    template = ProcessTemplate.objects.create(
        organization=organization,
        org_path=organization.path,
        name=name.strip()[:300],
        department=department_of(organization, department),
        recurring=bool(recurring),
        is_public=bool(is_public),
    )
    version = ProcessTemplateVersion.objects.create(
        template=template, org_path=template.org_path, number=1, method="manual"
    )
    StepDefinition.objects.create(version=version, org_path=template.org_path, order=1, name="办理")
    audit(actor=actor, action="create", obj=template, organization=organization)
    return template


@transaction.atomic
def template_update(*, actor, template: ProcessTemplate, **fields) -> ProcessTemplate:
    ensure_scope(actor, "change", template.organization)
    unknown = set(fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise ValidationError({name: _("不能修改此字段") for name in unknown})
    before = snapshot(template)
    if "department" in fields:
        fields["department"] = department_of(template.organization, fields["department"])
    if "name" in fields and not (fields["name"] or "").strip():
        raise ValidationError({"name": _("请填写流程名称")})
    for name, value in fields.items():
        setattr(template, name, value)
    template.save()
    audit(
        actor=actor,
        action="change",
        obj=template,
        organization=template.organization,
        changes=diff(before, snapshot(template)),
    )
    return template
