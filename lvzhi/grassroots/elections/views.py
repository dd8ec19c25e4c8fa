"""The election page of a founding or a renewal: lists, counts and filing on one page,
each form posting to its own URL; a refusal shows the page again (400) with the message and
nothing written."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.scopes import scope_for

from .. import rules
from .. import selectors as grassroots_selectors
from ..models import ElectionKind, Stage
from . import forms, papers, selectors, services


def _forms(election, stages, bound=None):
    forms_by_name = {
        "method": forms.MethodForm(initial={"method": election.method}),
        "delegates": forms.DelegatesForm(
            initial={
                "delegates": "\n".join(
                    f"{d.name}，{d.workplace}".rstrip("，") for d in election.delegates.all()
                )
            }
        ),
        "file": forms.FileForm(founding=election.kind == ElectionKind.FOUNDING),
    }
    for stage, data in stages.items():
        forms_by_name[f"candidates_{stage}"] = forms.CandidatesForm(
            stage=stage,
            initial={
                "candidates": "\n".join(
                    "，".join(
                        p
                        for p in (
                            c.name,
                            c.get_seat_display() if stage != Stage.CONGRESS else "",
                            c.workplace,
                        )
                        if p
                    )
                    for c in data["candidates"]
                )
            },
        )
        ballot_round = data["round"]
        initial = {}
        if ballot_round is not None:
            initial = {
                name: getattr(ballot_round, name)
                for name in ("held_on", "expected", "present", "ballots_issued", "ballots_returned")
            }
        forms_by_name[f"ballots_{stage}"] = forms.BallotsForm(
            initial=initial, candidates=data["candidates"]
        )
    if bound is not None:
        forms_by_name[bound[0]] = bound[1]
    return forms_by_name


def _page(request, election, *, bound=None, status=200):
    stages = selectors.rounds_by_stage(election)
    for data in stages.values():
        data["form_candidates"] = None
    page_forms = _forms(election, stages, bound)
    for stage, data in stages.items():
        data["candidates_form"] = page_forms[f"candidates_{stage}"]
        data["ballots_form"] = page_forms[f"ballots_{stage}"]
    can_change = not election.filed and scope_for(request.user, "change").covers(election.org_path)
    steps = selectors.election_steps(election, stages)
    return render(
        request,
        "grassroots/election.html",
        {
            "election": election,
            "stages": list(stages.values()),
            "steps": steps,
            "forms": page_forms,
            "can_change": can_change,
            "method_rule": rules.ELECTION_METHODS[election.method],
            "delegates": list(election.delegates.all()),
            "papers": (
                papers.available(papers.gather(election))
                if election.kind == ElectionKind.RENEWAL
                else []
            ),
        },
        status=status,
    )


def _attempt(request, election, name, form, call, *, message=None, then=None):
    """Run ``call`` when ``form`` is valid; the page again with the errors otherwise."""
    if form.is_valid():
        try:
            result = call(form)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, message or _("已保存"))
            if then is not None:
                return then(result)
            return redirect("grassroots:election", election.pk)
    fresh = selectors.get_election(request.user, election.pk)
    return _page(request, fresh, bound=(name, form), status=400)


@login_required
def election_detail(request, pk):
    return _page(request, selectors.get_election(request.user, pk))


@login_required
@require_POST
def founding_election_open(request, pk):
    sixin = grassroots_selectors.get_sixin(request.user, pk, "create")
    try:
        election = services.election_open_founding(actor=request.user, sixin=sixin)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("grassroots:sixin-detail", sixin.pk)
    return redirect("grassroots:election", election.pk)


@login_required
@require_POST
def renewal_election_open(request, pk):
    from lvzhi.orgs.selectors import get_organization

    federation = get_organization(request.user, pk, "change")
    try:
        election = services.election_open_renewal(actor=request.user, federation=federation)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(f"{reverse('grassroots:renewals')}?org={federation.pk}")
    return redirect("grassroots:election", election.pk)


@login_required
@require_POST
def election_method(request, pk):
    election = selectors.get_election(request.user, pk, "change")
    return _attempt(
        request,
        election,
        "method",
        forms.MethodForm(request.POST),
        lambda f: services.election_set_method(
            actor=request.user, election=election, method=f.cleaned_data["method"]
        ),
    )


@login_required
@require_POST
def election_delegates(request, pk):
    election = selectors.get_election(request.user, pk, "change")
    return _attempt(
        request,
        election,
        "delegates",
        forms.DelegatesForm(request.POST),
        lambda f: services.delegates_replace(
            actor=request.user, election=election, delegates=f.rows()
        ),
    )


def _stage(stage):
    from django.http import Http404

    if stage not in Stage.values:
        raise Http404(_("页面不存在"))
    return stage


@login_required
@require_POST
def election_candidates(request, pk, stage):
    election = selectors.get_election(request.user, pk, "change")
    stage = _stage(stage)
    return _attempt(
        request,
        election,
        f"candidates_{stage}",
        forms.CandidatesForm(request.POST, stage=stage),
        lambda f: services.candidates_replace(
            actor=request.user,
            election=election,
            stage=stage,
            candidates=f.cleaned_data["candidates"],
        ),
    )


@login_required
@require_POST
def election_ballots(request, pk, stage):
    election = selectors.get_election(request.user, pk, "change")
    stage = _stage(stage)
    candidates = [c for c in election.candidates.all() if c.stage == stage]
    return _attempt(
        request,
        election,
        f"ballots_{stage}",
        forms.BallotsForm(request.POST, candidates=candidates),
        lambda f: services.ballots_record(
            actor=request.user, election=election, stage=stage, **f.service_fields()
        ),
    )


@login_required
@require_POST
def election_file(request, pk):
    election = selectors.get_election(request.user, pk, "change")
    founding = election.kind == ElectionKind.FOUNDING
    form = forms.FileForm(request.POST, founding=founding)
    if founding:
        call = lambda f: services.election_file_founding(  # noqa: E731
            actor=request.user, election=election, **f.cleaned_data
        )
    else:
        call = lambda f: services.election_file_renewal(  # noqa: E731
            actor=request.user, election=election, **f.cleaned_data
        )
    return _attempt(
        request,
        election,
        "file",
        form,
        call,
        message=_("选举结果已备案，新一届执委会已任职"),
        then=lambda organization: redirect("orgs:detail", organization.pk),
    )


@login_required
def renewal_document(request, pk, code):
    """One paper of a term renewal as Word (R-OR-08), for whoever may see its election;
    404 for an unknown code or another kind of election, 400 with the reason for the
    results report before the committee is elected."""
    election = selectors.get_election(request.user, pk)
    try:
        return papers.document_response(election, code)
    except ValidationError as exc:
        return HttpResponse(
            "；".join(exc.messages), status=400, content_type="text/plain; charset=utf-8"
        )
