"""The schema class of /api/schema/: documents the error answers every operation may give
and the nulls the serializers may answer (see ``ApiAutoSchema``); and the pieces API modules
declare their operations with (``viewset_schema``, ``write_schema``, the 400 and 404
answers)."""

import types
import typing

from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings

_ERROR_SCHEMA = {
    "type": "object",
    "description": "错误说明：detail 或按字段列出的错误信息",
    "additionalProperties": True,
}
_ERROR_TEXT = {
    "400": "请求有误（字段错误按字段列出）",
    "401": "未登录或令牌无效",
    "403": "无权执行此操作",
    "404": "未找到，或不在本人管理范围内",
    "409": "数据已被他人修改或当前状态不允许此操作",
}


NOT_FOUND = OpenApiResponse(description=gettext_lazy("不存在或不在您的管理范围内"))
BAD_REQUEST = OpenApiResponse(description=gettext_lazy("数据有误，按字段给出中文说明"))


def write_schema(summary, request, response, code=200, *, not_found=NOT_FOUND, **kwargs):
    """A write taking ``request`` (None: the viewset's serializer) and answering
    ``response`` with ``code``; 400 with the messages by field, 404 (``not_found``)
    outside scope."""
    if request is not None:
        kwargs["request"] = request
    responses = {code: response, 400: BAD_REQUEST, 404: not_found}
    return extend_schema(summary=summary, responses=responses, **kwargs)


def viewset_schema(
    *, tag, listing, detail, serializer=None, parameters=None, not_found=NOT_FOUND, **actions
):
    """A viewset tagged ``tag``: its list (``listing``, with ``parameters`` where the
    FilterSet's own do not say enough), its detail (``serializer``, 404 outside scope; no
    ``serializer``: the summary only) and ``actions`` (create, partial_update and extra
    actions, as ``extend_schema`` or ``write_schema``)."""
    retrieve = {"responses": {200: serializer, 404: not_found}} if serializer else {}

    def decorate(viewset):
        return extend_schema_view(
            list=extend_schema(summary=listing, parameters=parameters),
            retrieve=extend_schema(summary=detail, **retrieve),
            **actions,
        )(extend_schema(tags=[tag])(viewset))

    return decorate


class ApiAutoSchema(AutoSchema):
    """Documents what every operation may answer besides success: 400 for bad input, 401 and
    403 for authentication and permission, 404 for a path id out of scope or a page past the
    end, 409 for a write that conflicts with the current state. Views using the default
    parsers document JSON request bodies only (form encodings cannot carry lists and nulls)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction=direction)
        if direction != "response":
            return responses
        codes = ["400", "401", "403", "404"]
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            codes.append("409")
        for code in codes:
            responses.setdefault(
                code,
                {
                    "content": {"application/json": {"schema": _ERROR_SCHEMA}},
                    "description": _ERROR_TEXT[code],
                },
            )
        return responses

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction == "response" and _may_be_null(field):
            schema["nullable"] = True
        return schema

    def map_parsers(self):
        if list(self.view.parser_classes) == list(api_settings.DEFAULT_PARSER_CLASSES):
            return [JSONParser.media_type]
        return super().map_parsers()


def _may_be_null(field) -> bool:
    """A read-only field that falls back to ``default=None`` (``source="a.b"`` across a
    nullable relation) or a method field annotated ``-> X | None`` may answer null."""
    if getattr(field, "read_only", False) and getattr(field, "default", None) is None:
        if "default" in getattr(field, "_kwargs", {}):
            return True
    if isinstance(field, serializers.SerializerMethodField) and field.parent is not None:
        method = getattr(field.parent, field.method_name, None)
        hint = typing.get_type_hints(method).get("return") if method else None
        if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
            return type(None) in typing.get_args(hint)
    return False
