"""Authorization matrix rows for a founding's election (R-OR-05): whoever sees the
register row reads its election; only a cadre of the subtree opens it, replaces its lists,
records its counts."""

from django.contrib.auth import get_user_model

from lvzhi.core.tests.matrix import (
    CADRE_CREATES,
    CADRE_WRITES,
    VIEWERS,
    api_read,
    api_write,
    by_relation,
    cadres,
    page,
    page_submit,
)
from lvzhi.grassroots import founding
from lvzhi.grassroots.elections import services

from .conftest import add_sixin

API = "/api/v1/grassroots"
CHANGED_SUBTREE = cadres(by_relation(200, 404, 404, 200))


def _admin():
    return get_user_model().objects.get(username="admin")


def _opened(o):
    """A founding in progress with its election opened (made before the matrix counts)."""
    if not hasattr(o, "election_sixin"):
        o.election_sixin = add_sixin(o, f"{o.name}辖区选举中公司", 40, party=True)
        founding.founding_start(actor=_admin(), sixin=o.election_sixin)
    return o.election_sixin


def _election(o):
    if not hasattr(o, "election"):
        o.election = services.election_open_founding(actor=_admin(), sixin=_opened(o))
        services.candidates_replace(
            actor=_admin(),
            election=o.election,
            stage="congress",
            candidates=[{"name": "王芳"}, {"name": "李娜"}],
        )
    return o.election


def _counts(o):
    return {"held_on": "2026-11-20", "expected": 40, "present": 40, "ballots_issued": 40}


def _api_ballots(o):
    ids = _election(o).candidates.values_list("pk", flat=True)
    return {
        "stage": "congress",
        **_counts(o),
        "ballots_returned": 40,
        "votes": [{"candidate": pk, "votes_for": 30} for pk in ids],
    }


def _page_ballots(o):
    ids = _election(o).candidates.values_list("pk", flat=True)
    return {**_counts(o), "ballots_returned": 40, **{f"c{pk}_votes_for": 30 for pk in ids}}


ELECTION_ROWS = [
    page_submit(
        "renewal election open page",
        lambda o: f"/grassroots/renewals/{o.pk}/election/",
        CADRE_WRITES,
    ),
    api_write(
        "API renewal election open",
        "POST",
        lambda o: f"{API}/elections/",
        CADRE_CREATES,
        data=lambda o: {"federation": o.pk},
    ),
    page("election page", lambda o: f"/grassroots/elections/{_election(o).pk}/", VIEWERS),
    api_read("API election", lambda o: f"{API}/elections/{_election(o).pk}/", VIEWERS),
    page_submit(
        "election open page",
        lambda o: f"/grassroots/sixin/{_opened(o).pk}/founding/election/",
        CADRE_WRITES,
    ),
    api_write(
        "API election open",
        "POST",
        lambda o: f"{API}/sixin/{_opened(o).pk}/founding-election/",
        CADRE_CREATES,
    ),
    page_submit(
        "election delegates page",
        lambda o: f"/grassroots/elections/{_election(o).pk}/delegates/",
        CADRE_WRITES,
        data=lambda o: {"delegates": "周红，行政部"},
    ),
    api_write(
        "API election delegates",
        "PUT",
        lambda o: f"{API}/elections/{_election(o).pk}/delegates/",
        CHANGED_SUBTREE,
        data=lambda o: {"delegates": [{"name": "周红", "workplace": "行政部"}]},
    ),
    api_write(
        "API election method",
        "POST",
        lambda o: f"{API}/elections/{_election(o).pk}/method/",
        CHANGED_SUBTREE,
        data=lambda o: {"method": "present"},
    ),
    page_submit(
        "election ballots page",
        lambda o: f"/grassroots/elections/{_election(o).pk}/ballots/congress/",
        CADRE_WRITES,
        data=_page_ballots,
    ),
    api_write(
        "API election ballots",
        "POST",
        lambda o: f"{API}/elections/{_election(o).pk}/ballots/",
        CADRE_CREATES,
        data=_api_ballots,
    ),
]
