"""/api/v1/members/: meetings and attendance (R-EX-10), reports (R-EX-09) and the 述职报告
template, evaluations and yearly results, 优秀执委 candidates and incentives, training
(R-EX-11).

* ``members/meetings/`` — list (``organization``, ``year``), create with nested
  ``attendance`` [{person, status}], read (with attendance), change; ``{id}/attendance/``
  (PUT) records or corrects attendance;
* ``members/meeting-checks/{org}/?year=`` — R-EX-10 for each half of the year;
  ``members/meetings-missing/?organization=&half=2026H1`` — the subtree's federations
  flagged for a half-year;
* ``members/reports/`` — oral (``kind=oral``, ``meeting``) and written reports (``kind=written``,
  JSON text or multipart ``file``); ``{id}/file/``; ``members/report-status/`` and
  ``members/report-template/`` (Word);
* ``members/evaluations/`` — one evaluator's grades [{person, grade}] at once;
  ``members/evaluation-summary/``; ``members/year-results/`` (decide; ``{id}/excellent/``);
* ``members/excellent-candidates/``; ``members/incentives/``;
* ``members/trainings/`` with nested ``attendees``; ``{id}/attendance/`` (PUT);
  ``members/training-coverage/{org}/``.

Reads start from ``restrict`` (selectors.meetings); person-level records are seen in full
by cadres, by a member only her own. Out of scope answers 404; writes go through
services.meetings, whose Chinese messages come back by field.

Modules: meetings, reports, evaluations (with yearly results, 优秀执委 and incentives),
training; _helpers holds the schema pieces and request helpers they share.
"""

from django.urls import path

from lvzhi.members.meetings.api.evaluations import (
    CandidatesView,
    EvaluationSummaryView,
    EvaluationViewSet,
    IncentiveViewSet,
    YearResultViewSet,
)
from lvzhi.members.meetings.api.meetings import (
    MeetingChecksView,
    MeetingViewSet,
    MissingMeetingsView,
)
from lvzhi.members.meetings.api.reports import ReportStatusView, ReportTemplateView, ReportViewSet
from lvzhi.members.meetings.api.training import CoverageView, TrainingViewSet

ROUTES = [
    ("members/meetings", MeetingViewSet, "members-meetings"),
    ("members/reports", ReportViewSet, "members-reports"),
    ("members/evaluations", EvaluationViewSet, "members-evaluations"),
    ("members/year-results", YearResultViewSet, "members-year-results"),
    ("members/incentives", IncentiveViewSet, "members-incentives"),
    ("members/trainings", TrainingViewSet, "members-trainings"),
]

api_urlpatterns = [
    path(
        "members/meeting-checks/<int:org_pk>/",
        MeetingChecksView.as_view(),
        name="members-meeting-checks",
    ),
    path(
        "members/meetings-missing/",
        MissingMeetingsView.as_view(),
        name="members-meetings-missing",
    ),
    path("members/report-status/", ReportStatusView.as_view(), name="members-report-status"),
    path("members/report-template/", ReportTemplateView.as_view(), name="members-report-template"),
    path(
        "members/evaluation-summary/",
        EvaluationSummaryView.as_view(),
        name="members-evaluation-summary",
    ),
    path(
        "members/excellent-candidates/",
        CandidatesView.as_view(),
        name="members-excellent-candidates",
    ),
    path(
        "members/training-coverage/<int:org_pk>/",
        CoverageView.as_view(),
        name="members-training-coverage",
    ),
]
