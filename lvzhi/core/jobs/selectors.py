"""Reading jobs: only one's own, within one's scope."""

from django.db.models import Q

from lvzhi.core.scopes import scope_for

from .models import Job


def visible(user):
    """The jobs ``user`` may see: her own, and of those only the ones on data still in
    her view scope (or on public data)."""
    if user is None or not user.is_authenticated:
        return Job.objects.none()
    scope = scope_for(user, "view")
    mine = Job.objects.filter(owner=user)
    if scope.everything:
        return mine
    if scope.empty:
        return mine.filter(org_path="")
    return mine.filter(Q(org_path="") | scope.q("org_path"))
