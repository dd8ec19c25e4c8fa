"""/api/v1/catalog/messages/: the public form and tracking, and the department inbox with
its answer (the same reads and writes as the pages in ``views_messages.py``, through
``messages.py``)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import ApiPagination, parse_id
from lvzhi.orgs.selectors import display_names

from . import messages as msg
from . import selectors
from .models import SupervisionMessage
from .views_messages import client_address

TAG = "catalog 监督留言"


class MessageSendSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text=gettext_lazy("已发布职责事项的编号"))
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
        help_text=format_lazy(gettext_lazy("留言内容，必填，最多{max}字"), max=msg.TEXT_MAX),
    )


class MessageSentSerializer(serializers.Serializer):
    tracking_code = serializers.CharField(help_text=gettext_lazy("追踪码，只返回这一次"))
    status = serializers.CharField()
    received_on = serializers.DateField()
    due_on = serializers.DateField()
    department = serializers.CharField(allow_blank=True)


class MessagePublicSerializer(serializers.Serializer):
    """What the holder of a tracking code sees: no sender data."""

    organization = serializers.CharField(source="organization.name")
    department = serializers.SerializerMethodField()
    item_number = serializers.CharField()
    item_name = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    received_on = serializers.DateField()
    due_on = serializers.DateField()
    overdue = serializers.BooleanField()
    text = serializers.CharField()
    answer = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)

    def get_department(self, obj) -> str:
        return obj.department.name if obj.department else ""


class InboxMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization.name")
    department = serializers.IntegerField(source="department_id", allow_null=True)
    department_name = serializers.SerializerMethodField()
    item = serializers.IntegerField(source="item_id", allow_null=True)
    item_number = serializers.CharField()
    item_name = serializers.CharField()
    name = serializers.CharField()
    contact = serializers.CharField(source="contact_masked", help_text=gettext_lazy("已脱敏"))
    text = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    received_on = serializers.DateField()
    reply_workdays = serializers.IntegerField()
    due_on = serializers.DateField()
    overdue = serializers.BooleanField()
    answered_late = serializers.BooleanField(source="late")
    answer = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)
    answered_by = serializers.SerializerMethodField(
        help_text=gettext_lazy("答复人姓名（单位 职务）；登录名只对平台管理员显示")
    )

    def get_department_name(self, obj) -> str:
        return obj.department.name if obj.department else ""

    def get_answered_by(self, obj) -> str:
        return getattr(obj, "answered_by_display", "")


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(required=False, allow_blank=True)


def _rate_limited(exc: msg.RateLimited) -> Response:
    return Response({"detail": str(exc)}, status=status.HTTP_429_TOO_MANY_REQUESTS)


@extend_schema(tags=[TAG])
class MessageSendAPI(APIView):
    """Public: send a supervision message about a published duty item."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary=gettext_lazy("发送监督留言（公开；每个地址每小时限量）"),
        request=MessageSendSerializer,
        responses={201: MessageSentSerializer},
    )
    def post(self, request):
        data = MessageSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        item = selectors.public_item(values.pop("item"))
        try:
            message, code = msg.message_send(
                actor=request.user,
                item=item,
                client_address=client_address(request),
                text=values.get("text", ""),
                name=values.get("name", ""),
                contact=values.get("contact", ""),
            )
        except msg.RateLimited as exc:
            return _rate_limited(exc)
        body = MessageSentSerializer(
            {
                "tracking_code": msg.format_tracking_code(code),
                "status": message.status,
                "received_on": message.received_on,
                "due_on": message.due_on,
                "department": message.department.name if message.department else "",
            }
        ).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=[TAG])
class MessageTrackAPI(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary=gettext_lazy("凭追踪码查看留言状态与答复（公开）"),
        responses={200: MessagePublicSerializer},
    )
    def get(self, request, code):
        message = msg.track(code)
        if message is None:
            return Response(
                {"detail": _("没有找到与该追踪码对应的留言")}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(MessagePublicSerializer(message).data)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy(
            "部门收件箱（?status=new|answered，?overdue=1 逾期未答复，?department=）"
        )
    ),
    retrieve=extend_schema(summary=gettext_lazy("监督留言详情")),
)
@extend_schema(tags=[TAG])
class InboxViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InboxMessageSerializer
    pagination_class = ApiPagination
    filter_backends = []
    queryset = SupervisionMessage.objects.none()  # for the schema; reads use get_queryset

    def get_queryset(self):
        params = self.request.query_params
        department = params.get("department", "")
        return msg.inbox_list(
            self.request.user,
            status=params.get("status", ""),
            overdue=params.get("overdue") in ("1", "true"),
            department=parse_id(department),
        )

    def _named(self, messages):
        """Decorated as on the inbox page, the answerer by name, never by login (two or
        three queries for the whole page)."""
        messages = msg.decorate(messages)
        names = display_names([m.answered_by_id for m in messages], self.request.user)
        for message in messages:
            message.answered_by_display = names.get(message.answered_by_id, "")
        return messages

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return self._named(page) if page is not None else page

    def get_object(self):
        return self._named([msg.get_message(self.request.user, self.kwargs["pk"])])[0]

    @extend_schema(
        summary=gettext_lazy("答复监督留言"),
        request=AnswerSerializer,
        responses={200: InboxMessageSerializer},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        message = msg.get_message(request.user, pk, "answer")
        data = AnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = msg.message_answer(
            actor=request.user, message=message, answer=data.validated_data.get("answer", "")
        )
        message = msg.get_message(request.user, message.pk)
        return Response(InboxMessageSerializer(self._named([message])[0]).data)
