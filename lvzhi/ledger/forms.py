"""Forms check shapes; the services apply the rules. On edit the ID number and phone are
left blank to keep the stored (encrypted) value: the form never shows them in full."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.orgs import forms as orgs_forms
from lvzhi.orgs.forms import DateInput
from lvzhi.orgs.models import Person
from lvzhi.processes.models import ProcessTemplate

from .models import (
    Category,
    ClosedReason,
    Consent,
    Entry,
    EntryCategory,
    Grid,
    Need,
    ReferralKind,
    TeamMember,
    Visit,
    VolunteerTeam,
)
from .services import ENTRY_FIELDS


class EntryForm(forms.ModelForm):
    id_number = forms.CharField(label=_("身份证号"), required=False, max_length=30)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)
    categories = forms.ModelMultipleChoiceField(
        label=_("类别"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    category_since = forms.DateField(
        label=_("类别认定日期"), required=False, widget=DateInput(), help_text=_("留空为今天")
    )

    class Meta:
        model = Entry
        fields = list(ENTRY_FIELDS)  # what entry_create and entry_update write

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        organization = organization or self.instance.organization
        self.fields["grid"].queryset = Grid.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.grid_id), organization=organization
        )
        if self.instance.pk:
            del self.fields["categories"], self.fields["category_since"]
            self.initial["id_number"] = ""
            self.initial["phone"] = ""
            for name in ("id_number", "phone"):
                masked = Entry._meta.get_field(name).mask(getattr(self.instance, name))
                if masked:
                    self.fields[name].widget.attrs["placeholder"] = masked
                    self.fields[name].help_text = _("留空则保持不变")

    def validate_unique(self):
        pass  # the service checks the blind index and names the holder only when allowed

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        if self.instance.pk:
            for name in ("id_number", "phone"):
                if not data.get(name):
                    data.pop(name, None)
        else:
            data["categories"] = list(data.get("categories") or [])
        return data


class CategoryAddForm(forms.ModelForm):
    class Meta:
        model = EntryCategory
        fields = ["category", "start_date"]
        widgets = {"start_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)

    def validate_unique(self):
        pass


class CategoryEndForm(forms.Form):
    end_date = forms.DateField(label=_("退出日期"), widget=DateInput())


class TransferForm(forms.Form):
    to_code = forms.CharField(
        label=_("迁入社区妇联组织代码"), max_length=50, help_text=_("如 BH-DG-01，可向迁入社区询问")
    )
    reason = forms.CharField(label=_("迁出原因"), max_length=200)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("接收")), ("reject", _("退回")), ("cancel", _("撤回"))]
    )
    note = forms.CharField(label=_("办理意见"), max_length=200, required=False)


class RevealForm(orgs_forms.RevealForm):
    """The reason for reading an entry's PII in full (orgs' form, with the ledger's example)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _("如：核对救助申请材料。原因记入变更记录。")


class GridForm(forms.ModelForm):
    class Meta:
        model = Grid
        fields = ["name", "note", "households", "is_active", "workers"]
        widgets = {"workers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["is_active"]  # a new grid is in use
        organization = organization or self.instance.organization
        self.fields["workers"].queryset = Person.objects.filter(
            org_path__startswith=organization.path
        ).order_by("name")

    def validate_unique(self):
        pass


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["date", "findings", "needs", "follow_up"]
        widgets = {
            "date": DateInput(),
            "findings": forms.Textarea(attrs={"rows": 3}),
            "needs": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["basis", "scope", "duty", "sensitive", "given_on", "given_by"]
        widgets = {"given_on": DateInput()}


class WithdrawForm(forms.Form):
    date = forms.DateField(label=_("撤回日期"), widget=DateInput())
    note = forms.CharField(label=_("撤回说明"), max_length=200, required=False)


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("注销原因"), choices=ClosedReason.choices)
    date = forms.DateField(label=_("注销日期"), widget=DateInput())


class ReportForm(forms.Form):
    purpose = forms.CharField(
        label=_("申请说明"),
        max_length=200,
        help_text=_("如：本人申请查阅、复制其个人信息（个人信息保护法第四十五条）"),
    )


class TeamForm(forms.ModelForm):
    class Meta:
        model = VolunteerTeam
        fields = ["name", "description", "founded_on", "is_public"]
        widgets = {"founded_on": DateInput()}


class MemberForm(forms.Form):
    entry = forms.ModelChoiceField(
        label=_("台账人员"), queryset=Entry.objects.none(), required=False
    )
    name = forms.CharField(
        label=_("队外志愿者姓名"), max_length=50, required=False, help_text=_("不在台账中时填写")
    )
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    is_leader = forms.BooleanField(label=_("队长"), required=False)
    joined_on = forms.DateField(label=_("加入日期"), widget=DateInput())

    def __init__(self, *args, entries=None, **kwargs):
        super().__init__(*args, **kwargs)
        if entries is not None:
            self.fields["entry"].queryset = entries


class ServiceForm(forms.Form):
    date = forms.DateField(label=_("服务日期"), widget=DateInput())
    title = forms.CharField(label=_("服务内容"), max_length=100)
    beneficiaries = forms.IntegerField(label=_("服务对象人数"), min_value=0, initial=0)
    hours = forms.DecimalField(
        label=_("每人服务时长（小时）"), max_digits=5, decimal_places=1, min_value=0
    )
    members = forms.ModelMultipleChoiceField(
        label=_("参加的志愿者"),
        queryset=TeamMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("备注"), max_length=300, required=False)

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        if team is not None:
            self.fields["members"].queryset = team.members.filter(
                left_on__isnull=True
            ).select_related("entry")
            self.fields["members"].label_from_instance = lambda m: m.display_name


class NeedForm(forms.ModelForm):
    """A need on her entry, from one of her visits or without one."""

    class Meta:
        model = Need
        fields = ["kind", "description", "visit"]
        widgets = {"description": forms.TextInput()}
        help_texts = {"description": _("会随转办转给建议或办件：不写姓名、身份证号、电话、住址")}

    def __init__(self, *args, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = Visit.objects.filter(entry=entry).order_by("-date", "-id")
        self.fields["visit"].label_from_instance = lambda v: v.date.isoformat()


class ReferForm(forms.Form):
    referred_as = forms.ChoiceField(label=_("转办方式"), choices=ReferralKind.choices)
    template = forms.ModelChoiceField(
        label=_("办理流程"), queryset=ProcessTemplate.objects.none(), required=False
    )

    def __init__(self, *args, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if templates is not None:
            self.fields["template"].queryset = templates
