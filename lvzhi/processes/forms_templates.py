"""Forms of the template pages. They check shapes only (choices, integers); the services
apply the rules (department of the template's organization or above, publishable steps)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import Role
from lvzhi.orgs.models import Department

from .models import ActorKind, StepKind
from .rules import MAX_WORKDAYS, STEPLEN

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
NUMBER = {"class": "form-control", "min": 0, "max": MAX_WORKDAYS}
CHECK = {"class": "form-check-input"}


def department_choices(organization) -> list[tuple[str, str]]:
    """Departments of ``organization`` and of the organizations above it (a village's
    step can be routed to the district's 家儿部), nearest organization first."""
    paths = [organization.path[:i] for i in range(STEPLEN, len(organization.path) + 1, STEPLEN)]
    departments = (
        Department.objects.filter(org_path__in=paths)
        .select_related("organization")
        .order_by("-org_path", "sort_order", "id")
    )
    return [
        (
            str(d.pk),
            d.name
            if d.org_path == organization.path
            else f"{d.name}（{d.organization.short_name or d.organization.name}）",
        )
        for d in departments
    ]


def role_names() -> dict[str, str]:
    return dict(Role.objects.order_by("id").values_list("code", "name"))


def documents_text(documents: list[dict]) -> str:
    """A step's document slots as the text of the form: one per line, optional ones
    marked "（可选）" (the services read the same notation back)."""
    return "\n".join(
        f"依据：{d['name']}"
        if d.get("reference")
        else d["name"]
        if d.get("required", True)
        else f"{d['name']}（可选）"
        for d in documents or []
    )


class StepForm(forms.Form):
    name = forms.CharField(label=_("环节名称"), max_length=300, widget=forms.TextInput(TEXT))
    kind = forms.ChoiceField(
        label=_("环节类型"), choices=StepKind.choices, widget=forms.Select(SELECT)
    )
    actor_kind = forms.ChoiceField(
        label=_("办理主体"), choices=ActorKind.choices, widget=forms.Select(SELECT)
    )
    department = forms.ChoiceField(
        label=_("办理部门"),
        required=False,
        widget=forms.Select(SELECT),
        help_text=_("不选：由模板的承办部门办理"),
    )
    role_code = forms.ChoiceField(
        label=_("办理角色"),
        required=False,
        widget=forms.Select(SELECT),
        help_text=_("办理主体为本组织或上级组织角色时填写"),
    )
    levels_up = forms.IntegerField(
        label=_("上溯层级"),
        min_value=1,
        max_value=5,
        initial=1,
        widget=forms.NumberInput({**TEXT, "min": 1, "max": 5}),
        help_text=_("上级组织角色：1 为上一级组织，2 为再上一级"),
    )
    duration_workdays = forms.IntegerField(
        label=_("办理时限（工作日）"),
        min_value=1,
        max_value=MAX_WORKDAYS,
        initial=5,
        widget=forms.NumberInput(NUMBER),
    )
    notice_workdays = forms.IntegerField(
        label=_("公示期（工作日）"),
        min_value=0,
        max_value=MAX_WORKDAYS,
        initial=0,
        widget=forms.NumberInput(NUMBER),
    )
    documents = forms.CharField(
        label=_("所需材料"),
        required=False,
        widget=forms.Textarea({**TEXT, "rows": 4}),
        help_text=_(
            "每行一项；可选材料在名称后加“（可选）”；依据（法规、上级文件，无需上传）以“依据：”开头"
        ),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("（模板的承办部门）"))] + department_choices(
            organization
        )
        self.fields["role_code"].choices = [("", "—")] + list(role_names().items())

    @classmethod
    def initial_of(cls, step) -> dict:
        return {
            "name": step.name,
            "kind": step.kind,
            "actor_kind": step.actor_kind,
            "department": str(step.department_id or ""),
            "role_code": step.role_code,
            "levels_up": step.levels_up,
            "duration_workdays": step.duration_workdays,
            "notice_workdays": step.notice_workdays,
            "documents": documents_text(step.documents),
        }

    def service_fields(self) -> dict:
        """The cleaned values as the services take them."""
        data = dict(self.cleaned_data)
        data["department"] = data["department"] or None
        return data


class StepAddForm(StepForm):
    after = forms.ChoiceField(label=_("插入位置"), required=False, widget=forms.Select(SELECT))

    def __init__(self, *args, organization, steps, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["after"].choices = [("", _("末尾")), ("0", _("最前面"))] + [
            (
                str(step.order),
                _("第%(n)d个环节“%(name)s”之后") % {"n": step.order, "name": step.name},
            )
            for step in steps
        ]

    def service_fields(self) -> dict:
        data = super().service_fields()
        after = data.pop("after", "")
        data["after"] = int(after) if after not in (None, "") else None
        return data


class StepSplitForm(forms.Form):
    first_name = forms.CharField(
        label=_("前一环节名称"), max_length=300, widget=forms.TextInput(TEXT)
    )
    second_name = forms.CharField(
        label=_("后一环节名称"), max_length=300, widget=forms.TextInput(TEXT)
    )


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("流程名称"), max_length=300, widget=forms.TextInput(TEXT))
    department = forms.ChoiceField(label=_("承办部门"), required=False, widget=forms.Select(SELECT))
    recurring = forms.BooleanField(
        label=_("每年办理"),
        required=False,
        widget=forms.CheckboxInput(CHECK),
        help_text=_("年度计划为每年生成一件"),
    )
    is_public = forms.BooleanField(
        label=_("公开办理进度"),
        required=False,
        widget=forms.CheckboxInput(CHECK),
        help_text=_("公众页面显示办件所处环节（不含个人信息）"),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("（未指定）"))] + department_choices(
            organization
        )

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["department"] = data["department"] or None
        return data


class TemplateSettingsForm(TemplateForm):
    is_active = forms.BooleanField(
        label=_("在用"),
        required=False,
        widget=forms.CheckboxInput(CHECK),
        help_text=_("停用后不能再发起新的办件"),
    )

    @classmethod
    def initial_of(cls, template) -> dict:
        return {
            "name": template.name,
            "department": str(template.department_id or ""),
            "recurring": template.recurring,
            "is_public": template.is_public,
            "is_active": template.is_active,
        }
