from django.contrib import admin

from .models import Region

# Organizations, people, positions and terms are edited through the platform's own pages,
# whose services check scope and write the audit trail. The admin only shows reference
# data, read-only: a change here would write no audit event (issue 9).


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level")
    search_fields = ("code", "name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
