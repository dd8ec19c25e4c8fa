"""Forms of the evaluation pages; the checks are the services' (their Chinese messages
show beside the fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules


class EvaluatorForm(forms.Form):
    federation = forms.ModelChoiceField(label=_("委托妇联"), queryset=None)
    username = forms.CharField(label=_("登录名"), max_length=150, required=False)
    display_name = forms.CharField(label=_("姓名"), max_length=150, required=False)
    password = forms.CharField(
        label=_("初始密码"), required=False, widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, *args, federations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["federation"].queryset = federations


class PlanForm(forms.Form):
    federation = forms.ModelChoiceField(label=_("委托妇联"), queryset=None)
    year = forms.IntegerField(label=_("项目年度"), min_value=2000, max_value=2100)
    evaluator = forms.ModelChoiceField(label=_("评估账号"), queryset=None)
    agency = forms.CharField(label=_("第三方评估机构"), max_length=120, required=False)
    weight_satisfaction = forms.IntegerField(
        label=_("受益对象满意度权重（%）"), initial=rules.DEFAULT_WEIGHTS["satisfaction"]
    )
    weight_capacity = forms.IntegerField(
        label=_("服务能力权重（%）"), initial=rules.DEFAULT_WEIGHTS["capacity"]
    )
    weight_results = forms.IntegerField(
        label=_("项目成效权重（%）"), initial=rules.DEFAULT_WEIGHTS["results"]
    )
    threshold = forms.IntegerField(
        label=_("合格分数线"),
        initial=rules.DEFAULT_THRESHOLD,
        help_text=_("综合得分低于此分数的组织不能申报下一年度项目"),
    )

    def __init__(self, *args, federations, evaluators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["federation"].queryset = federations
        self.fields["evaluator"].queryset = evaluators
        self.fields["evaluator"].label_from_instance = evaluator_label


def evaluator_label(user) -> str:
    name = user.get_full_name()
    return f"{name}（{user.username}）" if name else user.username


class WeightsForm(forms.Form):
    agency = forms.CharField(label=_("第三方评估机构"), max_length=120, required=False)
    weight_satisfaction = forms.IntegerField(label=_("受益对象满意度权重（%）"))
    weight_capacity = forms.IntegerField(label=_("服务能力权重（%）"))
    weight_results = forms.IntegerField(label=_("项目成效权重（%）"))
    threshold = forms.IntegerField(label=_("合格分数线"))


class ScoreForm(forms.Form):
    satisfaction = forms.CharField(
        label=_("受益对象满意度得分（满意度调查，0—100）"),
        required=False,
        help_text=_("已有受益对象在线评价时，以在线评价为准"),
    )
    capacity = forms.CharField(label=_("服务能力得分（0—100）"), required=False)
    results = forms.CharField(label=_("项目成效得分（0—100）"), required=False)
    comment = forms.CharField(
        label=_("评估意见"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("评分"), coerce=int, choices=[(n, str(n)) for n in range(1, 6)]
    )
    comment = forms.CharField(
        label=_("意见（选填，请勿填写姓名电话）"), max_length=200, required=False
    )
    token = forms.CharField(widget=forms.HiddenInput)
