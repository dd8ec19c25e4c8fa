"""Forms of the project pages: shapes only; the services apply the rules (eligibility,
amounts, the steps of the case) and their Chinese messages show on the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.orgs.forms import DateInput

DOCUMENT_ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx"
DECISION_CHOICES = [("yes", _("通过")), ("no", _("不予立项"))]
REVIEW_CHOICES = [("yes", _("通过")), ("return", _("退回修改")), ("no", _("不予立项"))]


def _file(label, required=False):
    return forms.FileField(
        label=label,
        required=required,
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
        help_text=_("PDF、Word 或 Excel，不超过 20 MB"),
    )


class BatchForm(forms.Form):
    title = forms.CharField(label=_("项目名称"), max_length=200)
    content = forms.CharField(
        label=_("项目内容"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )
    budget = forms.DecimalField(label=_("项目预算（元）"), max_digits=12, decimal_places=2)
    eligibility = forms.CharField(
        label=_("申报条件"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deadline = forms.DateField(label=_("申报截止日期"), widget=DateInput())


class BatchCreateForm(BatchForm):
    publish = forms.BooleanField(label=_("立即发布到公开页面"), required=False)


class ApplyForm(forms.Form):
    title = forms.CharField(label=_("申报项目名称"), max_length=200)
    summary = forms.CharField(
        label=_("项目简介"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    budget = forms.DecimalField(label=_("申请资金（元）"), max_digits=12, decimal_places=2)
    plan = _file(_("项目方案"), required=True)
    budget_file = _file(_("预算表"))


class _DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核意见"), choices=DECISION_CHOICES, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("意见说明"),
        max_length=500,
        required=False,
        help_text=_("不予立项时必填"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "yes"

    def returning(self) -> bool:
        return self.cleaned_data["decision"] == "return"


class ReviewForm(_DecisionForm):
    """审核: pass, return for revision (退回修改) or refuse; the note is the reason."""

    decision = forms.ChoiceField(
        label=_("审核意见"), choices=REVIEW_CHOICES, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("意见说明"),
        max_length=500,
        required=False,
        help_text=_("退回修改或不予立项时必填；退回修改的理由社会组织可见"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnedRefuseForm(_DecisionForm):
    """An application returned for revision waits for the organization; the federation
    can only refuse it (she never came back)."""

    decision = forms.ChoiceField(
        label=_("审核意见"), choices=DECISION_CHOICES[1:], widget=forms.RadioSelect
    )


class DecideForm(_DecisionForm):
    funded_amount = forms.DecimalField(
        label=_("立项资金（元）"),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("立项时必填，不超过申请资金和本批次预算余额"),
    )


class ContractForm(forms.Form):
    signed_on = forms.DateField(label=_("协议签订日期"), widget=DateInput())
    contract = _file(_("项目协议"))


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("报告内容"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )
    attachment = _file(_("报告附件"))


class ResubmitForm(forms.Form):
    """The organization's revised application: the amount and summary edited, a new plan
    or budget table if she has one."""

    budget = forms.DecimalField(label=_("申请资金（元）"), max_digits=12, decimal_places=2)
    summary = forms.CharField(
        label=_("项目简介"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    plan = _file(_("修改后的项目方案"))
    budget_file = _file(_("修改后的预算表"))


class ReportAcceptForm(forms.Form):
    note = forms.CharField(label=_("意见"), max_length=500, required=False)


class AccountForm(forms.Form):
    username = forms.CharField(label=_("登录名"), max_length=150)
    display_name = forms.CharField(label=_("显示名称"), max_length=150, required=False)
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("符合平台密码要求；首次登录须修改"),
    )
