"""Pages for importing an Excel roster: upload → preview (every error, or a confirm button)
→ confirm. Thin: parsing, checking and writing live in :mod:`lvzhi.orgs.roster`.

Between preview and confirm the uploaded bytes wait in ``lvzhi.core.staged_uploads`` and
are parsed again on confirm. A roster of more than ``LVZHI_ROSTER_ASYNC_ROWS`` rows is
then written by a background job (``lvzhi.orgs.tasks``) whose page the confirm redirects to.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core.scopes import OutOfScope
from lvzhi.core.staged_uploads import StagedUpload, workbook_download

from . import roster

STAGED = StagedUpload("lvzhi_roster_import", "roster-imports")


class RosterUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("名册文件（.xlsx）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("文件超过 %(mb)s MB 上限，请拆分后分批导入")
                % {"mb": f"{settings.IMPORT_MAX_BYTES / 1024 / 1024:g}"}
            )
        return upload


def _require_import(user) -> None:
    if not roster.can_import(user):
        raise Http404(_("页面不存在"))


def _preview_page(request, preview, token=None, status=200):
    return render(
        request,
        "orgs/import_preview.html",
        {
            "preview": preview,
            "token": token,
            "sheets": preview.sheets,
            "max_mb": f"{settings.IMPORT_MAX_BYTES / 1024 / 1024:g}",
            "in_background": preview.total > settings.LVZHI_ROSTER_ASYNC_ROWS > 0,
        },
        status=status,
    )


@login_required
def upload(request):
    _require_import(request.user)
    posted = request.method == "POST"
    form = RosterUploadForm(request.POST, request.FILES) if posted else RosterUploadForm()
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        STAGED.forget(request)
        preview = roster.parse_roster(upload, actor=request.user, file_name=upload.name)
        token = None
        if preview.ok:
            token = STAGED.keep(request, preview.content, preview.digest, name=preview.file_name)
        return _preview_page(request, preview, token)
    return render(
        request,
        "orgs/import_upload.html",
        {
            "form": form,
            "max_mb": f"{settings.IMPORT_MAX_BYTES / 1024 / 1024:g}",
        },
    )


@login_required
def template(request):
    _require_import(request.user)
    return workbook_download(roster.build_template(), "名册导入模板.xlsx")


@login_required
@require_POST
def confirm(request):
    _require_import(request.user)
    staged = STAGED.take(request)
    if staged is None:
        messages.error(request, _("导入已失效，请重新上传名册"))
        return redirect("orgs_import:upload")
    content, state = staged
    preview = roster.parse_roster(content, actor=request.user, file_name=state.get("name", ""))
    if preview.ok and preview.total > settings.LVZHI_ROSTER_ASYNC_ROWS > 0:
        # a large roster is written by a background job: its page shows the progress
        from .tasks import start_roster_job

        job = start_roster_job(request.user, content, preview)
        STAGED.forget(request)
        return redirect("jobs:detail", job.pk)
    try:
        result = roster.roster_apply(actor=request.user, preview=preview)
    except roster.RosterRejected as exc:
        STAGED.forget(request)
        preview.errors = exc.errors
        return _preview_page(request, preview, status=409)
    except OutOfScope:
        STAGED.forget(request)
        raise
    STAGED.forget(request)
    messages.success(
        request,
        _("导入完成：新建组织 %(organizations)d 个，人员 %(people)d 人，职务 %(positions)d 条")
        % result.counts,
    )
    return redirect("orgs_import:upload")
