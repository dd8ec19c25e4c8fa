"""Shapes of cases (办件): the case, its steps and attachments, the timeline, the inbox,
the actions on a case and the year plan."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvzhi.core.periods import today_local

from .. import rules
from ..models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CaseStatus,
    CaseStep,
)
from .templates import DocumentSlotSerializer


def today_of(serializer):
    """One date per request (the view may put it in the context)."""
    today = serializer.context.get("today")
    if today is None:
        today = serializer.context["today"] = today_local()
    return today


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
            and case.current_due_on < today_of(self)
        )


# A case step as both the case page and the inbox show it: its place, kind and who acts.
CASE_STEP_FIELDS = [
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
]


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
            *CASE_STEP_FIELDS,
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
        return rules.is_overdue(step.status, step.due_on, today_of(self))

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
            *CASE_STEP_FIELDS,
            "activated_on",
            "due_on",
            "overdue",
            "revision",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, step) -> bool:
        return rules.is_overdue(step.status, step.due_on, today_of(self))


class YearPlanSerializer(serializers.Serializer):
    organization = serializers.IntegerField(label=_("组织编号"))
    year = serializers.IntegerField(label=_("年度"))


class YearPlanResultSerializer(serializers.Serializer):
    created = CaseSerializer(many=True)
    existing = serializers.IntegerField(label=_("此前已生成的办件数"))
