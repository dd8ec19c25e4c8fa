"""/api/v1/core/jobs/: her background jobs (list, filtered by status and kind; one with
its progress), start one (202, the queued job) and ``{id}/file/`` for the result. Poll
the job until ``status`` is ``done`` or ``failed``."""

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from lvzhi.core import files
from lvzhi.core.api import ApiPagination

from . import selectors, services
from .kinds import label_of
from .models import Job, JobStatus

TAG = "core 后台任务"
NOT_FOUND = OpenApiResponse(description=gettext_lazy("任务不存在或不属于您"))
BAD_REQUEST = OpenApiResponse(description=gettext_lazy("数据有误，按字段给出中文说明"))


class JobFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=JobStatus.choices, label=gettext_lazy("状态"))
    kind = django_filters.ChoiceFilter(
        choices=lambda: [(k, k) for k in [*settings.LVZHI_JOB_KINDS, "daily"]],
        label=gettext_lazy("任务类型"),
    )

    class Meta:
        model = Job
        fields = ["status", "kind"]


class JobSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField(help_text="完成且有结果文件时的下载地址")

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "label",
            "status",
            "progress",
            "message",
            "params",
            "result",
            "created_at",
            "started_at",
            "finished_at",
            "file_url",
        ]
        read_only_fields = fields

    def get_label(self, job) -> str:
        return label_of(job.kind)

    def get_file_url(self, job) -> str | None:
        if job.status != JobStatus.DONE or not job.file:
            return None
        return f"/api/v1/core/jobs/{job.pk}/file/"


class JobStartSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[], help_text=gettext_lazy("任务类型（catalog_export、compliance_rebuild）")
    )
    params = serializers.DictField(
        required=False,
        help_text=gettext_lazy(
            "参数：catalog_export 为 version（版本编号）与 format（xlsx、docx、pdf）；"
            "compliance_rebuild 为 organization（组织编号）与 year（年度，默认今年）"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(settings.LVZHI_JOB_KINDS)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("我的后台任务")),
    retrieve=extend_schema(
        summary=gettext_lazy("后台任务的进度"), responses={200: JobSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary=gettext_lazy("开始后台任务"),
        request=JobStartSerializer,
        responses={202: JobSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    file=extend_schema(
        summary=gettext_lazy("下载后台任务的结果文件"),
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = JobSerializer
    pagination_class = ApiPagination
    filterset_class = JobFilter
    ordering_fields = ["created_at"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.visible(self.request.user)

    def create(self, request):
        body = JobStartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            job = services.job_start(
                actor=request.user,
                kind=body.validated_data["kind"],
                data=body.validated_data.get("params") or {},
            )
        except ValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else {"params": exc.messages}
            ) from None
        job.refresh_from_db()  # without a broker the task has run already
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        job = self.get_object()
        if not job.file:
            raise Http404(_("文件不存在"))
        return files.serve(job.file, filename=job.filename, max_age=0)


ROUTES = [("core/jobs", JobViewSet, "core-jobs")]
