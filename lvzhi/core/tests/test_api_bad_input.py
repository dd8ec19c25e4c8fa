"""Bad input to the API answers 400/404 with a Chinese message, never 500; the schema tells
the truth about errors and nulls. One test per class of failure schemathesis found
(scripts/api_fuzz.py runs the whole schema against a live server)."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.exceptions import ErrorDetail
from rest_framework.test import APIClient

from lvzhi.core.api import exception_handler
from lvzhi.orgs.services import person_create
from lvzhi.processes.api_writes import _per_step
from lvzhi.processes.serializers import StepsReplaceSerializer


@pytest.fixture
def api(org_tree, make_user):
    client = APIClient()
    client.force_authenticate(make_user("cadre", "cadre", org_tree.district))
    return client


def _text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/orgs/organizations/abc/",  # router route: the id check
        "/api/v1/orgs/organizations/99999999999999999999999/",  # beyond 64 bits
        "/api/v1/members/meetings/null,null/",
        "/api/v1/catalog/versions/abc/findings/",  # <int:pk> route: no match → JSON 404
    ],
)
def test_path_id_that_is_not_a_row_id_is_404_json(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "未找到" in response.json()["detail"]


def test_post_to_a_malformed_id_is_404_not_a_csrf_page(org_tree, make_user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(make_user("cadre", "cadre", org_tree.district))
    response = client.post("/api/v1/catalog/versions/abc/publish/", {}, format="json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_integer_filter_beyond_64_bits_is_400_naming_the_field(api):
    response = api.get("/api/v1/orgs/people/", {"organization": 2**70})
    assert response.status_code == 400
    assert "所属组织编号应为 1 至" in response.json()["organization"][0]


@pytest.mark.parametrize(
    "path", ["/api/v1/processes/cases/?year=99999", "/api/v1/members/meetings/?year=-85941"]
)
def test_year_out_of_range_is_400(api, path):
    response = api.get(path)
    assert response.status_code == 400
    assert "年度" in _text(response)


def test_null_where_a_step_belongs_is_a_per_step_400_message():
    body = StepsReplaceSerializer(data={"steps": [None]})
    assert not body.is_valid()
    answer = _per_step(body.errors)
    assert list(answer) == ["steps[1]"] and answer["steps[1]"]
    assert _per_step({"steps": {0: [ErrorDetail("不能为空")]}}) == {"steps[1]": ["不能为空"]}


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1.5", "²"])
def test_page_size_not_a_whole_number_from_1_is_400(api, value):
    response = api.get("/api/v1/orgs/organizations/", {"page_size": value})
    assert response.status_code == 400
    assert "每页条数" in response.json()["page_size"][0]


def test_page_size_above_the_maximum_is_capped(api):
    response = api.get("/api/v1/orgs/organizations/", {"page_size": 10**30})
    assert response.status_code == 200
    small = api.get("/api/v1/orgs/organizations/", {"page_size": 1}).json()
    assert len(small["results"]) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/orgs/organizations/?top=null",  # django-filter read it as "no filter"
        "/api/v1/orgs/terms/?number=0.5",  # an integer column accepted a fraction
        "/api/v1/members/contacts/?person=null",  # ignored before
    ],
)
def test_query_value_of_the_wrong_type_is_400(api, path):
    assert api.get(path).status_code == 400


def test_reveal_reason_too_long_is_400_with_the_limit(api, org_tree, admin_user):
    """The reason's length message once used ``%(max_length)s``: DRF formats ``{}``, so the
    message itself raised KeyError and the answer was 500."""
    person = person_create(actor=admin_user, organization=org_tree.xinhe, name="李新芳")
    response = api.post(
        f"/api/v1/orgs/people/{person.pk}/reveal/",
        {"field": "phone", "reason": "核" * 300},
        format="json",
    )
    assert response.status_code == 400
    assert "200" in response.json()["reason"][0]


def test_overflow_reaching_the_database_is_400_not_500():
    response = exception_handler(OverflowError("Python int too large"), {})
    assert response.status_code == 400
    assert "超出" in response.data["non_field_errors"][0]


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def test_schema_documents_error_answers_and_json_bodies(schema):
    detail = schema["paths"]["/api/v1/orgs/organizations/{id}/"]
    assert {"400", "401", "403", "404"} <= set(detail["get"]["responses"])
    assert "409" in detail["patch"]["responses"]
    assert list(detail["patch"]["requestBody"]["content"]) == ["application/json"]
    export = schema["paths"]["/api/v1/catalog/versions/{id}/export/{fmt}/"]["get"]
    assert (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        in (export["responses"]["200"]["content"])
    )


def test_schema_declares_the_nulls_the_api_answers(schema):
    components = schema["components"]["schemas"]
    assert components["Case"]["properties"]["assignee_name"]["nullable"] is True
    assert components["ProcessTemplate"]["properties"]["published_version"]["nullable"] is True
    assert components["Seat"]["properties"]["lives_here_since"]["nullable"] is True
    assert "nullable" not in components["Case"]["properties"]["title"]
