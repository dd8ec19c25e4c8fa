"""Core's Celery tasks: the daily jobs (``lvzhi run_daily``) for Celery beat, which runs
them at 00:30 China time (``settings.CELERY_BEAT_SCHEDULE``). The run is a Job row
(no owner: no one's list shows it) so that /metrics counts its failures."""

import io

from celery import shared_task
from django.core.management import call_command

from lvzhi.core.jobs import services as jobs
from lvzhi.core.jobs.models import Job


@shared_task
def run_daily() -> int:
    """Beat's entry: a Job row for today's run, then the run itself as a task of its own
    (its retries keep that one row)."""
    job = Job.objects.create(kind="daily", message="run_daily")
    run_daily_job.delay(job.pk)
    return job.pk


@shared_task(bind=True, max_retries=3, acks_late=True)
def run_daily_job(self, job_id: int) -> str:
    """``run_daily`` for today (China time); idempotent, so a retry or a second delivery
    changes nothing more."""

    def work(job):
        out = io.StringIO()
        call_command("run_daily", "--json", stdout=out)
        jobs.finish(job, result={"output": out.getvalue()[-2000:]})

    return jobs.run(self, job_id, work)


@shared_task(bind=True, max_retries=3, acks_late=True)
def export_list(self, job_id: int) -> str:
    """A list page's Excel export above ``LVZHI_EXPORT_ASYNC_ROWS`` rows, answered again
    for its owner (lvzhi.core.export_jobs); a retry writes the whole file again."""
    from lvzhi.core import export_jobs

    return jobs.run(self, job_id, export_jobs.run_export)
