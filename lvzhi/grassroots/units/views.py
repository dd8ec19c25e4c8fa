"""Pages of women's groups (R-OR-03) and 微家: create under a federation, a unit's members,
leader, verdict and (微家) activities, the subtree's 微家. Refusals show the form again
(400) with nothing written; out-of-scope ids answer 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for
from lvzhi.orgs.models import Kind, Position

from ..views import _org_from_request
from . import forms, selectors, services


def _apply(form, call):
    try:
        return call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return None


def _create(request, kind):
    parent = _org_from_request(request, "create")
    today = today_local()
    executives = selectors.upper_executives(request.user, parent, today)
    form = forms.SmallUnitForm(
        request.POST or None,
        kind=kind,
        executives=executives,
        initial={"start_date": today},
    )
    if request.method == "POST" and form.is_valid():
        unit = _apply(
            form,
            lambda: services.small_unit_create(
                actor=request.user, parent=parent, kind=kind, **form.service_fields()
            ),
        )
        if unit is not None:
            messages.success(request, _("已新建%(name)s") % {"name": unit.name})
            return redirect("grassroots:unit", unit.pk)
    title = _("新建妇女小组") if kind == Kind.WOMEN_GROUP else _("新建妇女微家")
    return render(
        request,
        "grassroots/unit_form.html",
        {"form": form, "parent": parent, "title": title},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def women_group_create(request):
    return _create(request, Kind.WOMEN_GROUP)


@login_required
def micro_home_create(request):
    return _create(request, Kind.MICRO_HOME)


def _detail(request, unit, *, bound=None, status=200):
    today = today_local()
    members = selectors.unit_members(unit, today)
    page_forms = {
        "member": forms.MemberForm(initial={"start_date": today}),
        "end": forms.MemberEndForm(initial={"end_date": today}),
        "activity": forms.ActivityForm(initial={"held_on": today}),
    }
    if bound is not None:
        page_forms[bound[0]] = bound[1]
    activities = []
    profile = None
    if unit.kind == Kind.MICRO_HOME:
        activities = list(unit.micro_home_activities.order_by("-held_on", "-id")[:50])
        profile = getattr(unit, "micro_home", None)
    return render(
        request,
        "grassroots/unit_detail.html",
        {
            "unit": unit,
            "profile": profile,
            "members": members,
            "verdict": selectors.unit_verdict(members),
            "activities": activities,
            "forms": page_forms,
            "can_change": scope_for(request.user, "change").covers(unit.path),
        },
        status=status,
    )


@login_required
def unit_detail(request, pk):
    return _detail(request, selectors.get_unit(request.user, pk))


def _post(request, pk, name, form, call):
    unit = selectors.get_unit(request.user, pk, "change")
    if form.is_valid() and _apply(form, lambda: call(unit)) is not None:
        messages.success(request, _("已保存"))
        return redirect("grassroots:unit", unit.pk)
    return _detail(request, unit, bound=(name, form), status=400)


@login_required
@require_POST
def unit_member_add(request, pk):
    form = forms.MemberForm(request.POST)
    return _post(
        request,
        pk,
        "member",
        form,
        lambda unit: services.unit_member_add(actor=request.user, unit=unit, **form.cleaned_data),
    )


@login_required
@require_POST
def unit_member_end(request, pk, position_pk):
    form = forms.MemberEndForm(request.POST)

    def end(unit):
        position = get_object_or_404(Position.objects.filter(organization=unit), pk=position_pk)
        return services.unit_member_end(
            actor=request.user, position=position, end_date=form.cleaned_data["end_date"]
        )

    return _post(request, pk, "end", form, end)


@login_required
@require_POST
def micro_home_activity_add(request, pk):
    form = forms.ActivityForm(request.POST)
    return _post(
        request,
        pk,
        "activity",
        form,
        lambda unit: services.micro_home_activity_add(
            actor=request.user, unit=unit, **form.cleaned_data
        ),
    )


@login_required
def micro_homes(request):
    org = _org_from_request(request)
    rows = selectors.micro_homes(request.user, org, today_local())
    return render(
        request,
        "grassroots/micro_homes.html",
        {
            "org": org,
            "rows": rows,
            "can_create": scope_for(request.user, "create").covers(org.path),
        },
    )
