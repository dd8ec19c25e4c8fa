"""``{% navigation as nav %}``: which entries of the navbar the signed-in user may open,
so a role never sees a link that answers 404 (and a member sees her own pages first).

A user whose only roles are outside the federation tree (a social organization's user, a
third-party evaluator) gets ``outside``: the navbar shows her own pages only, with her
account, logout and language, and none of the federation's entries."""

from django import template

from lvzhi.core.scopes import scope_for, user_assignments
from lvzhi.dashboards import selectors
from lvzhi.members.activities import selectors as activity_selectors
from lvzhi.members.common.selectors import member_person
from lvzhi.members.compliance import selectors as compliance_selectors
from lvzhi.socialorgs.evaluations.roles import EVALUATOR
from lvzhi.socialorgs.roles import ORG_USER

register = template.Library()


@register.simple_tag(takes_context=True)
def navigation(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    org = context.get("current_org")
    kind = selectors.workbench_kind(user)
    if kind == selectors.NOTHING:
        codes = {assignment.role.code for assignment in user_assignments(user)}
        if codes & {ORG_USER, EVALUATOR}:
            return {"outside": True, "org_user": ORG_USER in codes, "evaluator": EVALUATOR in codes}
    change = scope_for(user, "change")
    return {
        "outside": False,  # named, so the template's lookups never fail (each failure costs)
        "member_only": kind == selectors.MEMBER,
        "workbench": kind != selectors.MEMBER,
        "own_pages": member_person(user) is not None or kind == selectors.MEMBER,
        "work": kind != selectors.MEMBER,
        "org_pages": org is not None,
        "committee": org is not None and change.covers(org.path),
        "compliance": org is not None and compliance_selectors.may_read_compliance(user, org),
        "suggestions": not activity_selectors.cadre_scope(user).empty,
    }
