"""Pages of the meetings area (/members/meetings/…): a federation's meetings with their
R-EX-10 verdicts and attendance, the subtree list of federations without an executive
meeting in a half-year, reports (R-EX-09) and the 述职报告 template, evaluations and yearly
results, 优秀执委 candidates and incentives, training (R-EX-11).

Thin: reads through ``selectors.meetings`` (every one from restrict()), writes through
``services.meetings``; out of scope answers 404.
"""

import datetime as dt
import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.catalog.exports import content_disposition
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for
from lvzhi.core.selectors import current_organization
from lvzhi.orgs.models import Person

from . import forms_meetings as forms
from .models import AttendanceStatus, MeetingKind, YearResult
from .reports_docx import build_report_docx, report_filename
from .selectors import meetings as sel
from .selectors.common import member_person, ruleset_for
from .services import meetings as svc

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# Helpers ---------------------------------------------------------------------------------


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _run(form, call):
    """Run a service; its ValidationError messages go on the form. None when refused."""
    try:
        return call()
    except ValidationError as exc:
        _errors_to_form(form, exc)
        return None


def _year(request, today: dt.date) -> int:
    value = request.GET.get("year", "")
    if value.isdigit() and svc.FIRST_YEAR <= int(value) <= today.year:
        return int(value)
    return today.year


def _years(today: dt.date) -> list[int]:
    return list(range(today.year, today.year - 5, -1))


def _can(user, action, org) -> bool:
    return scope_for(user, action).covers(org.path)


def _managed(request, org_pk):
    """The organization, for those who may change its records (cadres); else 404."""
    return sel.get_organization(request.user, org_pk, "change")


def _date_param(value, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return default


def _nav(org, user, active: str) -> dict:
    return {
        "org": org,
        "active": active,
        "can_manage": sel.manages(user, org),
        "can_create": _can(user, "create", org),
    }


# Meetings ----------------------------------------------------------------------------------


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
        meeting = _run(
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
        done = _run(
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
        done = _run(
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
        report = _run(
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


def _evaluation_page(request, org, *, meeting=None):
    today = today_local()
    year = meeting.date.year if meeting else _year(request, today)
    members = sel.committee_members(org, dt.date(year, 1, 1), dt.date(year, 12, 31))
    grades = sel.grades(ruleset_for(org))
    form = forms.EvaluationForm(
        request.POST or None,
        members=members,
        grades=grades,
        with_year=meeting is None,
        initial={"year": year},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        evaluator = None
        if data.get("evaluator"):
            evaluator = next(
                (m.person for m in members if str(m.person.pk) == data["evaluator"]), None
            )
        rows = _run(
            form,
            lambda: svc.evaluations_record(
                actor=request.user,
                organization=org,
                year=data.get("year", year),
                evaluator_kind=data["evaluator_kind"],
                evaluator_name=data.get("evaluator_name", ""),
                evaluator=evaluator,
                grades=form.grades(),
                meeting=meeting,
                today=today,
            ),
        )
        if rows is not None:
            messages.success(request, _("已记录%(n)d条评议") % {"n": len(rows)})
            target = reverse("members:evaluations", args=[org.pk]) + f"?year={rows[0].year}"
            return redirect(target)
    return render(
        request,
        "members/evaluation_form.html",
        {
            **_nav(org, request.user, "evaluations"),
            "form": form,
            "meeting": meeting,
            "year": year,
            "grades": grades,
        },
    )


@login_required
def meeting_evaluate(request, pk):
    meeting = sel.get_meeting(request.user, pk, "create")
    return _evaluation_page(request, meeting.organization, meeting=meeting)


# Reports -----------------------------------------------------------------------------------


@login_required
def report_status(request, org_pk):
    """R-EX-09 per member and period; a member sees her own row."""
    org = sel.get_organization(request.user, org_pk)
    today = today_local()
    year = _year(request, today)
    manage = sel.manages(request.user, org)
    own = None if manage else member_person(request.user)
    if manage:
        rows = sel.report_status_rows(org, year, today)
    else:
        rows = sel.report_status_rows(org, year, today, only_person=own) if own else []
    return render(
        request,
        "members/report_status.html",
        {
            **_nav(org, request.user, "reports"),
            "rows": rows,
            "year": year,
            "years": _years(today),
            "periods": sel.report_periods(year),
            "own": own,
        },
    )


@login_required
def report_written(request, org_pk):
    """Hand in a written yearly report (书面述职): a cadre for any member, a member for
    herself."""
    org = sel.get_organization(request.user, org_pk)
    today = today_local()
    manage = _can(request.user, "create", org)
    year = _year(request, today)
    if manage:
        people = [
            m.person
            for m in sel.committee_members(
                org, dt.date(year - 4, 1, 1), dt.date(today.year, 12, 31)
            )
        ]
    else:
        own = member_person(request.user)
        if own is None or not sel.is_seated_in(
            own, org, dt.date(year - 4, 1, 1), dt.date(today.year, 12, 31)
        ):
            raise Http404(_("不在您的管理范围内"))
        people = [own]
    meetings = list(
        sel.meetings_of(request.user, org)
        .filter(kind__in=sel.EXECUTIVE_KINDS, date__year__gte=year - 4)
        .order_by("-date")
    )
    initial = {"year": year}
    chosen = request.GET.get("person", "")
    if chosen.isdigit():
        initial["person"] = chosen
    form = forms.WrittenReportForm(
        request.POST or None,
        request.FILES or None,
        people=people,
        meetings=meetings,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = next(p for p in people if str(p.pk) == data["person"])
        meeting = next((m for m in meetings if str(m.pk) == data.get("meeting")), None)
        report = _run(
            form,
            lambda: svc.report_written_submit(
                actor=request.user,
                person=person,
                organization=org,
                year=data["year"],
                text=data.get("text", ""),
                file=data.get("file"),
                meeting=meeting,
                today=today,
            ),
        )
        if report is not None:
            messages.success(request, _("书面述职已提交"))
            return redirect("members:report", pk=report.pk)
    return render(
        request,
        "members/report_written_form.html",
        {**_nav(org, request.user, "reports"), "form": form, "year": year},
    )


@login_required
def report_detail(request, pk):
    report = sel.get_report(request.user, pk)
    return render(
        request,
        "members/report_detail.html",
        {**_nav(report.organization, request.user, "reports"), "report": report},
    )


@login_required
def report_file(request, pk):
    report = sel.get_report(request.user, pk)
    if not report.file:
        raise Http404(_("该述职没有上传文件"))
    ext = os.path.splitext(report.file.name)[1].lower()
    name = _("%(year)d年度书面述职-%(name)s%(ext)s") % {
        "year": report.year,
        "name": report.person.name,
        "ext": ext,
    }
    response = FileResponse(report.file.open("rb"), as_attachment=True)
    response["Content-Disposition"] = content_disposition(name)
    return response


def template_response(figures) -> HttpResponse:
    response = HttpResponse(build_report_docx(figures), content_type=DOCX)
    response["Content-Disposition"] = content_disposition(report_filename(figures))
    return response


def template_person(user, org, person_pk) -> Person:
    """The member whose 述职报告 template the user may have: any seated member for a cadre,
    herself for a member."""
    person = get_object_or_404(Person.objects.restrict(user, "view"), pk=person_pk)
    own = member_person(user)
    if not sel.manages(user, org) and (own is None or own.pk != person.pk):
        raise Http404(_("不在您的管理范围内"))
    if sel.tenure_at(person, org) is None:
        raise Http404(_("该人员不是本组织执委"))
    return person


@login_required
def report_template(request, org_pk, person_pk, year):
    org = sel.get_organization(request.user, org_pk)
    person = template_person(request.user, org, person_pk)
    if not svc.FIRST_YEAR <= year <= today_local().year:
        raise Http404(_("年度无效"))
    return template_response(sel.report_figures(person, org, year))


# Evaluations and yearly results ------------------------------------------------------------


@login_required
def evaluations(request, org_pk):
    org = _managed(request, org_pk)
    today = today_local()
    year = _year(request, today)
    return render(
        request,
        "members/evaluation_list.html",
        {
            **_nav(org, request.user, "evaluations"),
            "rows": sel.evaluation_rows(org, year),
            "grades": sel.grades(ruleset_for(org)),
            "year": year,
            "years": _years(today),
        },
    )


@login_required
def evaluation_new(request, org_pk):
    org = sel.get_organization(request.user, org_pk, "create")
    return _evaluation_page(request, org)


@login_required
@require_POST
def year_result(request, org_pk):
    org = _managed(request, org_pk)
    form = forms.YearResultForm(request.POST, grades=sel.grades(ruleset_for(org)))
    target = reverse("members:evaluations", args=[org.pk])
    if form.is_valid():
        data = form.cleaned_data
        person = get_object_or_404(Person.objects.restrict(request.user, "view"), pk=data["person"])
        target += f"?year={data['year']}"
        try:
            result = svc.year_result_decide(
                actor=request.user,
                person=person,
                organization=org,
                year=data["year"],
                grade=data["grade"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(name)s%(year)d年度评议结果：%(grade)s")
                % {"name": person.name, "year": result.year, "grade": result.grade},
            )
    else:
        messages.error(request, _("请选择评议等次"))
    return redirect(target)


# Excellent members and incentives ----------------------------------------------------------


@login_required
def excellent(request, org_pk):
    org = _managed(request, org_pk)
    today = today_local()
    year = _year(request, today)
    return render(
        request,
        "members/excellent_list.html",
        {
            **_nav(org, request.user, "excellent"),
            "listing": sel.excellent_candidates(org, year),
            "incentives": sel.incentives_of(request.user, org, year).order_by("person__name", "id"),
            "year": year,
            "years": _years(today),
        },
    )


@login_required
@require_POST
def excellent_select(request, org_pk):
    org = _managed(request, org_pk)
    form = forms.ExcellentSelectForm(request.POST)
    target = reverse("members:excellent", args=[org.pk])
    if not form.is_valid():
        messages.error(request, _("请求无效"))
        return redirect(target)
    data = form.cleaned_data
    result = get_object_or_404(
        YearResult.objects.restrict(request.user, "change").select_related("person"),
        organization=org,
        person_id=data["person"],
        year=data["year"],
    )
    try:
        svc.excellent_select(actor=request.user, result=result, is_excellent=data["is_excellent"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request,
            (_("已评为优秀执委：%(name)s") if data["is_excellent"] else _("已取消评选：%(name)s"))
            % {"name": result.person.name},
        )
    return redirect(f"{target}?year={data['year']}")


@login_required
def incentive_new(request, org_pk):
    org = sel.get_organization(request.user, org_pk, "create")
    today = today_local()
    year = _year(request, today)
    selected = list(
        YearResult.objects.filter(organization=org, is_excellent=True, year__gte=year - 4)
        .select_related("person")
        .order_by("person__name")
    )
    people = list({r.person.pk: r.person for r in selected}.values())
    initial = {"year": year}
    if request.GET.get("person", "").isdigit():
        initial["person"] = request.GET["person"]
    form = forms.IncentiveForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = next(p for p in people if str(p.pk) == data["person"])
        given = _run(
            form,
            lambda: svc.incentive_give(
                actor=request.user,
                person=person,
                organization=org,
                year=data["year"],
                kind=data["kind"],
                note=data.get("note", ""),
                amount=data.get("amount") or None,
                today=today,
            ),
        )
        if given is not None:
            messages.success(request, _("激励已记录"))
            return redirect(reverse("members:excellent", args=[org.pk]) + f"?year={given.year}")
    return render(
        request,
        "members/excellent_incentive_form.html",
        {**_nav(org, request.user, "excellent"), "form": form, "year": year},
    )


# Training ----------------------------------------------------------------------------------


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
        training = _run(
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
            done = _run(
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
