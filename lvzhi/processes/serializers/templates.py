"""Shapes of process templates, their versions and steps (read and write)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    ProcessTemplate,
    ProcessTemplateVersion,
    StepDefinition,
    StepKind,
    VersionStatus,
)


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
