"""Pages of training (R-EX-11): sessions, coverage, attendees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.core.forms import run_service
from lvzhi.core.periods import today_local
from lvzhi.members.meetings import forms
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings import services as svc
from lvzhi.members.meetings.views._helpers import _can, _date_param, _nav


@login_required
def trainings(request, org_pk):
    org = sel.get_organization(request.user, org_pk)
    today = today_local()
    sessions = sel.trainings_of(request.user, org)
    page = Paginator(sessions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "members/training_list.html",
        {
            **_nav(org, request.user, "trainings"),
            "page": page,
            "view": sel.training_coverage(org, today),
        },
    )


@login_required
def training_new(request, org_pk):
    org = sel.get_organization(request.user, org_pk, "create")
    today = today_local()
    source = request.POST if request.method == "POST" else request.GET
    day = _date_param(source.get("date"), today)
    people = [r.person for r in sel.committee_rows(org, day)]
    form = forms.TrainingForm(request.POST or None, people=people, initial={"date": day})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        training = run_service(
            form,
            lambda: svc.training_create(
                actor=request.user,
                organization=org,
                title=data["title"],
                date=data["date"],
                hours=data.get("hours") or 0,
                attendees=[int(pk) for pk in data["attendees"]],
                today=today,
            ),
        )
        if training is not None:
            messages.success(request, _("培训已记录"))
            return redirect("members:training", pk=training.pk)
    return render(
        request,
        "members/training_form.html",
        {
            **_nav(org, request.user, "trainings"),
            "form": form,
            "refresh_url": reverse("members:training-new", args=[org.pk]),
        },
    )


@login_required
def training_detail(request, pk):
    training = sel.get_training(request.user, pk)
    org = training.organization
    attendees = sel.training_attendees(training)
    form = None
    if _can(request.user, "change", org):
        people = {r.person.pk: r.person for r in sel.committee_rows(org, training.date)}
        people.update({p.pk: p for p in attendees})
        form = forms.TrainingAttendanceForm(
            request.POST or None,
            people=list(people.values()),
            initial={"attendees": [str(p.pk) for p in attendees]},
        )
        if request.method == "POST" and form.is_valid():
            done = run_service(
                form,
                lambda: svc.training_attendance_set(
                    actor=request.user,
                    training=training,
                    attendees=[int(pk) for pk in form.cleaned_data["attendees"]],
                ),
            )
            if done is not None:
                messages.success(request, _("参训名单已保存"))
                return redirect("members:training", pk=training.pk)
    elif request.method == "POST":
        raise Http404(_("不在您的管理范围内"))
    return render(
        request,
        "members/training_detail.html",
        {
            **_nav(org, request.user, "trainings"),
            "training": training,
            "attendees": attendees,
            "form": form,
        },
    )
