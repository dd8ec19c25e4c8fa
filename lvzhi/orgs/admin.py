from django.contrib import admin

from .models import Region

# Organizations, people, positions and terms are edited through the platform's own pages,
# whose services check scope and write the audit trail; the admin only holds reference data.


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level")
    search_fields = ("code", "name")
