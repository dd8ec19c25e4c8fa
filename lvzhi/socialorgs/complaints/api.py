"""/api/v1/socialorgs/complaints/: the public complaint (POST, no login; the status is
then read with the supervision messages' tracking endpoint) and the federation's list."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.response import Response

from lvzhi.catalog import messages as msg
from lvzhi.catalog.views_messages import client_address
from lvzhi.core.api import ApiPagination
from lvzhi.core.api_schema import BAD_REQUEST, NOT_FOUND, viewset_schema
from lvzhi.socialorgs import selectors as so_selectors

from . import selectors, services
from .models import Complaint

TAG = "socialorgs 公众投诉"


class ComplaintSendSerializer(serializers.Serializer):
    organization = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text=gettext_lazy("备案社会组织的编号")
    )
    name = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    contact = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text=gettext_lazy("电话或电子邮箱，可不填"),
    )
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text=format_lazy(gettext_lazy("投诉内容，必填，最多{max}字"), max=msg.TEXT_MAX),
    )


class ComplaintSentSerializer(serializers.Serializer):
    tracking_code = serializers.CharField(
        help_text=gettext_lazy("追踪码，只返回这一次；凭它查询 /api/v1/catalog/messages/track/")
    )
    status = serializers.CharField()
    received_on = serializers.DateField()
    due_on = serializers.DateField()
    federation = serializers.CharField()


class ComplaintSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization.name")
    message = serializers.IntegerField(source="message_id")
    ledger_entry = serializers.IntegerField(source="entry_id")
    text = serializers.CharField(source="message.text")
    status = serializers.CharField(source="message.status")
    received_on = serializers.DateField(source="message.received_on")
    due_on = serializers.DateField(source="message.due_on")
    overdue = serializers.BooleanField(source="message.overdue")
    answer = serializers.CharField(source="message.answer")


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("本人管理范围内的公众投诉"),
    detail=gettext_lazy("公众投诉详情"),
    serializer=ComplaintSerializer,
    create=extend_schema(
        summary=gettext_lazy("提交公众投诉（公开，无需登录；每个地址每小时限量）"),
        request=ComplaintSendSerializer,
        responses={
            201: ComplaintSentSerializer,
            400: BAD_REQUEST,
            404: NOT_FOUND,
            429: OpenApiResponse(description=gettext_lazy("提交过于频繁")),
        },
    ),
)
class ComplaintViewSet(viewsets.GenericViewSet):
    serializer_class = ComplaintSerializer
    pagination_class = ApiPagination
    filter_backends = []
    queryset = Complaint.objects.none()

    def get_permissions(self):
        if self.action == "create":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_queryset(self):
        return selectors.complaints(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        selectors.decorate(page)
        return self.get_paginated_response(ComplaintSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        row = self.get_object()
        selectors.decorate([row])
        return Response(ComplaintSerializer(row).data)

    def create(self, request):
        data = ComplaintSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        organization = so_selectors.get_public_organization(values.pop("organization"))
        try:
            complaint, code = services.complaint_send(
                actor=request.user,
                organization=organization,
                client_address=client_address(request),
                text=values.pop("text", ""),  # missing text: the service's message in Chinese
                **values,
            )
        except msg.RateLimited as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        message = complaint.message
        body = ComplaintSentSerializer(
            {
                "tracking_code": msg.format_tracking_code(code),
                "status": message.status,
                "received_on": message.received_on,
                "due_on": message.due_on,
                "federation": organization.federation.name,
            }
        ).data
        return Response(body, status=status.HTTP_201_CREATED)
