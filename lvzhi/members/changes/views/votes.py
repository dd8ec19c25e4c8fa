"""Pages of vote sessions (R-MB-13, R-MB-14)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lvzhi.core.forms import errors_to_form
from lvzhi.core.periods import today_local
from lvzhi.members.changes import selectors, services
from lvzhi.members.changes.forms import VoteSessionForm
from lvzhi.members.changes.views._helpers import _tabs
from lvzhi.members.common.selectors import ruleset_for


@login_required
def vote_list(request, org):
    org = selectors.get_federation(request.user, org, "votes")
    sessions = list(
        selectors.vote_session_list(request.user, org).prefetch_related(
            "tallies__nomination__person"
        )
    )
    context = _tabs(request.user, org, "votes")
    context.update(sessions=sessions)
    return render(request, "members/vote_list.html", context)


@login_required
def vote_create(request, org):
    org = selectors.get_federation(request.user, org, "create")
    today = today_local()
    ruleset = ruleset_for(org)
    candidates = selectors.ready_nominations(org, ruleset)
    form = VoteSessionForm(
        request.POST or None,
        organization=org,
        today=today,
        candidates=candidates,
        initial={"date": today},
    )
    evaluation = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {
            "date": data["date"],
            "meeting": data["meeting"],
            "present": data["present"],
            "scrutineers": list(data["scrutineers"]),
            "scrutineers_approved": data["scrutineers_approved"],
            "counters": data["counters"],
            "tallies": form.tallies(),
            "today": today,
        }
        try:
            if request.POST.get("action") == "preview":
                evaluation = services.vote_session_evaluate(organization=org, **values)
            else:
                session = services.vote_session_record(
                    actor=request.user, organization=org, **values
                )
                messages.success(request, _("已记录表决结果"))
                return redirect("members:vote-detail", pk=session.pk)
        except ValidationError as exc:
            errors_to_form(form, exc)
    context = _tabs(request.user, org, "votes")
    context.update(form=form, candidates=candidates, evaluation=evaluation, today=today)
    return render(request, "members/vote_form.html", context)


@login_required
def vote_detail(request, pk):
    session = selectors.get_vote_session(request.user, pk)
    context = _tabs(request.user, session.organization, "votes")
    verdicts = session.verdicts
    context.update(
        session=session,
        tallies=sorted(session.tallies.all(), key=lambda t: t.pk),
        officers=[v for v in verdicts if v["rule_id"] == "R-MB-14"],
        size_before=[v for v in verdicts if v.get("when") == "before"],
        size_after=[v for v in verdicts if v.get("when") == "after"],
    )
    return render(request, "members/vote_detail.html", context)
