"""Forms of committee changes. They only shape the input: every rule (supporters, counts,
order of the procedure, bounds) is checked by the services, whose messages the forms show."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.members import rules
from lvzhi.members.changes import selectors
from lvzhi.members.common.selectors import seats
from lvzhi.members.models import NominationChannel
from lvzhi.orgs.models import Person, Title

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CANDIDATE_TITLES = [(t.value, t.label) for t in (Title.MEMBER, Title.VICE_CHAIR, Title.CHAIR)]


def ground_choices(ruleset: str | None = None):
    """Grounds a cadre enters, grouped by kind with their rule (the others the platform
    finds in the data)."""
    labels = selectors.ground_labels(ruleset)
    return [
        (
            _("自行卸免（R-MB-08）"),
            [(g, labels[g]) for g in ("resigned", "personal")],
        ),
        (_("组织劝退（R-MB-09）"), [("below_requirements", labels["below_requirements"])]),
        (
            _("资格终止（R-MB-10）"),
            list(rules.termination_grounds(ruleset).items()),
        ),
    ]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        org = getattr(obj, "organization", None)
        return f"{obj.name}（{org.short_name or org.name}）" if org is not None else obj.name


class SeatPersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ExitEnterForm(forms.Form):
    person = SeatPersonField(
        label=_("执委"),
        queryset=Person.objects.none(),
        error_messages={"required": _("请选择执委"), "invalid_choice": _("请选择本届在任执委")},
    )
    ground = forms.ChoiceField(label=_("情形"), error_messages={"required": _("请选择退出情形")})
    date = forms.DateField(
        label=_("日期"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("主动辞职时填写本人提出辞职的日期"),
    )
    note = forms.CharField(
        label=_("说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("个人原因、违法违纪处理决定等事实"),
    )

    def __init__(self, *args, organization, today, ruleset=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = selectors.seated_person_ids(organization, today)
        self.fields["person"].queryset = Person.objects.filter(pk__in=ids).order_by("name", "id")
        self.fields["ground"].choices = [("", "—")] + ground_choices(ruleset)


class ExitStepForm(forms.Form):
    step = forms.ChoiceField(choices=list(rules.STEP_LABELS.items()), widget=forms.HiddenInput)
    date = forms.DateField(label=_("日期"), required=False, widget=DATE_INPUT)
    meeting = forms.ModelChoiceField(
        label=_("会议"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("请选择本组织的执委会议")},
    )
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = selectors.committee_meetings(organization).order_by(
            "-date", "-id"
        )


class ExitDismissForm(forms.Form):
    reason = forms.CharField(
        label=_("不予处理的理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NominationForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("推荐方式"),
        choices=NominationChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择推荐方式")},
    )
    person = PersonChoiceField(
        label=_("已登记的人员"),
        queryset=Person.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("人员不存在或不在您的管理范围内")},
    )
    new_name = forms.CharField(label=_("新候选人姓名"), required=False, max_length=50)
    new_workplace = forms.CharField(label=_("工作单位及职务"), required=False, max_length=200)
    residence = forms.CharField(label=_("居住地"), required=False, max_length=200)
    title = forms.ChoiceField(label=_("拟任职务"), choices=CANDIDATE_TITLES, initial=Title.MEMBER)
    supporters_members = forms.IntegerField(
        label=_("联名推荐的执委人数"),
        required=False,
        min_value=0,
        help_text=_("群众推荐：三分之一以上执委或20名以上妇女群众"),
    )
    supporters_women = forms.IntegerField(
        label=_("联名推荐的妇女群众人数"), required=False, min_value=0
    )
    extra_seat_kind = forms.ChoiceField(
        label=_("突破人数限制增补的人员类别（R-MB-03）"), required=False
    )
    replaces = forms.ModelChoiceField(
        label=_("替补"),
        queryset=None,
        required=False,
        help_text=_("替补时选择被替补的职务"),
    )
    note = forms.CharField(
        label=_("推荐理由"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, organization, today, ruleset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.candidate_people(user, organization)
        self.fields["extra_seat_kind"].choices = [("", _("不属于（一般席位）"))] + list(
            rules.extra_seat_kinds(ruleset).items()
        )
        self.fields["replaces"].queryset = seats(organization, today)
        self.fields["replaces"].label_from_instance = lambda seat: (
            f"{seat.person.name} · {seat.get_title_display()}"
        )


class NominationReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("initial_review", ""), ("party_review", ""), ("reject", "")],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CounterField(forms.CharField):
    """Names separated by 、，, or spaces."""

    def to_python(self, value):
        value = super().to_python(value) or ""
        for sep in "、，,;；":
            value = value.replace(sep, " ")
        return [name for name in value.split() if name]


class VoteSessionForm(forms.Form):
    date = forms.DateField(
        label=_("表决日期"), widget=DATE_INPUT, error_messages={"required": _("请填写表决日期")}
    )
    meeting = forms.ModelChoiceField(
        label=_("会议"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("请选择本组织的会议")},
    )
    present = forms.IntegerField(
        label=_("实到执委人数"),
        min_value=0,
        error_messages={"required": _("请填写实到执委人数")},
    )
    scrutineers = forms.ModelMultipleChoiceField(
        label=_("监票员（1—2名，在出席会议的执委中推选）"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("监票员应为本届执委")},
    )
    scrutineers_approved = forms.BooleanField(label=_("监票员已经执委会审议通过"), required=False)
    counters = CounterField(
        label=_("计票员（1—2名，本级妇联组织指派的工作人员）"),
        required=False,
        help_text=_("多名用顿号或逗号分隔"),
    )

    def __init__(self, *args, organization, today, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = selectors.committee_meetings(organization).order_by(
            "-date", "-id"
        )
        ids = selectors.seated_person_ids(organization, today)
        self.fields["scrutineers"].queryset = Person.objects.filter(pk__in=ids).order_by(
            "name", "id"
        )
        self.fields["scrutineers"].label_from_instance = lambda p: p.name
        self.candidates = candidates
        for nomination in candidates:
            for name, label in (("yes", _("赞成")), ("no", _("反对")), ("abstain", _("弃权"))):
                self.fields[f"{name}_{nomination.pk}"] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
                )

    def candidate_rows(self):
        return [
            (n, self[f"yes_{n.pk}"], self[f"no_{n.pk}"], self[f"abstain_{n.pk}"])
            for n in self.candidates
        ]

    def tallies(self):
        """(nomination, yes, no, abstain) for each candidate with counts entered."""
        rows = []
        for nomination in self.candidates:
            values = [
                self.cleaned_data.get(f"{k}_{nomination.pk}") for k in ("yes", "no", "abstain")
            ]
            if all(v is None for v in values):
                continue
            rows.append((nomination, *(v or 0 for v in values)))
        return rows
