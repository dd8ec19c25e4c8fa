"""Forms of the meetings area. They check shapes only; the services check the values
(dates not in the future, attendees on the committee, grades of the rule set, file type and
size) and their Chinese messages are shown beside the fields."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.members.meetings.services import REPORT_TYPES
from lvzhi.members.models import AttendanceStatus, EvaluatorKind, IncentiveKind, MeetingKind

DATE_ERRORS = {"required": _("请填写日期"), "invalid": _("请填写正确的日期（如 2026-03-15）")}
YEAR_ERRORS = {"required": _("请填写年度"), "invalid": _("年度应为四位数字")}


def date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=DATE_ERRORS,
        **kwargs,
    )


def person_choices(people, blank=True):
    choices = [("", _("请选择"))] if blank else []
    return choices + [(str(p.pk), p.name) for p in people]


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("会议类型"),
        choices=MeetingKind.choices,
        initial=MeetingKind.EXECUTIVE,
        error_messages={"invalid_choice": _("请选择会议类型")},
    )
    title = forms.CharField(
        label=_("会议名称"), max_length=200, error_messages={"required": _("请填写会议名称")}
    )
    date = date_field(_("会议日期"))
    place = forms.CharField(label=_("地点"), required=False, max_length=200)
    agenda = forms.CharField(
        label=_("议程"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    minutes = forms.CharField(
        label=_("纪要"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    representatives_present = forms.IntegerField(
        label=_("妇女代表到会人数"),
        required=False,
        min_value=0,
        initial=0,
        error_messages={
            "invalid": _("妇女代表到会人数应为整数"),
            "min_value": _("妇女代表到会人数不能为负数"),
        },
        help_text=_("邀请妇女代表参加并评议执委履职（CQ-BZ 第三条）"),
    )


def attendance_field_name(person_id) -> str:
    return f"att_{person_id}"


class AttendanceForm(forms.Form):
    """One radio group per committee member (present / excused / absent without excuse);
    left empty means not recorded."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        choices = [("", _("未记录")), *AttendanceStatus.choices]
        for row in self.rows:
            name = attendance_field_name(row.person.pk)
            self.fields[name] = forms.ChoiceField(
                label=row.person.name,
                choices=choices,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"invalid_choice": _("出席情况只能是出席、请假或无故缺席")},
            )

    def bound_rows(self):
        return [(row, self[attendance_field_name(row.person.pk)]) for row in self.rows]

    def statuses(self) -> dict[int, str]:
        return {
            row.person.pk: self.cleaned_data[attendance_field_name(row.person.pk)]
            for row in self.rows
            if self.cleaned_data.get(attendance_field_name(row.person.pk))
        }


class OralReportForm(forms.Form):
    person = forms.ChoiceField(label=_("述职执委"), error_messages={"required": _("请选择执委")})
    text = forms.CharField(
        label=_("述职要点"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = person_choices(people)
        self.fields["person"].error_messages["invalid_choice"] = _("请选择本次会议在任的执委")


class WrittenReportForm(forms.Form):
    person = forms.ChoiceField(label=_("执委"), error_messages={"required": _("请选择执委")})
    year = forms.IntegerField(label=_("年度"), error_messages=YEAR_ERRORS)
    meeting = forms.ChoiceField(label=_("述职会议"), required=False)
    text = forms.CharField(
        label=_("书面述职内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("可直接填写，或上传文件"),
    )
    file = forms.FileField(
        label=_("述职报告文件"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(REPORT_TYPES)}),
        help_text=_(".doc、.docx 或 .pdf"),
    )

    def __init__(self, *args, people=(), meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = person_choices(people, blank=len(people) != 1)
        self.fields["person"].error_messages["invalid_choice"] = _("请选择本组织的执委")
        self.fields["meeting"].choices = [("", _("不在会议上（提交日期为准）"))] + [
            (str(m.pk), f"{m.date:%Y-%m-%d} {m.title}") for m in meetings
        ]
        self.fields["meeting"].error_messages["invalid_choice"] = _("请选择本组织的执委会议")


def grade_field_name(person_id) -> str:
    return f"grade_{person_id}"


class EvaluationForm(forms.Form):
    """One evaluator grades several members at once (blank: not graded)."""

    evaluator_kind = forms.ChoiceField(
        label=_("评议人类别"),
        choices=EvaluatorKind.choices,
        initial=EvaluatorKind.REPRESENTATIVE,
        error_messages={"invalid_choice": _("请选择评议人类别")},
    )
    evaluator_name = forms.CharField(
        label=_("评议人姓名"), required=False, max_length=50, help_text=_("妇女代表可填写姓名")
    )
    evaluator = forms.ChoiceField(label=_("评议执委（执委互评时选择）"), required=False)

    def __init__(self, *args, members=(), grades=(), with_year=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        self.fields["evaluator"].choices = person_choices([m.person for m in self.members])
        self.fields["evaluator"].error_messages["invalid_choice"] = _("请选择本组织的执委")
        if with_year:
            self.fields["year"] = forms.IntegerField(
                label=_("年度"), initial=dt.date.today().year, error_messages=YEAR_ERRORS
            )
        choices = [("", "—"), *((g, g) for g in grades)]
        for member in self.members:
            self.fields[grade_field_name(member.person.pk)] = forms.ChoiceField(
                label=member.person.name,
                choices=choices,
                required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                error_messages={"invalid_choice": _("请选择评议等次")},
            )

    def grade_rows(self):
        return [(m, self[grade_field_name(m.person.pk)]) for m in self.members]

    def head_fields(self):
        names = ["evaluator_kind", "evaluator_name", "evaluator"]
        if "year" in self.fields:
            names.insert(0, "year")
        return [self[name] for name in names]

    def grades(self) -> dict[int, str]:
        return {
            m.person.pk: self.cleaned_data[grade_field_name(m.person.pk)]
            for m in self.members
            if self.cleaned_data.get(grade_field_name(m.person.pk))
        }


class YearResultForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(widget=forms.HiddenInput, error_messages=YEAR_ERRORS)
    grade = forms.ChoiceField(
        label=_("年度评议结果"), error_messages={"invalid_choice": _("请选择评议等次")}
    )

    def __init__(self, *args, grades=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [(g, g) for g in grades]


class ExcellentSelectForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(widget=forms.HiddenInput, error_messages=YEAR_ERRORS)
    is_excellent = forms.BooleanField(required=False, widget=forms.HiddenInput)


class IncentiveForm(forms.Form):
    person = forms.ChoiceField(label=_("优秀执委"), error_messages={"required": _("请选择执委")})
    year = forms.IntegerField(label=_("年度"), error_messages=YEAR_ERRORS)
    kind = forms.ChoiceField(
        label=_("激励方式"),
        choices=[("", _("请选择")), *IncentiveKind.choices],
        error_messages={"required": _("请选择激励方式"), "invalid_choice": _("请选择激励方式")},
    )
    amount = forms.CharField(
        label=_("补助金额（元）"), required=False, help_text=_("经费补助时填写（CQ-BZ 第五条）")
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=300)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = person_choices(people)
        self.fields["person"].error_messages["invalid_choice"] = _("请选择评为优秀执委的执委")


class TrainingAttendanceForm(forms.Form):
    """Who attended a training: the organization's committee members (``people``)."""

    attendees = forms.MultipleChoiceField(
        label=_("参训执委"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": _("只能选择本组织的执委")},
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [(str(p.pk), p.name) for p in people]


class TrainingForm(TrainingAttendanceForm):
    field_order = ["title", "date", "hours", "attendees"]

    title = forms.CharField(
        label=_("培训名称"), max_length=200, error_messages={"required": _("请填写培训名称")}
    )
    date = date_field(_("培训日期"))
    hours = forms.DecimalField(
        label=_("学时"),
        required=False,
        min_value=0,
        max_digits=4,
        decimal_places=1,
        error_messages={"invalid": _("学时应为数字")},
    )
