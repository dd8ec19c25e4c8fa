from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lvzhi.core.tokens import rules


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("用途"), max_length=100)
    days = forms.IntegerField(
        label=_("有效天数"),
        min_value=1,
        max_value=rules.MAX_DAYS,
        error_messages={"invalid": _("有效天数须为整数。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.LVZHI_API_TOKEN_DAYS
