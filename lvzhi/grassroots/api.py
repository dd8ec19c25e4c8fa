"""/api/v1/grassroots/: the 四新 register (list, detail, create, update) and blank spots
and coverage of a subtree. Every queryset starts from ``restrict(user, "view")``, so
out-of-scope ids answer 404; writes go through the services."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import AnyAccept, ApiPagination
from lvzhi.core.api_errors import call_service, validated
from lvzhi.core.api_schema import BAD_REQUEST, NOT_FOUND
from lvzhi.core.periods import today_local
from lvzhi.orgs.api import ServiceViewSet
from lvzhi.orgs.models import Organization

from . import founding, founding_docx, selectors, selectors_units, serializers, services
from .elections import services as election_services
from .elections.selectors import get_election
from .elections.serializers import ElectionSerializer
from .filters import SixinFilter
from .models import Election

TAG = "grassroots 基层组织建设"


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("四新组织列表（每条附 R-OR-01/R-OR-02 判定）")),
    retrieve=extend_schema(
        summary=gettext_lazy("四新组织详情"),
        responses={200: serializers.SixinSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary=gettext_lazy("登记四新组织"),
        request=serializers.SixinWriteSerializer,
        responses={201: serializers.SixinSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改四新组织"),
        request=serializers.SixinWriteSerializer,
        responses={200: serializers.SixinSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    founding=extend_schema(
        summary=gettext_lazy("启动建会程序（R-OR-05），办件见 founding_case"),
        request=None,
        responses={201: serializers.SixinSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    founding_result=extend_schema(
        summary=gettext_lazy("登记选举结果并建立妇联（R-OR-04 与选票数先行核对，被拒时不写入）"),
        request=serializers.FoundingResultSerializer,
        responses={201: serializers.SixinSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    founding_election=extend_schema(
        summary=gettext_lazy("开始建会选举（建会程序启动后；已有则返回已有的选举）"),
        request=None,
        responses={201: ElectionSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    founding_document=extend_schema(
        summary=gettext_lazy(
            "建会文书（Word）：application 建会申请、plan 筹备方案、candidates 代表及候选人名单、"
            "method 选举办法、results 选举结果报告（登记结果后）"
        ),
        parameters=[
            OpenApiParameter("code", str, OpenApiParameter.PATH, enum=list(founding_docx.DOCUMENTS))
        ],
        responses={
            (200, founding_docx.DOCX): OpenApiResponse(OpenApiTypes.BINARY),
            404: NOT_FOUND,
        },
    ),
)
@extend_schema(tags=[TAG])
class SixinViewSet(ServiceViewSet):
    filterset_class = SixinFilter
    ordering_fields = ["org_path", "name", "fixed_female_staff", "updated_at"]
    ordering = ["org_path", "name", "id"]
    read_serializer_class = serializers.SixinSerializer

    def get_queryset(self):
        return selectors.sixin_queryset(self.request.user)

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return serializers.SixinWriteSerializer
        return serializers.SixinSerializer

    def service_create(self, data):
        organization = data.pop("organization")
        return services.sixin_create(actor=self.request.user, organization=organization, **data)

    def service_update(self, instance, data):
        return services.sixin_update(actor=self.request.user, sixin=instance, **data)

    @action(detail=True, methods=["post"])
    def founding(self, request, pk=None):
        sixin = selectors.get_sixin(request.user, pk, "create")
        return call_service(
            lambda: founding.founding_start(actor=request.user, sixin=sixin),
            read=lambda _case: self.read_data(sixin),
            status=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"], url_path="founding-result")
    def founding_result(self, request, pk=None):
        sixin = selectors.get_sixin(request.user, pk, "create")
        data = validated(serializers.FoundingResultSerializer, request)
        if Election.objects.filter(sixin=sixin).exists():
            raise ValidationError(
                {"non_field_errors": [gettext_lazy("该组织已开始选举：请在选举中登记选票并备案")]}
            )
        return call_service(
            lambda: founding.founding_complete(actor=request.user, sixin=sixin, **data),
            read=lambda _federation: self.read_data(sixin),
            status=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"], url_path="founding-election")
    def founding_election(self, request, pk=None):
        sixin = selectors.get_sixin(request.user, pk, "create")
        return call_service(
            lambda: election_services.election_open_founding(actor=request.user, sixin=sixin),
            read=lambda election: ElectionSerializer(get_election(request.user, election.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @action(
        detail=True,
        methods=["get"],
        url_path=r"founding-documents/(?P<code>[a-z]+)",
        content_negotiation_class=AnyAccept,
    )
    def founding_document(self, request, pk=None, code=None):
        sixin = selectors.get_sixin(request.user, pk)
        return founding_docx.document_response(sixin, code)


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("空白点与覆盖率（R-OR-01、R-OR-02、R-OR-07），本级合计及各下级"),
    responses={200: serializers.SubtreeCoverageSerializer, 404: NOT_FOUND},
)
class CoverageView(APIView):
    def get(self, request, pk):
        org = get_object_or_404(
            Organization.objects.restrict(request.user, "view").select_related("region"), pk=pk
        )
        children = selectors.federation_children(request.user, org)
        totals, by_child = selectors.coverage_for(request.user, org, children)
        data = serializers.SubtreeCoverageSerializer({"totals": totals, "children": by_child}).data
        return Response(data, status=status.HTTP_200_OK)


class SubtreeListView(ListAPIView):
    """A paginated list about the subtree of organization ``pk`` (404 out of scope)."""

    pagination_class = ApiPagination
    filter_backends = []

    def organization(self):
        visible = Organization.objects.restrict(self.request.user, "view")
        return get_object_or_404(visible, pk=self.kwargs["pk"])


STAGE_PARAM = OpenApiParameter(
    "stage",
    str,
    enum=list(selectors_units.STAGE_ORDER),
    description=gettext_lazy("只列出该换届状态；不填时列出除任期内以外的全部"),
)


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("换届（R-OR-08）：本级及下级妇联的当前届次与换届状态，最紧迫的在前"),
    parameters=[STAGE_PARAM],
    responses={200: serializers.RenewalSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
)
class RenewalsView(SubtreeListView):
    serializer_class = serializers.RenewalSerializer

    def get_queryset(self):
        org = self.organization()
        stage = self.request.query_params.get("stage", "")
        if stage and stage not in selectors_units.STAGE_ORDER:
            raise ValidationError({"stage": [gettext_lazy("换届状态无效")]})
        rows = selectors_units.federations_with_terms(self.request.user, org, today_local())
        return (
            [r for r in rows if r.stage == stage]
            if stage
            else [r for r in rows if r.stage != "current"]
        )


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy(
        "妇女小组（R-OR-03）：本级及下级的妇女小组、在任成员与组长及判定，不符合的在前"
    ),
    responses={200: serializers.WomenGroupSerializer(many=True), 404: NOT_FOUND},
)
class WomenGroupsView(SubtreeListView):
    serializer_class = serializers.WomenGroupSerializer

    def get_queryset(self):
        org = self.organization()
        return selectors_units.women_groups(self.request.user, org, today_local())
