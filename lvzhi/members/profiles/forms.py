"""Forms of member profiles and contact assignments: shapes only; the services check and
explain (their ValidationError messages are put on these forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.members.models import ContactKind, MemberProfile
from lvzhi.members.profiles.services import PROFILE_FIELDS, WOMAN_NAME_MAX


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = MemberProfile
        fields = list(PROFILE_FIELDS)
        widgets = {
            "lives_here_since": DateInput(),
            "away_since": DateInput(),
            "duties": forms.Textarea(attrs={"rows": 3}),
            "yearly_tasks": forms.Textarea(attrs={"rows": 3}),
            "results": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "public_contact": _(
                "公开给群众的联系方式（如办公电话、微信号），不会显示登记的手机号码"
            ),
            "is_published": _("公开后，群众可通过链接或二维码查看本页的亮身份信息"),
        }

    def service_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in PROFILE_FIELDS}


class ContactForm(forms.Form):
    """One form for the three kinds: a group or 微家 from the list, or a woman by name."""

    kind = forms.ChoiceField(label=_("联系对象类型"), choices=ContactKind.choices)
    unit = forms.ModelChoiceField(
        label=_("妇女小组/微家"),
        queryset=None,
        required=False,
        help_text=_("联系妇女小组或微家时选择"),
    )
    woman_name = forms.CharField(
        label=_("妇女姓名"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": WOMAN_NAME_MAX}),
        help_text=_("联系妇女群众时填写"),
    )
    woman_phone = forms.CharField(
        label=_("联系电话（可不填）"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text=_("加密保存，页面只显示部分号码"),
    )
    start_date = forms.DateField(label=_("联系起始"), required=False, widget=DateInput())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda org: (
            f"{org.name}（{org.get_kind_display()}）"
        )


class ContactEndForm(forms.Form):
    end_date = forms.DateField(label=_("结束日期"), required=False, widget=DateInput())
