"""The audit page's filter form: dates, organization (by its code), actor, action."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import organization_model

EXPORT_MAX_DAYS = 366


class AuditFilterForm(forms.Form):
    start = forms.DateField(label=_("起始日期"), required=False)
    end = forms.DateField(label=_("截止日期"), required=False)
    organization = forms.CharField(label=_("组织代码"), max_length=40, required=False)
    actor = forms.CharField(label=_("操作人（用户名）"), max_length=150, required=False)
    action = forms.CharField(label=_("操作"), max_length=40, required=False)

    def clean_organization(self):
        Organization = organization_model()
        code = self.cleaned_data["organization"].strip()
        if not code:
            return None
        org = Organization.objects.filter(code=code).first()
        if org is None:
            raise forms.ValidationError(_("没有代码为 %(code)s 的组织。"), params={"code": code})
        return org

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
        return cleaned


class AuditExportForm(AuditFilterForm):
    """An export names its date range (at most a year at a time)."""

    FORMATS = (("xlsx", "Excel"), ("json", "JSON"))
    start = forms.DateField(label=_("起始日期"))
    end = forms.DateField(label=_("截止日期"))
    format = forms.ChoiceField(label=_("格式"), choices=FORMATS, required=False)

    def clean_format(self):
        return self.cleaned_data["format"] or "xlsx"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and (end - start) > dt.timedelta(days=EXPORT_MAX_DAYS - 1):
            raise forms.ValidationError(
                _("一次最多导出 %(days)d 天，请分段导出。"), params={"days": EXPORT_MAX_DAYS}
            )
        return cleaned
