"""/api/v1/ledger/: categories, entries (masked; ``reveal`` audited), transfers (迁出 and
their decision), grids and visits. Every queryset comes from the ledger's selectors
(``restrict``), writes go through the services; unknown or malformed filters answer 400."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import ApiPagination, query_id
from lvzhi.core.api_errors import call_service, validated
from lvzhi.core.filters import ApiFilterBackend
from lvzhi.orgs.selectors import get_organization

from . import filters, selectors, serializers, services, services_grids
from .models import Category

TAG = "ledger 妇女信息台账"
NOT_FOUND = OpenApiResponse(description=gettext_lazy("不存在或不在您的管理范围内"))
BAD_REQUEST = OpenApiResponse(description=gettext_lazy("数据有误，按字段给出中文说明"))
KNOWN = ("page", "page_size", "ordering", "format")


class StrictFilterBackend(ApiFilterBackend):
    """django-filter's checks plus one: a parameter no filter knows answers 400."""

    def get_filterset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(KNOWN) | set(filterset_class.base_filters if filterset_class else ())
        unknown = sorted(name for name in request.query_params if name not in known)
        if unknown:
            raise ValidationError({name: [_("无法识别的查询参数")] for name in unknown})
        return super().get_filterset(request, queryset, view)


class LedgerViewSet(viewsets.GenericViewSet):
    pagination_class = ApiPagination
    filter_backends = [StrictFilterBackend]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def body(self, serializer_class, **kwargs) -> dict:
        """The request body checked by ``serializer_class`` (400 by field otherwise)."""
        context = self.get_serializer_context()
        return validated(serializer_class, self.request, context=context, **kwargs)

    def answer(self, call, serializer_class, code=status.HTTP_200_OK, row=None):
        """Run the service ``call`` (its errors answered by ``lvzhi.core.api_errors``) and
        answer the row it wrote (or ``row``), read back through the restricted queryset."""

        def read(written):
            obj = row or written
            fresh = self.get_queryset().filter(pk=obj.pk).first() or obj
            return serializer_class(fresh, context=self.get_serializer_context()).data

        return call_service(call, read=read, status=code)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("台账类别列表")),
    retrieve=extend_schema(summary=gettext_lazy("台账类别详情")),
)
@extend_schema(tags=[TAG])
class CategoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, LedgerViewSet):
    """Categories are reference data: any signed-in user reads them."""

    queryset = Category.objects.all()
    serializer_class = serializers.CategorySerializer
    filterset_class = None


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("台账人员列表（身份证号、电话脱敏）")),
    retrieve=extend_schema(
        summary=gettext_lazy("台账人员详情（脱敏）"),
        responses={200: serializers.EntrySerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary=gettext_lazy("登记台账人员"),
        request=serializers.EntryWriteSerializer,
        responses={201: serializers.EntrySerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改台账人员"),
        request=serializers.EntryWriteSerializer,
        responses={200: serializers.EntrySerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    add_category=extend_schema(
        summary=gettext_lazy("添加类别（认定日期）"),
        request=serializers.CategoryAddSerializer,
        responses={200: serializers.EntrySerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    end_category=extend_schema(
        summary=gettext_lazy("退出类别（退出日期）"),
        request=serializers.CategoryEndSerializer,
        responses={200: serializers.EntrySerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    reveal=extend_schema(
        summary=gettext_lazy("查看身份证号或电话明文（须填原因，记入审计）"),
        request=serializers.LedgerRevealRequestSerializer,
        responses={
            200: serializers.LedgerRevealResponseSerializer,
            400: BAD_REQUEST,
            404: NOT_FOUND,
        },
    ),
)
@extend_schema(tags=[TAG])
class EntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, LedgerViewSet):
    serializer_class = serializers.EntrySerializer
    filterset_class = filters.EntryFilter

    def get_queryset(self):
        return selectors.entries(self.request.user).order_by("org_path", "name", "id")

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return serializers.EntryWriteSerializer
        if self.action == "reveal":
            return serializers.LedgerRevealRequestSerializer
        if self.action == "add_category":
            return serializers.CategoryAddSerializer
        if self.action == "end_category":
            return serializers.CategoryEndSerializer
        return serializers.EntrySerializer

    def _managed(self):
        entry = self.get_object()
        if not selectors.may_manage(self.request.user, entry):
            raise Http404
        return entry

    @action(detail=True, methods=["post"], url_path="add-category")
    def add_category(self, request, pk=None):
        entry = self._managed()
        data = self.body(serializers.CategoryAddSerializer)
        return self.answer(
            lambda: services.category_add(actor=request.user, entry=entry, **data),
            serializers.EntrySerializer,
            row=entry,
        )

    @action(detail=True, methods=["post"], url_path="end-category")
    def end_category(self, request, pk=None):
        entry = self._managed()
        data = self.body(serializers.CategoryEndSerializer)
        record = entry.categories.filter(pk=data["record"]).first()
        if record is None:
            raise ValidationError({"record": [_("该人员没有这条类别记录")]})
        return self.answer(
            lambda: services.category_end(
                actor=request.user, record=record, end_date=data["end_date"]
            ),
            serializers.EntrySerializer,
            row=entry,
        )

    def create(self, request, *args, **kwargs):
        data = self.body(serializers.EntryWriteSerializer)
        organization = data.pop("organization")
        return self.answer(
            lambda: services.entry_create(actor=request.user, organization=organization, **data),
            serializers.EntrySerializer,
            status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        entry = self._managed()
        data = self.body(serializers.EntryWriteSerializer, instance=entry, partial=True)
        return self.answer(
            lambda: services.entry_update(actor=request.user, entry=entry, **data),
            serializers.EntrySerializer,
        )

    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        entry = self.get_object()
        if not selectors.may_reveal(request.user, entry):
            raise Http404  # a reader without the right learns nothing, not even a 400
        data = self.body(serializers.LedgerRevealRequestSerializer)
        field = data["field"]
        response = call_service(
            lambda: services.entry_reveal_pii(
                actor=request.user, entry=entry, field=field, reason=data["reason"]
            ),
            read=lambda value: {
                "field": field,
                "label": _(services.REVEALABLE[field]),
                "value": value,
            },
        )
        response["Cache-Control"] = "no-store"
        return response


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("迁出迁入列表（本社区迁出及迁入本社区）")),
    retrieve=extend_schema(
        summary=gettext_lazy("迁移详情"),
        responses={200: serializers.TransferSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary=gettext_lazy("迁出（待迁入社区接收）"),
        request=serializers.TransferWriteSerializer,
        responses={201: serializers.TransferSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    decide=extend_schema(
        summary=gettext_lazy("办理迁移：接收、退回（迁入社区）或撤回（迁出社区）"),
        request=serializers.DecisionSerializer,
        responses={200: serializers.TransferSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class TransferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, LedgerViewSet):
    serializer_class = serializers.TransferSerializer
    filterset_class = filters.TransferFilter

    def get_queryset(self):
        return selectors.transfers(self.request.user).order_by("-created_at", "-id")

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.TransferWriteSerializer
        if self.action == "decide":
            return serializers.DecisionSerializer
        return serializers.TransferSerializer

    def create(self, request, *args, **kwargs):
        data = self.body(serializers.TransferWriteSerializer)
        return self.answer(
            lambda: services.transfer_request(actor=request.user, **data),
            serializers.TransferSerializer,
            status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        transfer = self.get_object()
        data = self.body(serializers.DecisionSerializer)
        return self.answer(
            lambda: services.transfer_decide(actor=request.user, transfer=transfer, **data),
            serializers.TransferSerializer,
        )


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("网格列表")),
    retrieve=extend_schema(
        summary=gettext_lazy("网格详情"),
        responses={200: serializers.GridSerializer, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class GridViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, LedgerViewSet):
    serializer_class = serializers.GridSerializer
    filterset_class = filters.GridFilter

    def get_queryset(self):
        return (
            selectors.grids(self.request.user)
            .prefetch_related("workers")
            .order_by("org_path", "name", "id")
        )

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.GridWriteSerializer
        return serializers.GridSerializer

    def create(self, request, *args, **kwargs):
        data = self.body(serializers.GridWriteSerializer)
        return self.answer(
            lambda: services_grids.grid_create(actor=request.user, **data),
            serializers.GridSerializer,
            status.HTTP_201_CREATED,
        )


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("走访记录列表")),
    retrieve=extend_schema(
        summary=gettext_lazy("走访记录详情"),
        responses={200: serializers.VisitSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary=gettext_lazy("记录走访（走访人为本人）"),
        request=serializers.VisitWriteSerializer,
        responses={201: serializers.VisitSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, LedgerViewSet):
    serializer_class = serializers.VisitSerializer
    filterset_class = filters.VisitFilter

    def get_queryset(self):
        return selectors.visits(self.request.user).order_by("-date", "-id")

    def get_serializer_class(self):
        return (
            serializers.VisitWriteSerializer
            if self.action == "create"
            else serializers.VisitSerializer
        )

    def create(self, request, *args, **kwargs):
        data = self.body(serializers.VisitWriteSerializer)
        return self.answer(
            lambda: services_grids.visit_create(actor=request.user, **data),
            serializers.VisitSerializer,
            status.HTTP_201_CREATED,
        )


ROUTES = [
    ("categories", CategoryViewSet, "ledger-category"),
    ("entries", EntryViewSet, "ledger-entry"),
    ("transfers", TransferViewSet, "ledger-transfer"),
    ("grids", GridViewSet, "ledger-grid"),
    ("visits", VisitViewSet, "ledger-visit"),
]


class CountsView(APIView):
    """Counts by category and community in an organization's subtree (R-HM-08 figures)."""

    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("台账统计：按社区、类别计数（本组织及下级）"),
        parameters=[
            OpenApiParameter(
                "organization", int, required=True, description=gettext_lazy("组织编号")
            )
        ],
        responses={200: serializers.CountsSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request):
        unknown = sorted(
            name for name in request.query_params if name not in ("organization", "format")
        )
        if unknown:
            raise ValidationError({name: [_("无法识别的查询参数")] for name in unknown})
        pk = query_id(request, "organization")
        if pk is None:
            raise ValidationError({"organization": [_("请指定组织")]})
        org = get_organization(request.user, pk, selectors.READ_ACTION)
        data = selectors.counts(request.user, org)
        return Response(serializers.CountsSerializer({"organization": org.pk, **data}).data)
