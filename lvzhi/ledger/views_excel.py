"""Excel import of a community's ledger (upload → preview with each row's errors →
confirm, all rows or none; the bytes wait in ``lvzhi.core.staged_uploads``) and the list's
export (masks only, audited, each exported entry in the read log)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core.exports import xlsx_response
from lvzhi.core.services import audit
from lvzhi.core.staged_uploads import StagedUpload, preview_page, workbook_download
from lvzhi.orgs.selectors import get_organization

from . import excel, services, services_privacy
from .models import ReadKind

STAGED = StagedUpload("lvzhi_ledger_import", "ledger-imports")


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("妇女信息台账（.xlsx）"))


@login_required
def import_upload(request, org_pk):
    org = get_organization(request.user, org_pk, "import")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        preview = excel.parse(form.cleaned_data["file"], actor=request.user, organization=org)
        return STAGED.stage(request, "ledger/import_preview.html", preview, org=org)
    return render(
        request,
        "ledger/import_upload.html",
        {"form": form, "org": org},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def import_template(request, org_pk):
    get_organization(request.user, org_pk, "import")
    return workbook_download(excel.build_template(), "妇女信息台账导入模板.xlsx")


@login_required
@require_POST
def import_confirm(request, org_pk):
    org = get_organization(request.user, org_pk, "import")
    staged = STAGED.take(request)
    if staged is None or staged[1].get("org") != org.pk:
        messages.error(request, _("导入已失效，请重新上传"))
        return redirect("ledger:import", org_pk=org.pk)
    preview = excel.parse(staged[0], actor=request.user, organization=org)
    STAGED.forget(request)
    created = None
    if preview.ok:
        try:
            created = services.entry_import(
                actor=request.user,
                organization=org,
                rows=[(row.number, row.fields) for row in preview.rows],
            )
        except services.ImportRefused as exc:
            by_number = {row.number: row for row in preview.rows}
            for number, errors in exc.row_errors.items():
                by_number[number].errors.update({k: "；".join(v) for k, v in errors.items()})
    if created is None:
        return preview_page(request, "ledger/import_preview.html", preview, org=org, status=409)
    messages.success(request, _("导入完成：登记 %(n)d 人") % {"n": len(created)})
    return redirect(reverse("ledger:list") + f"?organization={org.pk}")


def export(request, rows, organization=None):
    """The list as Excel: masks only (``excel.export_columns``), one audit event naming the
    filters and the count, and a read-log line per exported entry — recorded when the file
    is written (here, or by the background job a large export is handed to), not when the
    request only starts that job."""
    user = request.user
    response = xlsx_response(rows, excel.export_columns(user), filename=_("妇女信息台账"))
    if response.status_code in (301, 302):
        return response
    audit(
        actor=user,
        action="export",
        obj=organization or user,
        organization=organization,
        changes={"rows": [None, rows.count()], "query": [None, request.GET.urlencode()[:200]]},
    )
    services_privacy.record_reads(
        actor=user,
        entries=rows.values_list("pk", "org_path").iterator(chunk_size=2000),
        kind=ReadKind.EXPORT,
        purpose=_("导出台账"),
    )
    return response
