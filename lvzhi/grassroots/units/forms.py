"""Forms of women's groups and 微家: shapes only; the services apply R-OR-03."""

from django import forms
from django.utils.translation import gettext_lazy

from lvzhi.orgs.models import Kind, Person

from ..models import MicroHomeBasis

DATE = forms.DateInput(attrs={"type": "date"})


class SmallUnitForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=200)
    start_date = forms.DateField(label=gettext_lazy("成立日期"), widget=DATE)
    leader = forms.CharField(
        label=gettext_lazy("组长（成员中推选）"),
        max_length=50,
        required=False,
        help_text=gettext_lazy("填写姓名；或在下一项选择兼任组长的上级妇联执委"),
    )
    leader_person = forms.ModelChoiceField(
        label=gettext_lazy("由上级妇联执委兼任组长"),
        queryset=Person.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "所选人员不在可选范围内：只能选择您可查看的本级或上级妇联在任执委"
            )
        },
    )
    members = forms.CharField(
        label=gettext_lazy("固定成员（组长以外）"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=gettext_lazy("每行一人；连同组长不少于3人（R-OR-03）"),
    )
    basis = forms.ChoiceField(label=gettext_lazy("组建方式"), choices=MicroHomeBasis.choices)
    basis_detail = forms.CharField(label=gettext_lazy("楼栋、兴趣或行业"), max_length=100)

    def __init__(self, *args, kind: str, executives=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if executives is not None:
            self.fields["leader_person"].queryset = executives
            self.fields["leader_person"].label_from_instance = lambda p: (
                f"{p.name}（{p.organization.name}）"
            )
        if kind != Kind.MICRO_HOME:
            del self.fields["basis"]
            del self.fields["basis_detail"]
        else:
            self.fields["leader"].label = gettext_lazy("负责人")
            self.fields["leader_person"].label = gettext_lazy("由上级妇联执委担任负责人")

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["members"] = data.get("members") or ""
        data["leader_person"] = data.get("leader_person")
        return data


class MemberForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=50)
    start_date = forms.DateField(label=gettext_lazy("加入日期"), widget=DATE)


class MemberEndForm(forms.Form):
    end_date = forms.DateField(label=gettext_lazy("退出日期"), widget=DATE)


class ActivityForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("活动日期"), widget=DATE)
    title = forms.CharField(label=gettext_lazy("活动名称"), max_length=100)
    participants = forms.IntegerField(label=gettext_lazy("参加人数"), min_value=0)
    summary = forms.CharField(
        label=gettext_lazy("活动简介"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
