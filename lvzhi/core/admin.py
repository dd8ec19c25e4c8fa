"""The Django admin of core. Role assignments, roles, working-day overrides and user
accounts save and delete through the services of lvzhi.core.duties, so an admin change is
checked (三员分立) and audited like any other; each page opens only to the administrator
whose duty it is. Audit events are read-only; accounts are deactivated, never deleted."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from lvzhi.core.duties.selectors import holds_duty
from lvzhi.core.duties.services.assignments import (
    role_assignment_create,
    role_assignment_delete,
    role_assignment_update,
    role_save,
    validate_role_assignment,
)
from lvzhi.core.duties.services.users import (
    FIELDS as USER_FIELDS,
)
from lvzhi.core.duties.services.users import (
    password_set_audit,
    user_account_create,
    user_account_update,
    validate_user_change,
)
from lvzhi.core.duties.services.workdays import (
    workday_override_create,
    workday_override_delete,
    workday_override_update,
)
from lvzhi.core.forms import errors_to_form

from .models import AuditEvent, Role, RoleAssignment, WorkdayOverride


class DutyAdmin(admin.ModelAdmin):
    """Opens to holders of ``duty`` (an action of lvzhi.core.duties.rules.DUTY_ACTIONS)
    instead of Django's model permissions."""

    duty = ""

    def _holds(self, request):
        return holds_duty(request.user, self.duty)

    def has_module_permission(self, request):
        return self._holds(request)

    def has_view_permission(self, request, obj=None):
        return self._holds(request)

    def has_add_permission(self, request):
        return self._holds(request)

    def has_change_permission(self, request, obj=None):
        return self._holds(request)

    def has_delete_permission(self, request, obj=None):
        return self._holds(request)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        return form


def _checked(form, check):
    """Run a service's validation in a form's clean(): its refusal shows on the form."""
    try:
        return check()
    except ValidationError as exc:
        errors_to_form(form, exc)
        return ""


class RoleForm(forms.ModelForm):
    class Meta:
        model = Role
        fields = ("code", "name", "description", "actions", "is_global")


@admin.register(Role)
class RoleAdmin(DutyAdmin):
    duty = "manage_roles"
    form = RoleForm
    list_display = ("code", "name", "is_global")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False  # assignments hold roles (PROTECT); change the actions instead

    def save_model(self, request, obj, form, change):
        try:
            saved = role_save(
                actor=request.user,
                role=Role(pk=obj.pk) if change else None,
                code=obj.code,
                name=obj.name,
                description=obj.description,
                actions=obj.actions,
                is_global=obj.is_global,
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return
        obj.pk = saved.pk


class RoleAssignmentForm(forms.ModelForm):
    actor = None

    class Meta:
        model = RoleAssignment
        fields = ("user", "role", "organization", "include_descendants", "department")

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            probe = RoleAssignment(
                pk=self.instance.pk, **{k: cleaned.get(k) for k in self._meta.fields}
            )
            self.separation_warning = _checked(
                self, lambda: validate_role_assignment(actor=self.actor, assignment=probe)
            )
        return cleaned


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(DutyAdmin):
    duty = "manage_roles"
    form = RoleAssignmentForm
    list_display = ("user", "role", "organization", "include_descendants", "department")
    list_select_related = ("user", "role", "organization", "department")
    raw_id_fields = ("user", "organization", "department")

    def save_model(self, request, obj, form, change):
        fields = dict(
            role=obj.role,
            organization=obj.organization,
            include_descendants=obj.include_descendants,
            department=obj.department,
        )
        if change:
            saved = role_assignment_update(actor=request.user, assignment=obj, **fields)
        else:
            saved = role_assignment_create(actor=request.user, user=obj.user, **fields)
            obj.pk = saved.pk
        if saved.separation_warning:
            messages.warning(request, saved.separation_warning)

    def delete_model(self, request, obj):
        role_assignment_delete(actor=request.user, assignment=obj)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            role_assignment_delete(actor=request.user, assignment=assignment)


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(DutyAdmin):
    duty = "manage_system"
    list_display = ("date", "is_workday", "note")

    def save_model(self, request, obj, form, change):
        fields = dict(date=obj.date, is_workday=obj.is_workday, note=obj.note)
        if change:
            workday_override_update(actor=request.user, override=obj, **fields)
        else:
            obj.pk = workday_override_create(actor=request.user, **fields).pk

    def delete_model(self, request, obj):
        workday_override_delete(actor=request.user, override=obj)

    def delete_queryset(self, request, queryset):
        for override in queryset:
            workday_override_delete(actor=request.user, override=override)


@admin.register(AuditEvent)
class AuditEventAdmin(DutyAdmin):
    """Read-only: the audit trail is written by services, never edited or deleted."""

    duty = "view_audit"
    list_display = ("created_at", "actor_name", "action", "object_type", "object_repr", "seq")
    list_filter = ("action", "object_type")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


User = get_user_model()
USER_CHANGES = (*USER_FIELDS, "groups", "user_permissions")


def _user_form(base):
    class Form(base):
        actor = None

        def clean(self):
            cleaned = super().clean()
            if not self.errors:
                if self.instance.pk:
                    changes = {n: cleaned[n] for n in self.changed_data if n in USER_CHANGES}
                    user = User.objects.get(pk=self.instance.pk)
                else:
                    changes = {"username": cleaned.get("username")}
                    user = User(username=cleaned.get("username"))
                self.separation_warning = _checked(
                    self,
                    lambda: validate_user_change(actor=self.actor, user=user, changes=changes),
                )
            return cleaned

    return Form


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts: the system administrator's duty; saved by the account services."""

    form = _user_form(DjangoUserAdmin.form)
    add_form = _user_form(DjangoUserAdmin.add_form)
    readonly_fields = ("last_login", "date_joined")

    def _holds(self, request):
        return holds_duty(request.user, "manage_accounts")

    has_module_permission = DutyAdmin.has_module_permission
    has_view_permission = DutyAdmin.has_view_permission
    has_add_permission = DutyAdmin.has_add_permission
    has_change_permission = DutyAdmin.has_change_permission

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: the audit trail keeps who acted

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request, obj, form, change):
        if change:
            changes = {n: form.cleaned_data[n] for n in form.changed_data if n in USER_CHANGES}
            user_account_update(actor=request.user, user=obj, **changes)
            warning = getattr(form, "separation_warning", "")
            if warning:
                messages.warning(request, warning)
            return
        usable = str(form.cleaned_data.get("usable_password", "true")) != "false"
        user = user_account_create(
            actor=request.user,
            username=form.cleaned_data["username"],
            password=form.cleaned_data.get("password1") if usable else None,
        )
        obj.pk, obj.password = user.pk, user.password
        obj._state.adding = False

    def user_change_password(self, request, id, form_url=""):
        """The admin's password form, with the change audited in the same transaction."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User.objects.get(pk=id)
                password_set_audit(actor=request.user, user=user, usable=user.has_usable_password())
        return response

    def save_related(self, request, form, formsets, change):
        """Groups and permissions were saved (and audited) by the service."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


# Permission groups: no service writes them, so a change here would escape the audit log.
# The platform's rights are roles (角色分配); groups are shown to the system administrator,
# read-only (an account's groups change through the audited account services).
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    def _holds(self, request):
        return holds_duty(request.user, "manage_accounts")

    has_module_permission = DutyAdmin.has_module_permission
    has_view_permission = DutyAdmin.has_view_permission

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Authenticators change only through lvzhi.core.twofactor (audited; a lost phone: `lvzhi
# otp_remove USERNAME`), so django-otp's own admin page for them is not offered.
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
