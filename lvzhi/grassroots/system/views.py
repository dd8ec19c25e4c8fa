"""Pages of system federation foundings (R-OR-06): the subtree's list, the start form (a
refusal names what is missing, 400, nothing written) and a founding's page leading to its
case and its election. Out-of-scope ids answer 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.scopes import scope_for

from .. import rules
from ..elections import services as election_services
from ..views import _org_from_request
from . import forms, papers, selectors, services


@login_required
def system_foundings(request):
    org = _org_from_request(request)
    return render(
        request,
        "grassroots/system_foundings.html",
        {
            "org": org,
            "rows": list(selectors.system_foundings(request.user, org)),
            "can_create": scope_for(request.user, "create").covers(org.path),
        },
    )


@login_required
def system_founding_create(request):
    org = _org_from_request(request, "create")
    form = forms.SystemFoundingForm(
        request.POST or None, committees=selectors.women_committees(request.user, org)
    )
    if request.method == "POST" and form.is_valid():
        try:
            founding = services.system_founding_start(
                actor=request.user, organization=org, **form.cleaned_data
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("已启动系统妇联建会程序"))
            return redirect("grassroots:system-founding", founding.pk)
    return render(
        request,
        "grassroots/system_founding_form.html",
        {"org": org, "form": form, "steps": rules.founding_steps(system_federation=True)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def system_founding_detail(request, pk):
    founding = selectors.get_system_founding(request.user, pk)
    election = getattr(founding, "election", None)
    return render(
        request,
        "grassroots/system_founding.html",
        {
            "founding": founding,
            "election": election,
            "papers": papers.available(papers.gather(founding)),
            "can_change": founding.federation_id is None
            and scope_for(request.user, "create").covers(founding.org_path),
        },
    )


@login_required
@require_POST
def system_founding_election(request, pk):
    founding = selectors.get_system_founding(request.user, pk, "create")
    try:
        election = election_services.election_open_system(actor=request.user, founding=founding)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("grassroots:system-founding", founding.pk)
    return redirect("grassroots:election", election.pk)


@login_required
def system_founding_document(request, pk, code):
    """One paper of the founding as Word, for whoever may see it; 404 for an unknown code
    or the results report before the results are filed."""
    founding = selectors.get_system_founding(request.user, pk)
    return papers.document_response(founding, code)
