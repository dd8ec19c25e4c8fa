# ruff: noqa: F401
"""Reads of committee changes: exit recommendations computed from the data (R-MB-08…10),
exit cases and their procedure (R-MB-11), nominations (R-MB-12) and vote sessions
(R-MB-13, R-MB-14).

Who sees what (every read starts from ``restrict``):
- exit recommendations and cases: cadres whose ``change`` scope covers the federation, the
  same-level party approver (``approve`` scope, or listed among the approvers of the
  federation's party organization); members and department staff get 404;
- nominations and vote sessions: whoever may view the federation, and its party approvers.

Lists read a fixed number of queries whatever their length.
"""

from lvzhi.members.selectors.changes.additions import (
    NOMINATION_STEP_LABELS,
    candidate_people,
    extra_seats_on,
    get_nomination,
    get_vote_session,
    nomination_committee_size,
    nomination_list,
    nomination_reviews,
    nomination_state,
    ready_nominations,
    seated_person_ids,
    seated_titles,
    term_on,
    vote_session_list,
)
from lvzhi.members.selectors.changes.common import (
    CHANGE_OF_KIND,
    COMMITTEE_MEETING_KINDS,
    COMPUTED_GROUNDS,
    ENTERED_GROUNDS,
    GROUND_KIND,
    OPEN_EXIT_STATUSES,
    OPEN_NOMINATION_STATUSES,
    _approved_party_orgs,
    _with_approvers,
    exit_cases,
    federations,
    get_federation,
    ground_labels,
    is_cadre,
    is_party_approver,
    kind_of_ground,
    nominations,
    ruleset_map,
    vote_sessions,
)
from lvzhi.members.selectors.changes.exits import (
    RecommendationRow,
    UnannouncedTermination,
    _one_seat_per_person,
    change_of,
    committee_meetings,
    exit_case_list,
    get_exit_case,
    member_facts,
    next_steps,
    recommendations_for,
    steps_done,
    unannounced_terminations,
)
from lvzhi.members.selectors.common import COMMITTEE_TITLES, committee_size, ruleset_for, seats  # noqa: F401
