"""/api/v1/socialorgs/: organizations (the database: list, detail, filing, yearly update,
refiling, the disclosure gap), the tier proposal, key members, the ledger, advisers,
yearly duties with their checklist, and the public list. Every queryset starts from
``restrict(user, action)``, so out-of-scope ids answer 404; writes go through the
services; bad input answers 400 with Chinese messages by field."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from lvzhi.core.api import YEAR_MAX, YEAR_MIN, ApiPagination, query_id
from lvzhi.core.api_errors import call_service
from lvzhi.core.api_schema import NOT_FOUND, viewset_schema, write_schema
from lvzhi.core.periods import today_local
from lvzhi.orgs.api import ServiceViewSet

from . import rules, selectors, serializers, services
from .filters import (
    AdviserFilter,
    DutyFilter,
    KeyMemberFilter,
    LedgerFilter,
    OrganizationFilter,
    PublicOrganizationFilter,
)
from .models import KeyMember

TAG = "socialorgs 社会组织"
GAP_PARAMETERS = [
    OpenApiParameter("federation", int, required=True, description="妇联编号（含下级）"),
    OpenApiParameter("year", int, description="年度（默认今年）"),
]


def _year(request) -> int:
    raw = request.query_params.get("year", "")
    if not raw.strip():
        return today_local().year
    value = raw.strip()
    if not value.isdigit() or not YEAR_MIN <= int(value) <= YEAR_MAX:
        raise ValidationError(
            {"year": [_("年度应为 %(a)d 至 %(b)d 之间的整数") % {"a": YEAR_MIN, "b": YEAR_MAX}]}
        )
    return int(value)


def _federation(request, action_name="view"):
    pk = query_id(request, "federation")
    if pk is None:
        raise ValidationError({"federation": [_("请给出妇联编号")]})
    from lvzhi.orgs.models import Organization

    return get_object_or_404(Organization.objects.restrict(request.user, action_name), pk=pk)


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("社会组织数据库（本人范围内）"),
    detail=gettext_lazy("社会组织详情（联系电话只给掩码）"),
    serializer=serializers.SocialOrganizationSerializer,
    create=write_schema(
        gettext_lazy("信息备案（R-SO-01：按建议层级，或说明理由）"),
        serializers.SocialOrganizationWriteSerializer,
        serializers.SocialOrganizationSerializer,
        201,
    ),
    partial_update=write_schema(
        gettext_lazy("年度更新（重新计算建议层级）"),
        serializers.SocialOrganizationUpdateSerializer,
        serializers.SocialOrganizationSerializer,
    ),
)
class OrganizationViewSet(ServiceViewSet):
    filterset_class = OrganizationFilter
    ordering_fields = ["org_path", "name", "size", "updated_at"]
    ordering = ["org_path", "name", "id"]
    read_serializer_class = serializers.SocialOrganizationSerializer

    def get_queryset(self):
        action_name = "change" if self.action in ("partial_update", "refile") else "view"
        return selectors.organizations(self.request.user, action_name)

    def get_serializer_class(self):
        return {
            "create": serializers.SocialOrganizationWriteSerializer,
            "partial_update": serializers.SocialOrganizationUpdateSerializer,
            "refile": serializers.RefileSerializer,
        }.get(self.action, serializers.SocialOrganizationSerializer)

    def service_create(self, data):
        federation = data.pop("federation")
        return services.organization_file(actor=self.request.user, federation=federation, **data)

    def service_update(self, instance, data):
        return services.organization_update(actor=self.request.user, organization=instance, **data)

    @write_schema(
        gettext_lazy("调整备案：上报或下放备案层级（R-SO-01，须说明理由）"),
        serializers.RefileSerializer,
        serializers.SocialOrganizationSerializer,
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def refile(self, request, pk=None):
        row = self.get_object()
        body = serializers.RefileSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        return call_service(
            lambda: services.organization_refile(
                actor=request.user, organization=row, **body.validated_data
            ),
            read=self.read_data,
        )

    @write_schema(
        gettext_lazy("民政部门同步：按统一社会信用代码更新登记与注销状态（R-SO-02）"),
        serializers.CivilAffairsSyncSerializer,
        serializers.CivilAffairsSyncResultSerializer,
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="civil-affairs-sync",
        filterset_class=None,
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def civil_affairs_sync(self, request):
        body = serializers.CivilAffairsSyncSerializer(
            data=request.data, context={"request": request}
        )
        body.is_valid(raise_exception=True)
        return call_service(
            lambda: services.civil_affairs_sync(actor=request.user, **body.validated_data),
            read=lambda summary: serializers.CivilAffairsSyncResultSerializer(summary).data,
        )

    @extend_schema(
        summary=gettext_lazy("本年未披露信息的社会组织（第十二条）"),
        parameters=GAP_PARAMETERS,
        responses={200: serializers.SocialOrganizationSerializer(many=True), 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"], url_path="without-disclosure", filterset_class=None)
    def without_disclosure(self, request):
        federation = _federation(request)
        rows = selectors.without_disclosure(request.user, federation, _year(request))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            serializers.SocialOrganizationSerializer(page, many=True).data
        )


class ProposalViewSet(viewsets.ViewSet):
    """R-SO-01 for a size and influence; nothing is written."""

    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("试算建议备案层级（R-SO-01）"),
        request=serializers.InfluenceSerializer,
        responses={200: serializers.ProposalSerializer},
    )
    def create(self, request):
        body = serializers.InfluenceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        proposal = rules.propose_tier(
            data["size"],
            rules.Influence(
                notable=data["notable_influence"],
                active=data["active"],
                center_grade=data["center_grade"],
            ),
        )
        return Response(serializers.proposal_data(proposal))


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("骨干成员（电话只给掩码）"),
    detail=gettext_lazy("骨干成员"),
    serializer=serializers.KeyMemberSerializer,
    create=write_schema(
        gettext_lazy("添加骨干成员"),
        serializers.KeyMemberSerializer,
        serializers.KeyMemberSerializer,
        201,
    ),
    destroy=extend_schema(
        summary=gettext_lazy("删除骨干成员"), responses={204: None, 404: NOT_FOUND}
    ),
)
class KeyMemberViewSet(mixins.DestroyModelMixin, ServiceViewSet):
    http_method_names = ["get", "post", "delete", "head", "options"]
    serializer_class = serializers.KeyMemberSerializer
    filterset_class = KeyMemberFilter
    ordering = ["organization", "id"]

    def get_queryset(self):
        action_name = "change" if self.action == "destroy" else "view"
        return KeyMember.objects.restrict(self.request.user, action_name).select_related(
            "organization__federation"
        )

    def service_create(self, data):
        return services.key_member_add(actor=self.request.user, **data)

    def destroy(self, request, *args, **kwargs):
        row = self.get_object()
        return call_service(
            lambda: services.key_member_remove(actor=request.user, member=row),
            status=status.HTTP_204_NO_CONTENT,
        )


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("工作台账（信息披露、重大事项报告、公众投诉、项目成效）"),
    detail=gettext_lazy("台账记录"),
    serializer=serializers.LedgerEntrySerializer,
    create=write_schema(
        gettext_lazy("记入台账"),
        serializers.LedgerEntrySerializer,
        serializers.LedgerEntrySerializer,
        201,
    ),
)
class LedgerViewSet(ServiceViewSet):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = serializers.LedgerEntrySerializer
    filterset_class = LedgerFilter
    ordering_fields = ["date"]
    ordering = ["-date", "-id"]

    def get_queryset(self):
        return selectors.ledger(self.request.user)

    def service_create(self, data):
        return services.ledger_entry_add(actor=self.request.user, **data)


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("专家顾问与公益顾问（第十一条）"),
    detail=gettext_lazy("顾问"),
    serializer=serializers.AdviserSerializer,
    create=write_schema(
        gettext_lazy("添加顾问"), serializers.AdviserSerializer, serializers.AdviserSerializer, 201
    ),
    partial_update=write_schema(
        gettext_lazy("修改顾问"), serializers.AdviserSerializer, serializers.AdviserSerializer
    ),
)
class AdviserViewSet(ServiceViewSet):
    serializer_class = serializers.AdviserSerializer
    filterset_class = AdviserFilter
    ordering = ["org_path", "kind", "name", "id"]

    def get_queryset(self):
        action_name = "change" if self.action == "partial_update" else "view"
        return selectors.advisers(self.request.user, action_name)

    def service_create(self, data):
        return services.adviser_create(actor=self.request.user, **data)

    def service_update(self, instance, data):
        return services.adviser_update(actor=self.request.user, adviser=instance, **data)


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("年度工作记录（R-SO-03）"),
    detail=gettext_lazy("年度工作记录"),
    serializer=serializers.YearlyDutySerializer,
    create=write_schema(
        gettext_lazy("记录年度工作（可附文件）"),
        serializers.YearlyDutyWriteSerializer,
        serializers.YearlyDutySerializer,
        201,
    ),
)
class DutyViewSet(ServiceViewSet):
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    read_serializer_class = serializers.YearlyDutySerializer
    filterset_class = DutyFilter
    ordering_fields = ["date"]
    ordering = ["-date", "-id"]

    def get_queryset(self):
        return selectors.duties(self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.YearlyDutyWriteSerializer
        return serializers.YearlyDutySerializer

    def service_create(self, data):
        return services.duty_record(actor=self.request.user, **data)

    @extend_schema(
        summary=gettext_lazy("年度工作清单：已完成、待开展、已逾期及条款（R-SO-03）"),
        parameters=GAP_PARAMETERS,
        responses={200: serializers.YearlyDutyChecklistSerializer, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def checklist(self, request):
        federation = _federation(request)
        year = _year(request)
        items = selectors.duty_checklist(request.user, federation, year, today_local())
        return Response(
            serializers.YearlyDutyChecklistSerializer(
                {
                    "federation": federation.pk,
                    "federation_name": federation.name,
                    "year": year,
                    "items": [{**vars(item), "verdict": item.verdict.as_dict()} for item in items],
                }
            ).data
        )


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("公开的备案社会组织名录（无需登录，不含个人信息）"),
    detail=gettext_lazy("公开的备案社会组织"),
    serializer=serializers.PublicSocialOrganizationSerializer,
)
class PublicOrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    pagination_class = ApiPagination
    filterset_class = PublicOrganizationFilter
    serializer_class = serializers.PublicSocialOrganizationSerializer
    ordering_fields = ["name"]
    ordering = ["org_path", "name", "id"]

    def get_queryset(self):
        return selectors.public_organizations()


ROUTES = [
    ("public", PublicOrganizationViewSet, "socialorgs-public"),
    ("organizations", OrganizationViewSet, "socialorgs-organization"),
    ("proposal", ProposalViewSet, "socialorgs-proposal"),
    ("key-members", KeyMemberViewSet, "socialorgs-key-member"),
    ("ledger", LedgerViewSet, "socialorgs-ledger"),
    ("advisers", AdviserViewSet, "socialorgs-adviser"),
    ("duties", DutyViewSet, "socialorgs-duty"),
]
