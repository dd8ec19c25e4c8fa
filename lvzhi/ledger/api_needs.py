"""/api/v1/ledger/needs/: a woman's needs (需求), their referral as a 建议 or a case (办件)
and the outcome read back from it. Read by whoever reads her entry; recorded by whoever
may visit her; referred by her community's cadre (a 建议 also by the member whose
suggestion it becomes). Out of scope: 404; bad input: 400 in Chinese, nothing written."""

from django.utils.translation import gettext_lazy
from rest_framework import status
from rest_framework.decorators import action

from lvzhi.core.api_errors import call_service
from lvzhi.core.api_schema import viewset_schema, write_schema

from . import filters, selectors_needs, serializers_needs, services_needs
from .api import TAG, LedgerViewSet


@viewset_schema(
    tag=TAG,
    listing=gettext_lazy("需求列表（含转办情况和结果）"),
    detail=gettext_lazy("需求详情（含转办情况和结果）"),
    serializer=serializers_needs.NeedSerializer,
    create=write_schema(
        gettext_lazy("登记需求（说明中不得含姓名、身份证号、电话、住址）"),
        serializers_needs.NeedWriteSerializer,
        serializers_needs.NeedSerializer,
        201,
    ),
    refer=write_schema(
        gettext_lazy("转办需求：转为执委建议，或按办理流程发起办件"),
        serializers_needs.ReferSerializer,
        serializers_needs.NeedSerializer,
    ),
)
class NeedViewSet(LedgerViewSet):
    serializer_class = serializers_needs.NeedSerializer
    action_serializers = {
        "create": serializers_needs.NeedWriteSerializer,
        "refer": serializers_needs.ReferSerializer,
    }
    filterset_class = filters.NeedFilter

    def get_queryset(self):
        return selectors_needs.needs(self.request.user).order_by("-recorded_on", "-id")

    def paginate_queryset(self, queryset):
        return selectors_needs.attach_outcomes(super().paginate_queryset(queryset))

    def get_object(self):
        return selectors_needs.attach_outcomes([super().get_object()])[0]

    def answer(self, call, serializer_class, code=status.HTTP_200_OK, row=None):
        def read(written):
            fresh = self.get_queryset().filter(pk=written.pk).first() or written
            return serializer_class(selectors_needs.attach_outcomes([fresh])[0]).data

        return call_service(call, read=read, status=code)

    def create(self, request, *args, **kwargs):
        data = self.body(serializers_needs.NeedWriteSerializer)
        return self.answer(
            lambda: services_needs.need_create(actor=request.user, **data),
            serializers_needs.NeedSerializer,
            status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"])
    def refer(self, request, pk=None):
        need = self.get_object()
        data = self.body(serializers_needs.ReferSerializer)
        return self.answer(
            lambda: services_needs.need_refer(actor=request.user, need=need, **data),
            serializers_needs.NeedSerializer,
        )
