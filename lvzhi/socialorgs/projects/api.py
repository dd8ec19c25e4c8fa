"""/api/v1/socialorgs/projects/: social projects through the same services as the pages.

- ``batches/``: the federation's batches (``restrict(user, "view")``): create, update,
  publish.
- ``applications/``: the applications to its batches, moved step by step on the process
  engine (accept, review, return for revision, decide, contract, report-accept). A step not routed to the
  caller answers 403, a step moved meanwhile 409, out of scope 404.
- ``accounts/``: the organizations' accounts (the organization user), opened by a cadre.
- ``my/batches/`` and ``my/applications/``: the organization user's own endpoints: the
  batches open to her organization with its eligibility, her applications (apply with
  the plan and budget, withdraw, resubmit one returned for revision, hand in a report). Anyone else's row answers 404.
- ``public/``: published batches with their funded projects, no login."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from lvzhi.core.api import ApiPagination
from lvzhi.core.api_errors import call_service, validated
from lvzhi.core.api_schema import BAD_REQUEST, NOT_FOUND, viewset_schema, write_schema
from lvzhi.orgs.api import ServiceViewSet
from lvzhi.processes.services import StepConflict

from . import selectors, serializers, services
from .filters import ApplicationFilter

TAG = "socialorgs 社会组织"
FILE_PARSERS = [JSONParser, MultiPartParser, FormParser]


def no_body(summary, response):
    """A write without a request body answering ``response``; 400 when the state does
    not allow it, 404 outside scope."""
    return extend_schema(
        summary=summary,
        request=None,
        responses={200: response, 400: BAD_REQUEST, 404: NOT_FOUND},
    )


@viewset_schema(
    tag=TAG,
    listing=_("社会化项目批次（本人范围内）"),
    detail=_("社会化项目批次"),
    serializer=serializers.ProjectBatchSerializer,
    create=write_schema(
        _("新建项目批次（可立即发布）"),
        serializers.ProjectBatchSerializer,
        serializers.ProjectBatchSerializer,
        201,
    ),
    partial_update=write_schema(
        _("修改项目批次"),
        serializers.ProjectBatchUpdateSerializer,
        serializers.ProjectBatchSerializer,
    ),
)
class BatchViewSet(ServiceViewSet):
    filterset_class = None
    ordering = ["-year", "-deadline", "-id"]
    read_serializer_class = serializers.ProjectBatchSerializer

    def get_queryset(self):
        action_name = "change" if self.action in ("partial_update", "publish") else "view"
        return selectors.batches(self.request.user, action_name).order_by(*self.ordering)

    def get_serializer_class(self):
        if self.action == "partial_update":
            return serializers.ProjectBatchUpdateSerializer
        return serializers.ProjectBatchSerializer

    def service_create(self, data):
        return services.batch_create(actor=self.request.user, **data)

    def service_update(self, instance, data):
        return services.batch_update(actor=self.request.user, batch=instance, **data)

    @no_body(_("发布到公开页面"), serializers.ProjectBatchSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        batch = self.get_object()
        return call_service(
            lambda: services.batch_publish(actor=request.user, batch=batch), read=self.read_data
        )


def step_action(name, service_name, schema, serializer=None, url_path=None):
    """One move of an application on its case, as a POST action of the viewset: the row
    from the caller's scope (404 outside), the body checked by ``serializer`` (400), the
    service ``services.<service_name>(actor=, application=, **body)``, the application
    read back; a step not routed to the caller answers 403, a step moved meanwhile 409."""

    def endpoint(self, request, pk=None):
        row = self.get_object()
        data = validated(serializer, request) if serializer is not None else {}
        service = getattr(services, service_name)
        return self._move(lambda: service(actor=request.user, application=row, **data))

    endpoint.__name__ = endpoint.__qualname__ = name
    return schema(action(detail=True, methods=["post"], url_path=url_path)(endpoint))


@viewset_schema(
    tag=TAG,
    listing=_("社会化项目申报（本人范围内）"),
    detail=_("社会化项目申报（材料、判定记录）"),
    serializer=serializers.ProjectApplicationSerializer,
)
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = serializers.ProjectApplicationSerializer
    pagination_class = ApiPagination
    parser_classes = FILE_PARSERS
    filterset_class = ApplicationFilter
    ordering = ["-submitted_at", "-id"]

    def get_queryset(self):
        return (
            selectors.applications(self.request.user)
            .prefetch_related("documents")
            .order_by(*self.ordering)
        )

    def read_data(self, obj):
        fresh = self.get_queryset().filter(pk=obj.pk).first() or obj
        return serializers.ProjectApplicationSerializer(
            fresh, context=self.get_serializer_context()
        ).data

    def _move(self, call):
        try:
            return call_service(call, read=self.read_data)
        except StepConflict as exc:
            return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)

    accept = step_action(
        "accept",
        "application_accept",
        no_body(_("受理申报（开启办件，进入审核）"), serializers.ProjectApplicationSerializer),
    )
    review = step_action(
        "review",
        "application_review",
        write_schema(
            _("审核：通过，或不予立项（须说明理由）"),
            serializers.ProjectReviewSerializer,
            serializers.ProjectApplicationSerializer,
        ),
        serializers.ProjectReviewSerializer,
    )
    return_for_revision = step_action(
        "return_for_revision",
        "application_return",
        write_schema(
            _("退回修改：审核时退回社会组织修改（须说明理由），重新提交后继续审核"),
            serializers.ProjectReturnSerializer,
            serializers.ProjectApplicationSerializer,
        ),
        serializers.ProjectReturnSerializer,
        url_path="return",
    )
    decide = step_action(
        "decide",
        "application_decide",
        write_schema(
            _("立项决定：立项资金不超过申请资金和批次预算余额，或不予立项"),
            serializers.ProjectDecideSerializer,
            serializers.ProjectApplicationSerializer,
        ),
        serializers.ProjectDecideSerializer,
    )
    contract = step_action(
        "contract",
        "contract_record",
        write_schema(
            _("签订协议（可附协议文件）"),
            serializers.ProjectContractSerializer,
            serializers.ProjectApplicationSerializer,
        ),
        serializers.ProjectContractSerializer,
    )
    report_accept = step_action(
        "report_accept",
        "report_accept",
        write_schema(
            _("确认中期或结项报告（结项时记入社会组织工作台账）"),
            serializers.ProjectNoteSerializer,
            serializers.ProjectApplicationSerializer,
        ),
        serializers.ProjectNoteSerializer,
        url_path="report-accept",
    )


@viewset_schema(
    tag=TAG,
    listing=_("社会组织账号（本人范围内）"),
    detail=_("社会组织账号"),
    serializer=serializers.ProjectAccountSerializer,
    create=write_schema(
        _("为社会组织开设账号（社会组织用户）"),
        serializers.ProjectAccountSerializer,
        serializers.ProjectAccountSerializer,
        201,
    ),
)
class AccountViewSet(ServiceViewSet):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = serializers.ProjectAccountSerializer
    filterset_class = None
    ordering = ["organization", "id"]

    def get_queryset(self):
        return selectors.accounts(self.request.user).order_by(*self.ordering)

    def service_create(self, data):
        user = data.pop("user")
        return services.account_create(
            actor=self.request.user,
            organization=data["organization"],
            username=user["username"],
            display_name=user.get("first_name", ""),
            password=data["password"],
        )


# 社会组织用户 -------------------------------------------------------------------------


@viewset_schema(
    tag=TAG,
    listing=_("本组织可申报的项目批次（含申报条件判定）"),
    detail=_("可申报的项目批次"),
    serializer=serializers.ProjectOpenBatchSerializer,
)
class MyBatchViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ProjectOpenBatchSerializer
    pagination_class = ApiPagination
    filterset_class = None

    def get_queryset(self):
        return selectors.open_batches_for(self.request.user)

    def _with_eligibility(self, batches):
        account = selectors.account_of(self.request.user)
        if not batches:
            return batches
        results = selectors.eligibilities(account.organization, batches)
        for batch, result in zip(batches, results, strict=True):
            batch.eligible = result.eligible
            batch.eligibility_verdict = result.verdict.as_dict()
        return batches

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        data = self.get_serializer(self._with_eligibility(page), many=True).data
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        batch = self.get_object()
        return Response(self.get_serializer(self._with_eligibility([batch])[0]).data)


@viewset_schema(
    tag=TAG,
    listing=_("本组织的项目申报"),
    detail=_("本组织的项目申报"),
    serializer=serializers.ProjectApplicationSerializer,
    create=write_schema(
        _("申报项目（附项目方案和预算表，multipart）"),
        serializers.ProjectApplySerializer,
        serializers.ProjectApplicationSerializer,
        201,
    ),
)
class MyApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = serializers.ProjectApplicationSerializer
    pagination_class = ApiPagination
    parser_classes = FILE_PARSERS
    filterset_class = None
    ordering = ["-submitted_at", "-id"]

    def get_queryset(self):
        return (
            selectors.own_applications(self.request.user)
            .prefetch_related("documents")
            .order_by(*self.ordering)
        )

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.ProjectApplySerializer
        return serializers.ProjectApplicationSerializer

    def read_data(self, obj):
        fresh = self.get_queryset().filter(pk=obj.pk).first() or obj
        return serializers.ProjectApplicationSerializer(
            fresh, context=self.get_serializer_context()
        ).data

    def create(self, request, *args, **kwargs):
        data = validated(serializers.ProjectApplySerializer, request)
        batch = selectors.get_open_batch_for(request.user, data.pop("batch"))
        return call_service(
            lambda: services.application_submit(actor=request.user, batch=batch, **data),
            read=self.read_data,
            status=status.HTTP_201_CREATED,
        )

    @no_body(_("撤回尚未受理的申报"), serializers.ProjectApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        row = self.get_object()
        return call_service(
            lambda: services.application_withdraw(actor=request.user, application=row),
            read=self.read_data,
        )

    @write_schema(
        _("修改后重新提交退回的申报（multipart，可附新的方案和预算表）"),
        serializers.ProjectResubmitSerializer,
        serializers.ProjectApplicationSerializer,
    )
    @action(detail=True, methods=["post"])
    def resubmit(self, request, pk=None):
        row = self.get_object()
        data = validated(serializers.ProjectResubmitSerializer, request)
        return call_service(
            lambda: services.application_resubmit(actor=request.user, application=row, **data),
            read=self.read_data,
        )

    @write_schema(
        _("提交中期或结项报告（可附文件）"),
        serializers.ProjectReportSerializer,
        serializers.ProjectApplicationSerializer,
    )
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        row = self.get_object()
        data = validated(serializers.ProjectReportSerializer, request)
        return call_service(
            lambda: services.report_submit(actor=request.user, application=row, **data),
            read=self.read_data,
        )


# 公开 --------------------------------------------------------------------------------


@viewset_schema(
    tag=TAG,
    listing=_("公开发布的社会化项目批次（无需登录）"),
    detail=_("公开的项目批次及立项项目"),
    serializer=serializers.ProjectPublicBatchDetailSerializer,
    not_found=NOT_FOUND,
)
class PublicBatchViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    pagination_class = ApiPagination
    filterset_class = None

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.public_batches_with_funded()
        return selectors.public_batches().order_by("-deadline", "-id")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ProjectPublicBatchDetailSerializer
        return serializers.ProjectPublicBatchSerializer


ROUTES = [
    ("batches", BatchViewSet, "socialorg-project-batch"),
    ("applications", ApplicationViewSet, "socialorg-project-application"),
    ("accounts", AccountViewSet, "socialorg-project-account"),
    ("my/batches", MyBatchViewSet, "socialorg-my-batch"),
    ("my/applications", MyApplicationViewSet, "socialorg-my-application"),
    ("public", PublicBatchViewSet, "socialorg-project-public"),
]
