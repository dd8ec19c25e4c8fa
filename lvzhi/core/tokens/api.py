"""/api/v1/core/tokens/: her own tokens (list), create (the key in that answer only) and
``{id}/revoke/``. Managed from a signed-in session only: a token cannot mint or revoke
tokens, so a leaked key cannot extend its own life."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from lvzhi.core.api import ApiPagination
from lvzhi.core.tokens import rules, selectors, services
from lvzhi.core.tokens.models import ApiToken

TAG = "core API 令牌"
NOT_FOUND = OpenApiResponse(description=gettext_lazy("令牌不存在或不属于您"))
BAD_REQUEST = OpenApiResponse(description=gettext_lazy("数据有误，按字段给出中文说明"))
SESSION_ONLY = OpenApiResponse(
    description=gettext_lazy("须登录网页会话后管理令牌，不能用令牌管理令牌")
)


class SignedInSession(permissions.BasePermission):
    """Signed in through the session, not with an API token."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if isinstance(request.auth, ApiToken):
            self.message = _("不能用 API 令牌管理令牌，请登录网页后操作。")
            return False
        return True


class ApiTokenSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField(help_text="active / expired / revoked")

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "state",
        ]
        read_only_fields = fields

    def get_state(self, token) -> str:
        from django.utils import timezone

        return rules.state(
            now=timezone.now(), expires_at=token.expires_at, revoked_at=token.revoked_at
        )


class ApiTokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text=gettext_lazy("用途"))
    days = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=rules.MAX_DAYS,
        help_text=gettext_lazy("有效天数（默认 LVZHI_API_TOKEN_DAYS）"),
    )


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(help_text=gettext_lazy("令牌本身，仅在本次应答中出现"))

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("我的 API 令牌"),
        responses={200: ApiTokenSerializer, 403: SESSION_ONLY},
    ),
    create=extend_schema(
        summary=gettext_lazy("创建 API 令牌（令牌仅返回一次）"),
        request=ApiTokenCreateSerializer,
        responses={201: ApiTokenCreatedSerializer, 400: BAD_REQUEST, 403: SESSION_ONLY},
    ),
    revoke=extend_schema(
        summary=gettext_lazy("撤销 API 令牌"),
        request=None,
        responses={200: ApiTokenSerializer, 400: BAD_REQUEST, 403: SESSION_ONLY, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class ApiTokenViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ApiTokenSerializer
    pagination_class = ApiPagination
    permission_classes = [SignedInSession]
    filter_backends = []
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.own_tokens(self.request.user)

    def create(self, request):
        body = ApiTokenCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        token, key = services.api_token_create(
            actor=request.user, user=request.user, **body.validated_data
        )
        data = ApiTokenSerializer(token).data
        data["key"] = key
        return Response(data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        token = selectors.token_to_revoke(request.user, pk)
        services.api_token_revoke(actor=request.user, token=token)
        return Response(ApiTokenSerializer(token).data)


ROUTES = [("core/tokens", ApiTokenViewSet, "core-tokens")]
