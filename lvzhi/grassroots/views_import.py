"""Importing a 四新 list from Excel: upload → preview (each row's verdict, or every
row's errors and no confirm button) → confirm, which writes all rows or none.

Between preview and confirm the bytes wait in ``lvzhi.core.staged_uploads`` and are
parsed again on confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.scopes import scope_for
from lvzhi.core.staged_uploads import StagedUpload, preview_page, workbook_download
from lvzhi.orgs.selectors import get_organization

from . import excel, selectors, services
from .forms import ImportUploadForm, RegisterChoiceForm

STAGED = StagedUpload("lvzhi_sixin_import", "sixin-imports")


def _require_import(user) -> None:
    if scope_for(user, "import").empty:
        raise Http404(_("页面不存在"))


@login_required
def upload(request):
    _require_import(request.user)
    registers = selectors.register_organizations(request.user, "import")
    choice = RegisterChoiceForm(request.POST or None, queryset=registers)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and choice.is_valid() and form.is_valid():
        org = choice.cleaned_data["organization"]
        preview = excel.parse(form.cleaned_data["file"], actor=request.user, organization=org)
        return STAGED.stage(request, "grassroots/import_preview.html", preview, org=org)
    return render(
        request,
        "grassroots/import_upload.html",
        {"form": form, "choice": choice},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def template(request):
    _require_import(request.user)
    return workbook_download(excel.build_template(), "四新组织导入模板.xlsx")


@login_required
@require_POST
def confirm(request):
    _require_import(request.user)
    staged = STAGED.take(request)
    if staged is None:
        messages.error(request, _("导入已失效，请重新上传"))
        return redirect("grassroots:import")
    content, state = staged
    org = get_organization(request.user, state.get("org") or 0, "import")
    preview = excel.parse(content, actor=request.user, organization=org)
    STAGED.forget(request)
    if not preview.ok:
        return preview_page(request, "grassroots/import_preview.html", preview, org=org, status=409)
    created = services.sixin_import(
        actor=request.user,
        organization=org,
        rows=[dict(row.fields) for row in preview.rows],
    )
    messages.success(request, _("导入完成：登记四新组织 %(n)d 个") % {"n": len(created)})
    return redirect(reverse("grassroots:sixin-list") + f"?org={org.pk}")
