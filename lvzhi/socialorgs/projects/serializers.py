"""Shapes of /api/v1/socialorgs/projects/. Serializers only check shapes; writes go through
``projects.services``. Verdicts carry their rule id and source clause; documents are
named by the scope-checking download URL, never by their stored path."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lvzhi.core.serializers import ScopedRowField
from lvzhi.orgs.serializers import ScopedOrganizationField, VerdictSerializer

from ..models import SocialOrganization
from .models import OrganizationAccount, ProjectApplication, ProjectBatch, ProjectDocument

AMOUNT = {"max_digits": 12, "decimal_places": 2, "coerce_to_string": True}


class ScopedSocialOrganizationField(ScopedRowField):
    model = SocialOrganization
    related = ("federation",)
    not_found = _("社会组织不存在或不在您的管理范围内")


class ProjectScopedBatchField(ScopedRowField):
    model = ProjectBatch
    related = ("federation",)
    not_found = _("项目批次不存在或不在您的管理范围内")


class ProjectBatchSerializer(serializers.ModelSerializer):
    federation = ScopedOrganizationField(help_text=_("发布妇联（创建后不能修改）"))
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    budget = serializers.DecimalField(**AMOUNT, help_text=_("项目预算（元）"))
    publish = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text=_("创建时立即发布")
    )

    class Meta:
        model = ProjectBatch
        fields = [
            "id",
            "federation",
            "federation_name",
            "title",
            "content",
            "budget",
            "eligibility",
            "deadline",
            "year",
            "published",
            "published_on",
            "publish",
        ]
        read_only_fields = ["year", "published", "published_on"]


class ProjectBatchUpdateSerializer(serializers.ModelSerializer):
    budget = serializers.DecimalField(**AMOUNT, required=False)

    class Meta:
        model = ProjectBatch
        fields = ["title", "content", "budget", "eligibility", "deadline"]
        extra_kwargs = {name: {"required": False} for name in fields}


class ProjectPublicFundedSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    funded_amount = serializers.DecimalField(**AMOUNT, read_only=True)

    class Meta:
        model = ProjectApplication
        fields = ["organization_name", "title", "funded_amount", "status"]


class ProjectPublicBatchSerializer(serializers.ModelSerializer):
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    budget = serializers.DecimalField(**AMOUNT, read_only=True)

    class Meta:
        model = ProjectBatch
        fields = [
            "id",
            "federation_name",
            "title",
            "content",
            "budget",
            "eligibility",
            "deadline",
            "published_on",
        ]


class ProjectPublicBatchDetailSerializer(ProjectPublicBatchSerializer):
    funded = ProjectPublicFundedSerializer(
        many=True, read_only=True, source="funded_projects", help_text=_("立项项目")
    )

    class Meta(ProjectPublicBatchSerializer.Meta):
        fields = [*ProjectPublicBatchSerializer.Meta.fields, "funded"]


class ProjectDocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("经权限检查的下载地址"))

    class Meta:
        model = ProjectDocument
        fields = ["id", "kind", "original_name", "size", "url"]

    def get_url(self, obj) -> str:
        return reverse("socialorg_projects:document", args=[obj.pk])


class ProjectApplicationVerdictSerializer(VerdictSerializer):
    step = serializers.CharField()
    at = serializers.CharField()


class ProjectApplicationSerializer(serializers.ModelSerializer):
    batch_title = serializers.CharField(source="batch.title", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    budget = serializers.DecimalField(**AMOUNT, read_only=True)
    funded_amount = serializers.DecimalField(**AMOUNT, read_only=True, allow_null=True)
    documents = ProjectDocumentSerializer(many=True, read_only=True)
    verdicts = ProjectApplicationVerdictSerializer(
        many=True, read_only=True, help_text=_("每次判定：规则编号、依据条款、结论、说明")
    )

    class Meta:
        model = ProjectApplication
        fields = [
            "id",
            "batch",
            "batch_title",
            "organization",
            "organization_name",
            "title",
            "summary",
            "budget",
            "status",
            "funded_amount",
            "decision_note",
            "return_reason",
            "case",
            "submitted_at",
            "decided_on",
            "contract_on",
            "midterm_report",
            "midterm_on",
            "final_report",
            "final_on",
            "completed_on",
            "ledger_entry",
            "documents",
            "verdicts",
        ]
        read_only_fields = fields


class ProjectApplySerializer(serializers.Serializer):
    batch = serializers.IntegerField(min_value=1, help_text=_("可申报的项目批次编号"))
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    budget = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text=_("申请资金（元）")
    )
    plan = serializers.FileField(help_text=_("项目方案（PDF、Word 或 Excel）"))
    budget_file = serializers.FileField(
        required=False, allow_null=True, default=None, help_text=_("预算表（可选）")
    )


class ProjectReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text=_("通过，或不予立项（须说明理由）"))
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ProjectDecideSerializer(ProjectReviewSerializer):
    funded_amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("立项资金（元），立项时必填"),
    )


class ProjectReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=500, help_text=_("退回修改的理由（必填，社会组织可见）")
    )


class ProjectResubmitSerializer(serializers.Serializer):
    budget = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text=_("申请资金（元）")
    )
    summary = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    plan = serializers.FileField(
        required=False, allow_null=True, default=None, help_text=_("修改后的项目方案（可选）")
    )
    budget_file = serializers.FileField(
        required=False, allow_null=True, default=None, help_text=_("修改后的预算表（可选）")
    )


class ProjectContractSerializer(serializers.Serializer):
    signed_on = serializers.DateField()
    contract = serializers.FileField(required=False, allow_null=True, default=None)


class ProjectReportSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=8000)
    attachment = serializers.FileField(required=False, allow_null=True, default=None)


class ProjectNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ProjectAccountSerializer(serializers.ModelSerializer):
    organization = ScopedSocialOrganizationField(help_text=_("社会组织编号"))
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    username = serializers.CharField(source="user.username", max_length=150)
    display_name = serializers.CharField(
        source="user.first_name", max_length=150, required=False, allow_blank=True, default=""
    )
    password = serializers.CharField(write_only=True, help_text=_("初始密码"))

    class Meta:
        model = OrganizationAccount
        fields = ["id", "organization", "organization_name", "username", "display_name", "password"]


class ProjectOpenBatchSerializer(ProjectPublicBatchSerializer):
    eligible = serializers.BooleanField(read_only=True)
    eligibility_verdict = VerdictSerializer(read_only=True)

    class Meta(ProjectPublicBatchSerializer.Meta):
        fields = [*ProjectPublicBatchSerializer.Meta.fields, "eligible", "eligibility_verdict"]
