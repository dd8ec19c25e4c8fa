"""Forms check shapes; the services apply the rules. Messages are Chinese first."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Department, Organization, PartyOrganization, Person, Position, Term
from .services import ORG_FIELDS, PERSON_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = list(ORG_FIELDS)
        widgets = {"established_on": DateInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_organization"].queryset = PartyOrganization.objects.restrict(
            user, "view"
        )
        self.fields["code"].help_text = _("全平台唯一，例如 BH-FL-XH")
        # uniqueness is checked by the service, which also checks scope
        self.fields["code"].validators = []

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        taken = Organization.objects.filter(code=code).exclude(pk=self.instance.pk)
        if code and taken.exists():
            raise forms.ValidationError(_("组织代码已被使用"))
        return code

    def validate_unique(self):
        pass


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "responsibilities", "sort_order"]

    def validate_unique(self):
        pass


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["number", "start_date", "end_date", "note"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def validate_unique(self):
        pass


class PersonForm(forms.ModelForm):
    """On edit, ID number and phone are left blank to keep the stored (encrypted) value."""

    id_number = forms.CharField(label=_("身份证号"), required=False, max_length=30)
    phone = forms.CharField(label=_("手机号码"), required=False, max_length=30)
    # a plain file field: the service decodes and re-encodes the image (pixel limit, no EXIF)
    photo = forms.FileField(
        label=_("照片"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["id_number"] = ""
            self.initial["phone"] = ""
            for name in ("id_number", "phone"):
                masked = Person._meta.get_field(name).mask(getattr(self.instance, name))
                if masked:
                    self.fields[name].widget.attrs["placeholder"] = masked
                    self.fields[name].help_text = _("留空则保持不变")
            # the full date only through the audited reveal: the form shows the year
            self.initial["birth_date"] = None
            if self.instance.birth_date:
                self.fields["birth_date"].help_text = _("已登记：%(year)s年；留空则保持不变") % {
                    "year": self.instance.birth_date.year
                }

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and getattr(photo, "size", 0) > settings.PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("照片不能超过 5 MB"))
        return photo

    def validate_unique(self):
        pass

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        if self.instance.pk:
            for name in ("id_number", "phone", "birth_date"):
                if not data.get(name):
                    data.pop(name, None)
            if not self.files.get("photo") and not data.get("photo"):
                data.pop("photo", None)
        return data


class PositionForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = [
            "person",
            "term",
            "title",
            "tenure",
            "is_standing",
            "start_date",
            "end_date",
            "end_reason",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, user=None, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import people

        self.fields["person"].queryset = people(user).select_related(None)
        self.fields["term"].queryset = Term.objects.filter(organization=organization)
        if self.instance.pk:
            self.fields.pop("person")


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("查看原因"),
        max_length=200,
        error_messages={
            "required": _("请填写查看原因"),
            "max_length": _("查看原因不能超过 %(limit_value)s 个字"),
        },
        help_text=_("如：核对低保申请材料。原因记入变更记录。"),
    )
