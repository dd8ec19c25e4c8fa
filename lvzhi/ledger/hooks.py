"""What the ledger offers the apps below it through ``lvzhi.core.hooks`` (they never import
the ledger): the figures of the 妇女之家 board 妇女工作情况介绍 (R-HM-08); and to members
(same layer, no import either way) the guard of the activities its visits count as and of
the suggestions its needs were referred as."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from lvzhi.orgs.filters import subtree_q

from . import counts
from .models import Need, Visit, VolunteerTeam

# board figure code -> ledger category code
CATEGORY_FIGURES = {
    "women_left_behind": "left_behind_women",
    "women_in_difficulty": "women_in_difficulty",
    "children_left_behind": "left_behind_children",
    "children_in_difficulty": "children_in_difficulty",
    "party_members": "party_members",
}


def home_board_figures(*, organization, today) -> dict[str, tuple[int, str]]:
    """R-HM-08: ``{figure: (value, source)}`` for the board of a home run by
    ``organization``, read from the ledger's counts of its subtree (``counts.figures``:
    one query over the per-organization counters, whatever the ledger holds; the board is
    public, so no user scope): entries still registered (not closed), by their open
    categories; children are entries with an open children's category, women the other
    female entries. Volunteers and teams come from the 巾帼志愿服务队 (members who have
    not left). A part of the ledger the federation does not keep yet (no entry, no team)
    gives no figure, so the board stays editable there."""
    figures: dict[str, tuple[int, str]] = {}
    counted = counts.figures(organization)
    if counted["entries"]:
        source = _("妇女信息台账（%(org)s及下属，%(day)s在册）") % {
            "org": organization.name,
            "day": today.isoformat(),
        }
        figures["women_total"] = (counted["women"], source)
        figures["children_total"] = (counted["children"], source)
        for figure, code in CATEGORY_FIGURES.items():
            figures[figure] = (counted["categories"].get(code, 0), source)
    teams = VolunteerTeam.objects.filter(subtree_q(organization.path, "org_path")).aggregate(
        teams=Count("id", distinct=True),
        volunteers=Count(
            "members",
            filter=Q(members__left_on__isnull=True, members__joined_on__lte=today),
        ),
    )
    if teams["teams"]:
        source = _("巾帼志愿服务队（%(org)s及下属）") % {"org": organization.name}
        figures["volunteers"] = (teams["volunteers"], source)
        figures["volunteer_teams"] = (teams["teams"], source)
    return figures


def activity_guard(*, activity) -> str | None:
    """Hook ``activity_guard``: the 联系 activity a visit (走访) counts as is changed
    through the visit, never from the activity pages (it would drift from the visit); a
    建议 a need was referred as stays, so its answer comes back to her entry (answering it
    is not guarded). One query either way: a visit makes contacts, a need suggestions."""
    if activity.kind == "suggestion":
        if Need.objects.filter(suggestion_id=activity.pk).exists():
            return _("该建议由妇女信息台账的需求转办生成，答复会回到台账，不能修改或删除")
        return None
    if Visit.objects.filter(activity_id=activity.pk).exists():
        return _("该活动由妇女信息台账的走访记录生成，请在走访记录中修改或删除")
    return None


def women_contacted(*, person_ids, on) -> dict[int, int]:
    """Hook ``women_contacted`` (R-EX-08, 至少联系10名妇女群众): for each executive member of
    ``person_ids``, the number of distinct women of the ledger she visited (走访) in the year
    of ``on``, up to ``on`` — the figure her grid page shows (``selectors.my_work``). A grid
    worker visits only the women of her grids, so these are her assigned households. One
    query; a member without visits is left out. Counts only: no name leaves the ledger."""
    person_ids = [pk for pk in person_ids if pk]
    if not person_ids:
        return {}
    rows = (
        Visit.objects.filter(
            visitor_id__in=person_ids, date__gte=on.replace(month=1, day=1), date__lte=on
        )
        .order_by()
        .values("visitor_id")
        .annotate(n=Count("entry", distinct=True))
        .values_list("visitor_id", "n")
    )
    return dict(rows)
