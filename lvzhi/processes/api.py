"""/api/v1/processes/: process templates and their versions, cases (办件), the case
timeline and the inbox.

Every queryset starts from the selectors (``restrict(user, action)``; cases from
``visible_cases``: the organization scope, narrowed to her department for department
staff, plus the cases with a step routed to her), so out-of-scope ids answer 404. Writes
go through ``lvzhi.processes.services`` (scope, rules, timeline, audit); serializers only
check shapes. Lists load their related rows with ``select_related`` / ``prefetch_related``,
so the number of queries does not grow with the page size.

The actions on one object (new draft, steps, publish, transitions, attachments, cancel,
reopen, assign) and the year plan are in ``api_writes``; its ``PATHS`` are the extra paths.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.response import Response

from lvzhi.core.api import ApiPagination
from lvzhi.core.api_errors import validated
from lvzhi.core.api_schema import BAD_REQUEST, NOT_FOUND
from lvzhi.core.periods import today_local
from lvzhi.orgs.selectors import get_organization

from . import filters, selectors, serializers, services
from .models import (
    CaseAttachment,
    CaseEvent,
    CaseStep,
    ProcessTemplate,
    ProcessTemplateVersion,
    StepDefinition,
)

TAG = "processes 办件流程"
FORBIDDEN = OpenApiResponse(description=gettext_lazy("该环节不由您办理"))


# Querysets and answers shared with api_writes -------------------------------


def template_queryset(user, action: str = "view"):
    versions = ProcessTemplateVersion.objects.order_by("-number")
    queryset = (
        selectors.templates_of(user)
        if action == "view"
        else ProcessTemplate.objects.restrict(user, action).select_related(
            "organization", "department"
        )
    )
    return queryset.prefetch_related(Prefetch("versions", queryset=versions))


def template_response(request, template, code=status.HTTP_200_OK):
    fresh = template_queryset(request.user).filter(pk=template.pk).first() or template
    return Response(
        serializers.ProcessTemplateSerializer(fresh, context={"request": request}).data,
        status=code,
    )


def version_queryset(user):
    steps = StepDefinition.objects.select_related("department").order_by("order", "id")
    return (
        ProcessTemplateVersion.objects.restrict(user, "view")
        .select_related("template")
        .prefetch_related(Prefetch("steps", queryset=steps))
    )


def version_response(request, version, code=status.HTTP_200_OK):
    fresh = version_queryset(request.user).filter(pk=version.pk).first() or version
    fresh.publish_errors = services.publish_errors(fresh) if fresh.is_draft else []
    return Response(
        serializers.TemplateVersionDetailSerializer(fresh, context={"request": request}).data,
        status=code,
    )


def with_case_relations(queryset, detail: bool = False):
    queryset = queryset.select_related("organization", "department", "assignee")
    if not detail:
        return queryset
    attachments = CaseAttachment.objects.select_related("uploaded_by").order_by("id")
    steps = (
        CaseStep.objects.select_related("department", "actor_organization", "completed_by")
        .prefetch_related(Prefetch("attachments", queryset=attachments))
        .order_by("order")
    )
    return queryset.select_related("template", "version", "started_by").prefetch_related(
        Prefetch("steps", queryset=steps)
    )


def case_context(request, case) -> dict:
    routed = CaseStep.objects.filter(selectors.routed_q(request.user), case_id=case.pk)
    return {
        "request": request,
        "today": today_local(),
        "routed_steps": set(routed.values_list("pk", flat=True)),
    }


def case_data(request, case) -> dict:
    # Read back through what the actor may see; fall back to the object itself.
    visible = with_case_relations(selectors.visible_cases(request.user), detail=True)
    fresh = visible.filter(pk=case.pk).first() or case
    return serializers.CaseDetailSerializer(fresh, context=case_context(request, fresh)).data


def case_response(request, case, code=status.HTTP_200_OK):
    return Response(case_data(request, case), status=code)


# 模板 ----------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("流程模板列表（按组织、事项序号、是否每年办理筛选）")),
    retrieve=extend_schema(
        summary=gettext_lazy("流程模板详情（已发布版本、草稿版本）"),
        responses={200: serializers.ProcessTemplateSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary=gettext_lazy("新建流程模板（目录以外的工作）"),
        request=serializers.TemplateCreateSerializer,
        responses={201: serializers.ProcessTemplateSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改流程模板设置"),
        request=serializers.TemplateUpdateSerializer,
        responses={200: serializers.ProcessTemplateSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class TemplateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = serializers.ProcessTemplateSerializer
    pagination_class = ApiPagination
    filterset_class = filters.TemplateFilter
    ordering_fields = ["org_path", "item_number", "name", "id"]
    ordering = ["org_path", "item_number", "id"]

    def get_queryset(self):
        action = "change" if self.action == "partial_update" else "view"
        return template_queryset(self.request.user, action)

    def create(self, request, *args, **kwargs):
        data = validated(serializers.TemplateCreateSerializer, request)
        organization = get_organization(request.user, data.pop("organization"), "change")
        template = services.template_create(actor=request.user, organization=organization, **data)
        return template_response(request, template, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        template = self.get_object()
        data = validated(serializers.TemplateUpdateSerializer, request, partial=True)
        template = services.template_update(actor=request.user, template=template, **data)
        return template_response(request, template)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("流程模板版本列表（含环节）")),
    retrieve=extend_schema(
        summary=gettext_lazy("流程模板版本详情（环节、拆分说明、发布前需要处理的问题）"),
        responses={200: serializers.TemplateVersionDetailSerializer, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class TemplateVersionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.TemplateVersionSerializer
    pagination_class = ApiPagination
    filterset_class = filters.TemplateVersionFilter
    ordering_fields = ["org_path", "number", "id"]
    ordering = ["org_path", "template", "-number"]

    def get_queryset(self):
        return version_queryset(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        return version_response(request, self.get_object())


# 办件 ----------------------------------------------------------------------


def _startable(user, organization, pk):
    """A template the actor can read, or one published by ``organization`` or above it."""
    template = (
        selectors.templates_of(user).filter(pk=pk).first()
        or selectors.startable_templates(user, organization).filter(pk=pk).first()
    )
    if template is None:
        raise ValidationError({"template": _("流程模板不存在或不适用于此组织")})
    return template


def assignee_of(organization, pk):
    """The user ``pk`` if she may be responsible for a case of ``organization``
    (``selectors.assignable_users``, the rule the case pages offer), else 400."""
    if pk is None:
        return None
    found = selectors.assignable_users(organization).filter(pk=pk).first()
    if found is None:
        raise ValidationError({"assignee": _("负责人不存在或不在您的管理范围内")})
    return found


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("办件列表（按状态、逾期、部门、组织及下级、模板、年度筛选，q 检索）")
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("办件详情（环节、材料）"),
        responses={200: serializers.CaseDetailSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary=gettext_lazy("发起办件"),
        request=serializers.CaseStartSerializer,
        responses={201: serializers.CaseDetailSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = serializers.CaseSerializer
    pagination_class = ApiPagination
    filterset_class = filters.CaseFilter
    ordering_fields = ["started_on", "current_due_on", "year", "id"]

    def get_queryset(self):
        # The filter set hands its parameters to selectors.case_list (see filters.py).
        return selectors.case_list(self.request.user)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return with_case_relations(queryset, detail=self.action == "retrieve")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": today_local()}

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        data = serializers.CaseDetailSerializer(case, context=case_context(request, case)).data
        return Response(data)

    def create(self, request, *args, **kwargs):
        data = validated(serializers.CaseStartSerializer, request)
        organization = get_organization(request.user, data["organization"], "create")
        template = _startable(request.user, organization, data["template"])
        case = services.case_start(
            actor=request.user,
            template=template,
            organization=organization,
            title=data["title"],
            year=data.get("year"),
            assignee=assignee_of(organization, data.get("assignee")),
            is_public=data.get("is_public"),
        )
        return case_response(request, case, status.HTTP_201_CREATED)


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("办件时间线（谁在何时做了什么）"),
    responses={200: serializers.CaseEventSerializer(many=True), 404: NOT_FOUND},
)
class TimelineView(generics.ListAPIView):
    serializer_class = serializers.CaseEventSerializer
    pagination_class = ApiPagination
    filter_backends = []
    queryset = CaseEvent.objects.none()  # for the schema generator

    def get_queryset(self):
        case = selectors.get_case(self.request.user, self.kwargs["pk"])
        return selectors.timeline(case)


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("我的待办：流转到我的办理中环节（最紧急的在前）"),
    responses={200: serializers.InboxStepSerializer(many=True)},
)
class InboxView(generics.ListAPIView):
    serializer_class = serializers.InboxStepSerializer
    pagination_class = ApiPagination
    filter_backends = []
    queryset = CaseStep.objects.none()  # for the schema generator

    def get_queryset(self):
        return selectors.inbox(self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": today_local()}


ROUTES = [
    ("processes/templates", TemplateViewSet, "processes-template"),
    ("processes/template-versions", TemplateVersionViewSet, "processes-template-version"),
    ("processes/cases", CaseViewSet, "processes-case"),
]
