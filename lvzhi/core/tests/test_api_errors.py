"""Service errors become API answers in one place (lvzhi.core.api_errors)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import serializers

from lvzhi.core.api_errors import Conflict, call_service, validated
from lvzhi.core.scopes import OutOfScope


def _raise(exc):
    def call():
        raise exc

    return call


def test_a_result_is_read_and_answered_with_the_status():
    response = call_service(lambda: 41, read=lambda n: {"n": n + 1}, status=201)
    assert (response.status_code, response.data) == (201, {"n": 42})


def test_validation_errors_answer_400_by_field():
    response = call_service(_raise(ValidationError({"name": "请填写名称"})))
    assert (response.status_code, response.data) == (400, {"name": ["请填写名称"]})
    response = call_service(_raise(ValidationError("届次已结束")))
    assert (response.status_code, response.data) == (400, {"non_field_errors": ["届次已结束"]})


def test_out_of_scope_answers_404_without_data():
    response = call_service(_raise(OutOfScope()))
    assert (response.status_code, response.data) == (404, {"detail": "不存在或不在您的管理范围内"})
    response = call_service(_raise(OutOfScope("组织不存在或不在您的管理范围内")))
    assert response.data == {"detail": "组织不存在或不在您的管理范围内"}


def test_permission_denied_answers_403_and_conflicts_409_with_details():
    response = call_service(_raise(PermissionDenied("该环节不由您办理")))
    assert (response.status_code, response.data) == (403, {"detail": "该环节不由您办理"})
    response = call_service(_raise(Conflict("已被他人办理", step_revision=3)))
    assert response.status_code == 409
    assert response.data == {"detail": "已被他人办理", "step_revision": 3}


def test_other_exceptions_propagate():
    with pytest.raises(KeyError):
        call_service(_raise(KeyError("x")))


class _Body(serializers.Serializer):
    year = serializers.IntegerField()


class _Request:
    def __init__(self, data):
        self.data = data


def test_validated_answers_a_plain_dict_or_raises_400():
    assert validated(_Body, _Request({"year": "2027"})) == {"year": 2027}
    with pytest.raises(serializers.ValidationError) as raised:
        validated(_Body, _Request({"year": "明年"}))
    assert "year" in raised.value.detail
