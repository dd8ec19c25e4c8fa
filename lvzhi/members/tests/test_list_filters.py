"""Every members list endpoint filters through a django-filter FilterSet (issue 10): an
unknown parameter or a malformed value answers 400 naming the parameter, and a good
filter still narrows the list."""

import pytest
from rest_framework.test import APIClient

from lvzhi.members.activities import services
from lvzhi.members.models import Activity

pytestmark = pytest.mark.django_db

# (endpoint, who asks, a malformed filter value)
ENDPOINTS = [
    ("/api/v1/members/me/activities/", "member", {"kind": "nonsense"}),
    ("/api/v1/members/me/activities/", "member", {"from": "2026-13-45"}),
    ("/api/v1/members/activities/", "cadre", {"status": "lost"}),
    ("/api/v1/members/activities/", "cadre", {"person": "abc"}),
    ("/api/v1/members/activities/", "cadre", {"org": "2" * 30}),
    ("/api/v1/members/activities/", "cadre", {"to": "yesterday"}),
    ("/api/v1/members/suggestions/", "cadre", {"answered": "maybe"}),
    ("/api/v1/members/suggestions/", "cadre", {"organization": "-1"}),
    ("/api/v1/members/nominations/", "cadre", {"status": "maybe"}),
    ("/api/v1/members/nominations/", "cadre", {"organization": "x"}),
    ("/api/v1/members/exits/", "cadre", {"kind": "vanished"}),
    ("/api/v1/members/exits/", "cadre", {"status": "gone"}),
    ("/api/v1/members/exits/", "cadre", {"unannounced": "perhaps"}),
    ("/api/v1/members/vote-sessions/", "cadre", {"organization": "1.5"}),
    ("/api/v1/members/profiles/", "cadre", {"published": "sometimes"}),
    ("/api/v1/members/profiles/", "cadre", {"organization": "0"}),
    ("/api/v1/members/contacts/", "cadre", {"person": "me"}),
    ("/api/v1/members/contacts/", "cadre", {"active": "2"}),
    ("/api/v1/members/meetings/", "cadre", {"organization": "abc"}),
    ("/api/v1/members/meetings/", "cadre", {"year": "99999"}),
    ("/api/v1/members/reports/", "cadre", {"person": "1.5"}),
    ("/api/v1/members/reports/", "cadre", {"year": "last"}),
    ("/api/v1/members/evaluations/", "cadre", {"organization": "0"}),
    ("/api/v1/members/evaluations/", "cadre", {"year": "20x6"}),
    ("/api/v1/members/year-results/", "cadre", {"person": "-3"}),
    ("/api/v1/members/incentives/", "cadre", {"year": "1800"}),
    ("/api/v1/members/trainings/", "cadre", {"organization": "2" * 30}),
]
# Lists without filters: any parameter but the page's is unknown.
NO_FILTERS = ["/api/v1/members/reminders/"]


# Summaries whose parameters a FilterSet reads (``organization`` required where it is a
# parameter): (endpoint, a malformed parameter). ``{xinhe}`` is the cadre's organization.
SUMMARIES = [
    ("/api/v1/members/meetings-missing/", {"half": "2026H3"}),
    ("/api/v1/members/meetings-missing/", {"organization": "x"}),
    ("/api/v1/members/meeting-checks/{xinhe}/", {"year": "1999"}),
    ("/api/v1/members/report-status/", {"year": "2999"}),
    ("/api/v1/members/evaluation-summary/", {"year": "abc"}),
    ("/api/v1/members/excellent-candidates/", {"organization": "1e3"}),
    ("/api/v1/members/report-template/", {"person": "somebody"}),
    ("/api/v1/members/compliance/rollup/", {"period": "2026Q9"}),
    ("/api/v1/members/compliance/rollup/by-child/", {"organization": "-1"}),
    ("/api/v1/members/compliance/members/", {"period": "soon"}),
    ("/api/v1/members/exit-recommendations/", {"organization": "many"}),
]


@pytest.fixture
def askers(committees, make_user):
    return {
        "member": committees.township[1].user,
        "cadre": make_user("filters_cadre", "cadre", committees.tree.xinhe),
    }


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(("url", "who", "params"), ENDPOINTS)
def test_malformed_value_answers_400_naming_the_parameter(askers, url, who, params):
    response = _client(askers[who]).get(url, params)
    assert response.status_code == 400, response.content
    assert set(params) <= set(response.json())


@pytest.mark.parametrize("url", sorted({url for url, _who, _params in ENDPOINTS} | {*NO_FILTERS}))
def test_unknown_parameter_answers_400_naming_it(askers, url):
    who = "member" if "/me/" in url else "cadre"
    response = _client(askers[who]).get(url, {"colour": "red"})
    assert response.status_code == 400
    assert "colour" in response.json()
    # a name holding a format marker is quoted back, not formatted (it was a 500)
    odd = _client(askers[who]).get(url, {"%s%(x)d": "1"})
    assert odd.status_code == 400
    assert "“%s%(x)d”" in odd.json()["%s%(x)d"][0]
    # the list machinery's own parameters are not filters, and are not refused
    assert _client(askers[who]).get(url, {"page": 1, "page_size": 5}).status_code == 200


def _summary(askers, committees, url, params=None):
    xinhe = committees.tree.xinhe
    query = {"organization": xinhe.pk}
    if "/meeting-checks/" in url:
        query = {}
    if "/report-template/" in url:
        query["person"] = committees.township[1].pk
    url = url.format(xinhe=xinhe.pk)
    return _client(askers["cadre"]).get(url, query | (params or {}))


@pytest.mark.parametrize(("url", "params"), SUMMARIES)
def test_summary_malformed_parameter_answers_400_naming_it(askers, committees, url, params):
    response = _summary(askers, committees, url, params)
    assert response.status_code == 400, response.content
    assert set(params) <= set(response.json())


@pytest.mark.parametrize("url", sorted({url for url, _params in SUMMARIES}))
def test_summary_unknown_parameter_answers_400_naming_it(askers, committees, url):
    response = _summary(askers, committees, url, {"colour": "red"})
    assert response.status_code == 400
    assert "colour" in response.json()
    assert _summary(askers, committees, url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/members/meetings-missing/",
        "/api/v1/members/report-status/",
        "/api/v1/members/compliance/rollup/",
        "/api/v1/members/exit-recommendations/",
    ],
)
def test_summary_without_organization_answers_400_naming_it(askers, url):
    response = _client(askers["cadre"]).get(url)
    assert response.status_code == 400
    assert "请填写" in response.json()["organization"][0]


def test_filters_still_narrow_the_lists(committees, askers):
    member = committees.township[1]
    services.activity_record(actor=member.user, person=member, kind="lecture", date=_today())
    services.activity_record(actor=member.user, person=member, kind="contact", date=_today())
    client = _client(askers["member"])
    lectures = client.get("/api/v1/members/me/activities/", {"kind": "lecture"}).json()
    assert [a["kind"] for a in lectures["results"]] == ["lecture"]
    cadre = _client(askers["cadre"])
    by_person = cadre.get("/api/v1/members/activities/", {"person": member.pk}).json()
    assert by_person["count"] == Activity.objects.filter(person=member).count() == 2
    # an organization out of reach empties the list (as on the page), it is not an error
    outside = committees.tree.dagu.pk
    assert cadre.get("/api/v1/members/activities/", {"org": outside}).json()["count"] == 0


def _today():
    from lvzhi.core.periods import today_local

    return today_local()


def test_a_quarter_code_with_a_format_marker_is_refused_not_formatted(askers, committees):
    response = _summary(
        askers, committees, "/api/v1/members/compliance/rollup/", {"period": "%s%d"}
    )
    assert response.status_code == 400
    assert "period" in response.json()
