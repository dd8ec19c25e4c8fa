"""Which rule set an organization (and its subtree) uses: a platform decision, audited;
the subtree's 七个一 rows are recomputed under the new rules at once."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.duties.selectors import holds_duty
from lvzhi.core.periods import today_local
from lvzhi.core.rulesets import available_rulesets
from lvzhi.core.scopes import PATH_END
from lvzhi.core.services import audit
from lvzhi.members.compliance import services as compliance
from lvzhi.members.models import MemberCompliance, RulesetChoice
from lvzhi.orgs.models import Organization


@transaction.atomic
def ruleset_choose(
    *, actor, organization: Organization, ruleset: str, today: dt.date | None = None
) -> RulesetChoice:
    if not holds_duty(actor, "manage_system"):
        raise PermissionDenied(_("只有系统管理员可以更改规则集"))
    if ruleset not in available_rulesets():
        raise ValidationError(
            {
                "ruleset": _("没有规则集 %(code)s（可用：%(codes)s）")
                % {"code": ruleset, "codes": "、".join(available_rulesets())}
            }
        )
    today = today or today_local()
    before = (
        RulesetChoice.objects.select_for_update()
        .filter(organization=organization)
        .values_list("ruleset", flat=True)
        .first()
    )
    choice, _created = RulesetChoice.objects.update_or_create(
        organization=organization, defaults={"ruleset": ruleset}
    )
    path = organization.path
    counted = (
        MemberCompliance.objects.filter(org_path__gte=path, org_path__lt=path + PATH_END)
        .values_list("organization_id", flat=True)
        .distinct()
    )
    organizations = list(Organization.objects.filter(pk__in=counted))
    if organizations:
        compliance.rebuild(organizations=organizations, year=today.year, today=today)
    # audited last: the audit chain's lock is the last lock a transaction takes
    audit(
        actor=actor,
        action="ruleset",
        obj=choice,
        organization=organization,
        changes={"ruleset": [before, ruleset]},
    )
    return choice
