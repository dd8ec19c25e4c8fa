"""Public complaints in the Django admin: read-only, each list from
``restrict(user, "view")``. The complainant's name and contact (encrypted on the
supervision message) are never shown; cadres answer in the message inbox."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lvzhi.socialorgs.admin import ReadOnlyScopedAdmin

from .models import Complaint


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyScopedAdmin):
    list_display = ("organization", "received_on", "status", "due_on")
    list_select_related = ("organization", "message")
    list_filter = ("message__status",)
    search_fields = ("organization__name",)
    fields = ("organization", "entry", "received_on", "status", "due_on")
    readonly_fields = fields

    @admin.display(description=_("收到日期"), ordering="message__received_on")
    def received_on(self, obj):
        return obj.message.received_on

    @admin.display(description=_("状态"), ordering="message__status")
    def status(self, obj):
        return obj.message.get_status_display()

    @admin.display(description=_("答复期限"), ordering="message__due_on")
    def due_on(self, obj):
        return obj.message.due_on
