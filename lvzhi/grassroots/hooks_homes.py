"""What the grassroots elections offer the 妇女之家 board 妇女工作情况介绍 (R-HM-08) through
``lvzhi.core.hooks`` (homes does not import grassroots): the delegates to the municipal
and district women's congresses (市、区妇代会代表) who belong to the home's federation.

The delegates are the list of the latest election of the city-level and county-level
federations above the home that has one; a delegate belongs to the home's federation when
a person of its subtree bears her name (the list names people, not records). A level with
no such election gives no figure, so the board keeps it editable."""

from django.db.models import Count
from django.utils.translation import gettext as _

from lvzhi.orgs.filters import subtree_q
from lvzhi.orgs.models import Kind, Level, Organization, Person

from .models import Delegate, Election

STEP = 4  # orgs path characters per level
# a municipality directly under the central government (重庆、天津) is province-level
FIGURES = {
    Level.PROVINCE: "city_delegates",
    Level.CITY: "city_delegates",
    Level.COUNTY: "district_delegates",
}


def home_board_figures(*, organization, today) -> dict[str, tuple[int, str]]:
    prefixes = [organization.path[:n] for n in range(STEP, len(organization.path), STEP)]
    above = Organization.objects.filter(
        path__in=prefixes, level__in=list(FIGURES), kind=Kind.LOCAL_FEDERATION
    ).order_by("-path")
    names = Person.objects.filter(subtree_q(organization.path, "org_path")).values("name")
    figures: dict[str, tuple[int, str]] = {}
    for upper in above:
        code = FIGURES[upper.level]
        if code in figures:
            continue  # the nearest federation of that level
        election = (
            Election.objects.filter(organization=upper, created_at__date__lte=today)
            .annotate(n=Count("delegates"))
            .filter(n__gt=0)
            .order_by("-created_at", "-id")
            .first()
        )
        if election is None:
            continue
        count = Delegate.objects.filter(election=election, name__in=names).count()
        figures[code] = (
            count,
            _("%(org)s%(kind)s妇女代表名单（与%(home_org)s人员姓名相符）")
            % {
                "org": upper.name,
                "kind": election.get_kind_display(),
                "home_org": organization.name,
            },
        )
    return figures
