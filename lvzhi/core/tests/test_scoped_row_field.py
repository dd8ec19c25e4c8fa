"""The shared serializer field naming the row a write targets (homes, socialorgs)."""

import pytest
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.test import APIRequestFactory

from lvzhi.core.serializers import ScopedRowField, request_user
from lvzhi.orgs.models import Organization


class OrganizationField(ScopedRowField):
    model = Organization
    related = ("region",)
    not_found = "组织不在范围内"


class Target(serializers.Serializer):
    organization = OrganizationField()


def _serializer(user, value):
    request = APIRequestFactory().post("/")
    request.user = user
    return Target(data={"organization": value}, context={"request": request})


@pytest.fixture
def cadre(org_tree, make_user):
    return make_user("scoped-cadre", "cadre", org_tree.xinhe)


def test_row_in_scope_is_found(org_tree, cadre):
    serializer = _serializer(cadre, str(org_tree.xinhe_1.pk))
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["organization"] == org_tree.xinhe_1
    assert request_user(serializer.fields["organization"]) == cadre


@pytest.mark.parametrize("name", ["dagu", "city"])
def test_row_out_of_scope_answers_404(org_tree, cadre, name):
    serializer = _serializer(cadre, getattr(org_tree, name).pk)
    with pytest.raises(NotFound, match="组织不在范围内"):
        serializer.is_valid()


@pytest.mark.parametrize("value", [True, "abc", "-3", 1.5, None, [1]])
def test_malformed_id_is_a_field_error(org_tree, cadre, value):
    serializer = _serializer(cadre, value)
    assert not serializer.is_valid()
    assert "organization" in serializer.errors


def test_schema_sees_the_model_pk():
    field = OrganizationField()
    assert field.queryset.model is Organization
    assert not field.queryset.exists()
    assert request_user(field) is None
