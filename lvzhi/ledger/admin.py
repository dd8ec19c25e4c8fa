"""Only the categories are in the admin: they are data the 系统管理员 keeps. Entries,
grids, transfers and visits hold personal information and are kept through the ledger's
own pages, never the admin."""

from django.contrib import admin

from lvzhi.core.duties.selectors import holds_duty

from .models import Category
from .services import category_save


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "group", "sensitive", "sort_order", "is_active")
    list_filter = ("group", "sensitive", "is_active")

    def _holds(self, request):
        return holds_duty(request.user, "manage_system")

    def has_module_permission(self, request):
        return self._holds(request)

    def has_view_permission(self, request, obj=None):
        return self._holds(request)

    def has_add_permission(self, request):
        return self._holds(request)

    def has_change_permission(self, request, obj=None):
        return self._holds(request)

    def has_delete_permission(self, request, obj=None):
        return False  # a category in use stays; deactivate it instead

    def save_model(self, request, obj, form, change):
        category_save(actor=request.user, category=obj)
