"""Pages of needs (需求转办): recorded and referred from her entry page, where each need
shows where it went and its outcome (``selectors_needs``)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.processes.selectors import startable_templates

from . import selectors, selectors_needs, services_grids, services_needs
from .forms import NeedForm, ReferForm
from .views import post_action


@login_required
@require_POST
def need_create(request, pk):
    entry = selectors.get_entry(request.user, pk)
    if not services_grids.may_visit(request.user, entry):
        raise Http404
    post_action(
        request,
        NeedForm(request.POST, entry=entry),
        lambda data: services_needs.need_create(actor=request.user, entry=entry, **data),
        _("已登记需求"),
    )
    return redirect("ledger:entry", pk=entry.pk)


@login_required
@require_POST
def need_refer(request, pk):
    need = selectors_needs.get_need(request.user, pk)
    if not services_needs.may_refer(request.user, need, "suggestion"):
        raise Http404  # a case is the cadre's, who may refer a 建议 too
    form = ReferForm(
        request.POST, templates=startable_templates(request.user, need.entry.organization)
    )
    post_action(
        request,
        form,
        lambda data: services_needs.need_refer(
            actor=request.user,
            need=need,
            referred_as=data["referred_as"],
            template=data["template"],
        ),
        _("已转办"),
    )
    return redirect("ledger:entry", pk=need.entry_id)
