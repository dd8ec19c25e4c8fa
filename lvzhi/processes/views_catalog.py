"""Catalog pages that show or start process work, routed under the catalog's URL names
from lvzhi/urls.py (catalog, the lower app, never imports processes): the version page
(each item's template and this year's cases), publishing a version (which derives the
items' templates) and the public item page (its progress this year)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.catalog import selectors as catalog_selectors
from lvzhi.catalog.parsed import FIELD_LABELS
from lvzhi.catalog.views import can
from lvzhi.core.periods import today_local

from . import selectors, services
from .views_templates import service_message


@login_required
def version_detail(request, pk):
    version = catalog_selectors.get_version(request.user, pk)
    org = version.catalog.organization
    context = catalog_selectors.version_preview(version)
    published = version.catalog.versions.filter(status="published").exclude(pk=version.pk).first()
    compare_to = version.based_on if version.is_draft else None
    compare_to = compare_to or (published if version.is_draft else None)
    context.update(
        version=version,
        org=org,
        field_labels=FIELD_LABELS,
        can_change=can(request.user, "change", org) and version.is_draft,
        diff=catalog_selectors.version_diff(version, compare_to),
        compare_to=compare_to,
    )
    _add_process_work(request.user, version, org, context)
    return render(request, "catalog/version.html", context)


def _add_process_work(user, version, org, context) -> None:
    """Per item: its process template and, on a published version, this year's cases at
    the catalog's organization (two queries for the whole page)."""
    items = [item for duty in context["duties"] for item in duty.items.all()]
    numbers = [item.number for item in items]
    template_pks = dict(
        selectors.templates_of(user, org)
        .filter(item_number__in=numbers)
        .values_list("item_number", "pk")
    )
    year = today_local().year
    show_work = version.status == "published"
    status = selectors.item_year_status(org, numbers, year) if show_work else {}
    for item in items:
        item.process_template_pk = template_pks.get(item.number)
        item.year_work = status.get(item.number)
    context.update(work_year=year, show_work=show_work)


@login_required
@require_POST
def version_publish(request, pk):
    version = catalog_selectors.get_version(request.user, pk, "change")
    service_message(
        request,
        lambda: services.catalog_version_publish(actor=request.user, version=version),
        _("已发布"),
    )
    return redirect("catalog:version", pk=version.pk)


def public_item(request, pk):
    item = catalog_selectors.public_item(pk)
    return render(
        request,
        "catalog/public_item.html",
        {
            "item": item,
            "org": item.version.catalog.organization,
            "citations": list(item.citations.all()),
            "progress": selectors.public_item_progress(item, today_local().year),
        },
    )


# Joined to lvzhi.catalog.urls under the "catalog" namespace by lvzhi/urls.py.
urlpatterns = [
    path("versions/<int:pk>/", version_detail, name="version"),
    path("versions/<int:pk>/publish/", version_publish, name="publish"),
    path("public/items/<int:pk>/", public_item, name="public-item"),
]
