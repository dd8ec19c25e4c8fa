"""Forms of the activity log. They check shapes only; the service checks the values (date
not in the future, women reached, photos) and its Chinese messages are shown beside the
fields."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import errors_to_form
from lvzhi.members.models import ActivityKind, ActivityStatus

ERRORS = {
    "kind": {
        "required": _("请选择活动类型"),
        "invalid_choice": _("请选择活动类型"),
    },
    "date": {"required": _("请填写活动日期"), "invalid": _("请填写正确的活动日期")},
    "women_reached": {"invalid": _("联系妇女人数应为整数")},
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; the list is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        org = person.organization
        return f"{person.name}（{org.short_name or org.name}）"


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        return unit.name


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("活动类型"),
        choices=[("", _("请选择")), *ActivityKind.choices],
        error_messages=ERRORS["kind"],
    )
    date = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=ERRORS["date"],
    )
    place = forms.CharField(label=_("地点"), required=False)
    women_reached = forms.IntegerField(
        label=_("联系妇女人数"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        error_messages=ERRORS["women_reached"],
    )
    units = UnitsField(
        label=_("涉及妇女小组/微家"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    women = forms.CharField(
        label=_("涉及妇女"),
        required=False,
        help_text=_("姓名或简要说明，可不填"),
    )
    note = forms.CharField(
        label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = MultipleFileField(
        label=_("照片"),
        required=False,
        help_text=_("可拍照或从相册选择，最多%(n)d张，每张不超过%(mb)d MB")
        % {"n": settings.ACTIVITY_MAX_PHOTOS, "mb": settings.PHOTO_MAX_BYTES // (1024 * 1024)},
    )

    # filled by members/offline.js (crypto.randomUUID()): the same activity sent twice is
    # saved once
    client_id = forms.UUIDField(
        label=_("客户端编号"),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("客户端编号格式不正确")},
    )

    def __init__(self, *args, units=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["client_id"]
        if units is None or editing:
            del self.fields["units"]
        else:
            self.fields["units"].queryset = units
            if not units.exists():
                del self.fields["units"]
        if editing:
            del self.fields["photos"]

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put the service's messages beside their fields (others above the form)."""
        errors_to_form(self, exc)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data.get(name) for name in ("kind", "date", "place", "women", "note")}
        fields["women_reached"] = data.get("women_reached") or 0
        if data.get("client_id"):
            fields["client_id"] = data["client_id"]
        return fields


class PersonPickForm(forms.Form):
    """A cadre chooses the member she records for (reloads the page with ``?person=``)."""

    person = PersonChoiceField(
        label=_("为执委代录"),
        queryset=None,
        required=False,
        empty_label=_("请选择执委"),
        error_messages={"invalid_choice": _("请选择您管理范围内的执委")},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class VerifyForm(forms.Form):
    confirm = forms.TypedChoiceField(
        label=_("确认或退回"),
        choices=[("1", _("确认")), ("0", _("退回"))],
        coerce=lambda value: value == "1",
        error_messages={"required": _("请选择确认或退回")},
    )
    reason = forms.CharField(label=_("退回理由"), required=False, max_length=300)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("答复内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


STATUS_CHOICES = [("", _("全部状态")), *ActivityStatus.choices]
KIND_CHOICES = [("", _("全部类型")), *ActivityKind.choices]
