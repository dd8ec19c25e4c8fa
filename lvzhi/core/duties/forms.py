"""The security administrator's form: a user (by user name), a role, an organization
(by its code) and, for department staff, the department (by name)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import Role, organization_model


class RoleAssignmentForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    role = forms.ModelChoiceField(label=_("角色"), queryset=Role.objects.order_by("id"))
    organization = forms.CharField(label=_("组织代码"), max_length=40)
    include_descendants = forms.BooleanField(label=_("含下级组织"), required=False, initial=True)
    department = forms.CharField(label=_("部门（部门人员填写）"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name == "role":
                field.widget.attrs["class"] = "form-select form-select-sm"
            elif name != "include_descendants":
                field.widget.attrs["class"] = "form-control form-control-sm"

    def clean_username(self):
        name = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise forms.ValidationError(_("没有用户名为 %(name)s 的账号。"), params={"name": name})
        if not user.is_active:
            raise forms.ValidationError(_("账号 %(name)s 已停用。"), params={"name": name})
        return user

    def clean_organization(self):
        Organization = organization_model()
        code = self.cleaned_data["organization"].strip()
        org = Organization.objects.filter(code=code).first()
        if org is None:
            raise forms.ValidationError(_("没有代码为 %(code)s 的组织。"), params={"code": code})
        return org

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("department") or "").strip()
        org = cleaned.get("organization")
        cleaned["department"] = None
        if name and org is not None:
            department = org.departments.filter(name=name).first()
            if department is None:
                self.add_error(
                    "department",
                    _("%(org)s 没有名为 %(name)s 的部门。") % {"org": org.name, "name": name},
                )
            cleaned["department"] = department
        return cleaned
