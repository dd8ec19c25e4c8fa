from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class PasswordChangeForm(forms.Form):
    """The current password, then the new one twice; the policy is applied by the service."""

    old_password = forms.CharField(
        label=gettext_lazy("当前口令"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password1 = forms.CharField(
        label=gettext_lazy("新口令"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=gettext_lazy("再次输入新口令"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError(_("当前口令不正确。"))
        return old

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("new_password1"), cleaned.get("new_password2")
        if one and two and one != two:
            self.add_error("new_password2", _("两次输入的新口令不一致。"))
        if one and cleaned.get("old_password") == one:
            self.add_error("new_password1", _("新口令不能与当前口令相同。"))
        return cleaned

    @staticmethod
    def help_texts() -> list[str]:
        return password_validation.password_validators_help_texts()
