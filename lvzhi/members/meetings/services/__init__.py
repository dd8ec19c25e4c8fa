"""Writes of meetings and attendance, reports (述职), evaluations and yearly results, excellent
members and incentives, training.

Each function checks the actor's scope, validates (messages in Chinese, by field), writes
and records an AuditEvent in one transaction; a refusal writes nothing (no row, no file).
Rules: R-EX-09 (述职、评议, CQ-LZ 第八条), R-EX-10 (执委会、优秀执委, CQ-BZ 第二–五条),
R-EX-11 (培训, CQ-BZ 第六条).

Modules: meetings (meetings, attendance), reports (oral and written), evaluations
(evaluations, yearly results, 优秀执委, incentives), training; _helpers holds the checks
they share. ``from lvzhi.members.meetings import services as svc`` reaches them all.
"""

from lvzhi.members.meetings.services._helpers import (
    FIRST_YEAR,
    MAX_AMOUNT,
    MAX_HOURS,
    MAX_REPRESENTATIVES,
    NOTE_MAX,
    PLACE_MAX,
    TEXT_MAX,
    TITLE_MAX,
)
from lvzhi.members.meetings.services.evaluations import (
    evaluations_record,
    excellent_select,
    incentive_give,
    year_result_decide,
)
from lvzhi.members.meetings.services.meetings import (
    MEETING_FIELDS,
    attendance_set,
    meeting_create,
    meeting_update,
)
from lvzhi.members.meetings.services.reports import (
    REPORT_MAX_BYTES,
    REPORT_TYPES,
    ensure_may_submit,
    report_file_error,
    report_oral_record,
    report_written_submit,
)
from lvzhi.members.meetings.services.training import training_attendance_set, training_create

__all__ = [
    "FIRST_YEAR",
    "MAX_AMOUNT",
    "MAX_HOURS",
    "MAX_REPRESENTATIVES",
    "MEETING_FIELDS",
    "NOTE_MAX",
    "PLACE_MAX",
    "REPORT_MAX_BYTES",
    "REPORT_TYPES",
    "TEXT_MAX",
    "TITLE_MAX",
    "attendance_set",
    "ensure_may_submit",
    "evaluations_record",
    "excellent_select",
    "incentive_give",
    "meeting_create",
    "meeting_update",
    "report_file_error",
    "report_oral_record",
    "report_written_submit",
    "training_attendance_set",
    "training_create",
    "year_result_decide",
]
