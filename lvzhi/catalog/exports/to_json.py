"""The JSON export and its JSON Schema (:data:`EXPORT_JSON_SCHEMA`)."""

import json

from ..models import CatalogVersion
from ..parsed import FIELD_LABELS
from .data import FORMAT_VERSION, export_data


def build_json(version: CatalogVersion, data: dict | None = None) -> bytes:
    return json.dumps(data or export_data(version), ensure_ascii=False, indent=2).encode()


_TEXT = {"type": "string"}
_FIELD_PROPERTIES = {key: {"type": "string", "title": label} for key, label in FIELD_LABELS.items()}

EXPORT_JSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "lvzhi 职责目录导出（format_version 1）",
    "description": "一个职责目录版本：主要职责、职责事项及其信息表字段、法定依据引用和导入问题。",
    "type": "object",
    "required": ["format_version", "catalog", "organization", "version", "duties", "findings"],
    "properties": {
        "schema": {"type": "string", "description": "本 JSON Schema 的地址"},
        "format_version": {"const": FORMAT_VERSION},
        "catalog": {
            "type": "object",
            "required": ["id", "title"],
            "properties": {
                "id": {"type": "integer"},
                "title": {**_TEXT, "description": "目录名称"},
            },
        },
        "organization": {
            "type": "object",
            "required": ["id", "name", "code"],
            "properties": {
                "id": {"type": "integer"},
                "name": {**_TEXT, "description": "组织名称"},
                "code": {**_TEXT, "description": "组织代码"},
            },
        },
        "version": {
            "type": "object",
            "required": ["number", "status", "published_at"],
            "properties": {
                "id": {"type": "integer"},
                "number": {"type": "integer", "minimum": 1, "description": "版本号"},
                "status": {"enum": ["draft", "published", "superseded"]},
                "published_at": {"type": ["string", "null"], "format": "date-time"},
            },
        },
        "duties": {
            "type": "array",
            "description": "主要职责",
            "items": {
                "type": "object",
                "required": ["number", "text", "items"],
                "properties": {
                    "number": {**_TEXT, "description": "职责序号，如 3"},
                    "text": {**_TEXT, "description": "主要职责"},
                    "items": {
                        "type": "array",
                        "description": "职责事项",
                        "items": {
                            "type": "object",
                            "required": [
                                "number",
                                "name",
                                "fields",
                                "department",
                                "legal_citations",
                            ],
                            "properties": {
                                "number": {**_TEXT, "description": "事项序号，如 3.2"},
                                "name": {**_TEXT, "description": "名称（目录中的写法）"},
                                "sheet_title": {
                                    **_TEXT,
                                    "description": "信息表标题（源文件中的写法）",
                                },
                                "sheet_name": {
                                    **_TEXT,
                                    "description": "信息表名称（信息表自己的写法，与目录不同时保留）",
                                },
                                "fields": {
                                    "type": "object",
                                    "description": "信息表字段，原文",
                                    "required": list(FIELD_LABELS),
                                    "properties": _FIELD_PROPERTIES,
                                    "additionalProperties": False,
                                },
                                "department": {
                                    "description": "实施机构对应的内设部门（未匹配为 null）",
                                    "oneOf": [
                                        {"type": "null"},
                                        {
                                            "type": "object",
                                            "required": ["id", "name"],
                                            "properties": {
                                                "id": {"type": "integer"},
                                                "name": _TEXT,
                                            },
                                        },
                                    ],
                                },
                                "supervision_contact": {
                                    "type": "object",
                                    "properties": {
                                        "address": _TEXT,
                                        "phones": {"type": "array", "items": _TEXT},
                                        "emails": {"type": "array", "items": _TEXT},
                                    },
                                },
                                "legal_citations": {
                                    "type": "array",
                                    "description": "法定依据（发布时拆分）",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "title": _TEXT,
                                            "doc_number": _TEXT,
                                            "articles": {"type": "array", "items": _TEXT},
                                            "raw": _TEXT,
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
        "findings": {
            "type": "array",
            "description": "导入问题",
            "items": {
                "type": "object",
                "required": ["item_number", "field", "line", "severity", "message"],
                "properties": {
                    "item_number": _TEXT,
                    "field": _TEXT,
                    "field_label": _TEXT,
                    "line": {"type": "integer", "minimum": 0},
                    "severity": {"enum": ["error", "warning", "note"]},
                    "code": _TEXT,
                    "message": _TEXT,
                    "repair": _TEXT,
                    "decision": {"enum": ["pending", "accepted", "rejected"]},
                },
            },
        },
    },
}
