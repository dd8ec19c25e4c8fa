from lvzhi.core.duties.selectors import holds_duty
from lvzhi.core.scopes import scope_for
from lvzhi.core.selectors import current_organization, switcher_organizations


def platform(request):
    """Navigation context: the organization being worked on and the switcher's choices."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "current_org": current_organization(request),
        "switcher_orgs": switcher_organizations(request.user),
        "can_import": not scope_for(request.user, "import").empty,
        "can_manage_roles": holds_duty(request.user, "manage_roles"),
        "can_view_audit": holds_duty(request.user, "view_audit"),
    }
