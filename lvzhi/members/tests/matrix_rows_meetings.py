"""Rows of the authorization matrix for meetings, reports, evaluations, 优秀执委, incentives
and training (appended to MATRIX by the lead).

Each target organization's person gets, the first time a row asks, a committee seat, and
the target a meeting (she is present), built with the ORM (no audit). Meetings, report
status and training are read by anyone who may view the organization (a member sees her
federation's meetings); evaluations, results and candidates only by cadres (the subtree);
the world's member has no person record, so she sees no report of her own and writes
none. Writes by anyone but a cadre of the subtree answer 404 and leave no trace.
"""

import datetime as dt

from django.urls import reverse

from lvzhi.members.tests.matrix_shapes import (
    CADRE_CREATES,
    CADRE_WRITES,
    CADRES,
    VIEWERS,
    api_read,
    api_write,
    page,
    page_submit,
)


def _today():
    from lvzhi.core.periods import today_local

    return today_local()


def _day():
    """A day of this year before today, on which the target's person sits."""
    today = _today()
    return max(today - dt.timedelta(days=1), dt.date(today.year, 1, 1))


def seated(o):
    """``o.person`` with a committee seat at ``o`` since 2024 (made once)."""
    from lvzhi.members.common.selectors import COMMITTEE_TITLES
    from lvzhi.orgs.models import Position, Title

    if not Position.objects.filter(
        person=o.person, organization=o, title__in=COMMITTEE_TITLES
    ).exists():
        Position.objects.create(
            person=o.person,
            organization=o,
            org_path=o.path,
            title=Title.MEMBER,
            start_date=dt.date(2024, 1, 1),
        )
    return o.person


def meeting_of(o):
    """An executive meeting of ``o`` at which ``o.person`` was present."""
    if getattr(o, "_meeting", None) is None:
        from lvzhi.members.models import Attendance, Meeting

        o._meeting = Meeting.objects.create(
            organization=o, org_path=o.path, title="执委会", date=_day()
        )
        Attendance.objects.create(
            meeting=o._meeting, person=seated(o), status="present", org_path=o.path
        )
    return o._meeting


def report_of(o):
    """A written report of ``o.person``."""
    if getattr(o, "_report", None) is None:
        from lvzhi.members.models import Report

        o._report = Report.objects.create(
            person=seated(o),
            organization=o,
            org_path=o.path,
            kind="written",
            year=_day().year,
            date=_day(),
            text="书面述职",
        )
    return o._report


def evaluated(o, grade="优秀"):
    """``o.person`` graded once this year (ORM)."""
    from lvzhi.members.models import Evaluation

    Evaluation.objects.create(
        person=seated(o),
        organization=o,
        org_path=o.path,
        year=_day().year,
        evaluator_kind="federation",
        grade=grade,
    )
    return o.person


def excellent(o):
    """``o.person`` selected 优秀执委 this year (ORM)."""
    from lvzhi.members.models import YearResult

    YearResult.objects.get_or_create(
        person=evaluated(o),
        organization=o,
        year=_day().year,
        defaults={"org_path": o.path, "grade": "优秀", "is_excellent": True},
    )
    return o.person


def _meeting_form(o):
    seated(o)
    return {"kind": "executive", "title": "执委会", "date": _day().isoformat()}


def _meeting_body(o):
    return {
        "organization": o.pk,
        "title": "执委会",
        "date": _day().isoformat(),
        "attendance": [{"person": seated(o).pk, "status": "present"}],
    }


def _evaluation_body(o):
    return {
        "organization": o.pk,
        "year": _day().year,
        "evaluator_kind": "representative",
        "evaluator_name": "妇女代表",
        "grades": [{"person": seated(o).pk, "grade": "合格"}],
    }


def _training_body(o):
    return {
        "organization": o.pk,
        "title": "执委培训",
        "date": _day().isoformat(),
        "attendees": [seated(o).pk],
    }


def _report_body(o):
    return {
        "kind": "written",
        "person": seated(o).pk,
        "organization": o.pk,
        "year": _day().year,
        "text": "书面述职",
    }


def _year_result_body(o):
    return {"person": evaluated(o).pk, "organization": o.pk, "year": _day().year, "grade": "优秀"}


def _incentive_body(o):
    return {
        "person": excellent(o).pk,
        "organization": o.pk,
        "year": _day().year,
        "kind": "subsidy",
        "amount": "500",
    }


def _url(name, *objects):
    """``o`` -> the URL of page ``name`` with the pks of ``objects(o)`` (``o`` itself when
    none is given) as its arguments."""
    return lambda o: reverse(
        f"members:{name}", args=[(f(o) if f else o).pk for f in objects or [None]]
    )


MEETING_ROWS = [
    page("meetings page", _url("meetings"), VIEWERS),
    page("meeting page", _url("meeting", meeting_of), VIEWERS),
    page("new meeting page", _url("meeting-new"), CADRES),
    page_submit("new meeting submit", _url("meeting-new"), CADRE_WRITES, _meeting_form),
    page_submit(
        "meeting attendance submit",
        _url("meeting-attendance", meeting_of),
        CADRE_WRITES,
        lambda o: {f"att_{seated(o).pk}": "excused"},
    ),
    page_submit(
        "meeting evaluation submit",
        _url("meeting-evaluate", meeting_of),
        CADRE_WRITES,
        lambda o: {"evaluator_kind": "representative", f"grade_{seated(o).pk}": "优秀"},
    ),
    page("federations without an executive meeting page", _url("meetings-missing"), VIEWERS),
    page("report status page", _url("report-status"), VIEWERS),
    page(
        "written report page",
        lambda o: reverse("members:report-written", args=[o.pk]) + f"?person={seated(o).pk}",
        CADRES,
    ),
    page("report page (someone else's)", _url("report", report_of), CADRES),
    page(
        "述职报告 template (someone else's)",
        lambda o: reverse("members:report-template", args=[o.pk, seated(o).pk, _day().year]),
        CADRES,
    ),
    page("evaluations page", _url("evaluations"), CADRES),
    page_submit(
        "year result submit",
        _url("year-result"),
        CADRE_WRITES,
        lambda o: {"person": evaluated(o).pk, "year": _day().year, "grade": "优秀"},
    ),
    page("excellent members page", _url("excellent"), CADRES),
    page_submit(
        "new incentive submit",
        _url("incentive-new"),
        CADRE_WRITES,
        lambda o: {"person": excellent(o).pk, "year": _day().year, "kind": "praise"},
    ),
    page("trainings page", _url("trainings"), VIEWERS),
    page_submit(
        "new training submit",
        _url("training-new"),
        CADRE_WRITES,
        lambda o: {
            "title": "执委培训",
            "date": _day().isoformat(),
            "attendees": [str(seated(o).pk)],
        },
    ),
    api_read("API meeting", lambda o: f"/api/v1/members/meetings/{meeting_of(o).pk}/", VIEWERS),
    api_write(
        "API new meeting",
        "POST",
        lambda o: "/api/v1/members/meetings/",
        CADRE_CREATES,
        _meeting_body,
    ),
    api_write(
        "API meeting attendance",
        "PUT",
        lambda o: f"/api/v1/members/meetings/{meeting_of(o).pk}/attendance/",
        CADRES,
        lambda o: {"attendance": [{"person": seated(o).pk, "status": "absent"}]},
    ),
    api_read(
        "API meeting checks (R-EX-10)", lambda o: f"/api/v1/members/meeting-checks/{o.pk}/", VIEWERS
    ),
    api_read(
        "API federations without an executive meeting",
        lambda o: f"/api/v1/members/meetings-missing/?organization={o.pk}",
        VIEWERS,
    ),
    api_read(
        "API report status",
        lambda o: f"/api/v1/members/report-status/?organization={o.pk}",
        VIEWERS,
    ),
    api_read(
        "API report (someone else's)",
        lambda o: f"/api/v1/members/reports/{report_of(o).pk}/",
        CADRES,
    ),
    api_write(
        "API written report for someone else",
        "POST",
        lambda o: "/api/v1/members/reports/",
        CADRE_CREATES,
        _report_body,
    ),
    api_read(
        "API 述职报告 template (someone else's)",
        lambda o: f"/api/v1/members/report-template/?organization={o.pk}&person={seated(o).pk}",
        CADRES,
    ),
    api_write(
        "API new evaluations",
        "POST",
        lambda o: "/api/v1/members/evaluations/",
        CADRE_CREATES,
        _evaluation_body,
    ),
    api_read(
        "API evaluation summary",
        lambda o: f"/api/v1/members/evaluation-summary/?organization={o.pk}",
        CADRES,
    ),
    api_write(
        "API decide a yearly result",
        "POST",
        lambda o: "/api/v1/members/year-results/",
        CADRE_CREATES,
        _year_result_body,
    ),
    api_read(
        "API excellent candidates",
        lambda o: f"/api/v1/members/excellent-candidates/?organization={o.pk}",
        CADRES,
    ),
    api_write(
        "API new incentive",
        "POST",
        lambda o: "/api/v1/members/incentives/",
        CADRE_CREATES,
        _incentive_body,
    ),
    api_write(
        "API new training",
        "POST",
        lambda o: "/api/v1/members/trainings/",
        CADRE_CREATES,
        _training_body,
    ),
    api_read(
        "API training coverage (R-EX-11)",
        lambda o: f"/api/v1/members/training-coverage/{o.pk}/",
        VIEWERS,
    ),
]
