"""统计: the ledger's counts by category and community for an organization's subtree
(the figures of the 妇女之家 board, R-HM-08)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lvzhi.core.selectors import current_organization
from lvzhi.orgs.selectors import get_organization

from . import selectors


@login_required
def counts(request):
    """``?org=`` (default: the organization chosen in the switcher); 404 outside the
    organizations whose ledger the user may read."""
    pk = request.GET.get("org") or getattr(current_organization(request), "pk", None)
    org = get_organization(
        request.user, pk if str(pk or "").isdigit() else 0, selectors.READ_ACTION
    )
    return render(
        request, "ledger/counts.html", {"org": org, **selectors.counts(request.user, org)}
    )
