"""Downloads of a catalog version (Excel, Word, JSON, PDF) and the JSON export schema.

A published version is downloadable by anyone, signed in or not; any other version only
within the user's view scope (``restrict``). Out of scope, unknown format or PDF without
WeasyPrint and a CJK font: 404, the last two with a message
in the active language (Chinese by default). A signed-in user's PDF is rendered by a
background job (the page redirects to it); the public download stays direct."""

from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from lvzhi.core.jobs import services as jobs
from lvzhi.core.jobs.models import Job, JobStatus

from . import exports
from .models import CatalogVersion, VersionStatus


def exportable_version(user, pk) -> CatalogVersion:
    """The published version ``pk``, or else ``pk`` within the user's view scope (404)."""
    versions = CatalogVersion.objects.select_related("catalog__organization")
    published = versions.filter(pk=pk, status=VersionStatus.PUBLISHED).first()
    if published is not None:
        return published
    return get_object_or_404(versions.restrict(user, "view"), pk=pk)


def download_response(version: CatalogVersion, fmt: str) -> HttpResponse:
    """The file as an attachment; raises ``exports.ExportUnavailable``."""
    content, content_type, filename = exports.export(version, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = exports.content_disposition(filename)
    response["Content-Length"] = str(len(content))
    if version.status != VersionStatus.PUBLISHED:
        patch_cache_control(response, private=True, no_store=True)
    return response


def pdf_job(user, version: CatalogVersion) -> Job:
    """The background job rendering ``version``'s PDF for ``user``: her job already queued
    or running for it, else a new ``catalog_export`` job (a second click starts nothing)."""
    params = {"version": version.pk, "format": "pdf"}
    waiting = (
        Job.objects.filter(
            owner=user, kind="catalog_export", params__version=version.pk, params__format="pdf"
        )
        .exclude(status__in=[JobStatus.DONE, JobStatus.FAILED])
        .first()
    )
    return waiting or jobs.job_start(actor=user, kind="catalog_export", data=params)


@require_GET
def version_export(request, pk, fmt):
    """The file; a signed-in user's PDF is rendered by a background job (WeasyPrint takes
    seconds on a large catalog) whose page shows the progress, then the download."""
    version = exportable_version(request.user, pk)
    if fmt == "pdf" and request.user.is_authenticated and exports.pdf_available():
        return redirect("jobs:detail", pdf_job(request.user, version).pk)
    try:
        return download_response(version, fmt)
    except exports.ExportUnavailable as exc:
        return HttpResponseNotFound(str(exc), content_type="text/plain; charset=utf-8")


@require_GET
def export_schema(request):
    return JsonResponse(
        exports.EXPORT_JSON_SCHEMA,
        content_type="application/schema+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
