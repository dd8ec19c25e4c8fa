"""Pages of meetings: a federation's meetings with their R-EX-10 verdicts and attendance,
the subtree list of federations without an executive meeting, oral reports at a meeting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.exports import Column, wants_xlsx, xlsx_response
from lvzhi.core.forms import run_service
from lvzhi.core.periods import today_local
from lvzhi.core.rulesets import load_ruleset
from lvzhi.core.selectors import current_organization
from lvzhi.members.common.selectors import member_person, ruleset_for
from lvzhi.members.meetings import forms
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings import services as svc
from lvzhi.members.meetings.views._helpers import _date_param, _nav, _year, _years
from lvzhi.members.models import AttendanceStatus, MeetingKind

MEETING_RULE = "R-EX-10"


def _meeting_columns(clause: str):
    """The list's columns (lvzhi/core/exports.py); an executive meeting counts towards
    R-EX-10, so it carries the rule and its clause in their own columns."""

    def counts(meeting) -> bool:
        return meeting.kind in sel.EXECUTIVE_KINDS

    return (
        Column(gettext_lazy("日期"), "date", width=12),
        Column(gettext_lazy("会议名称"), "title", width=36),
        Column.choice(gettext_lazy("类型"), "kind", MeetingKind.choices, width=14),
        Column(gettext_lazy("出席"), lambda m: m.present, width=8),
        Column(gettext_lazy("请假"), lambda m: m.excused, width=8),
        Column(gettext_lazy("无故缺席"), lambda m: m.absent, width=10),
        Column(gettext_lazy("妇女代表"), "representatives_present", width=10),
        Column(gettext_lazy("规则"), lambda m: MEETING_RULE if counts(m) else "", width=10),
        Column(gettext_lazy("依据"), lambda m: clause if counts(m) else ""),
    )


@login_required
def home(request):
    org = current_organization(request)
    if org is None:
        raise Http404(_("没有可查看的组织"))
    return redirect("members:meetings", org_pk=org.pk)


@login_required
def meeting_list(request, org_pk):
    org = sel.get_organization(request.user, org_pk)
    today = today_local()
    year = _year(request, today)
    meetings = sel.meetings_of(request.user, org, year)
    if wants_xlsx(request):
        clause = load_ruleset(ruleset_for(org))[MEETING_RULE].source
        return xlsx_response(
            meetings,
            _meeting_columns(clause),
            filename=_("%(org)s%(year)d年会议") % {"org": org.name, "year": year},
            sheet_title=_("会议"),
        )
    page = Paginator(meetings, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "members/meeting_list.html",
        {
            **_nav(org, request.user, "meetings"),
            "page": page,
            "year": year,
            "years": _years(today),
            "checks": sel.meeting_checks(org, year, today, ruleset_for(org)),
            "today": today,
        },
    )


@login_required
def meetings_missing(request, org_pk):
    """半年未召开执委会议的组织: the subtree's township and village federations flagged by
    R-EX-10 for a half-year (the last one ended, unless chosen)."""
    org = sel.get_organization(request.user, org_pk)
    today = today_local()
    period = sel.period_from_code(request.GET.get("half", ""), today)
    queryset = sel.missing_meetings_queryset(request.user, org, period)
    page = Paginator(queryset, 100).get_page(request.GET.get("page"))
    rows = sel.missing_meeting_rows(page.object_list, period, today)
    halves = []
    current = sel.period_from_code("", today)
    for _i in range(6):
        halves.append(current)
        current = current.previous()
    return render(
        request,
        "members/meeting_missing.html",
        {
            **_nav(org, request.user, "missing"),
            "page": page,
            "rows": rows,
            "period": period,
            "halves": halves,
            "rule_source": rows[0].check.verdict.source if rows else "",
        },
    )


@login_required
def meeting_new(request, org_pk):
    org = sel.get_organization(request.user, org_pk, "create")
    today = today_local()
    source = request.POST if request.method == "POST" else request.GET
    day = _date_param(source.get("date"), today)
    kind = source.get("kind") or MeetingKind.EXECUTIVE
    rows = sel.committee_rows(org, day, standing_only=kind == MeetingKind.STANDING)
    initial = {
        "date": day,
        "kind": kind,
        "title": _("%(org)s%(year)d年%(half)s执委会议")
        % {
            "org": org.short_name or org.name,
            "year": day.year,
            "half": _("上半年") if day.month <= 6 else _("下半年"),
        },
    }
    form = forms.MeetingForm(request.POST or None, initial=initial)
    attendance = forms.AttendanceForm(
        request.POST or None,
        rows=rows,
        initial={forms.attendance_field_name(r.person.pk): AttendanceStatus.PRESENT for r in rows},
    )
    if request.method == "POST" and form.is_valid() and attendance.is_valid():
        data = dict(form.cleaned_data)
        data["representatives_present"] = data.get("representatives_present") or 0
        meeting = run_service(
            form,
            lambda: svc.meeting_create(
                actor=request.user,
                organization=org,
                attendance=attendance.statuses(),
                today=today,
                **data,
            ),
        )
        if meeting is not None:
            messages.success(request, _("会议已记录"))
            return redirect("members:meeting", pk=meeting.pk)
    return render(
        request,
        "members/meeting_form.html",
        {
            **_nav(org, request.user, "meetings"),
            "form": form,
            "attendance": attendance,
            "title": _("记录会议"),
            "refresh_url": reverse("members:meeting-new", args=[org.pk]),
        },
    )


@login_required
def meeting_detail(request, pk):
    meeting = sel.get_meeting(request.user, pk)
    org = meeting.organization
    manage = sel.manages(request.user, org)
    reports = list(meeting.reports.select_related("person").order_by("person__name", "id"))
    if not manage:
        own = member_person(request.user)
        reports = [r for r in reports if own is not None and r.person_id == own.pk]
    return render(
        request,
        "members/meeting_detail.html",
        {
            **_nav(org, request.user, "meetings"),
            "meeting": meeting,
            "rows": sel.meeting_attendance(meeting),
            "counts": sel.attendance_counts(meeting),
            "labels": dict(AttendanceStatus.choices),
            "reports": reports,
            "evaluations": meeting.evaluations.count() if manage else None,
            "is_executive": meeting.kind in sel.EXECUTIVE_KINDS,
        },
    )


@login_required
def meeting_edit(request, pk):
    meeting = sel.get_meeting(request.user, pk, "change")
    org = meeting.organization
    initial = {name: getattr(meeting, name) for name in svc.MEETING_FIELDS}
    form = forms.MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["representatives_present"] = data.get("representatives_present") or 0
        done = run_service(
            form,
            lambda: svc.meeting_update(
                actor=request.user, meeting=meeting, today=today_local(), **data
            ),
        )
        if done is not None:
            messages.success(request, _("已保存"))
            return redirect("members:meeting", pk=meeting.pk)
    return render(
        request,
        "members/meeting_form.html",
        {
            **_nav(org, request.user, "meetings"),
            "form": form,
            "meeting": meeting,
            "title": _("修改会议"),
        },
    )


@login_required
def meeting_attendance(request, pk):
    meeting = sel.get_meeting(request.user, pk, "change")
    rows = sel.meeting_attendance(meeting)
    form = forms.AttendanceForm(
        request.POST or None,
        rows=rows,
        initial={
            forms.attendance_field_name(r.person.pk): r.status or AttendanceStatus.PRESENT
            for r in rows
        },
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: svc.attendance_set(
                actor=request.user, meeting=meeting, statuses=form.statuses()
            ),
        )
        if done is not None:
            messages.success(request, _("出席情况已保存"))
            return redirect("members:meeting", pk=meeting.pk)
    return render(
        request,
        "members/meeting_attendance.html",
        {**_nav(meeting.organization, request.user, "meetings"), "meeting": meeting, "form": form},
    )


@login_required
def meeting_oral(request, pk):
    """Record an oral report (口头述职) given at this meeting."""
    meeting = sel.get_meeting(request.user, pk, "change")
    rows = [
        r
        for r in sel.meeting_attendance(meeting)
        if r.status not in (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)
    ]
    form = forms.OralReportForm(request.POST or None, people=[r.person for r in rows])
    if request.method == "POST" and form.is_valid():
        person = next(r.person for r in rows if str(r.person.pk) == form.cleaned_data["person"])
        report = run_service(
            form,
            lambda: svc.report_oral_record(
                actor=request.user, meeting=meeting, person=person, text=form.cleaned_data["text"]
            ),
        )
        if report is not None:
            messages.success(request, _("已记录%(name)s的口头述职") % {"name": person.name})
            return redirect("members:meeting", pk=meeting.pk)
    return render(
        request,
        "members/report_oral_form.html",
        {**_nav(meeting.organization, request.user, "meetings"), "meeting": meeting, "form": form},
    )
