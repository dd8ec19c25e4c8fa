"""/jobs/: her background jobs with their progress (a running job's row polls its own
state), a form per kind to start one, and the result file when done. Another user's
job, or one on data no longer in her scope, answers 404."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from lvzhi.core import files
from lvzhi.core.forms import error_messages

from . import selectors, services
from .kinds import kind_of, kinds, label_of

LIST_SIZE = 50


def _labelled(jobs):
    jobs = list(jobs)
    for job in jobs:
        job.label = label_of(job.kind)
    return jobs


@login_required
def job_list(request):
    """GET: the last jobs and a start form per kind; POST:
    start one (``kind`` and its fields), then its page."""
    errors = {}
    if request.method == "POST":
        try:
            job = services.job_start(
                actor=request.user, kind=request.POST.get("kind"), data=request.POST.dict()
            )
        except ValidationError as exc:
            kind = request.POST.get("kind")
            errors = {
                "kind": kind,
                # a kind with a form shows its message there, any other above them
                "known": kind in settings.LVZHI_JOB_KINDS and kind_of(kind).startable,
                "messages": error_messages(exc),
            }
        else:
            return redirect("jobs:detail", job.pk)
    jobs = selectors.visible(request.user).only(
        "kind", "status", "progress", "message", "created_at", "finished_at", "file"
    )[:LIST_SIZE]
    return render(
        request,
        "core/jobs/list.html",
        {
            "jobs": _labelled(jobs),
            "kinds": [kind for kind in kinds().values() if kind.startable],
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _job(request, pk, user=None):
    job = get_object_or_404(selectors.visible(user or request.user), pk=pk)
    job.label = label_of(job.kind)
    return job


@login_required
def job_detail(request, pk: int):
    return render(request, "core/jobs/detail.html", {"job": _job(request, pk), "detail": True})


@login_required
def job_progress(request, pk: int):
    """The progress block alone (polled by the page while the job runs)."""
    return render(request, "core/jobs/_progress.html", {"job": _job(request, pk), "detail": True})


@files.file_view
def job_file(request, pk: int):
    """The result file; 404 to anyone but its owner (signed in or with her API token)."""
    job = _job(request, pk, files.viewer(request))
    if not job.file:
        raise files.Http404(_("文件不存在"))
    return files.serve(job.file, filename=job.filename, max_age=0)
