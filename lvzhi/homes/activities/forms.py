"""Forms of the activity pages (shapes only; the services apply R-HM-06)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.orgs.forms import DateInput

from ..forms import MultipleFileField
from ..models import Activity, QuarterPlan, Wish
from .services import ACTIVITY_FIELDS


class PlanForm(forms.ModelForm):
    class Meta:
        model = QuarterPlan
        fields = ["year", "quarter", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"] = forms.TypedChoiceField(
            label=_("季度"), coerce=int, choices=[(q, f"第{q}季度") for q in range(1, 5)]
        )

    def _post_clean(self):
        pass


class WishForm(forms.ModelForm):
    class Meta:
        model = Wish
        fields = ["text", "source", "count"]

    def _post_clean(self):
        pass


class ActivityForm(forms.ModelForm):
    photos = MultipleFileField(label=_("照片"))

    class Meta:
        model = Activity
        fields = list(ACTIVITY_FIELDS)
        widgets = {
            "date": DateInput(),
            "content": forms.Textarea(attrs={"rows": 3}),
            "flow": forms.Textarea(attrs={"rows": 3}),
            "results": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        plan = plan or self.instance.plan
        self.fields["wish"].queryset = plan.wishes.all() if plan else Wish.objects.none()
        if plan is not None:
            from lvzhi.core.periods import today_local

            from ..deliberation.services import seated_members

            self.fields["leader"].queryset = seated_members(plan.home, today_local())

    def _post_clean(self):
        pass

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("photos", None)
        return data


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("评分"), coerce=int, choices=[(n, str(n)) for n in range(1, 6)]
    )
    comment = forms.CharField(
        label=_("意见（选填，请勿填写姓名电话）"), max_length=200, required=False
    )
    token = forms.CharField(widget=forms.HiddenInput)
