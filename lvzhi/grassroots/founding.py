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


def seat_committee(*, actor, organization, term, chair: str, vice_chairs, members) -> list:
    """Seat a committee for ``term`` from its start: chair, vice-chairs, members. A person
    already on record at the organization under the same name (one only) is seated again,
    not typed a second time."""
    from lvzhi.orgs import services as orgs
    from lvzhi.orgs.models import Person, Title

    seats = [(chair, Title.CHAIR)] + [(n, Title.VICE_CHAIR) for n in vice_chairs]
    seats += [(n, Title.MEMBER) for n in members]
    known = {}
    for person in Person.objects.filter(
        organization=organization, name__in=[name for name, _title in seats]
    ):
        known.setdefault(person.name, []).append(person)
    positions = []
    for person_name, title in seats:
        same = known.get(person_name, [])
        person = same[0] if len(same) == 1 else None
        if person is None:
            person = orgs.person_create(
                actor=actor, organization=organization, name=person_name, gender="F"
            )
        positions.append(
            orgs.position_create(
                actor=actor,
                person=person,
                organization=organization,
                term=term,
                title=title,
                start_date=term.start_date,
            )
        )
    return positions


def _names(value) -> list[str]:
    if isinstance(value, str):
        value = value.replace("，", "\n").replace(",", "\n").replace("、", "\n").splitlines()
    return [name.strip() for name in value if name and name.strip()]


@transaction.atomic
def founding_complete(
    *,
    actor,
    sixin: SixinOrganization,
    name: str,
    code: str,
    term_start,
    term_end,
    chair: str,
    vice_chairs,
    members=(),
    ballots_issued: int,
    ballots_returned: int,
):
    """File the results (the last R-OR-05 step): the new federation is placed under the
    register's federation with its first term, chair, vice-chairs and members seated, and
    it covers the 四新 organization. R-OR-04 (1 chair, 2–3 vice-chairs) and the ballot
    count (returned ≤ issued) are checked first; a refusal writes nothing."""
    from lvzhi.orgs import services as orgs
    from lvzhi.orgs.models import Kind

    ensure_scope(actor, "create", sixin.organization)
    row = SixinOrganization.objects.select_for_update().get(pk=sixin.pk)
    if row.covered_by_id is not None:
        raise ValidationError(_("该组织已有妇联覆盖，无需再建"))
    if row.founding_case_id is None:
        raise ValidationError(_("请先启动建会程序"))
    vice_chairs, members = _names(vice_chairs), _names(members)
    errors = dict(rules.vote_counts_errors(issued=ballots_issued, returned=ballots_returned))
    if "returned" in errors:
        errors["ballots_returned"] = errors.pop("returned")
    committee = rules.committee_verdict(
        chairs=1 if chair.strip() else 0, vice_chairs=len(vice_chairs)
    )
    if committee.outcome != "accepted":
        errors["vice_chairs"] = f"{committee.detail}（{committee.rule_id} {committee.source}）"
    if errors:
        raise ValidationError(errors)
    kind = Kind.SIXIN_STANDALONE if row.expected_form == "standalone" else Kind.SIXIN_JOINT
    federation = orgs.organization_create(
        actor=actor, parent=row.organization, name=name, code=code, kind=kind, address=row.address
    )
    term = orgs.term_create(
        actor=actor, organization=federation, number=1, start_date=term_start, end_date=term_end
    )
    seat_committee(
        actor=actor,
        organization=federation,
        term=term,
        chair=chair.strip(),
        vice_chairs=vice_chairs,
        members=members,
    )
    before = row.covered_by
    row.covered_by = federation
    row.founding_ballots_issued = ballots_issued
    row.founding_ballots_returned = ballots_returned
    row.save(
        update_fields=[
            "covered_by",
            "founding_ballots_issued",
            "founding_ballots_returned",
            "updated_at",
        ]
    )
    audit(
        actor=actor,
        action="founding_complete",
        obj=row,
        changes={
            "covered_by": [str(before) if before else None, federation.name],
            "ballots": [None, f"{ballots_returned}/{ballots_issued}"],
        },
    )
    return federation
