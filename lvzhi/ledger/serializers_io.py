"""Shapes of the ledger API's Excel import (preview, confirm) and of the per-person report
(个人信息报告). The report is the one answer carrying her ID number and phone in full: it
is her own data, given for her access request to who may reveal it, and logged."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import Consent, Entry, EntryCategory, Need, ReadLog, Transfer, Visit

# Excel import -------------------------------------------------------------------------


class LedgerImportUploadSerializer(serializers.Serializer):
    organization = serializers.IntegerField(help_text=_("社区（村）妇联的组织编号"))
    file = serializers.FileField(help_text=_("妇女信息台账（.xlsx，按导入模板填写）"))


class LedgerImportConfirmSerializer(LedgerImportUploadSerializer):
    digest = serializers.RegexField(
        r"^[0-9a-f]{64}$",
        help_text=_("预览时返回的文件摘要：确认的必须是预览过的同一文件"),
    )


class LedgerImportRowErrorSerializer(serializers.Serializer):
    column = serializers.CharField(help_text=_("列名，如“身份证号”"))
    message = serializers.CharField()


class LedgerImportRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=_("Excel 行号"))
    name = serializers.CharField()
    grid = serializers.CharField(help_text=_("网格名称（未填为空）"))
    categories = serializers.ListField(child=serializers.CharField())
    errors = LedgerImportRowErrorSerializer(many=True)


class LedgerImportPreviewSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    ok = serializers.BooleanField(help_text=_("全部行无误，可以确认导入"))
    digest = serializers.CharField(help_text=_("文件摘要，确认导入时原样提交"))
    rows = serializers.IntegerField(help_text=_("数据行数"))
    error_rows = serializers.IntegerField(help_text=_("有错误的行数"))
    preview = LedgerImportRowSerializer(
        many=True, help_text=_("每一行及其错误（身份证号、电话不回显）")
    )


class LedgerImportResultSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    created = serializers.IntegerField(help_text=_("登记人数"))
    entries = serializers.ListField(child=serializers.IntegerField(), help_text=_("新台账人员编号"))


# 个人信息报告 ------------------------------------------------------------------------


class LedgerReportRequestSerializer(serializers.Serializer):
    purpose = serializers.CharField(
        max_length=200,
        help_text=_("申请说明，如：本人申请查阅、复制其个人信息（个人信息保护法第四十五条）"),
    )


class LedgerReportEntrySerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    grid_name = serializers.CharField(source="grid.name", read_only=True, default="")
    id_number = serializers.CharField(read_only=True, help_text=_("完整身份证号（本人数据）"))
    phone = serializers.CharField(read_only=True, help_text=_("完整联系电话（本人数据）"))
    closed_reason = serializers.CharField(read_only=True)

    class Meta:
        model = Entry
        fields = [
            "id",
            "organization",
            "organization_name",
            "grid_name",
            "name",
            "gender",
            "birth_year",
            "id_number",
            "phone",
            "address",
            "household",
            "note",
            "closed_reason",
            "closed_on",
            "anonymised_at",
        ]
        read_only_fields = fields


class LedgerReportCategorySerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="category.code", read_only=True)
    name = serializers.CharField(source="category.name", read_only=True)

    class Meta:
        model = EntryCategory
        fields = ["code", "name", "start_date", "end_date"]
        read_only_fields = fields


class LedgerReportVisitSerializer(serializers.ModelSerializer):
    visitor_name = serializers.CharField(source="visitor.name", read_only=True)

    class Meta:
        model = Visit
        fields = ["date", "visitor_name", "findings", "needs", "follow_up"]
        read_only_fields = fields


class LedgerReportNeedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Need
        fields = ["recorded_on", "kind", "description", "referred_as", "referred_on"]
        read_only_fields = fields


class LedgerReportTransferSerializer(serializers.ModelSerializer):
    from_name = serializers.CharField(source="from_organization.name", read_only=True)
    to_name = serializers.CharField(source="to_organization.name", read_only=True)

    class Meta:
        model = Transfer
        fields = ["created_at", "from_name", "to_name", "status", "reason", "decided_at"]
        read_only_fields = fields


class LedgerReportConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consent
        fields = [
            "basis",
            "scope",
            "duty",
            "sensitive",
            "given_on",
            "given_by",
            "withdrawn_on",
            "withdrawal_note",
        ]
        read_only_fields = fields


class LedgerReportReadSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReadLog
        fields = ["at", "reader_name", "kind", "purpose", "via_api"]
        read_only_fields = fields


class LedgerReportChangeSerializer(serializers.Serializer):
    at = serializers.DateTimeField(source="created_at")
    actor_name = serializers.CharField()
    action = serializers.CharField()


class LedgerPersonReportSerializer(serializers.Serializer):
    purpose = serializers.CharField()
    entry = LedgerReportEntrySerializer()
    categories = LedgerReportCategorySerializer(source="category_records", many=True)
    visits = LedgerReportVisitSerializer(many=True)
    needs = LedgerReportNeedSerializer(many=True)
    transfers = LedgerReportTransferSerializer(many=True)
    consents = LedgerReportConsentSerializer(many=True)
    reads = LedgerReportReadSerializer(many=True, help_text=_("谁在何时查阅（含本次报告）"))
    changes = LedgerReportChangeSerializer(many=True)
