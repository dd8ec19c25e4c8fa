"""/api/v1/processes/ lists: what department staff and reviewers see, the inbox, the case
list filters and its constant number of queries, and the year plan."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.processes import services
from lvzhi.processes.models import (
    Case,
)

from .api_kit import (
    API,
    DOCUMENTS,
    as_user,
    counts,
    files,
    media_root,  # noqa: F401 (a fixture, used by pytestmark)
    publish,
    publish_32,
    start,
    text,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def test_department_staff_list_only_their_department(seeded, people):
    propaganda_case = start(people.cadre, publish_32(seeded, people), seeded.district)
    rights_case = start(
        people.cadre, publish(seeded, people, "6.1"), seeded.district, "2027年法治宣传"
    )
    listed = {
        user: [c["id"] for c in as_user(user).get(f"{API}/cases/").json()["results"]]
        for user in (people.cadre, people.propaganda, people.rights)
    }
    assert sorted(listed[people.cadre]) == sorted([propaganda_case["id"], rights_case["id"]])
    assert listed[people.propaganda] == [propaganda_case["id"]]
    assert listed[people.rights] == [rights_case["id"]]
    hidden = as_user(people.rights).get(f"{API}/cases/{propaganda_case['id']}/")
    assert hidden.status_code == 404


def test_reviewer_inbox_has_only_steps_routed_to_her(seeded, people):
    template = publish_32(seeded, people)
    waiting = start(people.cadre, template, seeded.district, "甲")
    moving = start(people.cadre, template, seeded.district, "乙")
    staff = as_user(people.propaganda)
    url = f"{API}/cases/{moving['id']}/transitions/"
    staff.post(url, {"step": moving["steps"][0]["id"], "action": "complete"}, format="json")
    staff.post(
        url,
        {
            "step": moving["steps"][1]["id"],
            "action": "complete",
            "files": files(*DOCUMENTS),
            "slots": list(DOCUMENTS),
        },
        format="multipart",
    )
    reviewer = as_user(people.city_cadre).get(f"{API}/inbox/").json()
    assert [s["id"] for s in reviewer["results"]] == [moving["steps"][2]["id"]]
    assert reviewer["results"][0]["case_title"] == "乙"
    assert reviewer["results"][0]["actor_organization_name"] == "天津市妇女联合会"
    # the department's inbox: step 1 of the first case, not the review at the city
    department = staff.get(f"{API}/inbox/").json()["results"]
    assert [s["id"] for s in department] == [waiting["steps"][0]["id"]]
    # the reviewer reads the case routed to her, not the district's other cases
    city = as_user(people.city_cadre)
    other = start(people.cadre, publish(seeded, people, "6.1"), seeded.district, "法治宣传")
    assert city.get(f"{API}/cases/{moving['id']}/").status_code == 200
    assert city.get(f"{API}/cases/{other['id']}/").status_code == 404
    listed = sorted(c["id"] for c in city.get(f"{API}/cases/").json()["results"])
    assert listed == [moving["id"]]  # the other one has not reached her review yet
    assert city.get(f"{API}/cases/{waiting['id']}/").status_code == 404


def test_case_list_filters(seeded, people):
    template = publish_32(seeded, people)
    first = start(people.cadre, template, seeded.district, "2027年度三八红旗手评选")
    township = start(people.xinhe_cadre, template, seeded.xinhe, "新河街道推荐")
    rights = start(people.cadre, publish(seeded, people, "6.1"), seeded.district, "2027年法治宣传")
    Case.objects.filter(pk=first["id"]).update(current_due_on=dt.date(2020, 1, 2))
    Case.objects.filter(pk=rights["id"]).update(year=2026)
    api = as_user(people.cadre)

    def ids(**params):
        response = api.get(f"{API}/cases/", params)
        assert response.status_code == 200, text(response)
        return sorted(c["id"] for c in response.json()["results"])

    assert ids() == sorted([first["id"], township["id"], rights["id"]])
    assert ids(overdue="true") == [first["id"]]
    assert api.get(f"{API}/cases/", {"overdue": "true"}).json()["results"][0]["overdue"] is True
    assert ids(organization=seeded.xinhe.pk) == [township["id"]]
    assert ids(year=2026) == [rights["id"]]
    assert ids(template=template.pk) == sorted([first["id"], township["id"]])
    assert ids(department=seeded.rights.pk) == [rights["id"]]
    assert ids(q="法治") == [rights["id"]]
    assert ids(q="3.2") == sorted([first["id"], township["id"]])
    assert ids(status="finished") == []
    assert ids(organization=seeded.union.pk) == []  # not hers: nothing, no error
    bad = api.get(f"{API}/cases/", {"status": "closed"})
    assert bad.status_code == 400 and "status" in bad.json()
    assert api.get(f"{API}/cases/", {"year": "x"}).status_code == 400


def test_case_list_queries_do_not_grow(seeded, people):
    template = publish_32(seeded, people)
    api = as_user(people.cadre)

    def make(n):
        for i in range(n):
            case = services.case_start(
                actor=people.cadre,
                template=template,
                organization=seeded.district,
                title=f"办件{i}",
                assignee=people.propaganda,
            )
            assert case.pk

    make(3)
    api.get(f"{API}/cases/")  # the user's role assignments are cached after the first call
    with CaptureQueriesContext(connection) as few:
        assert api.get(f"{API}/cases/").json()["count"] == 3
    make(12)
    with CaptureQueriesContext(connection) as many:
        assert api.get(f"{API}/cases/").json()["count"] == 15
    assert len(few) == len(many)
    staff = as_user(people.propaganda)
    staff.get(f"{API}/inbox/")
    with CaptureQueriesContext(connection) as staff_few:
        assert staff.get(f"{API}/inbox/").json()["count"] == 15
    make(2)
    with CaptureQueriesContext(connection) as staff_many:
        assert staff.get(f"{API}/inbox/").json()["count"] == 17
    assert len(staff_few) == len(staff_many)


def test_year_plan(seeded, people):
    api = as_user(people.cadre)
    template = publish_32(seeded, people)
    api.patch(f"{API}/templates/{template.pk}/", {"recurring": True}, format="json")
    body = {"organization": seeded.district.pk, "year": 2027}
    first = api.post(f"{API}/year-plan/", body, format="json")
    assert first.status_code == 200, text(first)
    assert [c["title"] for c in first.json()["created"]] == ["2027年度评选表彰三八红旗手（集体）"]
    assert first.json()["created"][0]["plan_year"] == 2027
    before = counts()
    second = api.post(f"{API}/year-plan/", body, format="json")
    assert second.json() == {"created": [], "existing": 1}
    bad = api.post(f"{API}/year-plan/", {**body, "year": 1900}, format="json")
    assert bad.status_code == 400 and "年度无效" in text(bad)
    outside = api.post(f"{API}/year-plan/", {**body, "organization": seeded.union.pk}, "json")
    assert outside.status_code == 404
    staff = as_user(people.propaganda).post(f"{API}/year-plan/", body, format="json")
    assert staff.status_code == 404
    assert counts() == before
