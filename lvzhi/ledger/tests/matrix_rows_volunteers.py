"""Authorization matrix rows of 巾帼志愿者 teams: kept by the federation's cadres (the
ledger's ``change``), the public page open to everyone (no personal data)."""

from django.urls import reverse

from lvzhi.core.tests.matrix import (
    CADRE_CREATES,
    CADRE_WRITES,
    CADRES,
    SIGNED_IN,
    api_read,
    api_write,
    everyone,
    page,
    page_submit,
    url,
)

from .matrix_rows_ledger import API


def team_of(o):
    if getattr(o, "_ledger_team", None) is None:
        from lvzhi.ledger.models import VolunteerTeam

        o._ledger_team = VolunteerTeam.objects.create(
            organization=o, org_path=o.path, name=f"{o.code}志愿队"
        )
    return o._ledger_team


VOLUNTEER_ROWS = [
    page("ledger teams", lambda o: reverse("ledger:teams"), SIGNED_IN),
    page("ledger team detail", url("ledger:team", team_of), CADRES),
    page("ledger team new page", url("ledger:team-create"), CADRES),
    page_submit(
        "ledger team member add",
        url("ledger:team-member-add", team_of),
        CADRE_WRITES,
        lambda o: {"name": "赵志愿", "joined_on": "2026-01-05"},
    ),
    page("ledger team service page", url("ledger:team-service", team_of), CADRES),
    page("ledger team public", url("ledger:team-public", team_of), everyone(200)),
    api_read("ledger api teams", lambda o: f"{API}/teams/", SIGNED_IN),
    api_read("ledger api team hours", lambda o: f"{API}/teams/{team_of(o).pk}/hours/", CADRES),
    api_write(
        "ledger api team member add",
        "POST",
        lambda o: f"{API}/teams/{team_of(o).pk}/members/",
        CADRE_CREATES,
        lambda o: {"name": "赵志愿", "joined_on": "2026-01-05"},
    ),
]
