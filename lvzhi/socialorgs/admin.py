"""The Django admin of social organizations and their projects.

The organization itself saves through the services (checked and audited). Every other
model is read-only here, even for a superuser: its writes go through the services, which
check the rules and audit (issue 9), and the admin only finds and shows rows. Each list
starts from ``restrict(user, "view")``. Personal data is never shown in clear: phones are
masked, files are left out (they are served only through the scope-checking views) and
one-time tokens are not shown."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lvzhi.core.pii import mask_phone

from . import services
from .models import Adviser, KeyMember, LedgerEntry, SocialOrganization, YearlyDuty
from .projects.models import (
    OrganizationAccount,
    ProjectApplication,
    ProjectBatch,
    ProjectDocument,
)


class ReadOnlyScopedAdmin(admin.ModelAdmin):
    """Shows the rows of ``restrict(user, "view")``; adds, changes and deletes nothing."""

    list_select_related: tuple = ()

    def get_queryset(self, request):
        queryset = self.model.objects.restrict(request.user, "view")
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return queryset

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


@admin.register(KeyMember)
class KeyMemberAdmin(ReadOnlyScopedAdmin):
    list_display = ("name", "role", "organization", "phone_masked")
    list_select_related = ("organization",)
    search_fields = ("name", "organization__name")
    fields = ("organization", "name", "role", "phone_masked")
    readonly_fields = fields

    @admin.display(description=_("联系电话"))
    def phone_masked(self, obj):
        return mask_phone(obj.phone) or "—"


@admin.register(Adviser)
class AdviserAdmin(ReadOnlyScopedAdmin):
    list_display = ("name", "kind", "expertise", "federation", "term_start", "term_end")
    list_select_related = ("federation",)
    list_filter = ("kind",)
    search_fields = ("name", "expertise", "affiliation")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyScopedAdmin):
    list_display = ("date", "kind", "title", "organization")
    list_select_related = ("organization",)
    list_filter = ("kind",)
    search_fields = ("title", "organization__name")
    date_hierarchy = "date"


@admin.register(YearlyDuty)
class YearlyDutyAdmin(ReadOnlyScopedAdmin):
    list_display = ("year", "kind", "title", "date", "participants", "federation")
    list_select_related = ("federation",)
    list_filter = ("year", "kind")
    search_fields = ("title", "federation__name")
    exclude = ("document",)  # served by the scope-checking view only


@admin.register(OrganizationAccount)
class OrganizationAccountAdmin(ReadOnlyScopedAdmin):
    list_display = ("user", "organization", "created_by")
    list_select_related = ("user", "organization", "created_by")
    search_fields = ("user__username", "organization__name")


@admin.register(ProjectBatch)
class ProjectBatchAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "federation", "year", "budget", "deadline", "published")
    list_select_related = ("federation",)
    list_filter = ("year", "published")
    search_fields = ("title", "federation__name")


@admin.register(ProjectApplication)
class ProjectApplicationAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "organization", "batch", "status", "budget", "funded_amount")
    list_select_related = ("organization", "batch")
    list_filter = ("status", "batch__year")
    search_fields = ("title", "organization__name", "batch__title")
    exclude = ("verdicts",)


@admin.register(ProjectDocument)
class ProjectDocumentAdmin(ReadOnlyScopedAdmin):
    list_display = ("original_name", "kind", "application", "size")
    list_select_related = ("application__organization",)
    list_filter = ("kind",)
    search_fields = ("original_name", "application__title")
    exclude = ("file",)  # served by the scope-checking view only
