"""/api/v1/homes/: homes (list, detail, create, update, open now), opening exceptions,
board updates, items and the lending register. Every queryset starts from
``restrict(user, action)``, so out-of-scope ids answer 404; writes go through the
services; bad input answers 400 with Chinese messages by field."""

from django.db.models import Exists, OuterRef
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from lvzhi.core.api import ApiPagination
from lvzhi.core.api_errors import call_service
from lvzhi.core.api_schema import BAD_REQUEST, NOT_FOUND
from lvzhi.orgs.api import ServiceViewSet

from . import selectors, serializers, services
from .activities.api import ActivityViewSet, PlanViewSet, RatingRollupViewSet
from .api_loans import BorrowerViewSet
from .assessments.api import AssessmentViewSet, ClosestViewSet
from .deliberation import api as deliberation_api
from .filters import (
    BoardUpdateFilter,
    ExceptionFilter,
    HomeFilter,
    ItemFilter,
    LoanFilter,
    PublicHomeFilter,
    RotaFilter,
)
from .models import BoardUpdate, Item, Loan, OpeningException, RotaEntry

TAG = "homes 妇女之家"


def _named(template, name):
    """``template % name``, translated when the schema is rendered."""
    return lazy(lambda: str(template) % name, str)()


def _schema(name, read, write=None, *, update=True):
    write = write or read
    views = {
        "list": extend_schema(summary=_named(gettext_lazy("%s列表"), name)),
        "retrieve": extend_schema(
            summary=_named(gettext_lazy("%s详情"), name), responses={200: read, 404: NOT_FOUND}
        ),
        "create": extend_schema(
            summary=_named(gettext_lazy("新建%s"), name),
            request=write,
            responses={201: read, 400: BAD_REQUEST, 404: NOT_FOUND},
        ),
    }
    if update:
        views["partial_update"] = extend_schema(
            summary=_named(gettext_lazy("修改%s"), name),
            request=write,
            responses={200: read, 400: BAD_REQUEST, 404: NOT_FOUND},
        )
    return extend_schema_view(**views)


@_schema("妇女之家", serializers.HomeSerializer, serializers.HomeWriteSerializer)
@extend_schema(tags=[TAG])
class HomeViewSet(ServiceViewSet):
    filterset_class = HomeFilter
    ordering_fields = ["org_path", "name", "updated_at"]
    ordering = ["org_path", "name", "id"]
    read_serializer_class = serializers.HomeSerializer

    def get_queryset(self):
        return selectors.homes(self.request.user)

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return serializers.HomeWriteSerializer
        return serializers.HomeSerializer

    def service_create(self, data):
        organization = data.pop("organization")
        return services.home_create(actor=self.request.user, organization=organization, **data)

    def service_update(self, instance, data):
        return services.home_update(actor=self.request.user, home=instance, **data)

    @extend_schema(
        summary=gettext_lazy("现在是否开放及下次开放时间（R-HM-03）"),
        responses={200: serializers.OpenStateSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], url_path="open-state", filterset_class=None)
    def open_state(self, request, pk=None):
        home = self.get_object()
        return Response(serializers.PublicHomeDetailSerializer().get_open_state(home))


class HomeRowViewSet(ServiceViewSet):
    """Rows of a home: read where the actor may view the home, written where she may
    change it (the ``home`` field looks the home up among those, else 404)."""

    model = None

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, "view").select_related("home")


@_schema("开放时间调整", serializers.ExceptionSerializer, update=False)
@extend_schema_view(
    destroy=extend_schema(
        summary=gettext_lazy("删除开放时间调整"), responses={204: None, 404: NOT_FOUND}
    )
)
@extend_schema(tags=[TAG])
class ExceptionViewSet(mixins.DestroyModelMixin, HomeRowViewSet):
    http_method_names = ["get", "post", "delete", "head", "options"]
    model = OpeningException
    serializer_class = serializers.ExceptionSerializer
    filterset_class = ExceptionFilter
    ordering_fields = ["date"]
    ordering = ["-date", "-id"]

    def get_queryset(self):
        action_name = "change" if self.action == "destroy" else "view"
        return OpeningException.objects.restrict(self.request.user, action_name).select_related(
            "home__organization"
        )

    def service_create(self, data):
        return services.exception_create(actor=self.request.user, **data)

    def destroy(self, request, *args, **kwargs):
        row = self.get_object()
        return call_service(
            lambda: services.exception_delete(actor=request.user, exception=row),
            status=status.HTTP_204_NO_CONTENT,
        )


@_schema(
    "宣传栏更新",
    serializers.BoardUpdateSerializer,
    serializers.BoardUpdateWriteSerializer,
    update=False,
)
@extend_schema(tags=[TAG])
class BoardUpdateViewSet(HomeRowViewSet):
    http_method_names = ["get", "post", "head", "options"]
    model = BoardUpdate
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    read_serializer_class = serializers.BoardUpdateSerializer
    filterset_class = BoardUpdateFilter
    ordering_fields = ["date"]
    ordering = ["-date", "-id"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("photos")

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.BoardUpdateWriteSerializer
        return serializers.BoardUpdateSerializer

    def service_create(self, data):
        return services.board_update_record(actor=self.request.user, **data)


@_schema("设施设备与报刊书籍", serializers.ItemSerializer)
@extend_schema(tags=[TAG])
class ItemViewSet(HomeRowViewSet):
    model = Item
    serializer_class = serializers.ItemSerializer
    filterset_class = ItemFilter
    ordering_fields = ["inventory_number", "name"]
    ordering = ["home", "kind", "inventory_number", "id"]

    def get_queryset(self):
        action_name = "change" if self.action == "partial_update" else "view"
        out = Loan.objects.filter(item=OuterRef("pk"), returned_on__isnull=True)
        return (
            Item.objects.restrict(self.request.user, action_name)
            .select_related("home__organization")
            .annotate(on_loan=Exists(out))
        )

    def service_create(self, data):
        return services.item_create(actor=self.request.user, **data)

    def service_update(self, instance, data):
        return services.item_update(actor=self.request.user, item=instance, **data)


@_schema("借阅登记", serializers.LoanSerializer, update=False)
@extend_schema(tags=[TAG])
class LoanViewSet(HomeRowViewSet):
    """The register names borrowers: read and written where the actor may change the home."""

    http_method_names = ["get", "post", "head", "options"]
    model = Loan
    serializer_class = serializers.LoanSerializer
    filterset_class = LoanFilter
    ordering_fields = ["lent_on", "due_date"]
    ordering = ["-lent_on", "-id"]

    def get_queryset(self):
        return selectors.loans(self.request.user).select_related("home__organization")

    def service_create(self, data):
        return services.loan_create(actor=self.request.user, **data)

    @extend_schema(
        summary=gettext_lazy("登记归还"),
        request=serializers.ReturnSerializer,
        responses={200: serializers.LoanSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="return", filterset_class=None)
    def return_item(self, request, pk=None):
        loan = self.get_object()
        body = serializers.ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return call_service(
            lambda: services.loan_return(
                actor=request.user, loan=loan, returned_on=body.validated_data["returned_on"]
            ),
            read=self.read_data,
        )


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("公开的妇女之家名录（无需登录，不含个人信息）")),
    retrieve=extend_schema(
        summary=gettext_lazy("公开的妇女之家（名称、地址、联系电话、现在是否开放）"),
        responses={200: serializers.PublicHomeDetailSerializer, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class PublicHomeViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    pagination_class = ApiPagination
    filterset_class = PublicHomeFilter
    ordering_fields = ["name"]
    ordering = ["org_path", "name", "id"]

    def get_queryset(self):
        return selectors.public_homes()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.PublicHomeDetailSerializer
        return serializers.PublicHomeSerializer


@_schema("值班安排", serializers.RotaSerializer, update=False)
@extend_schema_view(
    destroy=extend_schema(
        summary=gettext_lazy("删除值班安排"), responses={204: None, 404: NOT_FOUND}
    )
)
@extend_schema(tags=[TAG])
class RotaViewSet(mixins.DestroyModelMixin, HomeRowViewSet):
    """R-HM-01 有工作人员: who is on duty on a weekday's session."""

    http_method_names = ["get", "post", "delete", "head", "options"]
    model = RotaEntry
    serializer_class = serializers.RotaSerializer
    filterset_class = RotaFilter
    ordering_fields = ["weekday"]
    ordering = ["home", "weekday", "session", "id"]

    def get_queryset(self):
        action_name = "change" if self.action == "destroy" else "view"
        return RotaEntry.objects.restrict(self.request.user, action_name).select_related(
            "home__organization"
        )

    def service_create(self, data):
        return services.rota_add(actor=self.request.user, **data)

    def destroy(self, request, *args, **kwargs):
        row = self.get_object()
        return call_service(
            lambda: services.rota_remove(actor=request.user, entry=row),
            status=status.HTTP_204_NO_CONTENT,
        )


ROUTES = [
    ("rota", RotaViewSet, "homes-rota"),
    ("public", PublicHomeViewSet, "homes-public"),
    ("homes", HomeViewSet, "homes-home"),
    ("exceptions", ExceptionViewSet, "homes-exception"),
    ("board-updates", BoardUpdateViewSet, "homes-board-update"),
    ("items", ItemViewSet, "homes-item"),
    ("loans", LoanViewSet, "homes-loan"),
    ("assessments", AssessmentViewSet, "homes-assessment"),
    ("closest", ClosestViewSet, "homes-closest"),
    ("borrowers", BorrowerViewSet, "homes-borrowers"),
    ("plans", PlanViewSet, "homes-plan"),
    ("activities", ActivityViewSet, "homes-activity"),
    ("ratings", RatingRollupViewSet, "homes-ratings"),
    *deliberation_api.ROUTES,
]
