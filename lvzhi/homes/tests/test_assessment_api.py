"""/api/v1/homes/assessments/: the whole flow through the API, 400/403/404 answers and
the schema."""

import pytest
from rest_framework.test import APIClient

from lvzhi.homes import rules
from lvzhi.homes.models import Assessment, AssessmentStatus, Designation, Home

from .test_assessments import people  # noqa: F401
from .test_services import jpeg

BASE = "/api/v1/homes/assessments"
pytestmark = pytest.mark.django_db


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_flow_through_the_api(people, homes):  # noqa: F811
    village = as_user(people["village"])
    response = village.post(f"{BASE}/", {"home": homes["xinhe_1"].pk}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert len(response.json()["parts"]) == len(rules.part_codes())
    response = village.post(f"{BASE}/{pk}/submit/")
    assert response.status_code == 400 and "R-HM-01" in str(response.json())
    for code in rules.part_codes():
        response = village.post(
            f"{BASE}/{pk}/parts/",
            {"code": code, "met": "true", "note": "已落实", "evidence": jpeg(f"{code}.jpg")},
            format="multipart",
        )
        assert response.status_code == 200, response.json()
    assert response.json()["evidence"][0]["url"].startswith("/homes/evidence/")
    assert village.post(f"{BASE}/{pk}/submit/").json()["status"] == "township"

    township = as_user(people["township"])
    reviews = [{"code": c, "decision": "agreed"} for c in rules.part_codes()]
    reviews[0] = {"code": reviews[0]["code"], "decision": "returned", "reason": "标识牌不清"}
    response = township.post(f"{BASE}/{pk}/review/", {"reviews": reviews}, format="json")
    assert response.json()["status"] == "self"
    response = village.post(
        f"{BASE}/{pk}/parts/",
        {"code": reviews[0]["code"], "met": "true", "evidence": jpeg("new.jpg")},
        format="multipart",
    )
    village.post(f"{BASE}/{pk}/submit/")
    reviews[0] = {"code": reviews[0]["code"], "decision": "agreed"}
    township.post(f"{BASE}/{pk}/review/", {"reviews": reviews}, format="json")

    district = as_user(people["district"])
    assert (
        township.post(f"{BASE}/{pk}/decide/", {"designate": True}, format="json").status_code == 403
    )
    response = district.post(f"{BASE}/{pk}/decide/", {"designate": True}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "designated"
    assert [v["rule_id"] for v in response.json()["verdicts"]][-2:] == ["R-HM-01", "R-HM-02"]
    assert Home.objects.get(pk=homes["xinhe_1"].pk).designation == Designation.DESIGNATED

    results = [{"code": c, "met": True} for c in rules.part_codes()]
    results[-1] = {"code": results[-1]["code"], "met": False, "note": "无人值班"}
    response = district.post(
        f"{BASE}/recheck/", {"home": homes["xinhe_1"].pk, "results": results}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "withdrawn"


def test_scope_and_bad_input(people, homes):  # noqa: F811
    other = as_user(people["other"])
    assert other.post(f"{BASE}/", {"home": homes["xinhe_1"].pk}, format="json").status_code == 404
    village = as_user(people["village"])
    pk = village.post(f"{BASE}/", {"home": homes["xinhe_1"].pk}, format="json").json()["id"]
    assert other.get(f"{BASE}/{pk}/").status_code == 404
    assert other.post(f"{BASE}/{pk}/submit/").status_code == 404
    response = village.post(f"{BASE}/{pk}/parts/", {"code": "nonsense", "met": True}, format="json")
    assert response.status_code == 400 and "code" in response.json()
    assert Assessment.objects.get().status == AssessmentStatus.SELF
    assert [a["id"] for a in other.get(f"{BASE}/").json()["results"]] == []
