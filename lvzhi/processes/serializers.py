"""Shapes of the /api/v1/processes/ resources.

Read serializers only read what the views loaded (``select_related`` / ``prefetch_related``),
so a list costs the same number of queries for 3 rows as for 50. Write serializers only
check shapes; scope, rules and the Chinese messages of bad input come from
``lvzhi.processes.services``.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvzhi.core.periods import today_local

from . import rules
from .models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CaseStatus,
    CaseStep,
    ProcessTemplate,
    ProcessTemplateVersion,
    StepDefinition,
    StepKind,
    VersionStatus,
)


def _today(serializer):
    """One date per request (the view may put it in the context)."""
    today = serializer.context.get("today")
    if today is None:
        today = serializer.context["today"] = today_local()
    return today


class DocumentSlotSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, label=_("材料名称"))
    required = serializers.BooleanField(default=True, label=_("必需"))
    reference = serializers.BooleanField(
        default=False,
        label=_("依据"),
        help_text=_("依据（法规、上级文件等）：显示在环节上，无需上传"),
    )


# 模板 ----------------------------------------------------------------------


class StepDefinitionSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)
    documents = DocumentSlotSerializer(many=True, read_only=True)

    class Meta:
        model = StepDefinition
        fields = [
            "id",
            "order",
            "name",
            "kind",
            "actor_kind",
            "department",
            "department_name",
            "role_code",
            "levels_up",
            "duration_workdays",
            "notice_workdays",
            "documents",
        ]


class VersionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcessTemplateVersion
        fields = ["id", "number", "status", "published_at"]


class ProcessTemplateSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)
    versions = VersionBriefSerializer(many=True, read_only=True)
    published_version = serializers.SerializerMethodField()
    draft_version = serializers.SerializerMethodField()

    class Meta:
        model = ProcessTemplate
        fields = [
            "id",
            "organization",
            "organization_name",
            "name",
            "duty_item",
            "item_number",
            "department",
            "department_name",
            "recurring",
            "is_public",
            "is_active",
            "published_version",
            "draft_version",
            "versions",
        ]

    def _version(self, template, status):
        # ``versions`` is prefetched by the views: no query here.
        return next((v.pk for v in template.versions.all() if v.status == status), None)

    @extend_schema_field(OpenApiTypes.INT)
    def get_published_version(self, template) -> int | None:
        return self._version(template, VersionStatus.PUBLISHED)

    @extend_schema_field(OpenApiTypes.INT)
    def get_draft_version(self, template) -> int | None:
        return self._version(template, VersionStatus.DRAFT)


class TemplateCreateSerializer(serializers.Serializer):
    organization = serializers.IntegerField(label=_("组织编号"))
    name = serializers.CharField(max_length=300, allow_blank=True, label=_("流程名称"))
    department = serializers.IntegerField(required=False, allow_null=True, label=_("承办部门编号"))
    recurring = serializers.BooleanField(default=False, label=_("每年办理"))
    is_public = serializers.BooleanField(default=False, label=_("公开办理进度"))


class TemplateUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    department = serializers.IntegerField(required=False, allow_null=True, label=_("承办部门编号"))
    recurring = serializers.BooleanField(required=False, label=_("每年办理"))
    is_public = serializers.BooleanField(required=False, label=_("公开办理进度"))
    is_active = serializers.BooleanField(required=False, label=_("在用"))


class TemplateVersionSerializer(serializers.ModelSerializer):
    template_name = serializers.CharField(source="template.name", read_only=True)
    organization = serializers.IntegerField(source="template.organization_id", read_only=True)
    steps = StepDefinitionSerializer(many=True, read_only=True)

    class Meta:
        model = ProcessTemplateVersion
        fields = [
            "id",
            "template",
            "template_name",
            "organization",
            "number",
            "status",
            "method",
            "notes",
            "source_text",
            "published_at",
            "steps",
        ]


class TemplateVersionDetailSerializer(TemplateVersionSerializer):
    publish_errors = serializers.ListField(
        child=serializers.CharField(), read_only=True, label=_("发布前需要处理的问题")
    )

    class Meta(TemplateVersionSerializer.Meta):
        fields = [*TemplateVersionSerializer.Meta.fields, "publish_errors"]


class StepWriteSerializer(serializers.Serializer):
    """One step of a draft as the client sends it; absent fields take their defaults."""

    name = serializers.CharField(
        max_length=300, required=False, allow_blank=True, label=_("环节名称")
    )
    kind = serializers.ChoiceField(choices=StepKind.choices, required=False, label=_("环节类型"))
    actor_kind = serializers.ChoiceField(
        choices=StepDefinition._meta.get_field("actor_kind").choices,
        required=False,
        label=_("办理主体"),
    )
    department = serializers.IntegerField(required=False, allow_null=True, label=_("办理部门编号"))
    role_code = serializers.CharField(
        max_length=40, required=False, allow_blank=True, label=_("办理角色")
    )
    levels_up = serializers.IntegerField(required=False, label=_("上溯层级"))
    duration_workdays = serializers.IntegerField(required=False, label=_("办理时限（工作日）"))
    notice_workdays = serializers.IntegerField(required=False, label=_("公示期（工作日）"))
    documents = DocumentSlotSerializer(many=True, required=False, label=_("所需材料"))


class StepsReplaceSerializer(serializers.Serializer):
    steps = StepWriteSerializer(many=True, allow_empty=True, label=_("环节"))


class PublishRefusedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    publish_errors = serializers.ListField(child=serializers.CharField())


# 办件 ----------------------------------------------------------------------


class CaseSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)
    assignee_name = serializers.CharField(
        source="assignee.get_username", read_only=True, default=None
    )
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "title",
            "organization",
            "organization_name",
            "template",
            "item_number",
            "year",
            "plan_year",
            "department",
            "department_name",
            "assignee",
            "assignee_name",
            "status",
            "stage",
            "current_step",
            "current_due_on",
            "overdue",
            "is_public",
            "started_on",
            "finished_at",
            "result",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, case) -> bool:
        return (
            case.status == CaseStatus.OPEN
            and case.current_due_on is not None
            and case.current_due_on < _today(self)
        )


class AttachmentSerializer(serializers.ModelSerializer):
    uploaded_by_name = serializers.CharField(
        source="uploaded_by.get_username", read_only=True, default=None
    )

    class Meta:
        model = CaseAttachment
        fields = [
            "id",
            "step",
            "slot",
            "original_name",
            "size",
            "uploaded_by",
            "uploaded_by_name",
            "created_at",
        ]


class CaseStepSerializer(serializers.ModelSerializer):
    actor_organization_name = serializers.CharField(
        source="actor_organization.name", read_only=True
    )
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)
    completed_by_name = serializers.CharField(
        source="completed_by.get_username", read_only=True, default=None
    )
    documents = DocumentSlotSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    overdue = serializers.SerializerMethodField()
    routed_to_me = serializers.SerializerMethodField()

    class Meta:
        model = CaseStep
        fields = [
            "id",
            "order",
            "name",
            "kind",
            "actor_kind",
            "actor_organization",
            "actor_organization_name",
            "department",
            "department_name",
            "role_code",
            "documents",
            "duration_workdays",
            "notice_workdays",
            "status",
            "activated_on",
            "due_on",
            "overdue",
            "completed_at",
            "completed_by",
            "completed_by_name",
            "revision",
            "routed_to_me",
            "attachments",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, step) -> bool:
        return rules.is_overdue(step.status, step.due_on, _today(self))

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_routed_to_me(self, step) -> bool:
        return step.pk in self.context.get("routed_steps", ())


class CaseDetailSerializer(CaseSerializer):
    template_name = serializers.CharField(source="template.name", read_only=True)
    version_number = serializers.IntegerField(source="version.number", read_only=True)
    started_by_name = serializers.CharField(
        source="started_by.get_username", read_only=True, default=None
    )
    steps = CaseStepSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "template_name",
            "version",
            "version_number",
            "started_by",
            "started_by_name",
            "steps",
        ]


class CaseStartSerializer(serializers.Serializer):
    template = serializers.IntegerField(label=_("流程模板编号"))
    organization = serializers.IntegerField(label=_("办理组织编号"))
    title = serializers.CharField(max_length=300, allow_blank=True, label=_("办件名称"))
    year = serializers.IntegerField(required=False, allow_null=True, label=_("年度"))
    assignee = serializers.IntegerField(required=False, allow_null=True, label=_("负责人编号"))
    is_public = serializers.BooleanField(required=False, allow_null=True, label=_("公开办理进度"))


class TransitionSerializer(serializers.Serializer):
    step = serializers.IntegerField(label=_("环节编号"))
    action = serializers.ChoiceField(
        choices=[
            ("complete", _("完成")),
            ("approve", _("审核通过")),
            ("return", _("退回")),
        ],
        label=_("操作"),
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", label=_("意见"))
    expected_revision = serializers.IntegerField(
        required=False, allow_null=True, label=_("环节修订号（防止重复办理）")
    )
    files = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, label=_("材料文件")
    )
    slots = serializers.ListField(
        child=serializers.CharField(allow_blank=True, max_length=200),
        required=False,
        default=list,
        label=_("材料名称（与文件一一对应）"),
    )

    def validate(self, attrs):
        if attrs["slots"] and len(attrs["slots"]) != len(attrs["files"]):
            raise serializers.ValidationError({"slots": _("材料名称的个数应与文件个数相同")})
        return attrs


class StepConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current_stage = serializers.CharField()
    step_status = serializers.CharField()
    step_revision = serializers.IntegerField()


class AttachmentUploadSerializer(serializers.Serializer):
    step = serializers.IntegerField(label=_("环节编号"))
    slot = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", label=_("材料名称")
    )
    file = serializers.FileField(label=_("文件"))


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, label=_("理由"))


class AssignSerializer(serializers.Serializer):
    assignee = serializers.IntegerField(allow_null=True, label=_("负责人编号"))


class CaseEventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    step_name = serializers.CharField(source="step.name", read_only=True, default=None)

    class Meta:
        model = CaseEvent
        fields = [
            "id",
            "kind",
            "kind_label",
            "step",
            "step_name",
            "actor",
            "actor_name",
            "comment",
            "data",
            "created_at",
        ]


class InboxStepSerializer(serializers.ModelSerializer):
    case_title = serializers.CharField(source="case.title", read_only=True)
    item_number = serializers.CharField(source="case.item_number", read_only=True)
    case_organization = serializers.IntegerField(source="case.organization_id", read_only=True)
    case_organization_name = serializers.CharField(source="case.organization.name", read_only=True)
    actor_organization_name = serializers.CharField(
        source="actor_organization.name", read_only=True
    )
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)
    documents = DocumentSlotSerializer(many=True, read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = CaseStep
        fields = [
            "id",
            "case",
            "case_title",
            "item_number",
            "case_organization",
            "case_organization_name",
            "order",
            "name",
            "kind",
            "actor_kind",
            "actor_organization",
            "actor_organization_name",
            "department",
            "department_name",
            "role_code",
            "documents",
            "activated_on",
            "due_on",
            "overdue",
            "revision",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, step) -> bool:
        return rules.is_overdue(step.status, step.due_on, _today(self))


class YearPlanSerializer(serializers.Serializer):
    organization = serializers.IntegerField(label=_("组织编号"))
    year = serializers.IntegerField(label=_("年度"))


class YearPlanResultSerializer(serializers.Serializer):
    created = CaseSerializer(many=True)
    existing = serializers.IntegerField(label=_("此前已生成的办件数"))
