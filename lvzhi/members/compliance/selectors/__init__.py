"""Reads of 七个一 compliance: a member's statuses, a federation's members, and roll-ups
over a subtree by rule and by child organization, from the pre-aggregated counts.

Modules: rollups (counts by rule, child and quarter; who may read them), verdicts (the
rule applied again to stored rows: a federation's members, a member's year) and reminders
(the user's own). This package re-exports their public names.
"""

from lvzhi.members.compliance.selectors.reminders import (
    get_reminder,
    reminders_of,
    unread_reminder_count,
)
from lvzhi.members.compliance.selectors.rollups import (
    COMPLIANCE_ACTION,
    COUNTS,
    QUARTERS_COMPARED,
    QUARTERS_OFFERED,
    ChildRollup,
    PeriodError,
    QuarterShare,
    RuleRollup,
    children_rollup,
    compliance_organization,
    compliance_organizations,
    current_quarter,
    may_read_compliance,
    member_statuses,
    own_rollup,
    parse_quarter,
    parse_year,
    person_statuses,
    quarter_codes,
    recent_quarters,
    rollup,
    rollup_by_child,
    rollup_quarters,
    rule_periods_for,
)
from lvzhi.members.compliance.selectors.verdicts import (
    MemberRow,
    PersonPeriod,
    StatusRow,
    compliance_person,
    explain,
    member_verdicts,
    person_year,
)

__all__ = [
    "COMPLIANCE_ACTION",
    "COUNTS",
    "ChildRollup",
    "MemberRow",
    "PeriodError",
    "PersonPeriod",
    "QUARTERS_COMPARED",
    "QUARTERS_OFFERED",
    "QuarterShare",
    "RuleRollup",
    "StatusRow",
    "children_rollup",
    "compliance_organization",
    "compliance_organizations",
    "compliance_person",
    "current_quarter",
    "explain",
    "get_reminder",
    "may_read_compliance",
    "member_statuses",
    "member_verdicts",
    "own_rollup",
    "parse_quarter",
    "parse_year",
    "person_statuses",
    "person_year",
    "quarter_codes",
    "recent_quarters",
    "reminders_of",
    "rollup",
    "rollup_by_child",
    "rollup_quarters",
    "rule_periods_for",
    "unread_reminder_count",
]
