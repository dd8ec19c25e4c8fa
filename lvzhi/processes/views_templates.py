"""Template pages: the templates of an organization, the review of a derived draft beside
the published version, step edits, settings, publishing and new drafts.

Thin: reads via selectors (every read starts from ``restrict``; out of scope is 404),
writes via services (a ValidationError becomes messages in Chinese on the page)."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core.exports import wants_xlsx, xlsx_response
from lvzhi.core.forms import errors_to_form, joined_messages
from lvzhi.core.scopes import scope_for
from lvzhi.core.selectors import current_organization
from lvzhi.orgs.selectors import get_organization

from . import selectors, services
from .forms_templates import (
    StepAddForm,
    StepForm,
    StepSplitForm,
    TemplateForm,
    TemplateSettingsForm,
    role_names,
)
from .list_exports import TEMPLATE_COLUMNS
from .models import ActorKind, StepDefinition, VersionStatus

METHOD_LABELS = {
    "arrows": gettext_lazy("箭头"),
    "clauses": gettext_lazy("分句"),
    "sentences": gettext_lazy("分段"),
    "single": gettext_lazy("单一环节"),
    "manual": gettext_lazy("手工"),
}


def service_message(request, call, success: str | None = None) -> None:
    """Run ``call()`` (a service, for a POST-only action) and say how it went on the next
    page: ``success``, or the service's ValidationError messages on one line."""
    try:
        call()
    except ValidationError as exc:
        messages.error(request, joined_messages(exc))
    else:
        if success:
            messages.success(request, success)


def _can_change(user, organization) -> bool:
    return scope_for(user, "change").covers(organization.path)


def _detail_url(template_pk, step_pk=None) -> str:
    url = reverse("processes:template", args=[template_pk])
    return f"{url}#step-{step_pk}" if step_pk else url


def _step(user, pk) -> StepDefinition:
    """A step definition the user may change (404 otherwise)."""
    return get_object_or_404(
        StepDefinition.objects.restrict(user, "change").select_related(
            "version__template__organization", "version__template__department"
        ),
        pk=pk,
    )


def _number_key(number: str) -> tuple:
    parts = [int(p) for p in re.findall(r"\d+", number or "")]
    return (not parts, parts, number or "")


def actor_label(step, template, roles: dict[str, str]) -> str:
    """Who acts on a step, in words: "宣传部", "上1级组织 · 妇联干部", "党组织审批人"."""
    if step.actor_kind == ActorKind.DEPARTMENT:
        department = step.department or template.department
        return department.name if department else _("部门（未指定）")
    if step.actor_kind == ActorKind.PARTY:
        return _("党组织审批人")
    role = roles.get(step.role_code) or _("（未选角色）")
    if step.actor_kind == ActorKind.PARENT_ROLE:
        return _("上%(n)d级组织 · %(role)s") % {"n": step.levels_up, "role": role}
    return _("本组织 · %(role)s") % {"role": role}


def _version_view(version, template, roles):
    if version is None:
        return None
    steps = selectors.version_steps(version)
    for step in steps:
        step.actor_label = actor_label(step, template, roles)
    version.method_label = METHOD_LABELS.get(version.method, version.method or "—")
    version.step_list = steps
    return version


# 列表与新建 -------------------------------------------------------------------


@login_required
def template_list(request):
    org_pk = request.GET.get("org", "")
    if org_pk:
        if not org_pk.isdigit():
            raise Http404
        org = get_organization(request.user, org_pk)
    else:
        org = current_organization(request)
    templates = []
    if org is not None:
        templates = sorted(
            selectors.templates_of(request.user, org).annotate(
                published_number=Max(
                    "versions__number", filter=Q(versions__status=VersionStatus.PUBLISHED)
                ),
                draft_number=Max(
                    "versions__number", filter=Q(versions__status=VersionStatus.DRAFT)
                ),
            ),
            key=lambda t: (_number_key(t.item_number), t.pk),
        )
    if wants_xlsx(request):
        return xlsx_response(templates, TEMPLATE_COLUMNS, filename=_("流程模板"))
    return render(
        request,
        "processes/template_list.html",
        {
            "org": org,
            "templates": templates,
            "can_change": org is not None and _can_change(request.user, org),
        },
    )


@login_required
def template_new(request):
    org_pk = request.GET.get("org", "")
    if org_pk:
        if not org_pk.isdigit():
            raise Http404
        org = get_organization(request.user, org_pk, "change")
    else:
        org = current_organization(request)
        if org is None or not _can_change(request.user, org):
            raise Http404
    form = TemplateForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.template_create(
                actor=request.user, organization=org, **form.service_fields()
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("已新建流程模板，请补充环节后发布"))
            return redirect("processes:template", pk=template.pk)
    return render(
        request, "processes/template_form.html", {"form": form, "org": org, "template": None}
    )


# 模板审核页 -------------------------------------------------------------------


@login_required
def template_detail(request, pk):
    template = selectors.get_template(request.user, pk)
    versions = {
        v.status: v
        for v in template.versions.filter(
            status__in=[VersionStatus.DRAFT, VersionStatus.PUBLISHED]
        ).select_related("published_by")
    }
    roles = role_names()
    draft = _version_view(versions.get(VersionStatus.DRAFT), template, roles)
    published = _version_view(versions.get(VersionStatus.PUBLISHED), template, roles)
    can_change = _can_change(request.user, template.organization)
    current = current_organization(request)
    return render(
        request,
        "processes/template_detail.html",
        {
            "template": template,
            # a published template can be started at the current organization (its own or
            # one below it) by a user who may create there
            "can_start": bool(
                published
                and template.is_active
                and current is not None
                and current.path.startswith(template.org_path)
                and scope_for(request.user, "create").covers(current.path)
            ),
            "org": template.organization,
            "draft": draft,
            "published": published,
            "source_text": (draft or published).source_text if (draft or published) else "",
            "can_change": can_change,
            "publish_errors": services.publish_errors(draft) if draft and can_change else [],
            "add_form": StepAddForm(
                organization=template.organization, steps=draft.step_list if draft else []
            )
            if draft and can_change
            else None,
        },
    )


@login_required
def template_settings(request, pk):
    template = selectors.get_template(request.user, pk, "change")
    form = TemplateSettingsForm(
        request.POST or None,
        initial=TemplateSettingsForm.initial_of(template),
        organization=template.organization,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.template_update(actor=request.user, template=template, **form.service_fields())
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("已保存模板设置"))
            return redirect("processes:template", pk=template.pk)
    return render(
        request,
        "processes/template_form.html",
        {"form": form, "org": template.organization, "template": template},
    )


@login_required
@require_POST
def template_new_draft(request, pk):
    template = selectors.get_template(request.user, pk, "change")
    service_message(
        request,
        lambda: services.version_new_draft(actor=request.user, template=template),
        _("已新建草稿版本，修改后请重新发布"),
    )
    return redirect("processes:template", pk=template.pk)


@login_required
@require_POST
def version_publish(request, pk):
    version = selectors.get_template_version(request.user, pk, "change")
    try:
        services.version_publish(actor=request.user, version=version)
    except ValidationError as exc:
        messages.error(request, _("未能发布：%(errors)s") % {"errors": _("；").join(exc.messages)})
    else:
        messages.success(
            request, _("已发布第%(number)d版，新办件将按此版本办理") % {"number": version.number}
        )
    return redirect("processes:template", pk=version.template_id)


# 环节 -------------------------------------------------------------------------


def _draft_step_page(request, version, make_form, save, success, page, step=None):
    """A step form of a draft version (the add, edit and split pages): a version that is
    no longer a draft sends the user back with a message; a valid POST calls ``save(form)``
    (a service; its ValidationError goes on the form) and returns to the step with the
    message ``success(saved)``."""
    if version.status != VersionStatus.DRAFT:
        messages.error(request, _("只有草稿版本可以修改，请先新建草稿"))
        return redirect("processes:template", pk=version.template_id)
    form = make_form()
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, success(saved))
            return redirect(_detail_url(version.template_id, (step or saved).pk))
    context = {"form": form, "template": version.template, "version": version, "step": step}
    return render(request, page, context)


@login_required
def step_add(request, pk):
    version = selectors.get_template_version(request.user, pk, "change")
    return _draft_step_page(
        request,
        version,
        lambda: StepAddForm(
            request.POST or None,
            organization=version.template.organization,
            steps=selectors.version_steps(version),
            initial={"kind": "action", "actor_kind": "department", "duration_workdays": 5},
        ),
        lambda form: services.step_add(
            actor=request.user, version=version, **form.service_fields()
        ),
        lambda step: _("已添加环节“%(name)s”") % {"name": step.name},
        "processes/template_step_form.html",
    )


@login_required
def step_edit(request, step_pk):
    step = _step(request.user, step_pk)
    organization = step.version.template.organization
    return _draft_step_page(
        request,
        step.version,
        lambda: StepForm(
            request.POST or None, initial=StepForm.initial_of(step), organization=organization
        ),
        lambda form: services.step_update(actor=request.user, step=step, **form.service_fields()),
        lambda saved: _("已保存环节“%(name)s”") % {"name": saved.name},
        "processes/template_step_form.html",
        step=step,
    )


@login_required
def step_split(request, step_pk):
    step = _step(request.user, step_pk)
    return _draft_step_page(
        request,
        step.version,
        lambda: StepSplitForm(request.POST or None, initial={"first_name": step.name}),
        lambda form: services.step_split(actor=request.user, step=step, **form.cleaned_data),
        lambda saved: _("已拆分为两个环节"),
        "processes/template_split.html",
        step=step,
    )


@login_required
@require_POST
def step_move(request, step_pk):
    step = _step(request.user, step_pk)
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        messages.error(request, _("移动方向无效"))
    else:
        service_message(
            request, lambda: services.step_move(actor=request.user, step=step, direction=direction)
        )
    return redirect(_detail_url(step.version.template_id, step.pk))


@login_required
@require_POST
def step_merge(request, step_pk):
    step = _step(request.user, step_pk)
    service_message(
        request,
        lambda: services.step_merge_next(actor=request.user, step=step),
        _("已与下一环节合并"),
    )
    return redirect(_detail_url(step.version.template_id, step.pk))


@login_required
@require_POST
def step_delete(request, step_pk):
    step = _step(request.user, step_pk)
    service_message(
        request,
        lambda: services.step_delete(actor=request.user, step=step),
        _("已删除环节“%(name)s”") % {"name": step.name},
    )
    return redirect("processes:template", pk=step.version.template_id)
