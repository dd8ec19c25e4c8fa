"""Pages of the duty catalog: cadres import and review; the public reads the published
catalogs. Thin: reads via selectors, writes via services. The pages that show or start
process work (the version page, the public item page, publishing) are processes' views in
lvzhi.processes.views_catalog, routed under the same names from lvzhi/urls.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.forms import error_messages, joined_messages
from lvzhi.core.scopes import scope_for
from lvzhi.core.selectors import current_organization
from lvzhi.orgs.selectors import get_organization

from . import selectors, services
from .forms import CatalogUploadForm, DutyItemForm


def can(user, action, org) -> bool:
    return scope_for(user, action).covers(org.path)


# 干部 -----------------------------------------------------------------------


@login_required
def home(request):
    org = current_organization(request)
    if org is None:
        return redirect("catalog:public")
    return redirect("catalog:org", org_pk=org.pk)


@login_required
def org_catalogs(request, org_pk):
    org = get_organization(request.user, org_pk)
    return render(
        request,
        "catalog/org.html",
        {
            "org": org,
            "catalogs": list(selectors.catalogs_of(request.user, org)),
            "can_import": can(request.user, "import", org),
            "can_change": can(request.user, "change", org),
        },
    )


def excel_template(request):
    """The Excel template of a catalog: one row per duty item (public, it holds no data)."""
    from .excel import build_catalog_template

    response = HttpResponse(
        build_catalog_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        "attachment; filename=catalog-template.xlsx; "
        "filename*=UTF-8''%E8%81%8C%E8%B4%A3%E7%9B%AE%E5%BD%95%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


@login_required
def upload(request, org_pk):
    org = get_organization(request.user, org_pk, "import")
    form = CatalogUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        if upload_file.size > settings.LVZHI_CATALOG_ASYNC_BYTES > 0:
            # a large file is parsed and imported by a background job: its page shows the
            # progress and links to the draft when done
            from .tasks import start_import_job

            job = start_import_job(request.user, org, upload_file.read(), upload_file.name)
            return redirect("jobs:detail", job.pk)
        try:
            version = services.catalog_import(
                actor=request.user,
                organization=org,
                data=upload_file.read(),
                filename=upload_file.name,
            )
        except ValidationError as exc:
            form.add_error("file", error_messages(exc))
        else:
            messages.success(request, _("已导入为草稿，请核对问题清单后发布"))
            return redirect("catalog:version", pk=version.pk)
    background_kb = settings.LVZHI_CATALOG_ASYNC_BYTES // 1024
    return render(
        request, "catalog/upload.html", {"form": form, "org": org, "background_kb": background_kb}
    )


@login_required
@require_POST
def finding_decide(request, pk):
    finding = selectors.get_finding(request.user, pk, "change")
    accept = request.POST.get("accept") == "1"
    try:
        services.finding_decide(actor=request.user, finding=finding, accept=accept)
    except ValidationError as exc:
        messages.error(request, joined_messages(exc))
    else:
        messages.success(request, _("已接受修复") if accept else _("已拒绝修复，保留原文"))
    return redirect(reverse("catalog:version", args=[finding.version_id]) + "#findings")


@login_required
@require_POST
def new_draft(request, pk):
    catalog = selectors.get_catalog(request.user, pk, "change")
    try:
        draft = services.version_new_draft(actor=request.user, catalog=catalog)
    except ValidationError as exc:
        messages.error(request, joined_messages(exc))
        return redirect("catalog:org", org_pk=catalog.organization_id)
    messages.success(request, _("已新建草稿版本"))
    return redirect("catalog:version", pk=draft.pk)


@login_required
def item_edit(request, pk):
    item = selectors.get_item(request.user, pk, "change")
    if not item.version.is_draft:
        raise Http404
    form = DutyItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        fresh = selectors.get_item(request.user, pk, "change")
        try:
            services.item_update(actor=request.user, item=fresh, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_messages(exc))
        else:
            messages.success(request, _("已保存"))
            return redirect(reverse("catalog:version", args=[item.version_id]) + f"#item-{pk}")
    return render(
        request,
        "catalog/item_edit.html",
        {"form": form, "item": item, "org": item.version.catalog.organization},
    )


# 公开 -----------------------------------------------------------------------


def public_list(request):
    return render(
        request, "catalog/public_list.html", {"versions": selectors.public_organizations()}
    )


def public_catalog(request, org_pk):
    version = selectors.public_version(org_pk)
    return render(
        request,
        "catalog/public_catalog.html",
        {
            "version": version,
            "org": version.catalog.organization,
            "duties": selectors.duties_with_items(version),
        },
    )


def public_search(request):
    return _search_page(request, "catalog/public_search.html", "results", selectors.public_search)


def legal_index(request):
    return _search_page(request, "catalog/legal_index.html", "documents", selectors.legal_index)


def _search_page(request, template: str, name: str, search):
    """A public search page: ``?q=`` (at most 100 characters) and ``search(q)`` as ``name``."""
    query = request.GET.get("q", "").strip()[:100]
    return render(request, template, {"query": query, name: search(query)})
