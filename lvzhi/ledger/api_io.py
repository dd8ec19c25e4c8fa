"""/api/v1/ledger/imports/: the Excel import through the API, as on the page — preview
(every row's errors in Chinese, nothing written) and confirm (the same file, named by the
digest its preview answered; all rows written or none). Stateless: the file is sent again
with its digest, so nothing waits on the server between the two calls."""

from django.core.exceptions import ValidationError as RuleError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import parse_id
from lvzhi.core.api_errors import validated
from lvzhi.core.api_schema import BAD_REQUEST, NOT_FOUND
from lvzhi.orgs.selectors import get_organization

from . import excel, services
from .api import TAG
from .serializers_io import (
    LedgerImportConfirmSerializer,
    LedgerImportPreviewSerializer,
    LedgerImportResultSerializer,
    LedgerImportUploadSerializer,
)


def _organization(request):
    """The community named in the form (404 outside the user's ``import`` scope)."""
    pk = parse_id(request.data.get("organization", ""))
    if pk is None:
        raise ValidationError({"organization": [_("请填写组织编号")]})
    organization = get_organization(request.user, pk, "import")
    try:
        services.check_ledger_org(organization)
    except RuleError as exc:
        raise ValidationError(exc.message_dict) from None
    return organization


def _parse(request, serializer_class):
    organization = _organization(request)
    data = validated(serializer_class, request)
    preview = excel.parse(data["file"], actor=request.user, organization=organization)
    if preview.file_error:
        raise ValidationError({"file": [preview.file_error]})
    return organization, data, preview


def _rows(preview) -> list[dict]:
    return [
        {
            "row": row.number,
            "name": row.fields.get("name", ""),
            "grid": row.fields["grid"].name if row.fields.get("grid") else "",
            "categories": [c.name for c in row.fields.get("categories", ())],
            "errors": [{"column": c, "message": m} for c, m in row.labeled_errors],
        }
        for row in preview.rows
    ]


class _ImportView(APIView):
    # JSON is read too (no file in it: 400 after the scope check), as the page's form is
    parser_classes = [MultiPartParser, FormParser, JSONParser]


class ImportPreviewView(_ImportView):
    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("导入预览：逐行校验（身份证校验位、网格、类别、重复），不写入"),
        request={"multipart/form-data": LedgerImportUploadSerializer},
        responses={200: LedgerImportPreviewSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def post(self, request):
        organization, _data, preview = _parse(request, LedgerImportUploadSerializer)
        body = {
            "organization": organization.pk,
            "ok": preview.ok,
            "digest": preview.digest,
            "rows": len(preview.rows),
            "error_rows": len(preview.error_rows),
            "preview": _rows(preview),
        }
        return Response(LedgerImportPreviewSerializer(body).data)


class ImportConfirmView(_ImportView):
    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("确认导入：预览过的同一文件，全部写入或全部不写入"),
        request={"multipart/form-data": LedgerImportConfirmSerializer},
        responses={201: LedgerImportResultSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def post(self, request):
        organization, data, preview = _parse(request, LedgerImportConfirmSerializer)
        if data["digest"] != preview.digest:
            raise ValidationError({"digest": [_("文件与预览时的不同，请重新预览")]})
        refused = _("导入未完成：有行未通过校验，未写入任何数据")
        if not preview.ok:
            return Response(
                {"detail": refused, "rows": _errors(_rows(preview))},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            created = services.entry_import(
                actor=request.user,
                organization=organization,
                rows=[(row.number, row.fields) for row in preview.rows],
            )
        except services.ImportRefused as exc:
            labels = {name: header for name, header, _r in excel.COLUMNS}
            rows = [
                {
                    "row": number,
                    "errors": [
                        {"column": labels.get(name, name), "message": "；".join(messages)}
                        for name, messages in errors.items()
                    ],
                }
                for number, errors in sorted(exc.row_errors.items())
            ]
            return Response({"detail": refused, "rows": rows}, status=status.HTTP_400_BAD_REQUEST)
        body = {
            "organization": organization.pk,
            "created": len(created),
            "entries": [entry.pk for entry in created],
        }
        return Response(LedgerImportResultSerializer(body).data, status=status.HTTP_201_CREATED)


def _errors(rows: list[dict]) -> list[dict]:
    return [{"row": r["row"], "errors": r["errors"]} for r in rows if r["errors"]]
