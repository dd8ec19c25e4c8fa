"""Importing a 四新 list from Excel: upload → preview (each row's verdict, or every
row's errors and no confirm button) → confirm, which writes all rows or none.

Between preview and confirm the bytes wait in the default storage under a random token
kept in the session with their SHA-256, and are parsed again on confirm."""

import hashlib
import re
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.scopes import scope_for
from lvzhi.orgs.selectors import get_organization

from . import excel, selectors, services
from .forms import ImportUploadForm, RegisterChoiceForm
from .views import XLSX

SESSION_KEY = "lvzhi_sixin_import"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _require_import(user) -> None:
    if scope_for(user, "import").empty:
        raise Http404(_("页面不存在"))


def _path(user, token: str) -> str:
    return f"sixin-imports/{user.pk}/{token}.xlsx"


def _forget(request) -> None:
    state = request.session.pop(SESSION_KEY, None)
    if state and _TOKEN.match(state.get("token", "")):
        path = _path(request.user, state["token"])
        if default_storage.exists(path):
            default_storage.delete(path)


@login_required
def upload(request):
    _require_import(request.user)
    registers = selectors.register_organizations(request.user, "import")
    choice = RegisterChoiceForm(request.POST or None, queryset=registers)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and choice.is_valid() and form.is_valid():
        org = choice.cleaned_data["organization"]
        _forget(request)
        preview = excel.parse(form.cleaned_data["file"], actor=request.user, organization=org)
        token = None
        if preview.ok:
            token = secrets.token_hex(16)
            default_storage.save(_path(request.user, token), ContentFile(preview.content))
            request.session[SESSION_KEY] = {
                "token": token,
                "sha256": preview.digest,
                "org": org.pk,
            }
        return render(
            request,
            "grassroots/import_preview.html",
            {"preview": preview, "token": token, "org": org},
            status=200 if preview.ok else 400,
        )
    return render(
        request,
        "grassroots/import_upload.html",
        {"form": form, "choice": choice},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def template(request):
    _require_import(request.user)
    response = HttpResponse(excel.build_template(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "四新组织导入模板.xlsx")
    return response


@login_required
@require_POST
def confirm(request):
    _require_import(request.user)
    state = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    if not _TOKEN.match(token) or token != state.get("token"):
        messages.error(request, _("导入已失效，请重新上传"))
        return redirect("grassroots:import")
    try:
        with default_storage.open(_path(request.user, token), "rb") as stored:
            content = stored.read()
    except OSError:
        content = b""
    org = get_organization(request.user, state.get("org") or 0, "import")
    if hashlib.sha256(content).hexdigest() != state.get("sha256"):
        _forget(request)
        messages.error(request, _("导入已失效，请重新上传"))
        return redirect("grassroots:import")
    preview = excel.parse(content, actor=request.user, organization=org)
    _forget(request)
    if not preview.ok:
        return render(
            request,
            "grassroots/import_preview.html",
            {"preview": preview, "token": None, "org": org},
            status=409,
        )
    created = services.sixin_import(
        actor=request.user,
        organization=org,
        rows=[dict(row.fields) for row in preview.rows],
    )
    messages.success(request, _("导入完成：登记四新组织 %(n)d 个") % {"n": len(created)})
    return redirect(reverse("grassroots:sixin-list") + f"?org={org.pk}")
