"""Writes of a system federation's founding (系统妇联, CQ-XT): the start checks R-OR-06 (the
agency has subordinate units and an existing 妇委会/妇工委; a refusal names what is missing
and writes nothing) and runs the system template (candidates before delegates, CQ-XT 四);
filing the election's results places the new federation under the keeping federation with
its first term and committee seated."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.scopes import ensure_scope
from lvzhi.core.services import audit
from lvzhi.orgs.models import Kind, Organization, System
from lvzhi.processes import services as processes

from .. import rules
from ..founding import founding_template, seat_committee
from ..models import SystemFounding


def _committee_ok(actor, organization, committee) -> bool:
    """An active 妇委会/妇工委 in ``organization``'s subtree that ``actor`` may see."""
    return (
        committee is not None
        and committee.kind == Kind.AGENCY_COMMITTEE
        and committee.is_active
        and committee.path.startswith(organization.path)
        and Organization.objects.restrict(actor, "view").filter(pk=committee.pk).exists()
    )


def start_verdict(*, actor, organization, subordinate_units, women_committee):
    """R-OR-06 on what the cadre gave: the verdict names what is missing."""
    return rules.system_federation_check(
        subordinate_units=subordinate_units or 0,
        has_women_committee=_committee_ok(actor, organization, women_committee),
    )


@transaction.atomic
def system_founding_start(
    *, actor, organization: Organization, agency: str, subordinate_units: int, women_committee
) -> SystemFounding:
    """Start founding a system federation in ``agency``, kept by ``organization``."""
    ensure_scope(actor, "create", organization)
    errors = {}
    agency = (agency or "").strip()
    if not agency:
        errors["agency"] = _("请填写机关名称")
    if subordinate_units is None or subordinate_units < 0:
        errors["subordinate_units"] = _("下属单位数应为不小于0的整数")
    if organization.system != System.WOMEN or organization.kind in (
        Kind.WOMEN_GROUP,
        Kind.MICRO_HOME,
    ):
        errors["organization"] = _("系统妇联只能由妇联组织建立")
    if errors:
        raise ValidationError(errors)
    check = start_verdict(
        actor=actor,
        organization=organization,
        subordinate_units=subordinate_units,
        women_committee=women_committee,
    )
    if check.outcome != "allowed":
        raise ValidationError(
            _("不能启动系统妇联建会：%(detail)s（%(rule)s %(source)s）")
            % {"detail": check.detail, "rule": check.rule_id, "source": check.source}
        )
    open_one = SystemFounding.objects.filter(
        women_committee=women_committee, federation__isnull=True
    ).exists()
    if open_one:
        raise ValidationError(_("该妇委会/妇工委的系统妇联建会程序已经启动"))
    template = founding_template(actor=actor, organization=organization, system_federation=True)
    case = processes.case_start(
        actor=actor,
        template=template,
        organization=organization,
        title=_("%(agency)s建立系统妇联") % {"agency": agency},
    )
    founding = SystemFounding.objects.create(
        organization=organization,
        org_path=organization.path,
        agency=agency[:200],
        subordinate_units=subordinate_units,
        women_committee=women_committee,
        founding_case=case,
    )
    audit(
        actor=actor,
        action="system_founding_start",
        obj=founding,
        changes={
            "agency": [None, founding.agency],
            "subordinate_units": [None, subordinate_units],
            "women_committee": [None, women_committee.name],
            "founding_case": [None, str(case)],
        },
    )
    return founding


def system_founding_complete(
    *, actor, founding: SystemFounding, name, code, term_start, term_end, chair, vices, members
) -> Organization:
    """The new system federation under the keeping federation, its first term and the
    elected committee seated (called by the election's filing, inside its transaction)."""
    from lvzhi.orgs import services as orgs

    ensure_scope(actor, "create", founding.organization)
    row = SystemFounding.objects.select_for_update().get(pk=founding.pk)
    if row.federation_id is not None:
        raise ValidationError(_("该系统妇联已经建立"))
    if term_end <= term_start:
        raise ValidationError({"term_end": _("届满日期应晚于起始日期")})
    federation = orgs.organization_create(
        actor=actor,
        parent=row.organization,
        name=name,
        code=code,
        kind=Kind.SYSTEM_FEDERATION,
    )
    term = orgs.term_create(
        actor=actor, organization=federation, number=1, start_date=term_start, end_date=term_end
    )
    seat_committee(
        actor=actor,
        organization=federation,
        term=term,
        chair=chair,
        vice_chairs=vices,
        members=members,
    )
    row.federation = federation
    row.save(update_fields=["federation", "updated_at"])
    audit(
        actor=actor,
        action="system_founding_complete",
        obj=row,
        changes={"federation": [None, federation.name]},
    )
    return federation
