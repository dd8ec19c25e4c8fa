"""/api/v1/grassroots/elections/: a founding's or renewal's election read as data, its
lists replaced, its rounds' counts recorded and its result filed; a renewal's papers as
Word (``papers``). From ``restrict(user, …)``: out-of-scope ids answer 404; refusals 400
with nothing written."""

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError

from lvzhi.core.api import AnyAccept
from lvzhi.core.api_errors import call_service, validated
from lvzhi.core.api_schema import BAD_REQUEST, NOT_FOUND

from ..models import ElectionKind
from . import papers, selectors, serializers, services

TAG = "grassroots 基层组织建设"


@extend_schema_view(
    retrieve=extend_schema(
        summary=gettext_lazy("选举：代表、候选人名单、各轮计票及每名候选人的判定（R-OR-05）"),
        responses={200: serializers.ElectionSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary=gettext_lazy(
            "发起换届选举（R-OR-08）：与建会相同的选举步骤；已有未备案的换届选举时返回该选举"
        ),
        request=serializers.RenewalOpenSerializer,
        responses={201: serializers.ElectionSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    method=extend_schema(
        summary=gettext_lazy("选举办法（登记选票后不能更改）"),
        request=serializers.ElectionMethodSerializer,
        responses={200: serializers.ElectionSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    delegates=extend_schema(
        summary=gettext_lazy("替换妇女代表名单"),
        request=serializers.DelegatesWriteSerializer,
        responses={200: serializers.ElectionSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    candidates=extend_schema(
        summary=gettext_lazy("替换一轮的候选人名单（主席、副主席候选人须为大会当选执委）"),
        request=serializers.CandidatesWriteSerializer,
        responses={200: serializers.ElectionSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    ballots=extend_schema(
        summary=gettext_lazy(
            "登记一轮无记名投票结果：每名候选人的赞成、反对、弃权和废票；"
            "收回选票多于发出选票时拒绝，不写入"
        ),
        request=serializers.BallotsWriteSerializer,
        responses={201: serializers.ElectionSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    file=extend_schema(
        summary=gettext_lazy(
            "备案：按当选结果建立新一届执委会（建会时建立新妇联；换届时上一届结束）"
        ),
        request=serializers.ElectionFileSerializer,
        responses={201: serializers.ElectionSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    renewal_documents=extend_schema(
        summary=gettext_lazy(
            "换届文书（Word，R-OR-08）：request 换届请示、delegates 妇女代表名单、candidates "
            "执委候选人建议名单、method 选举办法、results 选举结果报告（两轮选票登记、"
            "当选结果符合班子组成后；此前 400 并说明原因）；不是换届选举时 404"
        ),
        parameters=[
            OpenApiParameter("code", str, OpenApiParameter.PATH, enum=list(papers.DOCUMENTS))
        ],
        responses={
            (200, papers.docx.DOCX): OpenApiResponse(OpenApiTypes.BINARY),
            400: BAD_REQUEST,
            404: NOT_FOUND,
        },
    ),
)
@extend_schema(tags=[TAG])
class ElectionViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    http_method_names = ["get", "post", "put", "head", "options"]

    serializer_class = serializers.ElectionSerializer

    def get_queryset(self):
        return selectors.election_queryset(self.request.user)

    def _for_change(self, pk):
        return selectors.get_election(self.request.user, pk, "change")

    def _read(self, election):
        def read(_result):
            fresh = selectors.get_election(self.request.user, election.pk)
            return serializers.ElectionSerializer(fresh).data

        return read

    def create(self, request):
        data = validated(serializers.RenewalOpenSerializer, request, context={"request": request})
        return call_service(
            lambda: services.election_open_renewal(actor=request.user, **data),
            read=lambda election: (
                serializers.ElectionSerializer(
                    selectors.get_election(request.user, election.pk)
                ).data
            ),
            status=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"])
    def method(self, request, pk=None):
        election = self._for_change(pk)
        data = validated(serializers.ElectionMethodSerializer, request)
        return call_service(
            lambda: services.election_set_method(actor=request.user, election=election, **data),
            read=self._read(election),
        )

    @action(detail=True, methods=["put"])
    def delegates(self, request, pk=None):
        election = self._for_change(pk)
        data = validated(serializers.DelegatesWriteSerializer, request)
        return call_service(
            lambda: services.delegates_replace(actor=request.user, election=election, **data),
            read=self._read(election),
        )

    @action(detail=True, methods=["put"])
    def candidates(self, request, pk=None):
        election = self._for_change(pk)
        data = validated(serializers.CandidatesWriteSerializer, request)
        return call_service(
            lambda: services.candidates_replace(actor=request.user, election=election, **data),
            read=self._read(election),
        )

    @action(detail=True, methods=["post"])
    def ballots(self, request, pk=None):
        election = self._for_change(pk)
        data = validated(serializers.BallotsWriteSerializer, request)
        return call_service(
            lambda: services.ballots_record(actor=request.user, election=election, **data),
            read=self._read(election),
            status=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"])
    def file(self, request, pk=None):
        election = self._for_change(pk)
        data = validated(serializers.ElectionFileSerializer, request)
        if election.kind == ElectionKind.FOUNDING:
            missing = {
                f: [gettext_lazy("建会备案须填写")] for f in ("name", "code") if f not in data
            }
            if missing:
                raise ApiValidationError(missing)
            call = lambda: services.election_file_founding(  # noqa: E731
                actor=request.user, election=election, **data
            )
        else:
            data.pop("name", None), data.pop("code", None)
            call = lambda: services.election_file_renewal(  # noqa: E731
                actor=request.user, election=election, **data
            )
        return call_service(call, read=self._read(election), status=status.HTTP_201_CREATED)

    @action(
        detail=True,
        methods=["get"],
        url_path=r"renewal-documents/(?P<code>[a-z]+)",
        content_negotiation_class=AnyAccept,
    )
    def renewal_documents(self, request, pk=None, code=None):
        election = selectors.get_election(request.user, pk)
        return papers.document_response(election, code)
