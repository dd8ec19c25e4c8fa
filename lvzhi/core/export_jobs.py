"""Large list exports as background jobs (issue 13 point 2).

Every list page exports through :func:`lvzhi.core.exports.xlsx_response`. When the page is
asked for its Excel file (``GET …?format=xlsx``) and its filtered rows number more than
``settings.LVZHI_EXPORT_ASYNC_ROWS``, the helper does not write the file in the request:
it starts a ``list_export`` job carrying the request — the view's path, its query string
(the page's filters), the organization chosen in the switcher, the language and the
host, signed so that no other start can forge it — and answers with a redirect to the
job's page, which shows the progress and, when done, the download (its owner's only).

The worker answers the same request again as the job's owner: it resolves the path,
builds a GET request for the owner and calls the view. The view starts from
``restrict(owner, …)`` as it always does, so the scope is checked again when the work
runs (an organization no longer in her scope answers 404 and the job fails with a
message); ``xlsx_response`` sees it runs inside the job and writes the file, reporting
its progress every :data:`PROGRESS_EVERY` rows. A second delivery of the task does
nothing (the job is claimed once); a retry writes the whole file again.
"""

import contextvars
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, QueryDict
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.jobs import services as jobs
from lvzhi.core.jobs.kinds import JobKind, Prepared
from lvzhi.core.jobs.models import Job, JobStatus
from lvzhi.core.middleware import current_request
from lvzhi.core.models import organization_model
from lvzhi.core.selectors import SESSION_ORG_KEY, current_organization

SALT = "lvzhi.core.export_jobs"
SIGNATURE_MAX_AGE = 3600  # seconds a signed start stays valid (it is used at once)
PROGRESS_EVERY = 1000  # rows between two progress updates of the job


@dataclass
class ExportRun:
    """The job an export is written for (set while the worker calls the view)."""

    job: object
    rows: int = 0


_run: contextvars.ContextVar = contextvars.ContextVar("lvzhi_export_run", default=None)


def current_run() -> ExportRun | None:
    return _run.get()


def async_rows() -> int:
    """Above this many rows a list export runs as a job (0: never)."""
    return int(getattr(settings, "LVZHI_EXPORT_ASYNC_ROWS", 0) or 0)


def more_rows_than(rows, limit: int) -> bool:
    """``rows`` holds more than ``limit`` rows: a list by its length, a queryset by one
    bounded query (is there a row at offset ``limit``?), never by reading it all; any
    other iterable is taken as small (it cannot be counted without being consumed)."""
    if isinstance(rows, QuerySet):
        return rows[limit : limit + 1].exists()
    if hasattr(rows, "__len__"):
        return len(rows) > limit
    return False


def total_rows(rows) -> int | None:
    if isinstance(rows, QuerySet):
        return rows.order_by().count()
    return len(rows) if hasattr(rows, "__len__") else None


def start_if_large(rows, filename: str):
    """Called by ``xlsx_response`` before it writes: the redirect to a new job's page when
    this export is a page's GET with more rows than ``async_rows()``; None to write it
    here (a small export, a form's POST, inside the job itself, or outside a request)."""
    limit = async_rows()
    if limit <= 0 or current_run() is not None:
        return None
    request = current_request()
    if request is None or request.method != "GET" or request.GET.get("format") != "xlsx":
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not more_rows_than(rows, limit):
        return None
    job = waiting_job(user, request) or jobs.job_start(
        actor=user, kind=ListExport.name, data={"signed": sign(request, filename)}
    )
    return redirect("jobs:detail", job.pk)


def waiting_job(user, request):
    """Her export of the same page and filters still queued or running (a second click
    starts nothing)."""
    return (
        Job.objects.filter(
            owner=user,
            kind=ListExport.name,
            params__path=request.path_info,
            params__query=request.GET.urlencode(),
        )
        .exclude(status__in=[JobStatus.DONE, JobStatus.FAILED])
        .first()
    )


def sign(request, filename: str) -> str:
    """The request a worker will answer again, signed for its user."""
    organization = current_organization(request)
    return signing.dumps(
        {
            "user": request.user.pk,
            "path": request.path_info,
            "query": request.GET.urlencode(),
            "org": organization.pk if organization is not None else None,
            "language": translation.get_language() or settings.LANGUAGE_CODE,
            "host": request.get_host(),
            "title": str(filename)[:100],
        },
        salt=SALT,
        compress=True,
    )


class ListExport(JobKind):
    name = "list_export"
    label = gettext_lazy("导出列表")
    task = "lvzhi.core.tasks.export_list"
    startable = False

    def prepare(self, actor, data):
        refused = ValidationError({"signed": _("列表导出只能从列表页的“导出 Excel”开始")})
        try:
            payload = signing.loads(
                str(data.get("signed", "")), salt=SALT, max_age=SIGNATURE_MAX_AGE
            )
        except signing.BadSignature:
            raise refused from None
        if payload.get("user") != actor.pk:
            raise refused
        try:
            resolve(payload["path"])
        except Resolver404:
            raise refused from None
        organization = None
        if payload.get("org"):
            organization = (
                organization_model()
                .objects.restrict(actor, "view")
                .filter(pk=payload["org"])
                .first()
            )
        params = {key: payload[key] for key in ("path", "query", "org", "language", "host")}
        return Prepared(
            organization=organization,
            params=params,
            title=_("导出“%(title)s”") % {"title": payload.get("title", "")},
        )


def _request_for(job) -> HttpRequest:
    """The page's GET request again, as the job's owner (the switcher's organization in
    a session that is never saved)."""
    params = job.params
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = params["path"]
    request.GET = QueryDict(params["query"])
    request.META = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": params["path"],
        "QUERY_STRING": params["query"],
        "HTTP_HOST": params.get("host") or "localhost",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1",
    }
    request.user = job.owner
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    if params.get("org"):
        request.session[SESSION_ORG_KEY] = params["org"]
    request._messages = FallbackStorage(request)
    request.LANGUAGE_CODE = params.get("language") or settings.LANGUAGE_CODE
    return request


def run_export(job) -> None:
    """The task's work: the view answered again for the owner inside this job; its file
    becomes the job's result."""
    owner = job.owner
    if owner is None or not owner.is_active:
        raise ValidationError(_("发起人的账号已停用"))
    request = _request_for(job)
    try:
        match = resolve(job.params["path"])
    except Resolver404:
        raise ValidationError(_("列表页已不存在")) from None
    request.resolver_match = match
    run = ExportRun(job)
    token = _run.set(run)
    try:
        with translation.override(request.LANGUAGE_CODE):
            jobs.progress(job, 1, _("正在读取列表"))
            response = match.func(request, *match.args, **match.kwargs)
    except (Http404, PermissionDenied):
        raise ValidationError(_("导出的列表已不在您的查看范围内")) from None
    finally:
        _run.reset(token)
    if not isinstance(response, FileResponse) or response.status_code != 200:
        raise ValidationError(_("列表页没有给出 Excel 文件（筛选条件可能已失效）"))
    with response.file_to_stream as spool:
        spool.seek(0)
        jobs.finish(
            job,
            file=spool,
            kind="xlsx",
            filename=response.filename,
            result={"rows": run.rows},
            message=_("已导出 %(rows)d 行，可以下载") % {"rows": run.rows},
        )


def on_rows(done: int, total: int | None) -> None:
    """Progress of the export written for the current job (every PROGRESS_EVERY rows)."""
    run = current_run()
    if run is None:
        return
    run.rows = done
    percent = 5 + (90 * done // total if total else 0)
    if total:
        message = _("已写入 %(done)d / %(total)d 行") % {"done": done, "total": total}
    else:
        message = _("已写入 %(done)d 行") % {"done": done}
    jobs.progress(run.job, percent, message)
