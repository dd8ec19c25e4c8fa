"""Forms check shapes; the services apply the rules and their Chinese messages show on
the form. Edit forms are bound to a copy of the row: the service writes the fresh one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.orgs.forms import DateInput

from .models import Adviser, KeyMember, LedgerEntry, SocialOrganization, Tier, YearlyDuty
from .services import ADVISER_FIELDS, PROFILE_FIELDS


class ServiceForm(forms.ModelForm):
    def validate_unique(self):
        pass  # the service names a duplicate

    def _post_clean(self):
        pass  # the service validates the row (the form's instance is not the one written)


class ProfileForm(ServiceForm):
    """The yearly update (or a correction) of a filed organization."""

    class Meta:
        model = SocialOrganization
        fields = list(PROFILE_FIELDS)
        widgets = {
            "activities": forms.Textarea(attrs={"rows": 3}),
            "contact_phone": forms.TextInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["contact_phone"] = self.instance.contact_phone


class FilingForm(ProfileForm):
    """信息备案: the profile, then the tier (blank: the proposed one) and the reason."""

    filed_tier = forms.ChoiceField(
        label=_("备案层级"),
        choices=[("", _("按建议层级"))] + list(Tier.choices),
        required=False,
    )
    tier_reason = forms.CharField(
        label=_("层级理由"),
        max_length=300,
        required=False,
        help_text=_("人数恰在两档交界，或备案层级与建议层级不同时必填"),
    )
    filed_on = forms.DateField(label=_("备案日期"), required=False, widget=DateInput())

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["filed_tier"] = data.get("filed_tier") or None
        return data


class RefileForm(forms.Form):
    federation = forms.ModelChoiceField(label=_("备案妇联"), queryset=None)
    filed_tier = forms.ChoiceField(label=_("备案层级"), choices=Tier.choices)
    tier_reason = forms.CharField(label=_("调整理由"), max_length=300)

    def __init__(self, *args, federations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["federation"].queryset = federations


class KeyMemberForm(ServiceForm):
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)

    class Meta:
        model = KeyMember
        fields = ["name", "role", "phone"]


class LedgerForm(ServiceForm):
    class Meta:
        model = LedgerEntry
        fields = ["kind", "date", "title", "content"]
        widgets = {"date": DateInput(), "content": forms.Textarea(attrs={"rows": 3})}


class AdviserForm(ServiceForm):
    class Meta:
        model = Adviser
        fields = list(ADVISER_FIELDS)
        widgets = {"term_start": DateInput(), "term_end": DateInput()}


class DutyForm(ServiceForm):
    document = forms.FileField(label=_("文件"), required=False)

    class Meta:
        model = YearlyDuty
        fields = ["kind", "date", "title", "participants", "participant_note", "instructor"]
        widgets = {"date": DateInput()}


class ProposalForm(forms.Form):
    """试算 (R-SO-01): the proposed tier for a size and influence, nothing written."""

    size = forms.IntegerField(label=_("成员或从业人员数"), min_value=1, max_value=1_000_000)
    notable_influence = forms.BooleanField(label=_("有较大影响力"), required=False)
    active = forms.BooleanField(label=_("工作活跃"), required=False)
    center_grade = forms.BooleanField(label=_("规模较大、工作制度健全、公信力较高"), required=False)


class SyncForm(forms.Form):
    file = forms.FileField(
        label=_("民政部门登记信息（.xlsx）"),
        help_text=_("第1行为表头：统一社会信用代码（必填）、名称、登记状态"),
    )
