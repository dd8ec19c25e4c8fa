"""Pages of reports (R-EX-09): status per member, written reports and their files, the
述职报告 Word template."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import files
from lvzhi.core.exports import Column, wants_xlsx, xlsx_response
from lvzhi.core.forms import run_service
from lvzhi.core.periods import today_local
from lvzhi.members import rules
from lvzhi.members.common.selectors import member_person
from lvzhi.members.meetings import forms
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings import services as svc
from lvzhi.members.meetings.reports_docx import report_file_name, template_response
from lvzhi.members.meetings.views._helpers import _can, _nav, _year, _years


def _report_kind_label(kind) -> str:
    return _("口头述职") if kind == "oral" else _("书面述职")


# Excel export (lvzhi/core/exports.py): one row per member × report due (oral each half,
# written for the year), the status, counts, rule id and clause as the page shows them.
REPORT_COLUMNS = (
    Column(gettext_lazy("执委"), lambda r: r[0].person.name, width=12),
    Column(gettext_lazy("职务"), lambda r: r[0].title_label, width=10),
    Column(gettext_lazy("述职"), lambda r: _report_kind_label(r[1]), width=10),
    Column(gettext_lazy("期间"), lambda r: r[2].period.label),
    Column(
        gettext_lazy("状态"),
        lambda r: str(rules.STATUS_LABELS.get(r[2].status, r[2].status)),
        width=12,
    ),
    Column(gettext_lazy("已完成"), lambda r: r[2].done, width=8),
    Column(gettext_lazy("应完成"), lambda r: r[2].required, width=8),
    Column(gettext_lazy("规则"), lambda r: r[2].verdict.rule_id, width=10),
    Column(gettext_lazy("依据"), lambda r: r[2].verdict.source),
    Column(gettext_lazy("判断依据"), lambda r: r[2].verdict.detail, width=40),
)


def _report_rows(rows, periods):
    for row in rows:
        for (kind, _period), status in zip(periods, row.statuses, strict=True):
            yield (row, kind, status)


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
    if wants_xlsx(request):
        return xlsx_response(
            _report_rows(rows, sel.report_periods(year)),
            REPORT_COLUMNS,
            filename=_("%(org)s%(year)d年述职情况") % {"org": org.name, "year": year},
            sheet_title=_("述职情况"),
        )
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
        report = run_service(
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


@files.file_view
def report_file(request, pk):
    """A written report's file, for whoever may open the report (404 otherwise)."""
    report = sel.get_report(files.viewer(request), pk)
    if not report.file:
        raise Http404(_("该述职没有上传文件"))
    return files.serve(report.file, filename=report_file_name(report))


@login_required
def report_template(request, org_pk, person_pk, year):
    org = sel.get_organization(request.user, org_pk)
    person = sel.template_person(request.user, org, person_pk)
    if not svc.FIRST_YEAR <= year <= today_local().year:
        raise Http404(_("年度无效"))
    return template_response(sel.report_figures(person, org, year))
