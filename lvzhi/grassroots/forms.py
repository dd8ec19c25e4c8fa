"""Forms check shapes and find related rows by code; the services apply the rules."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.orgs.models import Organization, PartyOrganization, Region

from .models import SixinOrganization

FORM_FIELDS = (
    "name",
    "category",
    "uscc",
    "address",
    "industry",
    "park_or_building",
    "fixed_staff",
    "fixed_female_staff",
    "has_party_organization",
    "party_organization",
    "party_organization_name",
    "note",
)


def region_by_code(code: str) -> Region:
    region = Region.objects.filter(code=code.strip()).first()
    if region is None:
        raise forms.ValidationError(_("未找到该行政区划代码"))
    return region


def federation_by_code(user, code: str) -> Organization:
    org = Organization.objects.restrict(user, "view").filter(code=code.strip()).first()
    if org is None:
        raise forms.ValidationError(_("组织代码不存在或不在您的管理范围内"))
    return org


class SixinForm(forms.ModelForm):
    """The register's fields; the region and the covering federation are given by code
    (a province has too many of either for a drop-down)."""

    region_code = forms.CharField(
        label=gettext_lazy("行政区划代码"),
        required=False,
        max_length=12,
        help_text=gettext_lazy("所在村（社区）或街镇的统计用区划代码，可不填"),
    )
    covered_by_code = forms.CharField(
        label=gettext_lazy("覆盖该组织的妇联（组织代码）"),
        required=False,
        max_length=40,
        help_text=gettext_lazy("已单独建立或已被联合、区域、行业妇联覆盖时填写该妇联的组织代码"),
    )

    class Meta:
        model = SixinOrganization
        fields = list(FORM_FIELDS)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["party_organization"].queryset = PartyOrganization.objects.restrict(
            user, "view"
        )
        self.fields["uscc"].help_text = _("18位，系统按国家标准校验")
        if self.instance.pk:
            if self.instance.region_id:
                self.initial["region_code"] = self.instance.region.code
            if self.instance.covered_by_id:
                self.initial["covered_by_code"] = self.instance.covered_by.code

    def clean_region_code(self):
        code = self.cleaned_data["region_code"].strip()
        return region_by_code(code) if code else None

    def clean_covered_by_code(self):
        code = self.cleaned_data["covered_by_code"].strip()
        return federation_by_code(self.user, code) if code else None

    def validate_unique(self):
        pass  # the service checks uniqueness (and scope)

    def _post_clean(self):
        pass  # the service builds and validates the row

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in FORM_FIELDS}
        data["region"] = self.cleaned_data.get("region_code")
        data["covered_by"] = self.cleaned_data.get("covered_by_code")
        return data


class RegisterChoiceForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("登记组织"), queryset=Organization.objects.none()
    )

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = queryset


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("四新组织名单（.xlsx）"))


class FoundingResultForm(forms.Form):
    """The results of the founding congress and the first committee meeting."""

    name = forms.CharField(label=gettext_lazy("新妇联名称"), max_length=200)
    code = forms.CharField(label=gettext_lazy("组织代码"), max_length=40)
    term_start = forms.DateField(
        label=gettext_lazy("第一届起始日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    term_end = forms.DateField(
        label=gettext_lazy("第一届届满日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ballots_issued = forms.IntegerField(label=gettext_lazy("发出选票"), min_value=0)
    ballots_returned = forms.IntegerField(label=gettext_lazy("收回选票"), min_value=0)
    chair = forms.CharField(label=gettext_lazy("主席（无记名投票当选）"), max_length=50)
    vice_chairs = forms.CharField(
        label=gettext_lazy("副主席"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("每行一人，2至3名（R-OR-04）"),
    )
    members = forms.CharField(
        label=gettext_lazy("其他执委"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("每行一人"),
    )
