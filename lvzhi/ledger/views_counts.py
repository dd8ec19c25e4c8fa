"""统计 and 复核: the ledger's counts by category and community for an organization's subtree
(the figures of the 妇女之家 board, R-HM-08)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from lvzhi.core.periods import today_local
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


@login_required
def recheck(request):
    """单亲困难母亲 due a re-check (R-RT-05), from the ledger."""
    today = today_local()
    return render(
        request,
        "ledger/recheck.html",
        {"rows": selectors.recheck_list(request.user, today), "today": today},
    )


TREND_BY = {"category": _("按类别"), "grid": _("按网格")}


@login_required
def trends(request):
    """逐月趋势: women in the ledger at each month's end, by category or by grid."""
    pk = request.GET.get("org") or getattr(current_organization(request), "pk", None)
    org = get_organization(
        request.user, pk if str(pk or "").isdigit() else 0, selectors.READ_ACTION
    )
    by = request.GET.get("by") or "category"
    if by not in TREND_BY:
        raise Http404
    data = selectors.trends(request.user, org, by=by, today=today_local())
    return render(
        request, "ledger/trends.html", {"org": org, "by": by, "choices": TREND_BY, **data}
    )
