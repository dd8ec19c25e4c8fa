"""Reads shared by every module: the organization a user is working on."""

from lvzhi.core.models import AuditEvent, organization_model
from lvzhi.core.scopes import user_assignments

SESSION_ORG_KEY = "lvzhi_current_org"
SWITCHER_LIMIT = 50


def switcher_organizations(user):
    """Organizations offered in the switcher: those the user's assignments name (the tops
    of her scope), not her whole subtree; deeper ones are reached from the tree. Read once
    per request (kept on the user, as her scopes; ``forget_scopes`` drops it)."""
    cached = user.__dict__.get("_lvzhi_switcher")
    if cached is not None:
        return cached
    Organization = organization_model()
    if user.is_superuser:
        cached = list(Organization.objects.filter(depth__lte=2)[:SWITCHER_LIMIT])
    else:
        # the organizations of her assignments, already loaded with them (no query), in
        # the tree's order as the manager gives them
        named = {a.organization_id: a.organization for a in user_assignments(user)}
        named.pop(None, None)
        cached = sorted(named.values(), key=lambda org: org.path)[:SWITCHER_LIMIT]
    user.__dict__["_lvzhi_switcher"] = cached
    return cached


def current_organization(request):
    """The organization chosen in the switcher, if still in scope, else the first one."""
    Organization = organization_model()
    cached = getattr(request, "_lvzhi_current_org", None)
    if cached is not None:
        return cached
    org = None
    org_id = request.session.get(SESSION_ORG_KEY)
    if org_id:
        org = Organization.objects.restrict(request.user, "view").filter(pk=org_id).first()
    if org is None:
        choices = switcher_organizations(request.user)
        org = choices[0] if choices else None
    request._lvzhi_current_org = org
    return org


def history_for(user, obj):
    """Audit events of one object, visible to users who may view the object's org."""
    return (
        AuditEvent.objects.restrict(user, "view")
        .filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .select_related("actor")
    )
