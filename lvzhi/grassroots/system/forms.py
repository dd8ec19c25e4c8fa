"""The form that starts a system federation's founding: shapes only; the service applies
R-OR-06."""

from django import forms
from django.utils.translation import gettext_lazy

from lvzhi.orgs.models import Organization


class SystemFoundingForm(forms.Form):
    agency = forms.CharField(label=gettext_lazy("机关名称"), max_length=200)
    subordinate_units = forms.IntegerField(
        label=gettext_lazy("下属单位数"),
        min_value=0,
        help_text=gettext_lazy("该机关下属单位的个数；没有下属单位不能建立系统妇联（R-OR-06）"),
    )
    women_committee = forms.ModelChoiceField(
        label=gettext_lazy("现有妇委会/妇工委"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=gettext_lazy("（尚未建立）"),
        error_messages={"invalid_choice": gettext_lazy("所选组织不是您可查看的机关妇委会/妇工委")},
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["women_committee"].queryset = committees
