"""Pages of committee changes: exit recommendations and cases (R-MB-08…11), nominations
(R-MB-12) and vote sessions (R-MB-13, R-MB-14). Thin: reads through changes.selectors, writes
through changes.services, whose Chinese messages the forms show.

Modules: exits, nominations, votes; _helpers holds the tabs they share. changes.urls
reaches the views through this package.
"""

from lvzhi.members.changes.views.exits import (
    changes_home,
    exit_create,
    exit_detail,
    exit_dismiss,
    exit_list,
    exit_open,
    exit_step,
)
from lvzhi.members.changes.views.nominations import (
    nomination_create,
    nomination_detail,
    nomination_list,
    nomination_review,
)
from lvzhi.members.changes.views.votes import vote_create, vote_detail, vote_list

__all__ = [
    "changes_home",
    "exit_create",
    "exit_detail",
    "exit_dismiss",
    "exit_list",
    "exit_open",
    "exit_step",
    "nomination_create",
    "nomination_detail",
    "nomination_list",
    "nomination_review",
    "vote_create",
    "vote_detail",
    "vote_list",
]
