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

from lvzhi.core.tests.test_authorization_matrix import (
    LOGIN,
    NONE,
    NOT_FOUND,
    REDIRECT,
    UNAUTHORIZED,
    VIEW_OWN_ONLY,
    VIEW_SUBTREE,
    Row,
    by_relation,
)

CHANGE_SUBTREE_REDIRECT = by_relation(REDIRECT, NOT_FOUND, NOT_FOUND, REDIRECT)
CREATED_SUBTREE = by_relation(201, NOT_FOUND, NOT_FOUND, 201)
VIEWERS = {
    "cadre": VIEW_SUBTREE,
    "department_staff": VIEW_OWN_ONLY,
    "member": VIEW_OWN_ONLY,
    "party_approver": VIEW_OWN_ONLY,
}
CADRES = {"cadre": VIEW_SUBTREE, "department_staff": NONE, "member": NONE, "party_approver": NONE}
CADRE_WRITES = {
    "cadre": CHANGE_SUBTREE_REDIRECT,
    "department_staff": NONE,
    "member": NONE,
    "party_approver": NONE,
}
CADRE_CREATES = {
    "cadre": CREATED_SUBTREE,
    "department_staff": NONE,
    "member": NONE,
    "party_approver": NONE,
}
PAGE = {"anonymous": LOGIN}
API = {"anonymous": UNAUTHORIZED}


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


MEETING_ROWS = [
    Row(
        "meetings page",
        "GET",
        lambda o: reverse("members:meetings", args=[o.pk]),
        {**VIEWERS, **PAGE},
    ),
    Row(
        "meeting page",
        "GET",
        lambda o: reverse("members:meeting", args=[meeting_of(o).pk]),
        {**VIEWERS, **PAGE},
    ),
    Row(
        "new meeting page",
        "GET",
        lambda o: reverse("members:meeting-new", args=[o.pk]),
        {**CADRES, **PAGE},
    ),
    Row(
        "new meeting submit",
        "POST",
        lambda o: reverse("members:meeting-new", args=[o.pk]),
        {**CADRE_WRITES, **PAGE},
        data=_meeting_form,
        writes=True,
    ),
    Row(
        "meeting attendance submit",
        "POST",
        lambda o: reverse("members:meeting-attendance", args=[meeting_of(o).pk]),
        {**CADRE_WRITES, **PAGE},
        data=lambda o: {f"att_{seated(o).pk}": "excused"},
        writes=True,
    ),
    Row(
        "meeting evaluation submit",
        "POST",
        lambda o: reverse("members:meeting-evaluate", args=[meeting_of(o).pk]),
        {**CADRE_WRITES, **PAGE},
        data=lambda o: {"evaluator_kind": "representative", f"grade_{seated(o).pk}": "优秀"},
        writes=True,
    ),
    Row(
        "federations without an executive meeting page",
        "GET",
        lambda o: reverse("members:meetings-missing", args=[o.pk]),
        {**VIEWERS, **PAGE},
    ),
    Row(
        "report status page",
        "GET",
        lambda o: reverse("members:report-status", args=[o.pk]),
        {**VIEWERS, **PAGE},
    ),
    Row(
        "written report page",
        "GET",
        lambda o: reverse("members:report-written", args=[o.pk]) + f"?person={seated(o).pk}",
        {**CADRES, **PAGE},
    ),
    Row(
        "report page (someone else's)",
        "GET",
        lambda o: reverse("members:report", args=[report_of(o).pk]),
        {**CADRES, **PAGE},
    ),
    Row(
        "述职报告 template (someone else's)",
        "GET",
        lambda o: reverse("members:report-template", args=[o.pk, seated(o).pk, _day().year]),
        {**CADRES, **PAGE},
    ),
    Row(
        "evaluations page",
        "GET",
        lambda o: reverse("members:evaluations", args=[o.pk]),
        {**CADRES, **PAGE},
    ),
    Row(
        "year result submit",
        "POST",
        lambda o: reverse("members:year-result", args=[o.pk]),
        {**CADRE_WRITES, **PAGE},
        data=lambda o: {"person": evaluated(o).pk, "year": _day().year, "grade": "优秀"},
        writes=True,
    ),
    Row(
        "excellent members page",
        "GET",
        lambda o: reverse("members:excellent", args=[o.pk]),
        {**CADRES, **PAGE},
    ),
    Row(
        "new incentive submit",
        "POST",
        lambda o: reverse("members:incentive-new", args=[o.pk]),
        {**CADRE_WRITES, **PAGE},
        data=lambda o: {"person": excellent(o).pk, "year": _day().year, "kind": "praise"},
        writes=True,
    ),
    Row(
        "trainings page",
        "GET",
        lambda o: reverse("members:trainings", args=[o.pk]),
        {**VIEWERS, **PAGE},
    ),
    Row(
        "new training submit",
        "POST",
        lambda o: reverse("members:training-new", args=[o.pk]),
        {**CADRE_WRITES, **PAGE},
        data=lambda o: {
            "title": "执委培训",
            "date": _day().isoformat(),
            "attendees": [str(seated(o).pk)],
        },
        writes=True,
    ),
    Row(
        "API meeting",
        "GET",
        lambda o: f"/api/v1/members/meetings/{meeting_of(o).pk}/",
        {**VIEWERS, **API},
        api=True,
    ),
    Row(
        "API new meeting",
        "POST",
        lambda o: "/api/v1/members/meetings/",
        {**CADRE_CREATES, **API},
        data=_meeting_body,
        api=True,
        writes=True,
    ),
    Row(
        "API meeting attendance",
        "PUT",
        lambda o: f"/api/v1/members/meetings/{meeting_of(o).pk}/attendance/",
        {**CADRES, **API},
        data=lambda o: {"attendance": [{"person": seated(o).pk, "status": "absent"}]},
        api=True,
        writes=True,
    ),
    Row(
        "API meeting checks (R-EX-10)",
        "GET",
        lambda o: f"/api/v1/members/meeting-checks/{o.pk}/",
        {**VIEWERS, **API},
        api=True,
    ),
    Row(
        "API federations without an executive meeting",
        "GET",
        lambda o: f"/api/v1/members/meetings-missing/?organization={o.pk}",
        {**VIEWERS, **API},
        api=True,
    ),
    Row(
        "API report status",
        "GET",
        lambda o: f"/api/v1/members/report-status/?organization={o.pk}",
        {**VIEWERS, **API},
        api=True,
    ),
    Row(
        "API report (someone else's)",
        "GET",
        lambda o: f"/api/v1/members/reports/{report_of(o).pk}/",
        {**CADRES, **API},
        api=True,
    ),
    Row(
        "API written report for someone else",
        "POST",
        lambda o: "/api/v1/members/reports/",
        {**CADRE_CREATES, **API},
        data=lambda o: {
            "kind": "written",
            "person": seated(o).pk,
            "organization": o.pk,
            "year": _day().year,
            "text": "书面述职",
        },
        api=True,
        writes=True,
    ),
    Row(
        "API 述职报告 template (someone else's)",
        "GET",
        lambda o: f"/api/v1/members/report-template/?organization={o.pk}&person={seated(o).pk}",
        {**CADRES, **API},
        api=True,
    ),
    Row(
        "API new evaluations",
        "POST",
        lambda o: "/api/v1/members/evaluations/",
        {**CADRE_CREATES, **API},
        data=_evaluation_body,
        api=True,
        writes=True,
    ),
    Row(
        "API evaluation summary",
        "GET",
        lambda o: f"/api/v1/members/evaluation-summary/?organization={o.pk}",
        {**CADRES, **API},
        api=True,
    ),
    Row(
        "API decide a yearly result",
        "POST",
        lambda o: "/api/v1/members/year-results/",
        {**CADRE_CREATES, **API},
        data=lambda o: {
            "person": evaluated(o).pk,
            "organization": o.pk,
            "year": _day().year,
            "grade": "优秀",
        },
        api=True,
        writes=True,
    ),
    Row(
        "API excellent candidates",
        "GET",
        lambda o: f"/api/v1/members/excellent-candidates/?organization={o.pk}",
        {**CADRES, **API},
        api=True,
    ),
    Row(
        "API new incentive",
        "POST",
        lambda o: "/api/v1/members/incentives/",
        {**CADRE_CREATES, **API},
        data=lambda o: {
            "person": excellent(o).pk,
            "organization": o.pk,
            "year": _day().year,
            "kind": "subsidy",
            "amount": "500",
        },
        api=True,
        writes=True,
    ),
    Row(
        "API new training",
        "POST",
        lambda o: "/api/v1/members/trainings/",
        {**CADRE_CREATES, **API},
        data=_training_body,
        api=True,
        writes=True,
    ),
    Row(
        "API training coverage (R-EX-11)",
        "GET",
        lambda o: f"/api/v1/members/training-coverage/{o.pk}/",
        {**VIEWERS, **API},
        api=True,
    ),
]
