"""Forms of the case pages. They check shapes only; services apply the rules (documents,
file types and sizes, reasons), so their Chinese messages show in the form."""

from django import forms
from django.utils.translation import gettext_lazy

from . import selectors
from .models import CaseStatus


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.Field):
    """Several files in one input; each is checked (type, size, content) by the service."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, data):
        if not data:
            return []
        if isinstance(data, (list, tuple)):
            return [f for f in data if f]
        return [data]

    def bound_data(self, data, initial):
        return initial


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        full = obj.get_full_name()
        return f"{full}（{obj.get_username()}）" if full else obj.get_username()


def _assignee_field(users):
    return UserChoiceField(
        label=gettext_lazy("负责人"),
        queryset=users,
        required=False,
        empty_label=gettext_lazy("（不指定）"),
    )


class CaseStartForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("办件名称"), max_length=300, required=False)
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    assignee = forms.ModelChoiceField(queryset=None)
    is_public = forms.BooleanField(
        label=gettext_lazy("公开办理进度"),
        required=False,
        help_text=gettext_lazy("公众页面显示办件所处环节（不含个人信息）"),
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"] = _assignee_field(users)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"] = _assignee_field(users)


class ReasonForm(forms.Form):
    """Cancel or reopen: the service refuses an empty reason with its own message."""

    reason = forms.CharField(
        label=gettext_lazy("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def _slot_choices(step) -> list[tuple[str, str]]:
    choices = []
    for slot in step.documents or []:
        if slot.get("reference"):
            continue  # 依据: read, never uploaded
        mark = gettext_lazy("必需") if slot.get("required", True) else gettext_lazy("可选")
        choices.append((slot["name"], f"{slot['name']}（{mark}）"))
    choices.append(("", gettext_lazy("其他材料")))
    return choices


class UploadForm(forms.Form):
    """Upload documents to the current step before completing it: one slot, several files."""

    slot = forms.ChoiceField(label=gettext_lazy("材料"), required=False)
    files = MultipleFileField(label=gettext_lazy("文件（可多选）"))

    def __init__(self, *args, step, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = _slot_choices(step)

    def uploads(self) -> list[tuple[str, object]]:
        slot = self.cleaned_data.get("slot", "")
        return [(slot, f) for f in self.cleaned_data.get("files", [])]


class TransitionForm(forms.Form):
    """Complete, approve or return the current step: a comment (the reason of a return),
    files for each document slot not uploaded yet, and the step's revision as the page
    showed it (a stale page gets the conflict message)."""

    ACTIONS = (("complete", "complete"), ("approve", "approve"), ("return", "return"))

    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=gettext_lazy("办理意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    other_files = MultipleFileField(label=gettext_lazy("其他材料"))

    def __init__(self, *args, step, attached_slots=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("revision", step.revision)
        super().__init__(*args, **kwargs)
        self.slot_fields = []
        for index, slot in enumerate(step.documents or []):
            if slot["name"] in attached_slots or slot.get("reference"):
                continue
            name = f"doc_{index}"
            mark = gettext_lazy("必需") if slot.get("required", True) else gettext_lazy("可选")
            self.fields[name] = MultipleFileField(label=f"{slot['name']}（{mark}）")
            self.slot_fields.append((name, slot["name"]))
        if step.kind == "review":
            self.fields["comment"].label = gettext_lazy("审核意见（退回时必填）")

    def slot_inputs(self):
        return [self[name] for name, _slot in self.slot_fields]

    def uploads(self) -> list[tuple[str, object]]:
        files = []
        for name, slot in self.slot_fields:
            files.extend((slot, f) for f in self.cleaned_data.get(name, []))
        files.extend(("", f) for f in self.cleaned_data.get("other_files", []))
        return files


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[("", gettext_lazy("全部状态")), *CaseStatus.choices],
    )
    overdue = forms.BooleanField(label=gettext_lazy("只看逾期"), required=False)
    department = forms.TypedChoiceField(
        label=gettext_lazy("部门"), required=False, coerce=int, empty_value=None
    )
    year = forms.IntegerField(
        label=gettext_lazy("年度"), required=False, min_value=2000, max_value=2100
    )
    q = forms.CharField(label=gettext_lazy("名称或事项序号"), required=False, max_length=100)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [
            ("", gettext_lazy("全部部门")),
            *[(d.pk, f"{d.organization.name} · {d.name}") for d in departments],
        ]

    def values(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data.get("status") or "",
            "overdue": bool(data.get("overdue")),
            "department": data.get("department"),
            "year": data.get("year"),
            "query": (data.get("q") or "").strip(),
        }


class YearPlanForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)


def assignee_choices(organization, limit: int = 500):
    """The assignee select of the case pages: ``selectors.assignable_users`` (the same rule
    the API checks), at most ``limit`` of them so the select stays usable."""
    users = selectors.assignable_users(organization)
    ids = list(users.values_list("pk", flat=True)[:limit])
    return users.filter(pk__in=ids)
