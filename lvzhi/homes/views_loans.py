"""Lending to a woman of the ledger (R-HM-05): the cadre who may change the home searches
the women's ledger by name (hook ``home_borrowers``: those she may read under the home's
federation, phones masked, no ID number) and lends an item to the one she picks; an
outsider is still typed in on the register's page."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.forms import run_service
from lvzhi.core.periods import today_local
from lvzhi.orgs.forms import DateInput

from . import selectors, services
from .models import Item
from .selectors_loans import borrowers

LOAN_DAYS = 14


class LedgerLoanForm(forms.Form):
    borrower_entry = forms.TypedChoiceField(
        label=gettext_lazy("借阅人（妇女信息台账）"), coerce=int, choices=()
    )
    item = forms.ModelChoiceField(label=gettext_lazy("物品"), queryset=Item.objects.none())
    lent_on = forms.DateField(label=gettext_lazy("借出日期"), widget=DateInput())
    due_date = forms.DateField(label=gettext_lazy("应还日期"), widget=DateInput())
    note = forms.CharField(label=gettext_lazy("备注"), max_length=200, required=False)

    def __init__(self, *args, items, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["borrower_entry"].choices = [(p["id"], p["label"]) for p in people]


@login_required
def loan_from_ledger(request, pk):
    home = selectors.get_home(request.user, pk, "change")
    today = today_local()
    query = (request.GET.get("q") or "").strip()[:50]
    posted = request.POST.get("borrower_entry", "")
    people = borrowers(
        request.user, home, query=query, ids=[posted] if request.method == "POST" else ()
    )
    form = LedgerLoanForm(
        request.POST or None,
        items=selectors.lendable_items(home),
        people=people,
        initial={"lent_on": today, "due_date": today + dt.timedelta(days=LOAN_DAYS)},
    )
    if request.method == "POST" and form.is_valid():
        if run_service(
            form, lambda: services.loan_create(actor=request.user, home=home, **form.cleaned_data)
        ):
            messages.success(request, _("已登记借出"))
            return redirect("homes:loans", home.pk)
    return render(
        request,
        "homes/loan_ledger.html",
        {"home": home, "form": form, "query": query, "people": people},
        status=400 if request.method == "POST" else 200,
    )
