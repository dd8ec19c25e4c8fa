"""Founding a federation (R-OR-05) as a guided procedure on the process engine: a template
whose steps follow the rule's order (candidates before delegates for a system federation,
CQ-XT 四), installed at the register's federation on first use, and one case per 四新
organization. The case's steps are approved where the rule says: the party organization,
the upper federation's cadre, the federation's own cadre."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.scopes import ensure_scope
from lvzhi.core.services import audit
from lvzhi.processes import services as processes
from lvzhi.processes.models import ActorKind, ProcessTemplate, StepKind, VersionStatus

from . import rules
from .models import SixinOrganization

# R-OR-05 step code → engine steps (name suffix, kind, actor kind, working days)
ENGINE_STEPS = {
    "preparatory_group": [("", StepKind.REVIEW, ActorKind.PARTY, 10)],
    "founding_plan": [
        (gettext_lazy("：上级妇联意见"), StepKind.REVIEW, ActorKind.ORG_ROLE, 10),
        (gettext_lazy("：党组织批复"), StepKind.REVIEW, ActorKind.PARTY, 10),
    ],
    "delegates": [("", StepKind.ACTION, ActorKind.ORG_ROLE, 20)],
    "candidates": [
        (gettext_lazy("：上级妇联意见"), StepKind.REVIEW, ActorKind.ORG_ROLE, 10),
        (gettext_lazy("：党组织批复"), StepKind.REVIEW, ActorKind.PARTY, 10),
    ],
    "congress": [("", StepKind.MEETING, ActorKind.ORG_ROLE, 20)],
    "first_meeting": [("", StepKind.MEETING, ActorKind.ORG_ROLE, 5)],
    "filing": [("", StepKind.ACTION, ActorKind.ORG_ROLE, 10)],
}
TEMPLATE_NAMES = {
    False: "建立四新组织妇联（R-OR-05，CQ-4X 附件）",
    True: "建立系统妇联（R-OR-05，CQ-XT 四）",
}


def founding_step_specs(*, system_federation: bool) -> list[dict]:
    specs = []
    for code, label in rules.founding_steps(system_federation=system_federation):
        for suffix, kind, actor_kind, days in ENGINE_STEPS[code]:
            spec = {
                "name": f"{label}{suffix!s}",
                "kind": kind,
                "actor_kind": actor_kind,
                "duration_workdays": days,
            }
            if actor_kind == ActorKind.ORG_ROLE:
                spec["role_code"] = "cadre"
            specs.append(spec)
    return specs


def founding_template(*, actor, organization, system_federation: bool = False) -> ProcessTemplate:
    """The published founding template at ``organization`` (installed on first use)."""
    name = TEMPLATE_NAMES[system_federation]
    template = (
        ProcessTemplate.objects.filter(organization=organization, name=name)
        .filter(versions__status=VersionStatus.PUBLISHED)
        .first()
    )
    if template is not None:
        return template
    template = processes.template_create(actor=actor, organization=organization, name=name)
    version = template.versions.get()
    processes.steps_replace(
        actor=actor,
        version=version,
        steps=founding_step_specs(system_federation=system_federation),
    )
    processes.version_publish(actor=actor, version=version)
    return template


@transaction.atomic
def founding_start(*, actor, sixin: SixinOrganization):
    """Start the founding case of a 四新 organization that has no federation yet."""
    ensure_scope(actor, "create", sixin.organization)
    row = SixinOrganization.objects.select_for_update().get(pk=sixin.pk)
    if row.covered_by_id is not None:
        raise ValidationError(_("该组织已有妇联覆盖，无需再建"))
    if row.founding_case_id is not None:
        raise ValidationError(_("该组织的建会程序已经启动"))
    template = founding_template(actor=actor, organization=row.organization)
    case = processes.case_start(
        actor=actor,
        template=template,
        organization=row.organization,
        title=_("%(name)s建立妇联") % {"name": row.name},
    )
    row.founding_case = case
    row.save(update_fields=["founding_case", "updated_at"])
    audit(
        actor=actor, action="founding_start", obj=row, changes={"founding_case": [None, str(case)]}
    )
    return case
