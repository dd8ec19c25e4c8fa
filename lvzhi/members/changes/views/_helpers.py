"""The tabs of the committee-change pages."""

from lvzhi.core.periods import today_local
from lvzhi.members.changes import selectors
from lvzhi.members.common.selectors import committee_size


def _tabs(user, org, active: str) -> dict:
    return {
        "org": org,
        "tab": active,
        "can_exits": selectors.federations(user, "exits").filter(pk=org.pk).exists(),
        "can_create": selectors.is_cadre(user, org, "create"),
        "committee_size": committee_size(org, today_local()),
    }
