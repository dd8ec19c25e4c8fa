"""The public complaint form on an organization's public page (no login), the page that
shows the tracking code once, and the federation's complaints list. The tracking page and
the answer are the supervision messages' own (catalog:message-track, the message inbox)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from lvzhi.catalog import messages as msg
from lvzhi.catalog.views_messages import MessageForm, client_address
from lvzhi.core.api import parse_id
from lvzhi.core.forms import errors_to_form
from lvzhi.socialorgs import selectors as so_selectors

from . import selectors, services

SESSION_CODE = "socialorg_complaint_sent"


class ComplaintForm(MessageForm):
    text = forms.CharField(
        label=gettext_lazy("投诉内容"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": msg.TEXT_MAX}),
    )


def complaint_send(request, pk):
    organization = so_selectors.get_public_organization(parse_id(pk) or 0)
    form = ComplaintForm(request.POST or None)
    answer_status = 200
    if request.method == "POST" and form.is_valid():
        try:
            complaint, code = services.complaint_send(
                actor=request.user,
                organization=organization,
                client_address=client_address(request),
                **form.cleaned_data,
            )
        except msg.RateLimited as exc:
            form.add_error(None, str(exc))
            answer_status = 429
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            request.session[SESSION_CODE] = {
                "code": msg.format_tracking_code(code),
                "organization": organization.name,
                "federation": organization.federation.name,
                "due_on": complaint.message.due_on.isoformat(),
            }
            return redirect("socialorgs_complaints:sent")
    return render(
        request,
        "socialorgs_complaints/form.html",
        {
            "row": organization,
            "form": form,
            "text_max": msg.TEXT_MAX,
            "reply_workdays": msg.reply_workdays(),
        },
        status=answer_status,
    )


def complaint_sent(request):
    """Shows the tracking code once: it is popped from the session."""
    sent = request.session.pop(SESSION_CODE, None)
    return render(request, "socialorgs_complaints/sent.html", {"sent": sent})


@login_required
def complaint_list(request):
    rows = selectors.complaints(request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    selectors.decorate(page.object_list)
    return render(request, "socialorgs_complaints/list.html", {"page": page})
