"""Pages of the meetings area (/members/meetings/…): a federation's meetings with their
R-EX-10 verdicts and attendance, the subtree list of federations without an executive
meeting in a half-year, reports (R-EX-09) and the 述职报告 template, evaluations and yearly
results, 优秀执委 candidates and incentives, training (R-EX-11).

Thin: reads through ``selectors.meetings`` (every one from restrict()), writes through
``services.meetings``; out of scope answers 404.

Modules: meetings, reports, evaluations (with 优秀执委 and incentives), training;
_helpers holds what they share. meetings/urls.py reaches the views through this package.
"""

from lvzhi.members.meetings.views.evaluations import (
    evaluation_new,
    evaluations,
    excellent,
    excellent_select,
    incentive_new,
    meeting_evaluate,
    year_result,
)
from lvzhi.members.meetings.views.meetings import (
    home,
    meeting_attendance,
    meeting_detail,
    meeting_edit,
    meeting_list,
    meeting_new,
    meeting_oral,
    meetings_missing,
)
from lvzhi.members.meetings.views.reports import (
    report_detail,
    report_file,
    report_status,
    report_template,
    report_written,
)
from lvzhi.members.meetings.views.training import training_detail, training_new, trainings

__all__ = [
    "evaluation_new",
    "evaluations",
    "excellent",
    "excellent_select",
    "home",
    "incentive_new",
    "meeting_attendance",
    "meeting_detail",
    "meeting_edit",
    "meeting_evaluate",
    "meeting_list",
    "meeting_new",
    "meeting_oral",
    "meetings_missing",
    "report_detail",
    "report_file",
    "report_status",
    "report_template",
    "report_written",
    "training_detail",
    "training_new",
    "trainings",
    "year_result",
]
