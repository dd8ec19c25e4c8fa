"""/api/v1/catalog/: the cadre's side of a catalog through the API — import a file to a
draft, read its findings, accept or reject repairs, edit draft items, start a new draft;
and duties by version. Writes go through services.py (scope + audit). Publishing derives
process templates, so its endpoint is processes' (lvzhi.processes.api_catalog)."""

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.views import APIView

from lvzhi.core.accounts.api import PasswordChangeNotRequired
from lvzhi.core.api import ApiPagination, parse_id
from lvzhi.core.api_errors import call_service, validated
from lvzhi.orgs.selectors import get_organization

from . import selectors, services
from .models import Duty, ImportFinding
from .serializers import CatalogVersionSerializer, DutyItemDetailSerializer, DutySerializer

TAG = "catalog 职责目录"


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportFinding
        fields = [
            "id",
            "version",
            "code",
            "message",
            "item_number",
            "field",
            "line",
            "severity",
            "repair",
            "repair_fields",
            "decision",
        ]


class ImportSerializer(serializers.Serializer):
    organization = serializers.IntegerField(help_text="组织编号")
    file = serializers.FileField(help_text="职责目录文件（文本导出或 .xlsx）")


class DecideSerializer(serializers.Serializer):
    accept = serializers.BooleanField()


class ItemEditSerializer(serializers.Serializer):
    name = serializers.CharField(required=False)
    legal_basis = serializers.CharField(required=False, allow_blank=True)
    implementing_body = serializers.CharField(required=False, allow_blank=True)
    boundary = serializers.CharField(required=False, allow_blank=True)
    workflow = serializers.CharField(required=False, allow_blank=True)
    requirements = serializers.CharField(required=False, allow_blank=True)
    responsibilities = serializers.CharField(required=False, allow_blank=True)
    supervision = serializers.CharField(required=False, allow_blank=True)


def _version_data(version) -> dict:
    return CatalogVersionSerializer(version).data


@extend_schema(
    tags=[TAG],
    request={"multipart/form-data": ImportSerializer},
    responses={201: CatalogVersionSerializer},
    summary="导入职责目录文件为草稿版本",
)
class ImportView(APIView):
    permission_classes = [IsAuthenticated, PasswordChangeNotRequired]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def post(self, request):
        org_id = parse_id(request.data.get("organization", ""))
        if org_id is None:
            raise serializers.ValidationError({"organization": _("请填写组织编号")})
        organization = get_organization(request.user, org_id, "import")  # 404 out of scope
        upload = validated(ImportSerializer, request)["file"]

        def import_file():
            services.check_import_size(upload.size)  # before reading it, like the web form
            return services.catalog_import(
                actor=request.user,
                organization=organization,
                data=upload.read(),
                filename=upload.name,
            )

        return call_service(import_file, read=_version_data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[TAG], summary="版本的导入问题清单")
class FindingListView(generics.ListAPIView):
    permission_classes = [IsAuthenticated, PasswordChangeNotRequired]
    serializer_class = FindingSerializer
    pagination_class = ApiPagination

    queryset = ImportFinding.objects.none()  # for the schema generator

    def get_queryset(self):
        version = selectors.get_version(self.request.user, self.kwargs["pk"])
        return ImportFinding.objects.filter(version=version).order_by("line", "id")


@extend_schema(
    tags=[TAG],
    request=DecideSerializer,
    responses={200: FindingSerializer},
    summary="接受或拒绝建议修复",
)
class DecideView(APIView):
    permission_classes = [IsAuthenticated, PasswordChangeNotRequired]

    def post(self, request, pk):
        accept = validated(DecideSerializer, request)["accept"]
        finding = selectors.get_finding(request.user, pk)
        return call_service(
            lambda: services.finding_decide(actor=request.user, finding=finding, accept=accept),
            read=lambda decided: FindingSerializer(decided).data,
        )


@extend_schema(
    tags=[TAG],
    request=None,
    responses={201: CatalogVersionSerializer},
    summary="基于已发布版本新建草稿",
)
class NewDraftView(APIView):
    permission_classes = [IsAuthenticated, PasswordChangeNotRequired]

    def post(self, request, pk):
        catalog = selectors.get_catalog(request.user, pk)
        return call_service(
            lambda: services.version_new_draft(actor=request.user, catalog=catalog),
            read=_version_data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(
    tags=[TAG],
    request=ItemEditSerializer,
    responses={200: DutyItemDetailSerializer},
    summary="修改草稿中的职责事项",
)
class DraftItemView(APIView):
    permission_classes = [IsAuthenticated, PasswordChangeNotRequired]

    def patch(self, request, pk):
        fields = validated(ItemEditSerializer, request, partial=True)
        item = selectors.get_item(request.user, pk)
        return call_service(
            lambda: services.item_update(actor=request.user, item=item, **fields),
            read=lambda updated: DutyItemDetailSerializer(updated).data,
        )


@extend_schema(
    tags=[TAG],
    summary="主要职责（按版本）",
    responses={200: DutySerializer(many=True)},
)
class DutyListView(generics.ListAPIView):
    """Duties of a version: published ones for anyone, others within the reader's scope."""

    permission_classes = [AllowAny]
    serializer_class = DutySerializer
    pagination_class = ApiPagination

    def get_queryset(self):
        condition = selectors.visible_q(self.request.user, "version__status")
        queryset = Duty.objects.filter(condition).order_by("version", "order", "id")
        version = self.request.query_params.get("version")
        if version:
            if parse_id(version) is None:
                return queryset.none()
            queryset = queryset.filter(Q(version_id=parse_id(version)))
        return queryset
