"""What the grassroots elections offer the 妇女之家 board 妇女工作情况介绍 (R-HM-08) through
``lvzhi.core.hooks`` (homes does not import grassroots): the delegates to the municipal
and district women's congresses (市、区妇代会代表) who belong to the home's federation.

The delegates are the list of the latest election of the city-level and county-level
federations above the home that has one; a delegate belongs to the home's federation when
a person of its subtree bears her name (the list names people, not records). A level with
no such election gives no figure, so the board keeps it editable."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from lvzhi.orgs.filters import subtree_q
from lvzhi.orgs.models import Kind, Level, Person

from .models import Election, ElectionKind

STEP = 4  # orgs path characters per level
# a municipality directly under the central government (重庆、天津) is province-level
FIGURES = {
    Level.PROVINCE: "city_delegates",
    Level.CITY: "city_delegates",
    Level.COUNTY: "district_delegates",
}


def home_board_figures(*, organization, today) -> dict[str, tuple[int, str]]:
    """One query: the elections with delegates of the federations of those levels above
    ``organization``, each with its delegates bearing the name of a person of the
    subtree; the nearest federation's latest election gives each figure."""
    prefixes = [organization.path[:n] for n in range(STEP, len(organization.path), STEP)]
    names = Person.objects.filter(subtree_q(organization.path, "org_path")).values("name")
    elections = (
        Election.objects.filter(
            organization__path__in=prefixes,
            organization__level__in=list(FIGURES),
            organization__kind=Kind.LOCAL_FEDERATION,
            created_at__date__lte=today,
        )
        .annotate(
            n=Count("delegates"),
            mine=Count("delegates", filter=Q(delegates__name__in=names)),
        )
        .filter(n__gt=0)
        .values("organization__level", "organization__name", "kind", "mine")
        .order_by("-organization__path", "-created_at", "-id")
    )
    kinds = dict(ElectionKind.choices)
    figures: dict[str, tuple[int, str]] = {}
    for row in elections:
        code = FIGURES[row["organization__level"]]
        if code in figures:
            continue  # the nearest federation of that level, its latest election
        figures[code] = (
            row["mine"],
            _("%(org)s%(kind)s妇女代表名单（与%(home_org)s人员姓名相符）")
            % {
                "org": row["organization__name"],
                "kind": kinds.get(row["kind"], row["kind"]),
                "home_org": organization.name,
            },
        )
    return figures
