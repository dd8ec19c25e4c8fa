"""/api/v1/grassroots/system-foundings/: a system federation's founding (R-OR-06 checked
when it starts; a refusal answers 400 naming what is missing and writes nothing), and its
election. From ``restrict``: out-of-scope ids answer 404."""

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

from lvzhi.core.api import AnyAccept
from lvzhi.core.api_errors import call_service
from lvzhi.core.api_schema import BAD_REQUEST, NOT_FOUND
from lvzhi.orgs.api import ServiceViewSet

from .. import founding_docx
from ..elections import services as election_services
from ..elections.selectors import get_election
from ..elections.serializers import ElectionSerializer
from . import papers, selectors, serializers, services

TAG = "grassroots 基层组织建设"


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("系统妇联建会列表（R-OR-06）")),
    retrieve=extend_schema(
        summary=gettext_lazy("系统妇联建会详情"),
        responses={200: serializers.SystemFoundingSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary=gettext_lazy(
            "启动系统妇联建会（R-OR-06：机关有下属单位且已建妇委会/妇工委，否则 400 并写明缺少什么）"
        ),
        request=serializers.SystemFoundingWriteSerializer,
        responses={201: serializers.SystemFoundingSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    election=extend_schema(
        summary=gettext_lazy("开始系统妇联建会选举（已有则返回已有的选举）"),
        request=None,
        responses={201: ElectionSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    documents=extend_schema(
        summary=gettext_lazy(
            "系统妇联建会文书（Word）：application 建会申请、plan 筹备方案、candidates 代表及"
            "候选人名单、method 选举办法、results 选举结果报告（备案后）"
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
class SystemFoundingViewSet(ServiceViewSet):
    http_method_names = ["get", "post", "head", "options"]
    ordering_fields = ["org_path", "created_at"]
    ordering = ["org_path", "-created_at", "id"]
    read_serializer_class = serializers.SystemFoundingSerializer

    def get_queryset(self):
        return selectors.system_founding_queryset(self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.SystemFoundingWriteSerializer
        return serializers.SystemFoundingSerializer

    def service_create(self, data):
        return services.system_founding_start(actor=self.request.user, **data)

    @action(detail=True, methods=["post"])
    def election(self, request, pk=None):
        founding = selectors.get_system_founding(request.user, pk, "create")
        return call_service(
            lambda: election_services.election_open_system(actor=request.user, founding=founding),
            read=lambda election: ElectionSerializer(get_election(request.user, election.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<code>[a-z]+)",
        content_negotiation_class=AnyAccept,
    )
    def documents(self, request, pk=None, code=None):
        founding = selectors.get_system_founding(request.user, pk)
        return papers.document_response(founding, code)
