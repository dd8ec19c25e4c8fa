"""Reads of committee changes: exit recommendations computed from the data (R-MB-08…10),
exit cases and their procedure (R-MB-11), nominations (R-MB-12) and vote sessions
(R-MB-13, R-MB-14).

Who sees what (every read starts from ``restrict``):
- exit recommendations and cases: cadres whose ``change`` scope covers the federation, the
  same-level party approver (``approve`` scope, or listed among the approvers of the
  federation's party organization); members and department staff get 404;
- nominations and vote sessions: whoever may view the federation, and its party approvers.

Lists read a fixed number of queries whatever their length.

Modules: exits, nominations, votes (the same split as services, views and api); _helpers
holds the scope reads they share. This package re-exports their public names.
"""

from lvzhi.members.changes.selectors._helpers import (
    CHANGE_OF_KIND,
    COMMITTEE_MEETING_KINDS,
    COMPUTED_GROUNDS,
    ENTERED_GROUNDS,
    GROUND_KIND,
    OPEN_EXIT_STATUSES,
    OPEN_NOMINATION_STATUSES,
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
from lvzhi.members.changes.selectors.exits import (
    RecommendationRow,
    UnannouncedTermination,
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
from lvzhi.members.changes.selectors.nominations import (
    NOMINATION_STEP_LABELS,
    candidate_people,
    get_nomination,
    nomination_committee_size,
    nomination_list,
    nomination_reviews,
    nomination_state,
    ready_nominations,
)
from lvzhi.members.changes.selectors.votes import (
    extra_seats_on,
    get_vote_session,
    seated_person_ids,
    seated_titles,
    term_on,
    vote_session_list,
)

__all__ = [
    "CHANGE_OF_KIND",
    "COMMITTEE_MEETING_KINDS",
    "COMPUTED_GROUNDS",
    "ENTERED_GROUNDS",
    "GROUND_KIND",
    "NOMINATION_STEP_LABELS",
    "OPEN_EXIT_STATUSES",
    "OPEN_NOMINATION_STATUSES",
    "RecommendationRow",
    "UnannouncedTermination",
    "candidate_people",
    "change_of",
    "committee_meetings",
    "exit_case_list",
    "exit_cases",
    "extra_seats_on",
    "federations",
    "get_exit_case",
    "get_federation",
    "get_nomination",
    "get_vote_session",
    "ground_labels",
    "is_cadre",
    "is_party_approver",
    "kind_of_ground",
    "member_facts",
    "next_steps",
    "nomination_committee_size",
    "nomination_list",
    "nomination_reviews",
    "nomination_state",
    "nominations",
    "ready_nominations",
    "recommendations_for",
    "ruleset_map",
    "seated_person_ids",
    "seated_titles",
    "steps_done",
    "term_on",
    "unannounced_terminations",
    "vote_session_list",
    "vote_sessions",
]
