"""Pages of deliberation (议事, R-HM-07): a home's topics (with the form to add one) and
meetings, recording a meeting, a meeting with its decisions, feedback and reports, and the
public topic form on the home's public page. The cadre pages are read and written by who
may change the home (topics name who raised them); anyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.forms import errors_to_form, run_service
from lvzhi.core.http import client_ip
from lvzhi.core.periods import today_local

from .. import selectors as home_selectors
from . import selectors, services
from .forms import (
    DecisionForm,
    DropForm,
    EscalateForm,
    FeedbackForm,
    MeetingForm,
    PublicTopicForm,
    ReportForm,
    TopicForm,
)


def _home(request, pk):
    return home_selectors.get_home(request.user, pk, selectors.READ_ACTION)


@login_required
def deliberation(request, pk):
    """The home's topics (newest first) and meetings; POST adds a topic."""
    home = _home(request, pk)
    form = TopicForm(request.POST or None, initial={"raised_on": today_local()})
    status = 200
    if request.method == "POST":
        if form.is_valid() and run_service(
            form,
            lambda: services.topic_create(actor=request.user, home=home, **form.cleaned_data),
        ):
            messages.success(request, _("已记录议题"))
            return redirect("homes:deliberation", home.pk)
        status = 400
    return render(
        request,
        "homes/deliberation.html",
        {
            "home": home,
            "can_change": True,
            "topics": selectors.topics_of(request.user, home),
            "meetings": selectors.meetings_of(request.user, home),
            "form": form,
            "drop_form": DropForm(),
        },
        status=status,
    )


@login_required
@require_POST
def topic_drop(request, pk):
    topic = selectors.get_topic(request.user, pk)
    form = DropForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("请填写不予议事的理由"))
        services.topic_drop(actor=request.user, topic=topic, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已记录不予议事"))
    return redirect("homes:deliberation", topic.home_id)


@login_required
def meeting_add(request, pk):
    home = _home(request, pk)
    form = MeetingForm(
        request.POST or None,
        topics=selectors.open_topics(home),
        initial={"date": today_local(), "form": "plenary"},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            meeting = run_service(
                form,
                lambda: services.meeting_record(
                    actor=request.user, home=home, **form.service_fields()
                ),
            )
            if meeting is not None:
                messages.success(request, _("已记录议事会，请逐项记录议事决定"))
                return redirect("homes:meeting", meeting.pk)
        status = 400
    return render(
        request,
        "homes/meeting_form.html",
        {"home": home, "can_change": True, "form": form},
        status=status,
    )


def _meeting_page(request, meeting, *, decision_form=None, status=200):
    decisions = [
        selectors.with_verdict(d)
        for d in selectors.with_escalations(selectors.decisions_of(meeting))
    ]
    escalate_form = None
    if any(d.major and not d.escalated_as for d in decisions):
        escalate_form = EscalateForm(home=meeting.home, user=request.user, today=today_local())
    return render(
        request,
        "homes/meeting.html",
        {
            "home": meeting.home,
            "can_change": True,
            "meeting": meeting,
            "verdict": meeting.verdicts[-1] if meeting.verdicts else None,
            "decisions": decisions,
            "decision_form": decision_form or DecisionForm(meeting=meeting),
            "feedback_form": FeedbackForm(initial={"feedback_on": today_local()}),
            "report_form": ReportForm(initial={"reported_on": today_local()}),
            "escalate_form": escalate_form,
        },
        status=status,
    )


@login_required
def meeting_detail(request, pk):
    meeting = selectors.get_meeting(request.user, pk)
    if request.method != "POST":
        return _meeting_page(request, meeting)
    form = DecisionForm(request.POST, meeting=meeting)
    if form.is_valid() and run_service(
        form,
        lambda: services.decision_record(actor=request.user, meeting=meeting, **form.cleaned_data),
    ):
        messages.success(request, _("已记录议事决定"))
        return redirect("homes:meeting", meeting.pk)
    return _meeting_page(request, meeting, decision_form=form, status=400)


def _decision_step(request, pk, form_class, call, done):
    decision = selectors.get_decision(request.user, pk)
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        call(decision, form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        response = _meeting_page(request, decision.meeting, status=400)
        return response
    messages.success(request, done)
    return redirect("homes:meeting", decision.meeting_id)


@login_required
@require_POST
def decision_feedback(request, pk):
    return _decision_step(
        request,
        pk,
        FeedbackForm,
        lambda d, data: services.decision_feedback(actor=request.user, decision=d, **data),
        _("已记录反馈"),
    )


@login_required
@require_POST
def decision_report(request, pk):
    return _decision_step(
        request,
        pk,
        ReportForm,
        lambda d, data: services.decision_report(actor=request.user, decision=d, **data),
        _("已记录上报"),
    )


@login_required
@require_POST
def decision_escalate(request, pk):
    """A major issue becomes an executive member's 建议 or a case (办件)."""
    decision = selectors.get_decision(request.user, pk)
    form = EscalateForm(
        request.POST, home=decision.meeting.home, user=request.user, today=today_local()
    )
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        services.decision_escalate(actor=request.user, decision=decision, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return _meeting_page(request, decision.meeting, status=400)
    messages.success(request, _("已转办"))
    return redirect("homes:meeting", decision.meeting_id)


def public_topic(request, pk):
    """The public topic form (网上征集) on a home's public page: no login; the name and
    contact are optional and never shown."""
    home = home_selectors.get_public_home(pk)
    form = PublicTopicForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.public_topic_submit(
                    actor=request.user,
                    home=home,
                    client_address=client_ip(request),
                    **form.cleaned_data,
                )
            except services.TopicRateLimited as exc:
                form.add_error(None, str(exc))
                status = 429
            except ValidationError as exc:
                errors_to_form(form, exc)
                status = 400
            else:
                return redirect(reverse("homes:public-detail", args=[home.pk]) + "?topic=1")
        else:
            status = 400
    return render(request, "homes/public_topic.html", {"home": home, "form": form}, status=status)
