"""``/api/v1/catalog/versions/{id}/export/{fmt}/``: a catalog version as a file (xlsx, docx,
json, pdf). Published versions for anyone; other versions within the reader's view scope;
token or session auth. Out of scope, unknown format, PDF unavailable: 404."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from lvzhi.core.api import AnyAccept

from . import exports
from .api import TAG
from .views_exports import download_response, exportable_version


class VersionExportView(APIView):
    permission_classes = [permissions.AllowAny]
    content_negotiation_class = AnyAccept

    @extend_schema(
        tags=[TAG],
        operation_id="catalog_versions_export",
        summary=_("导出目录版本（xlsx、docx、json，安装 WeasyPrint 与中文字体时可导出 pdf）"),
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("版本 id")
            ),
            OpenApiParameter(
                "fmt",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=list(exports.FORMATS),
                description=_("导出格式"),
            ),
        ],
        responses={
            **{
                (200, f.content_type.split(";")[0]): OpenApiResponse(
                    OpenApiTypes.OBJECT
                    if f.content_type.startswith("application/json")
                    else OpenApiTypes.BINARY,
                    description=_("文件（Content-Disposition 带 UTF-8 文件名）"),
                )
                for f in exports.FORMATS.values()
            },
            404: OpenApiResponse(description=_("版本不存在或无权查看；格式不支持；PDF 不可用")),
        },
    )
    def get(self, request, pk, fmt):
        version = exportable_version(request.user, pk)
        try:
            return download_response(version, fmt)
        except exports.ExportUnavailable as exc:
            raise NotFound(str(exc)) from exc
