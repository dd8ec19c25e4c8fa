"""/api/v1/processes/: actions on one template, version or case, and the year plan.

Each view finds its object through the selectors (404 out of scope), checks the shape of
the body, and calls one service; the service checks scope and rules, writes, records the
timeline and the audit event in one transaction, so a refused call writes nothing.

Answers (``lvzhi.core.api_errors``): ``ValidationError`` → 400 with the Chinese messages;
a step that is not routed to the user → 403; a step that moved on (someone else acted
first, or the client's ``expected_revision`` is old) → 409 with the current stage and
step status. A refused publish keeps its own 400 body (``publish_errors``, the list the
draft's page shows) and the steps editor its errors per step.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.catalog.selectors import visible_items
from lvzhi.core.api_errors import Conflict, call_service, validated
from lvzhi.core.scopes import OutOfScope
from lvzhi.orgs.selectors import get_organization

from . import selectors, serializers, services
from .api import (
    BAD_REQUEST,
    FORBIDDEN,
    NOT_FOUND,
    TAG,
    InboxView,
    TimelineView,
    assignee_of,
    case_data,
    case_response,
    template_response,
    version_response,
    with_case_relations,
)
from .models import Case, CaseStep

CONFLICT = OpenApiResponse(
    serializers.StepConflictSerializer,
    description=gettext_lazy("该环节已由他人办理：返回当前环节与环节状态"),
)


# 模板 ----------------------------------------------------------------------


@extend_schema(
    tags=[TAG],
    request=None,
    responses={
        200: OpenApiResponse(
            serializers.TemplateVersionDetailSerializer,
            description=gettext_lazy("已有草稿：返回该草稿，不新建"),
        ),
        201: OpenApiResponse(
            serializers.TemplateVersionDetailSerializer,
            description=gettext_lazy("新建的草稿（复制最新版本的环节）"),
        ),
        404: NOT_FOUND,
    },
    summary=gettext_lazy("新建草稿版本（复制已发布版本；已有草稿时返回该草稿）"),
)
class NewDraftView(APIView):
    def post(self, request, pk):
        template = selectors.get_template(request.user, pk, "change")
        version, created = services.version_draft_get_or_create(
            actor=request.user, template=template
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return version_response(request, version, code)


def _label(field) -> str:
    return str(field.label or field.field_name)


def _messages(errors) -> list[str]:
    if isinstance(errors, dict):
        return [m for value in errors.values() for m in _messages(value)]
    if isinstance(errors, list):
        return [m for value in errors for m in _messages(value)]
    return [str(errors)]


def _per_step(errors: dict) -> dict:
    """DRF's errors of ``steps`` in the services' shape: ``{"steps[2]": [messages]}``."""
    steps = errors.get("steps")
    if isinstance(steps, list):  # older DRF: one entry per step
        steps = dict(enumerate(steps))
    if not isinstance(steps, dict) or not all(isinstance(k, int) for k in steps):
        return errors
    fields = serializers.StepWriteSerializer().fields
    answer = {}
    for index, step_errors in sorted(steps.items()):
        if isinstance(step_errors, dict):
            answer[f"steps[{index + 1}]"] = [
                f"{_label(fields[name]) if name in fields else name}：{message}"
                for name, value in step_errors.items()
                for message in _messages(value)
            ]
        elif step_errors:  # the step itself is not an object (null, a number, a list)
            answer[f"steps[{index + 1}]"] = list(_messages(step_errors))
    return answer


@extend_schema(
    tags=[TAG],
    request=serializers.StepsReplaceSerializer,
    responses={200: serializers.TemplateVersionDetailSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    summary=gettext_lazy("整体替换草稿版本的环节（全部有效才保存，错误按环节给出）"),
)
class StepsReplaceView(APIView):
    def put(self, request, pk):
        version = selectors.get_template_version(request.user, pk, "change")
        body = serializers.StepsReplaceSerializer(data=request.data)
        if not body.is_valid():
            return Response(_per_step(body.errors), status=status.HTTP_400_BAD_REQUEST)
        steps = [dict(step) for step in body.validated_data["steps"]]
        for step in steps:
            if "documents" in step:
                step["documents"] = [dict(slot) for slot in step["documents"]]
        version = services.steps_replace(actor=request.user, version=version, steps=steps)
        return version_response(request, version)


@extend_schema(
    tags=[TAG],
    request=None,
    responses={
        200: serializers.TemplateVersionDetailSerializer,
        400: OpenApiResponse(
            serializers.PublishRefusedSerializer,
            description=gettext_lazy("不能发布：publish_errors 列出需要处理的问题"),
        ),
        404: NOT_FOUND,
    },
    summary=gettext_lazy("发布草稿版本（原已发布版本改为已替代）"),
)
class PublishView(APIView):
    def post(self, request, pk):
        version = selectors.get_template_version(request.user, pk, "change")
        try:
            version = services.version_publish(actor=request.user, version=version)
        except ValidationError as exc:
            return Response(
                {"detail": _("该版本不能发布"), "publish_errors": exc.messages},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return version_response(request, version)


@extend_schema(
    tags=[TAG],
    request=None,
    responses={200: serializers.ProcessTemplateSerializer, 404: NOT_FOUND},
    summary=gettext_lazy("职责事项的流程模板（首次由运行流程拆分为草稿）"),
)
class ItemTemplateView(APIView):
    def post(self, request, pk):
        item = get_object_or_404(
            visible_items(request.user).select_related("version__catalog__organization"), pk=pk
        )
        template = services.template_for_item(actor=request.user, item=item)
        return template_response(request, template)


# 办件 ----------------------------------------------------------------------


def _transition(actor, case: Case, data: dict) -> Case:
    """``services.step_transition``; a step that moved on is a ``Conflict`` that names the
    case's current stage and the step's status and revision (what a retry needs)."""
    slots = data["slots"] or [""] * len(data["files"])
    try:
        return services.step_transition(
            actor=actor,
            case=case,
            step_id=data["step"],
            action=data["action"],
            comment=data["comment"],
            files=list(zip(slots, data["files"], strict=True)),
            expected_revision=data.get("expected_revision"),
        )
    except services.StepConflict as conflict:
        stage = Case.objects.filter(pk=case.pk).values_list("stage", flat=True).first()
        step = (
            CaseStep.objects.filter(pk=data["step"], case_id=case.pk)
            .values("status", "revision")
            .first()
        )
        raise Conflict(
            conflict.message,
            current_stage=stage or "",
            step_status=step["status"] if step else "",
            step_revision=step["revision"] if step else 0,
        ) from conflict


@extend_schema(
    tags=[TAG],
    request={
        "application/json": serializers.TransitionSerializer,
        "multipart/form-data": serializers.TransitionSerializer,
    },
    responses={
        200: serializers.CaseDetailSerializer,
        400: BAD_REQUEST,
        403: FORBIDDEN,
        404: NOT_FOUND,
        409: CONFLICT,
    },
    summary=gettext_lazy("办理环节：完成、审核通过或退回（可同时上传材料）"),
)
class TransitionView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def post(self, request, pk):
        case = selectors.get_case(request.user, pk)
        data = validated(serializers.TransitionSerializer, request)
        return call_service(
            lambda: _transition(request.user, case, data),
            read=lambda fresh: case_data(request, fresh),
        )


@extend_schema(
    tags=[TAG],
    request={"multipart/form-data": serializers.AttachmentUploadSerializer},
    responses={
        201: serializers.AttachmentSerializer(many=True),
        400: BAD_REQUEST,
        403: FORBIDDEN,
        404: NOT_FOUND,
    },
    summary=gettext_lazy("为办理中的环节上传材料"),
)
class AttachmentView(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def post(self, request, pk):
        case = selectors.get_case(request.user, pk)
        data = validated(serializers.AttachmentUploadSerializer, request)
        step = CaseStep.objects.filter(case_id=case.pk, pk=data["step"]).first()
        if step is None:
            raise OutOfScope(_("环节不存在"))
        stored = services.attachments_add(
            actor=request.user, case=case, step=step, files=[(data["slot"], data["file"])]
        )
        return Response(
            serializers.AttachmentSerializer(stored, many=True).data,
            status=status.HTTP_201_CREATED,
        )


def _case_action_schema(summary, request):
    return extend_schema(
        tags=[TAG],
        request=request,
        responses={200: serializers.CaseDetailSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
        summary=summary,
    )


@_case_action_schema(gettext_lazy("撤销办件（填写理由）"), serializers.ReasonSerializer)
class CancelView(APIView):
    def post(self, request, pk):
        case = selectors.get_case(request.user, pk)
        data = validated(serializers.ReasonSerializer, request)
        case = services.case_cancel(actor=request.user, case=case, reason=data["reason"])
        return case_response(request, case)


@_case_action_schema(
    gettext_lazy("恢复办理已撤销或已办结的办件（填写理由）"), serializers.ReasonSerializer
)
class ReopenView(APIView):
    def post(self, request, pk):
        case = selectors.get_case(request.user, pk)
        data = validated(serializers.ReasonSerializer, request)
        case = services.case_reopen(actor=request.user, case=case, reason=data["reason"])
        return case_response(request, case)


@_case_action_schema(
    gettext_lazy("指派办件负责人（null 为取消指派）"), serializers.AssignSerializer
)
class AssignView(APIView):
    def post(self, request, pk):
        case = selectors.get_case(request.user, pk)
        data = validated(serializers.AssignSerializer, request)
        assignee = assignee_of(case.organization, data["assignee"])
        case = services.case_assign(actor=request.user, case=case, assignee=assignee)
        return case_response(request, case)


@extend_schema(
    tags=[TAG],
    request=serializers.YearPlanSerializer,
    responses={200: serializers.YearPlanResultSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    summary=gettext_lazy("生成年度计划：每年办理的事项各生成一件（不会重复生成）"),
)
class YearPlanView(APIView):
    def post(self, request):
        data = validated(serializers.YearPlanSerializer, request)
        organization = get_organization(request.user, data["organization"], "create")
        result = services.year_plan_generate(
            actor=request.user, organization=organization, year=data["year"]
        )
        ids = [case.pk for case in result["created"]]
        created = with_case_relations(selectors.visible_cases(request.user)).filter(pk__in=ids)
        body = serializers.YearPlanResultSerializer(
            {
                "created": list(created.order_by("item_number", "id")),
                "existing": result["existing"],
            },
            context={"request": request},
        )
        return Response(body.data)


PATHS = [
    path("processes/inbox/", InboxView.as_view(), name="processes-inbox"),
    path("processes/year-plan/", YearPlanView.as_view(), name="processes-year-plan"),
    path(
        "processes/items/<int:pk>/template/",
        ItemTemplateView.as_view(),
        name="processes-item-template",
    ),
    path(
        "processes/templates/<int:pk>/new-draft/",
        NewDraftView.as_view(),
        name="processes-template-new-draft",
    ),
    path(
        "processes/template-versions/<int:pk>/steps/",
        StepsReplaceView.as_view(),
        name="processes-template-version-steps",
    ),
    path(
        "processes/template-versions/<int:pk>/publish/",
        PublishView.as_view(),
        name="processes-template-version-publish",
    ),
    path(
        "processes/cases/<int:pk>/transitions/",
        TransitionView.as_view(),
        name="processes-case-transitions",
    ),
    path(
        "processes/cases/<int:pk>/attachments/",
        AttachmentView.as_view(),
        name="processes-case-attachments",
    ),
    path("processes/cases/<int:pk>/cancel/", CancelView.as_view(), name="processes-case-cancel"),
    path("processes/cases/<int:pk>/reopen/", ReopenView.as_view(), name="processes-case-reopen"),
    path("processes/cases/<int:pk>/assign/", AssignView.as_view(), name="processes-case-assign"),
    path(
        "processes/cases/<int:pk>/timeline/",
        TimelineView.as_view(),
        name="processes-case-timeline",
    ),
]
