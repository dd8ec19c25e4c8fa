"""Forms of the deliberation pages (shapes only; the services apply R-HM-07)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.orgs.forms import DateInput
from lvzhi.orgs.models import Organization, Person
from lvzhi.processes.models import ProcessTemplate

from ..models import Decision, Escalation, Meeting, ReportTarget, Topic


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["title", "text", "source", "raised_on", "raised_by", "contact"]
        widgets = {"raised_on": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        pass


class PublicTopicForm(forms.Form):
    title = forms.CharField(label=_("议题"), max_length=100)
    text = forms.CharField(
        label=_("具体内容"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    raised_by = forms.CharField(label=_("称呼（选填）"), max_length=50, required=False)
    contact = forms.CharField(
        label=_("联系方式（选填，用于反馈，不公开）"), max_length=40, required=False
    )


def _names(value: str) -> list[str]:
    return [name for name in re.split(r"[,，、;；\s]+", value or "") if name]


class MeetingForm(forms.ModelForm):
    """The participants by role, names separated by commas or spaces."""

    topics = forms.ModelMultipleChoiceField(
        label=_("议题"), queryset=Topic.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    members = forms.CharField(label=_("参会执委"), max_length=300)
    secretary = forms.CharField(label=_("村（社区）书记"), max_length=50, required=False)
    director = forms.CharField(label=_("村（社区）主任"), max_length=50, required=False)
    committee = forms.CharField(label=_("两委成员"), max_length=300, required=False)
    women = forms.CharField(label=_("妇女群众代表"), max_length=300, required=False)

    class Meta:
        model = Meeting
        fields = ["date", "form", "mode", "place", "chair", "minutes"]
        widgets = {"date": DateInput(), "minutes": forms.Textarea(attrs={"rows": 4})}
        labels = {"chair": _("召集人（妇联主席）")}

    def __init__(self, *args, topics=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics if topics is not None else Topic.objects.none()

    def _post_clean(self):
        pass

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        participants = [("chair", data["chair"])]
        for role in ("members", "secretary", "director", "committee", "women"):
            code = {"members": "member", "women": "woman"}.get(role, role)
            participants += [(code, name) for name in _names(data.pop(role))]
        data["participants"] = participants
        data["topics"] = list(data["topics"])
        return data


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["topic", "text", "major"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = meeting.topics.all() if meeting else Topic.objects.none()

    def _post_clean(self):
        pass


class FeedbackForm(forms.Form):
    feedback_on = forms.DateField(label=_("反馈日期"), widget=DateInput())
    feedback = forms.CharField(label=_("反馈情况"), max_length=300)


class ReportForm(forms.Form):
    reported_on = forms.DateField(label=_("上报日期"), widget=DateInput())
    reported_to = forms.ChoiceField(label=_("上报对象"), choices=ReportTarget.choices)
    report_note = forms.CharField(label=_("上报情况"), max_length=300, required=False)


class DropForm(forms.Form):
    reason = forms.CharField(label=_("不予议事的理由"), max_length=300)


class EscalateForm(forms.Form):
    """A major issue becomes an executive member's 建议 or a case (办件)."""

    escalate_as = forms.ChoiceField(label=_("转办方式"), choices=Escalation.choices)
    person = forms.ModelChoiceField(
        label=_("提出建议的执委"), queryset=Person.objects.none(), required=False
    )
    organization = forms.ModelChoiceField(
        label=_("办件发起组织"), queryset=Organization.objects.none(), required=False
    )
    template = forms.ModelChoiceField(
        label=_("办件流程"), queryset=ProcessTemplate.objects.none(), required=False
    )
    title = forms.CharField(label=_("办件名称"), max_length=300, required=False)

    def __init__(self, *args, home=None, user=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        if home is None:
            return
        from lvzhi.processes.selectors import startable_templates

        from .services import escalation_organizations, seated_members

        self.fields["person"].queryset = seated_members(home, today)
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=[o.pk for o in escalation_organizations(home)]
        ).order_by("path")
        self.fields["template"].queryset = startable_templates(user, home.organization)
