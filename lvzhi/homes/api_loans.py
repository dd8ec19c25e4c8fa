"""/api/v1/homes/borrowers/?home=&q=: the women of the ledger a cadre who may change the
home can pick as a borrower (hook ``home_borrowers``; phones masked, no ID number); a
home out of her scope answers 404."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from lvzhi.core.api import parse_id
from lvzhi.core.api_schema import NOT_FOUND

from . import selectors
from .selectors_loans import borrowers

TAG = "homes 妇女之家"


class HomeBorrowerSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("台账人员编号（借出时填入 borrower_entry）"))
    label = serializers.CharField(help_text=_("姓名、网格和隐去中间位的电话"))


class BorrowerViewSet(viewsets.ViewSet):
    @extend_schema(
        tags=[TAG],
        summary=_("可选的借阅人（妇女信息台账，按姓名查找，最多20人）"),
        parameters=[
            OpenApiParameter("home", int, required=True, description=_("妇女之家编号")),
            OpenApiParameter("q", str, required=True, description=_("姓名")),
        ],
        responses={200: HomeBorrowerSerializer(many=True), 400: None, 404: NOT_FOUND},
    )
    def list(self, request):
        pk = parse_id(request.query_params.get("home", ""))
        if pk is None:
            return Response({"home": [_("请给出妇女之家编号")]}, status=status.HTTP_400_BAD_REQUEST)
        home = selectors.get_home(request.user, pk, "change")
        query = (request.query_params.get("q") or "").strip()[:50]
        rows = borrowers(request.user, home, query=query) if query else []
        return Response(
            HomeBorrowerSerializer(
                [{"id": r["id"], "label": r["label"]} for r in rows], many=True
            ).data
        )
