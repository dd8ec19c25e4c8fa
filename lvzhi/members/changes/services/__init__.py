"""Writes of committee changes: exit cases (R-MB-08…10) through the procedure of R-MB-11,
nominations (R-MB-12) and vote sessions at the executive plenary (R-MB-13, R-MB-14).

Every function checks who may act, validates through the pure rules, writes and records
AuditEvents in one transaction; a refusal is a ValidationError with Chinese messages (by
field where there is one) and writes nothing. Nothing is removed automatically: a seat ends
only when an exit case reaches its effective step, and a member is seated only by a valid
vote that elects her.

Modules: exits, nominations, votes; _helpers holds what they share.
"""

from lvzhi.members.changes.services._helpers import (
    CANDIDATE_TITLES,
    MAX_SUPPORTERS,
    NAME_MAX,
    NOTE_MAX,
)
from lvzhi.members.changes.services.exits import exit_dismiss, exit_open, exit_step
from lvzhi.members.changes.services.nominations import (
    REVIEW_ACTIONS,
    nomination_create,
    nomination_review,
)
from lvzhi.members.changes.services.votes import (
    Tally,
    VoteEvaluation,
    vote_session_evaluate,
    vote_session_record,
)

__all__ = [
    "CANDIDATE_TITLES",
    "MAX_SUPPORTERS",
    "NAME_MAX",
    "NOTE_MAX",
    "REVIEW_ACTIONS",
    "Tally",
    "VoteEvaluation",
    "exit_dismiss",
    "exit_open",
    "exit_step",
    "nomination_create",
    "nomination_review",
    "vote_session_evaluate",
    "vote_session_record",
]
