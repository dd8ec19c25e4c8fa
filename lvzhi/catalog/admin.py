"""The Django admin of catalog: read-only. Catalogs, versions, items, import findings and
legal documents change only through lvzhi.catalog.services, which check scope and write
the audit trail (issue 9: no change in the admin escapes the audit log); a catalog and
its versions are public records and are never deleted."""

from django.contrib import admin

from .models import Catalog, CatalogVersion, DutyItem, ImportFinding, LegalDocument


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and shows; adds, changes and deletes nothing (writes go through services)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Catalog)
class CatalogAdmin(ReadOnlyAdmin):
    list_display = ("title", "organization")


@admin.register(CatalogVersion)
class CatalogVersionAdmin(ReadOnlyAdmin):
    list_display = ("catalog", "number", "status", "source_filename", "published_at")
    list_filter = ("status",)


@admin.register(DutyItem)
class DutyItemAdmin(ReadOnlyAdmin):
    list_display = ("number", "name", "sheet_name", "version", "department")
    search_fields = ("name", "sheet_name")


@admin.register(ImportFinding)
class ImportFindingAdmin(ReadOnlyAdmin):
    list_display = ("version", "item_number", "code", "severity", "decision")


@admin.register(LegalDocument)
class LegalDocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "doc_number")
    search_fields = ("title", "doc_number")
