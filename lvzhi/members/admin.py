from django import forms
from django.contrib import admin

from lvzhi.core.duties.selectors import holds_duty
from lvzhi.core.rulesets import available_rulesets
from lvzhi.members.common.rulesets import ruleset_choose
from lvzhi.members.models import RulesetChoice


class RulesetChoiceForm(forms.ModelForm):
    ruleset = forms.ChoiceField(label="规则集", choices=())

    class Meta:
        model = RulesetChoice
        fields = ("organization", "ruleset")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ruleset"].choices = [(code, code) for code in available_rulesets()]


@admin.register(RulesetChoice)
class RulesetChoiceAdmin(admin.ModelAdmin):
    """An organization and its subtree use another rule set (a file in lvzhi/rulesets/)."""

    form = RulesetChoiceForm
    list_display = ("organization", "ruleset", "updated_at")
    raw_id_fields = ("organization",)

    def _holds(self, request):
        return holds_duty(request.user, "manage_system")  # 系统管理员 (三员分立)

    def has_module_permission(self, request):
        return self._holds(request)

    def has_view_permission(self, request, obj=None):
        return self._holds(request)

    def has_add_permission(self, request):
        return self._holds(request)

    def has_change_permission(self, request, obj=None):
        return self._holds(request)

    def has_delete_permission(self, request, obj=None):
        return False  # choose the default rule set instead: every choice is audited

    def save_model(self, request, obj, form, change):
        ruleset_choose(actor=request.user, organization=obj.organization, ruleset=obj.ruleset)
