"""`lvzhi demo` shows every screen with data (issue 11 point 9): after the whole demo loads,
each demo role's workbench has an entry behind every item; the village chair account has
her own scope; contact assignments, oral reports at the demo meetings, the district
federation's own committee and varied suggestions exist. One test: the demo loads once."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test.utils import override_settings

from lvzhi.core.reminders.models import Reminder
from lvzhi.core.scopes import scope_for
from lvzhi.dashboards.views import OUTSIDE_LANDINGS
from lvzhi.members.models import (
    Activity,
    ActivityKind,
    ContactAssignment,
    Meeting,
    Report,
    ReportKind,
)
from lvzhi.orgs.models import Organization, Position, Title

pytestmark = pytest.mark.django_db
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Items the demo leaves empty by design: only the district publishes a catalog, so no
# supervision message reaches a street or a community; 天津市妇联 has no committee above
# it, so no 述职 is overdue there. The union cadre's workbench has every item (a union case
# waiting for her and overdue, messages on the union catalog) and no executive-member item.
KNOWN_EMPTY = {
    "admin": {"reports_missing"},
    "xinhe_cadre": {"messages_new", "messages_overdue"},
    "cun_chair": {"messages_new", "messages_overdue"},
}
# 七个一, 述职 and 执委会议 are the women's federations' rules: not on a union's workbench.
MEMBER_ITEMS = {"activities_to_confirm", "suggestions", "meetings_due", "reports_missing"}


def test_every_workbench_of_the_demo_has_entries(client, clock):
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        call_command("demo", "--no-migrate", stdout=io.StringIO())
    User = get_user_model()

    # the village chair: a cadre of her own community only, and its committee's chair
    chair = User.objects.get(username="cun_chair")
    community = Organization.objects.get(code="BH-FL-006-02")
    scope = scope_for(chair, "change")
    assert scope.covers(community.path)
    assert not scope.covers(Organization.objects.get(code="BH-FL-006").path)
    assert not scope.covers(Organization.objects.get(code="BH-FL-006-01").path)
    assert chair.person.positions.filter(organization=community, title=Title.CHAIR).exists()

    # the district federation's own committee
    district = Organization.objects.get(code="BH-FL")
    seats = Position.objects.filter(organization=district, end_date__isnull=True)
    assert seats.filter(title=Title.CHAIR).count() == 1
    assert seats.filter(title=Title.VICE_CHAIR).count() >= 2 and seats.count() >= 30

    # contact assignments (and some gaps), oral reports at the meetings, reminders
    assert ContactAssignment.objects.filter(unit__isnull=False).exists()
    assert ContactAssignment.objects.filter(unit__isnull=True).exclude(woman_name="").exists()
    members = Position.objects.filter(organization__path__startswith=district.path)
    assert ContactAssignment.objects.values("person").distinct().count() < (
        members.values("person").distinct().count()
    )
    oral = Report.objects.filter(kind=ReportKind.ORAL, meeting__isnull=False)
    assert oral.filter(organization=district).exists()
    assert oral.values("meeting").distinct().count() >= Meeting.objects.count() // 2
    assert Reminder.objects.filter(read_at__isnull=True).count() >= 7

    # suggestions vary: several texts, answered and not, several statuses
    suggestions = Activity.objects.filter(kind=ActivityKind.SUGGESTION)
    assert suggestions.values("note").distinct().count() >= 4
    assert suggestions.filter(answered_at__isnull=False).exclude(answered_by=None).exists()
    assert suggestions.filter(answered_at__isnull=True).exists()
    assert Activity.objects.values("status").distinct().count() == 3  # incl. 已退回
    assert Activity.objects.filter(status="returned").exclude(return_reason="").exists()

    # every item of every demo role's workbench has at least one entry
    empty = {}
    for user in User.objects.exclude(username__startswith="bench").order_by("id"):
        client.force_login(user)
        response = client.get("/workbench/")
        if user.username == "zhiwei":
            assert response.status_code == 302  # a member's page is /members/me/
            continue
        if user.role_assignments.filter(role__code__in=OUTSIDE_LANDINGS).exists():
            # organization users and evaluators land on their own pages
            assert response.status_code == 302, user.username
            assert client.get(response.url).status_code == 200, user.username
            continue
        assert response.status_code == 200, user.username
        bench = response.context["bench"]
        assert bench.items, user.username
        found = {item.key for item in bench.items if not item.count}
        if user.username == "gh_cadre":
            assert not MEMBER_ITEMS & {item.key for item in bench.items}
            assert bench.quarter is None and not bench.compliance
        if found:
            empty[user.username] = found
    assert empty == KNOWN_EMPTY
