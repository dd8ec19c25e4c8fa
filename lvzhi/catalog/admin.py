from django.contrib import admin

from .models import Catalog, CatalogVersion, DutyItem, ImportFinding, LegalDocument


@admin.register(Catalog)
class CatalogAdmin(admin.ModelAdmin):
    list_display = ("title", "organization")
    readonly_fields = ("organization",)

    def has_delete_permission(self, request, obj=None):
        return False  # a catalog and its versions are public records: never deleted


@admin.register(CatalogVersion)
class CatalogVersionAdmin(admin.ModelAdmin):
    list_display = ("catalog", "number", "status", "source_filename", "published_at")
    list_filter = ("status",)

    def has_change_permission(self, request, obj=None):
        return False  # writes go through lvzhi.catalog.services

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DutyItem)
class DutyItemAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "sheet_name", "version", "department")
    search_fields = ("name", "sheet_name")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportFinding)
class ImportFindingAdmin(admin.ModelAdmin):
    list_display = ("version", "item_number", "code", "severity", "decision")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LegalDocument)
class LegalDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "doc_number")
    search_fields = ("title", "doc_number")
