"""Starting a job (checked, audited, queued after the commit) and what a task writes on
its row while it works: claim, progress, finish, fail.

A task's writes are plain UPDATEs outside any transaction of the work itself, so the
owner's page sees the progress while the work runs (on a worker, or in the same process
when no broker is configured)."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from lvzhi.core.files import named
from lvzhi.core.services import audit

from .kinds import kind_of
from .models import Job, JobStatus

logger = logging.getLogger("lvzhi.jobs")
TRANSIENT = (DatabaseError, ConnectionError, TimeoutError)


def job_start(*, actor, kind: str, data: dict) -> Job:
    """Check the start with the kind's ``prepare``, write the queued job and its audit
    event, and send the task once the transaction has committed (a worker must find the
    row). Bad input: ValidationError; out of scope: OutOfScope (404)."""
    job_kind = kind_of(kind)
    with transaction.atomic():
        prepared = job_kind.prepare(actor, data if isinstance(data, dict) else {})
        organization = prepared.organization
        job = Job.objects.create(
            kind=job_kind.name,
            owner=actor,
            org_path=getattr(organization, "path", "") or "",
            params=prepared.params,
            message=prepared.title[:255],
        )
        audit(
            actor=actor,
            action="job_start",
            obj=job,
            organization=organization,
            changes={"kind": [None, job_kind.name], "params": [None, prepared.params]},
        )
        transaction.on_commit(lambda: enqueue(job_kind.task, job.pk))
    return job


def enqueue(task_path: str, job_id: int) -> None:
    """Send the task (run here and now when no broker is configured)."""
    import_string(task_path).delay(job_id)


def claim(job_id: int) -> Job | None:
    """Mark the job running for one more attempt; None when it is finished already (a
    task delivered twice does its work once) or gone."""
    now = timezone.now()
    updated = (
        Job.objects.filter(pk=job_id)
        .exclude(status__in=[JobStatus.DONE, JobStatus.FAILED])
        .update(
            status=JobStatus.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            progress=0,
        )
    )
    return Job.objects.get(pk=job_id) if updated else None


def progress(job: Job, percent: int, message: str = "") -> None:
    percent = max(0, min(99, int(percent)))
    job.progress, job.message = percent, (message or job.message)[:255]
    Job.objects.filter(pk=job.pk).update(progress=job.progress, message=job.message)


def finish(
    job: Job,
    *,
    content: bytes | None = None,
    file=None,
    kind: str = "",
    filename: str = "",
    result: dict | None = None,
    message: str = "",
) -> None:
    """Done: the result file (``content`` bytes, or ``file``, an open binary file copied
    in chunks; stored through lvzhi.core.files, named by its kind) and a summary."""
    if content is not None:
        file = ContentFile(content)
    if file is not None:
        job.file.save(f"upload.{kind}", named(file, kind), save=False)
        job.filename = filename[:255]
    job.status, job.progress = JobStatus.DONE, 100
    job.message = (message or _("已完成"))[:255]
    job.result = result or {}
    job.finished_at = timezone.now()
    job.save(
        update_fields=["file", "filename", "status", "progress", "message", "result", "finished_at"]
    )


def fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, message=message[:255], finished_at=timezone.now()
    )


def run(task, job_id: int, work) -> str:
    """The body of every job task: claim the job, ``work(job)``, finish it. A transient
    failure (the database or the network) is retried by Celery up to the task's
    ``max_retries``; anything else, or the last retry, marks the job failed with a message
    the owner can read (the trace goes to the log)."""
    job = claim(job_id)
    if job is None:
        return "skipped"
    try:
        work(job)
    except Exception as exc:
        retries = getattr(task.request, "retries", 0) or 0
        if isinstance(exc, TRANSIENT) and retries < (task.max_retries or 0):
            logger.warning("任务 %s 暂时失败，将重试：%s", job_id, exc)
            Job.objects.filter(pk=job_id).update(
                status=JobStatus.QUEUED, message=_("暂时失败，稍后重试")
            )
            raise task.retry(exc=exc, countdown=2**retries) from exc
        logger.exception("任务 %s 失败", job_id)
        fail(job, failure_message(exc))
        return "failed"
    return "done"


def failure_message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return _("任务失败：%(reason)s") % {"reason": "；".join(exc.messages)}
    if isinstance(exc, LookupError) and str(exc):
        return _("任务失败：%(reason)s") % {"reason": str(exc)}
    return _("任务失败，请稍后重试；多次失败请联系系统管理员")
