"""七个一 compliance kept up to date: recorded per member, rule and period
(``MemberCompliance``) and counted per organization (``OrgCompliance``), so a roll-up over
a district or a province adds a few rows per organization.

* ``refresh_member`` recomputes one member's rows touched by an activity (three reads
  and one or two updates, run in the activity's transaction; the member's row is locked
  before her activities are counted, so concurrent records of the same member count
  every activity);
* ``rebuild`` recomputes every member of some organizations for some periods in bulk
  (the demo, the scale generator, and the daily job when periods end or start).

Modules: rows (the rows and counts above, the seat hook, the daily rebuild) and reminders
(the daily job's rows and reminders; a user marks her reminders read). This package
re-exports their public names: ``from lvzhi.members.compliance import services``.
"""

from lvzhi.members.compliance.services.reminders import (
    daily,
    ensure_current_rows,
    reminder_mark_read,
    reminders_mark_all_read,
    send_reminders,
)
from lvzhi.members.compliance.services.rows import (
    STATUSES,
    close_ended_periods,
    compliance_row,
    member_refresh_years,
    rebuild,
    recount,
    refresh_member,
    seat_changed,
)

__all__ = [
    "STATUSES",
    "close_ended_periods",
    "compliance_row",
    "daily",
    "ensure_current_rows",
    "member_refresh_years",
    "rebuild",
    "recount",
    "refresh_member",
    "reminder_mark_read",
    "reminders_mark_all_read",
    "seat_changed",
    "send_reminders",
]
