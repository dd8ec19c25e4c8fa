"""Pages of nominations (R-MB-12) and their reviews."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.forms import run_service
from lvzhi.core.periods import today_local
from lvzhi.members import rules
from lvzhi.members.changes import selectors, services
from lvzhi.members.changes.forms import NominationForm, NominationReviewForm
from lvzhi.members.changes.views._helpers import _tabs
from lvzhi.members.common.selectors import ruleset_for
from lvzhi.members.models import NominationChannel


def _decorate_nominations(nominations, ruleset_cache=None):
    ruleset_cache = {} if ruleset_cache is None else ruleset_cache
    for nomination in nominations:
        path = nomination.org_path
        if path not in ruleset_cache:
            ruleset_cache[path] = ruleset_for(nomination.organization)
        nomination.state = selectors.nomination_state(nomination, ruleset_cache[path])
    return nominations


@login_required
def nomination_list(request, org):
    org = selectors.get_federation(request.user, org, "nominations")
    status = request.GET.get("status", "")
    nominations = list(selectors.nomination_list(request.user, org, status=status))
    _decorate_nominations(nominations, {org.path: ruleset_for(org)})
    context = _tabs(request.user, org, "nominations")
    context.update(nominations=nominations, status_filter=status)
    return render(request, "members/nomination_list.html", context)


@login_required
def nomination_create(request, org):
    org = selectors.get_federation(request.user, org, "create")
    today = today_local()
    ruleset = ruleset_for(org)
    form = NominationForm(
        request.POST or None, user=request.user, organization=org, today=today, ruleset=ruleset
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nomination = run_service(
            form,
            lambda: services.nomination_create(
                actor=request.user,
                organization=org,
                channel=data["channel"],
                person=data["person"],
                new_person={"name": data["new_name"], "workplace": data["new_workplace"]},
                residence=data["residence"],
                title=data["title"],
                supporters_members=data["supporters_members"] or 0,
                supporters_women=data["supporters_women"] or 0,
                extra_seat_kind=data["extra_seat_kind"],
                replaces=data["replaces"],
                note=data["note"],
                today=today,
            ),
        )
        if nomination is not None:
            messages.success(request, _("已登记提名"))
            return redirect("members:nomination-detail", pk=nomination.pk)
    context = _tabs(request.user, org, "nominations")
    size = context["committee_size"]
    context.update(
        form=form,
        threshold=rules.masses_member_threshold(size, ruleset) if size else None,
        women_threshold=rules.common.param("R-MB-12", "masses_women", ruleset),
    )
    return render(request, "members/nomination_form.html", context)


def _nomination_page(request, nomination, form=None):
    org = nomination.organization
    ruleset = ruleset_for(org)
    nomination.state = selectors.nomination_state(nomination, ruleset)
    done = selectors.nomination_reviews(nomination)
    is_open = nomination.status in selectors.OPEN_NOMINATION_STATUSES
    cadre = selectors.is_cadre(request.user, org)
    approver = selectors.is_party_approver(request.user, org)
    context = _tabs(request.user, org, "nominations")
    context.update(
        nomination=nomination,
        steps=[
            {**s, "label": selectors.NOMINATION_STEP_LABELS.get(s["step"], s["step"])}
            for s in nomination.steps
        ],
        can_initial_review=is_open
        and cadre
        and nomination.channel == NominationChannel.SELF
        and "initial_review" not in done,
        can_party_review=is_open
        and approver
        and nomination.channel != NominationChannel.PARTY
        and "party_review" not in done,
        can_reject=is_open and (cadre or approver),
        form=form or NominationReviewForm(),
        extra_kind_label=rules.extra_seat_kinds(ruleset).get(nomination.extra_seat_kind, ""),
    )
    return render(request, "members/nomination_detail.html", context)


@login_required
def nomination_detail(request, pk):
    return _nomination_page(request, selectors.get_nomination(request.user, pk))


@login_required
@require_POST
def nomination_review(request, pk):
    nomination = selectors.get_nomination(request.user, pk)
    form = NominationReviewForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: services.nomination_review(
            actor=request.user, nomination=nomination, **form.cleaned_data
        ),
    ):
        messages.success(request, _("已记录审查意见"))
        return redirect("members:nomination-detail", pk=nomination.pk)
    return _nomination_page(request, selectors.get_nomination(request.user, pk), form)
