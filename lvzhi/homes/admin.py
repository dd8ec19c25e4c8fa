from django.contrib import admin

from . import services
from .models import Home


@admin.register(Home)
class HomeAdmin(admin.ModelAdmin):
    """Saved through the service, so an admin change is checked and audited like any other.
    Designation is the district's act (``services.home_designate``), read-only here."""

    list_display = ("name", "organization", "status", "designation")
    list_filter = ("status", "designation", "location")
    search_fields = ("name", "address")
    raw_id_fields = ("organization", "administrator")
    readonly_fields = ("designation", "designated_on")

    def get_queryset(self, request):
        return Home.objects.restrict(request.user, "view")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in services.HOME_FIELDS
            if name in form.cleaned_data
        }
        if change:
            saved = services.home_update(actor=request.user, home=obj, **fields)
        else:
            saved = services.home_create(
                actor=request.user, organization=form.cleaned_data["organization"], **fields
            )
        obj.pk = saved.pk
