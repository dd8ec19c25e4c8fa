from django.contrib import admin

from . import services
from .models import SixinOrganization


@admin.register(SixinOrganization)
class SixinOrganizationAdmin(admin.ModelAdmin):
    """Saved through the service, so an admin change is checked and audited like any other."""

    list_display = ("name", "category", "organization", "fixed_female_staff", "expected_form")
    list_filter = ("category", "expected_form")
    search_fields = ("name", "uscc")
    raw_id_fields = ("organization", "region", "party_organization", "covered_by")
    readonly_fields = ("expected_form",)

    def get_queryset(self, request):
        return SixinOrganization.objects.restrict(request.user, "view")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in services.SIXIN_FIELDS
            if name in form.cleaned_data
        }
        if change:
            saved = services.sixin_update(actor=request.user, sixin=obj, **fields)
        else:
            saved = services.sixin_create(
                actor=request.user, organization=form.cleaned_data["organization"], **fields
            )
        obj.pk = saved.pk
