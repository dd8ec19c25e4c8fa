"""Forms of the assessment pages: shapes only; the services apply R-HM-01 and name what
is missing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import rules
from ..forms import MultipleFileField

MET_CHOICES = [("", _("未核查")), ("yes", _("达到")), ("no", _("未达到"))]
REVIEW_CHOICES = [("", _("请选择")), ("agreed", _("通过")), ("returned", _("退回修改"))]


def _met(value):
    return {"yes": True, "no": False}.get(value)


class PartForm(forms.Form):
    met = forms.ChoiceField(label=_("自评"), choices=MET_CHOICES, required=False)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
    evidence = MultipleFileField(
        label=_("佐证材料（照片或文件）"),
        widget=MultipleFileField.widget(attrs={"accept": "image/*,.pdf,.doc,.docx,.xls,.xlsx"}),
    )

    def service_fields(self, files) -> dict:
        return {
            "met": _met(self.cleaned_data["met"]),
            "note": self.cleaned_data["note"],
            "evidence": files.getlist("evidence"),
        }


class ReviewForm(forms.Form):
    """One decision and reason per part of the six standards."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in rules.part_codes():
            self.fields[f"review_{code}"] = forms.ChoiceField(
                label=rules.part_name(code), choices=REVIEW_CHOICES, required=False
            )
            self.fields[f"reason_{code}"] = forms.CharField(
                label=_("退回理由"), max_length=300, required=False
            )

    def reviews(self) -> dict:
        data = self.cleaned_data
        return {
            code: (data[f"review_{code}"], data[f"reason_{code}"])
            for code in rules.part_codes()
            if data.get(f"review_{code}")
        }

    def rows(self):
        return [
            (code, self[f"review_{code}"], self[f"reason_{code}"]) for code in rules.part_codes()
        ]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("决定"),
        choices=[("designate", _("命名为规范化妇女之家")), ("return", _("退回修改"))],
    )
    reason = forms.CharField(label=_("退回理由"), max_length=300, required=False)


class RecheckForm(forms.Form):
    """The district's re-check: each part 达到 or not, a note for those not met."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in rules.part_codes():
            self.fields[f"met_{code}"] = forms.ChoiceField(
                label=rules.part_name(code), choices=MET_CHOICES, required=False
            )
            self.fields[f"note_{code}"] = forms.CharField(
                label=_("情况"), max_length=500, required=False
            )

    def results(self) -> dict:
        return {c: _met(self.cleaned_data[f"met_{c}"]) for c in rules.part_codes()}

    def notes(self) -> dict:
        return {c: self.cleaned_data[f"note_{c}"] for c in rules.part_codes()}

    def rows(self):
        return [(code, self[f"met_{code}"], self[f"note_{code}"]) for code in rules.part_codes()]
