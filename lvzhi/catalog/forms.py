"""Forms check shapes only; services apply the rules."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import DutyItem
from .rules import EDITABLE_ITEM_FIELDS


class CatalogUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("职责目录文件"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024)
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件过大，不能超过 %(size)s MB") % {"size": f"{limit / 1024 / 1024:g}"}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("文件为空"))
        return upload


class DutyItemForm(forms.ModelForm):
    class Meta:
        model = DutyItem
        fields = list(EDITABLE_ITEM_FIELDS)
        widgets = {
            "name": forms.TextInput(attrs={"class": "form-control"}),
            **{
                name: forms.Textarea(attrs={"rows": 3, "class": "form-control"})
                for name in EDITABLE_ITEM_FIELDS[1:]
            },
        }
