"""/api/v1/members/: committee changes — exit recommendations and cases with their procedure
(R-MB-08…11), nominations (R-MB-12), vote sessions (R-MB-13, R-MB-14).

Every read starts from ``restrict`` (through changes.selectors), so out-of-scope ids answer
404; writes go through changes.services, whose ValidationErrors answer 400 in Chinese and
whose PermissionDenied (a step that is not the user's to record) answers 403. Lists read a
fixed number of queries whatever the page size.

Modules: exits, nominations, votes; _helpers holds the schema pieces, request helpers and
the read viewset they share.
"""

from lvzhi.members.changes.api.exits import ExitCaseViewSet, ExitRecommendationViewSet
from lvzhi.members.changes.api.nominations import NominationViewSet
from lvzhi.members.changes.api.votes import VoteSessionViewSet

ROUTES = [
    ("members/exits", ExitCaseViewSet, "members-exit"),
    ("members/exit-recommendations", ExitRecommendationViewSet, "members-exit-recommendation"),
    ("members/nominations", NominationViewSet, "members-nomination"),
    ("members/vote-sessions", VoteSessionViewSet, "members-vote-session"),
]
api_urlpatterns = []  # extra paths under /api/v1/
