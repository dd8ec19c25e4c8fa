"""What every export format reads: the version as plain data (:func:`export_data`, the
JSON document), the formats, the file name, and the text cleaning they share."""

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import Prefetch
from django.urls import reverse

from ..models import CatalogVersion, DutyItem, LegalCitation
from ..parsed import FIELD_LABELS

FORMAT_VERSION = 1


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    extension: str
    content_type: str


FORMATS = {
    "xlsx": ExportFormat(
        "xlsx", "Excel", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "docx": ExportFormat(
        "docx",
        "Word",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "json": ExportFormat("json", "JSON", "json", "application/json; charset=utf-8"),
    "pdf": ExportFormat("pdf", "PDF", "pdf", "application/pdf"),
}


SHEET_ROWS = ("序号", "名称", *FIELD_LABELS.values())
ITEM_COLUMNS = ("序号", "主要职责", "名称", *FIELD_LABELS.values(), "信息表名称")


# Characters XML 1.0 forbids (openpyxl and python-docx would refuse them).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FILENAME_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def clean(text) -> str:
    return _XML_ILLEGAL.sub("", str(text or ""))


def export_data(version: CatalogVersion) -> dict:
    """The version as plain data (the JSON document); five queries whatever its size."""
    version = CatalogVersion.objects.select_related("catalog__organization").get(pk=version.pk)
    organization = version.catalog.organization
    items = (
        DutyItem.objects.select_related("department")
        .prefetch_related(
            Prefetch(
                "citations",
                queryset=LegalCitation.objects.select_related("document").order_by("order", "id"),
            )
        )
        .order_by("order", "id")
    )
    duties = version.duties.prefetch_related(Prefetch("items", queryset=items)).order_by(
        "order", "id"
    )
    return {
        "schema": schema_url(),
        "format_version": FORMAT_VERSION,
        "catalog": {"id": version.catalog_id, "title": version.catalog.title},
        "organization": {
            "id": organization.pk,
            "name": organization.name,
            "code": organization.code,
        },
        "version": {
            "id": version.pk,
            "number": version.number,
            "status": version.status,
            "published_at": version.published_at.isoformat() if version.published_at else None,
        },
        "duties": [
            {
                "number": duty.number,
                "text": duty.text,
                "items": [_item_data(item) for item in duty.items.all()],
            }
            for duty in duties
        ],
        "findings": [
            {
                "item_number": f.item_number,
                "field": f.field,
                "field_label": f.field_label if f.field else "",
                "line": f.line,
                "severity": f.severity,
                "code": f.code,
                "message": f.message,
                "repair": f.repair,
                "decision": f.decision,
            }
            for f in version.findings.order_by("order", "id")
        ],
    }


def _item_data(item: DutyItem) -> dict:
    return {
        "number": item.number,
        "name": item.name,
        "sheet_title": item.sheet_title,
        "sheet_name": item.sheet_name,
        "fields": {key: getattr(item, key) for key in FIELD_LABELS},
        "department": (
            {"id": item.department_id, "name": item.department.name} if item.department_id else None
        ),
        "supervision_contact": {
            "address": item.supervision_address,
            "phones": list(item.supervision_phones or []),
            "emails": list(item.supervision_emails or []),
        },
        "legal_citations": [
            {
                "title": c.document.title,
                "doc_number": c.document.doc_number,
                "articles": list(c.articles or []),
                "raw": c.raw,
            }
            for c in item.citations.all()
        ],
    }


def sheet_rows(item: dict) -> list[tuple[str, str]]:
    """(label, text) rows of an info sheet in the official order, then 信息表名称 when the
    sheet's own name differs from the index name."""
    values = (item["number"], item["name"], *(item["fields"][k] for k in FIELD_LABELS))
    rows = list(zip(SHEET_ROWS, values, strict=True))
    sheet_name = item.get("sheet_name") or ""
    if sheet_name and sheet_name != item["name"]:
        rows.append(("信息表名称", sheet_name))
    return rows


def duty_items(data: dict):
    for duty in data["duties"]:
        for item in duty["items"]:
            yield duty, item


def schema_url() -> str:
    return reverse("catalog:export-schema")


# 文件名 ---------------------------------------------------------------------


def export_filename(version: CatalogVersion, fmt: str) -> str:
    """E.g. 滨海新区妇联职责目录-v1.xlsx."""
    organization = version.catalog.organization
    stem = _FILENAME_UNSAFE.sub("_", f"{organization.short_name or organization.name}职责目录")
    return f"{stem.strip(' ._') or 'catalog'}-v{version.number}.{FORMATS[fmt].extension}"


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the UTF-8 name per RFC 5987 / RFC 6266."""
    fallback = filename.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
    if not fallback.strip(".-_ ") or fallback.startswith("-"):
        fallback = "catalog" + (fallback if fallback.startswith("-") else "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
