"""Edits of a draft version's steps: one step (edit, add, delete, move, merge, split)
or all of them at once; each locks the draft, writes and audits the steps before and after."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from lvzhi.core.models import Role
from lvzhi.core.services import audit, diff, snapshot

from .. import rules
from ..models import (
    ActorKind,
    ProcessTemplateVersion,
    StepDefinition,
    StepKind,
)
from ._common import STEP_FIELDS, department_of, locked_draft, slot_dict

REFERENCE_MARKS = ("依据：", "依据:", "Reference:", "reference:")


def _clean_documents(value) -> list[dict]:
    """Documents as a list of {"name", "required", "reference"}; text is one name per line,
    a line marked "（可选）" is optional and a line starting with "依据：" is a reference
    (shown on the step, never uploaded)."""
    if isinstance(value, str):
        slots = []
        for line in value.splitlines():
            name = line.strip()
            if not name:
                continue
            reference = name.startswith(REFERENCE_MARKS)
            for mark in REFERENCE_MARKS:
                name = name.removeprefix(mark).strip()
            optional = reference or "可选" in name or "optional" in name.lower()
            for mark in ("（可选）", "(可选)", "（optional）", "(optional)"):
                name = name.replace(mark, "").strip()
            slots.append(slot_dict(name, not optional, reference))
        return slots
    if not isinstance(value, list):
        raise ValidationError({"documents": _("材料应为列表")})
    slots = []
    for slot in value:
        if isinstance(slot, str):
            slot = {"name": slot}
        if not isinstance(slot, dict) or not str(slot.get("name", "")).strip():
            raise ValidationError({"documents": _("每项材料都需要名称")})
        reference = bool(slot.get("reference", False))
        required = bool(slot.get("required", True)) and not reference
        slots.append(slot_dict(str(slot["name"]).strip()[:200], required, reference))
    names = [s["name"] for s in slots]
    if len(set(names)) != len(names):
        raise ValidationError({"documents": _("材料名称不能重复")})
    return slots


def _clean_step_fields(organization, fields: dict) -> dict:
    unknown = set(fields) - set(STEP_FIELDS)
    if unknown:
        raise ValidationError({name: _("不能修改此字段") for name in unknown})
    cleaned = dict(fields)
    errors = {}
    if "name" in cleaned:
        cleaned["name"] = (cleaned["name"] or "").strip()[:300]
        if not cleaned["name"]:
            errors["name"] = _("请填写环节名称")
    if "kind" in cleaned and cleaned["kind"] not in StepKind.values:
        errors["kind"] = _("环节类型无效")
    if "actor_kind" in cleaned and cleaned["actor_kind"] not in ActorKind.values:
        errors["actor_kind"] = _("办理主体无效")
    for name in ("levels_up", "duration_workdays", "notice_workdays"):
        if name in cleaned:
            try:
                cleaned[name] = int(cleaned[name])
            except (TypeError, ValueError):
                errors[name] = _("请填写整数")
                continue
            if cleaned[name] < 0 or cleaned[name] > rules.MAX_WORKDAYS:
                errors[name] = _("应在0至%(max)d之间") % {"max": rules.MAX_WORKDAYS}
    if "documents" in cleaned:
        try:
            cleaned["documents"] = _clean_documents(cleaned["documents"])
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if "department" in cleaned:
        try:
            cleaned["department"] = department_of(organization, cleaned["department"])
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    if cleaned.get("actor_kind") == ActorKind.PARTY:
        cleaned["role_code"] = Role.PARTY_APPROVER
    return cleaned


def _renumber(version) -> None:
    steps = list(version.steps.order_by("order", "id"))
    # Two passes keep (version, order) free of transient duplicates.
    for offset in (1000, 0):
        for index, step in enumerate(steps, start=1):
            step.order = index + offset
        StepDefinition.objects.bulk_update(steps, ["order"])


def _audit_steps(actor, version, action, before):
    audit(
        actor=actor,
        action=action,
        obj=version,
        organization=version.template.organization,
        changes={"steps": [before, [s.name for s in version.steps.order_by("order")]]},
    )


@transaction.atomic
def step_update(*, actor, step: StepDefinition, **fields) -> StepDefinition:
    version = locked_draft(actor, step.version)
    step = version.steps.get(pk=step.pk)
    before = snapshot(step)
    for name, value in _clean_step_fields(version.template.organization, fields).items():
        setattr(step, name, value)
    step.save()
    audit(
        actor=actor,
        action="change",
        obj=step,
        organization=version.template.organization,
        changes=diff(before, snapshot(step)),
    )
    return step


@transaction.atomic
def step_add(*, actor, version, name: str, after: int | None = None, **fields) -> StepDefinition:
    version = locked_draft(actor, version)
    cleaned = _clean_step_fields(version.template.organization, {"name": name, **fields})
    before = [s.name for s in version.steps.order_by("order")]
    last = version.steps.aggregate(m=Max("order"))["m"] or 0
    position = last + 1 if after is None else int(after) + 1
    version.steps.filter(order__gte=position).update(order=F("order") + 1000)
    step = StepDefinition.objects.create(
        version=version, org_path=version.org_path, order=position, **cleaned
    )
    _renumber(version)
    _audit_steps(actor, version, "step_add", before)
    return step


@transaction.atomic
def step_delete(*, actor, step: StepDefinition) -> None:
    version = locked_draft(actor, step.version)
    if version.steps.count() <= 1:
        raise ValidationError(_("流程至少需要一个环节"))
    before = [s.name for s in version.steps.order_by("order")]
    version.steps.filter(pk=step.pk).delete()
    _renumber(version)
    _audit_steps(actor, version, "step_delete", before)


@transaction.atomic
def step_move(*, actor, step: StepDefinition, direction: str) -> None:
    """Move a step one place up or down."""
    version = locked_draft(actor, step.version)
    steps = list(version.steps.order_by("order", "id"))
    before = [s.name for s in steps]
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(steps):
        raise ValidationError(_("该环节不能再移动"))
    steps[index], steps[target] = steps[target], steps[index]
    for offset in (1000, 0):
        for position, item in enumerate(steps, start=1):
            item.order = position + offset
        StepDefinition.objects.bulk_update(steps, ["order"])
    _audit_steps(actor, version, "step_move", before)


@transaction.atomic
def step_merge_next(*, actor, step: StepDefinition) -> StepDefinition:
    """Merge a step with the one after it: names joined, documents combined, the longer
    duration kept."""
    version = locked_draft(actor, step.version)
    steps = list(version.steps.order_by("order", "id"))
    before = [s.name for s in steps]
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    if index + 1 >= len(steps):
        raise ValidationError(_("最后一个环节没有可合并的下一环节"))
    first, second = steps[index], steps[index + 1]
    first.name = f"{first.name}，{second.name}"[:300]
    names = {d["name"] for d in first.documents}
    first.documents = first.documents + [d for d in second.documents if d["name"] not in names]
    first.duration_workdays = max(first.duration_workdays, second.duration_workdays)
    if first.kind == StepKind.ACTION:
        first.kind = second.kind
        first.notice_workdays = second.notice_workdays
    first.save()
    second.delete()
    _renumber(version)
    _audit_steps(actor, version, "step_merge", before)
    return first


@transaction.atomic
def step_split(*, actor, step: StepDefinition, first_name: str, second_name: str) -> StepDefinition:
    """Split a step in two: the first keeps its settings and documents, the second is a
    new step of the same kind and actor right after it."""
    version = locked_draft(actor, step.version)
    step = version.steps.get(pk=step.pk)
    first_name, second_name = (first_name or "").strip(), (second_name or "").strip()
    if not first_name or not second_name:
        raise ValidationError(_("拆分需要填写两个环节的名称"))
    before = [s.name for s in version.steps.order_by("order")]
    version.steps.filter(order__gt=step.order).update(order=F("order") + 1000)
    step.name = first_name[:300]
    step.save(update_fields=["name", "updated_at"])
    second = StepDefinition.objects.create(
        version=version,
        org_path=version.org_path,
        order=step.order + 1,
        name=second_name[:300],
        kind=step.kind,
        actor_kind=step.actor_kind,
        department=step.department,
        role_code=step.role_code,
        levels_up=step.levels_up,
        duration_workdays=step.duration_workdays,
        notice_workdays=step.notice_workdays,
    )
    _renumber(version)
    _audit_steps(actor, version, "step_split", before)
    return second


@transaction.atomic
def steps_replace(*, actor, version, steps: list[dict]) -> ProcessTemplateVersion:
    """Replace all steps of a draft (the API's PUT): all valid or nothing written."""
    version = locked_draft(actor, version)
    if not isinstance(steps, list) or not steps:
        raise ValidationError({"steps": _("流程至少需要一个环节")})
    organization = version.template.organization
    cleaned, errors = [], {}
    for index, fields in enumerate(steps, start=1):
        try:
            if not isinstance(fields, dict):
                raise ValidationError(_("环节应为对象"))
            cleaned.append(_clean_step_fields(organization, {"name": "", **fields}))
        except ValidationError as exc:
            errors[f"steps[{index}]"] = exc.messages
    if errors:
        raise ValidationError(errors)
    before = [s.name for s in version.steps.order_by("order")]
    version.steps.all().delete()
    StepDefinition.objects.bulk_create(
        [
            StepDefinition(version=version, org_path=version.org_path, order=i, **fields)
            for i, fields in enumerate(cleaned, start=1)
        ]
    )
    _audit_steps(actor, version, "steps_replace", before)
    return version
