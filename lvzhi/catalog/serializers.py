"""Shapes of the /api/v1/catalog/ resources (read-only)."""

from rest_framework import serializers

from .models import Catalog, CatalogVersion, Duty, DutyItem, LegalCitation, LegalDocument
from .rules import ITEM_FIELDS


class CatalogSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Catalog
        fields = ["id", "organization", "organization_name", "title", "created_at"]


class CatalogVersionSerializer(serializers.ModelSerializer):
    organization = serializers.IntegerField(source="catalog.organization_id", read_only=True)

    class Meta:
        model = CatalogVersion
        fields = [
            "id",
            "catalog",
            "organization",
            "number",
            "status",
            "layout",
            "source_filename",
            "source_sha256",
            "based_on",
            "created_at",
            "published_at",
        ]


class DutySerializer(serializers.ModelSerializer):
    class Meta:
        model = Duty
        fields = ["id", "number", "text", "order"]


class CitationSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="document.title", read_only=True)
    doc_number = serializers.CharField(source="document.doc_number", read_only=True)

    class Meta:
        model = LegalCitation
        fields = ["document", "title", "doc_number", "articles", "raw"]


class DutyItemSerializer(serializers.ModelSerializer):
    duty_number = serializers.CharField(source="duty.number", read_only=True)
    duty_text = serializers.CharField(source="duty.text", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)

    class Meta:
        model = DutyItem
        fields = [
            "id",
            "version",
            "duty",
            "duty_number",
            "duty_text",
            "number",
            "name",
            "sheet_title",
            "sheet_name",
            *ITEM_FIELDS,
            "department",
            "department_name",
            "supervision_address",
            "supervision_phones",
            "supervision_emails",
        ]


class DutyItemDetailSerializer(DutyItemSerializer):
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(DutyItemSerializer.Meta):
        fields = [*DutyItemSerializer.Meta.fields, "citations"]


class CitingItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.id")
    number = serializers.CharField(source="item.number")
    name = serializers.CharField(source="item.name")
    organization = serializers.IntegerField(source="item.version.catalog.organization_id")
    articles = serializers.ListField(child=serializers.CharField())


class LegalDocumentSerializer(serializers.ModelSerializer):
    items = CitingItemSerializer(source="published_citations", many=True, read_only=True)

    class Meta:
        model = LegalDocument
        fields = ["id", "title", "doc_number", "items"]
