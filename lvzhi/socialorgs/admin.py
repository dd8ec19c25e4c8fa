from django.contrib import admin

from . import services
from .models import SocialOrganization


@admin.register(SocialOrganization)
class SocialOrganizationAdmin(admin.ModelAdmin):
    """Saved through the service, so an admin change is checked and audited like any other.
    The filing (tier, federation) changes through ``services.organization_refile`` only."""

    list_display = ("name", "federation", "filed_tier", "status", "has_party_organization")
    list_filter = ("status", "filed_tier", "kind", "has_party_organization")
    search_fields = ("name", "credit_code")
    raw_id_fields = ("federation",)
    exclude = ("contact_phone",)  # encrypted: edited on the platform's pages, shown masked

    def get_readonly_fields(self, request, obj=None):
        return ("federation", "filed_tier", "tier_reason", "filed_on") if obj else ()

    def get_queryset(self, request):
        return SocialOrganization.objects.restrict(request.user, "view")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in services.PROFILE_FIELDS
            if name in form.cleaned_data
        }
        if change:
            saved = services.organization_update(actor=request.user, organization=obj, **fields)
        else:
            saved = services.organization_file(
                actor=request.user,
                federation=form.cleaned_data["federation"],
                filed_tier=form.cleaned_data.get("filed_tier") or None,
                tier_reason=form.cleaned_data.get("tier_reason", ""),
                filed_on=form.cleaned_data.get("filed_on"),
                **fields,
            )
        obj.pk = saved.pk
