"""The OpenAPI schema generates cleanly and the Swagger page is served from the sidecar."""

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


ORGS_PATHS = [
    "/api/v1/orgs/organizations/",
    "/api/v1/orgs/organizations/{id}/",
    "/api/v1/orgs/organizations/{id}/children/",
    "/api/v1/orgs/departments/",
    "/api/v1/orgs/people/",
    "/api/v1/orgs/people/{id}/",
    "/api/v1/orgs/people/{id}/reveal/",
    "/api/v1/orgs/positions/",
    "/api/v1/orgs/terms/",
    "/api/v1/orgs/regions/",
    "/api/v1/orgs/party-organizations/",
]


def test_schema_endpoint_lists_orgs_paths(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    for path in ORGS_PATHS:
        assert path in schema["paths"], path
    assert "patch" in schema["paths"]["/api/v1/orgs/people/{id}/"]
    assert "put" not in schema["paths"]["/api/v1/orgs/people/{id}/"]
    assert "delete" not in schema["paths"]["/api/v1/orgs/people/{id}/"]


def test_schema_is_valid_and_has_no_warnings(capsys):
    """Same check as ``lvzhi spectacular --validate --fail-on-warn``."""
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    captured = capsys.readouterr()
    assert "Warning" not in captured.err
    assert "Error" not in captured.err


def test_schema_never_offers_pii_in_plaintext():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    person = schema["components"]["schemas"]["Person"]["properties"]
    assert person["id_number"].get("writeOnly") is True
    assert person["phone"].get("writeOnly") is True
    assert person["id_number_masked"].get("readOnly") is True
    # the YAML form parses as well
    assert yaml.safe_load(yaml.safe_dump(schema, allow_unicode=True))["paths"]


def test_swagger_page(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "swagger-ui" in body
    assert "/api/schema/" in body
