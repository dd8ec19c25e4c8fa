"""Background jobs of orgs: a confirmed roster import (名册导入) with more rows than
``settings.LVZHI_ROSTER_ASYNC_ROWS`` (issue 13 point 2).

The confirm page, once the preview holds no error, keeps the uploaded bytes for the job
(``roster-imports/jobs/<user>/…``), starts a ``roster_import`` job with their path and
SHA-256 signed for the user, and redirects to the job's page. The worker reads the bytes
back (unchanged, or the job fails), parses and applies them as the owner exactly as the
page does — ``roster_apply`` re-validates inside one transaction and writes through the
audited services, all or nothing, so the owner's import right and scope are checked again
when the work runs. A rejected roster fails the job with its errors (placed by sheet, row
and column) on the job's page. A second delivery does nothing (the job is claimed once); a
retry after a transient failure applies the same bytes again, and the transaction of a
failed attempt wrote nothing.
"""

import hashlib
import uuid

from celery import shared_task
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.jobs import services as jobs
from lvzhi.core.jobs.kinds import JobKind, Prepared
from lvzhi.core.jobs.models import Job
from lvzhi.core.scopes import OutOfScope

from . import roster

SALT = "lvzhi.orgs.roster_import"
SIGNATURE_MAX_AGE = 3600
INPUT_DIR = "roster-imports/jobs"
MAX_ERRORS_SHOWN = 200


def input_dir(user) -> str:
    return f"{INPUT_DIR}/{user.pk}/"


def start_roster_job(actor, content: bytes, preview: roster.RosterPreview) -> Job:
    """Keep the checked roster's bytes for the worker and start its job."""
    path = default_storage.save(f"{input_dir(actor)}{uuid.uuid4().hex}.xlsx", ContentFile(content))
    signed = signing.dumps(
        {
            "user": actor.pk,
            "path": path,
            "sha256": hashlib.sha256(content).hexdigest(),
            "name": preview.file_name[:100],
            "rows": preview.total,
        },
        salt=SALT,
    )
    try:
        return jobs.job_start(actor=actor, kind=RosterImport.name, data={"signed": signed})
    except Exception:
        default_storage.delete(path)
        raise


class RosterImport(JobKind):
    name = "roster_import"
    label = gettext_lazy("导入名册")
    task = "lvzhi.orgs.tasks.import_roster"
    startable = False

    def prepare(self, actor, data):
        refused = ValidationError({"signed": _("名册导入只能在预览无误后从“确认导入”开始")})
        try:
            payload = signing.loads(
                str(data.get("signed", "")), salt=SALT, max_age=SIGNATURE_MAX_AGE
            )
        except signing.BadSignature:
            raise refused from None
        if payload.get("user") != actor.pk or not str(payload.get("path", "")).startswith(
            input_dir(actor)
        ):
            raise refused
        if not roster.can_import(actor):
            raise OutOfScope(_("您没有名册导入权限"))
        params = {key: payload[key] for key in ("path", "sha256", "name", "rows")}
        return Prepared(
            organization=None,
            params=params,
            title=_("导入名册 %(name)s（%(rows)d 行）")
            % {"name": payload["name"], "rows": payload["rows"]},
        )


def _discard(path: str) -> None:
    if default_storage.exists(path):
        default_storage.delete(path)


def apply_roster(job) -> None:
    """The task's work: the kept bytes parsed and applied as the owner."""
    params = job.params
    owner = job.owner
    if owner is None or not owner.is_active:
        raise ValidationError(_("发起人的账号已停用"))
    try:
        with default_storage.open(params["path"], "rb") as stored:
            content = stored.read()
    except OSError:
        raise ValidationError(_("名册文件已不存在，请重新上传")) from None
    if hashlib.sha256(content).hexdigest() != params["sha256"]:
        raise ValidationError(_("名册文件已改变，请重新上传"))
    jobs.progress(job, 10, _("正在校验名册"))
    preview = roster.parse_roster(content, actor=owner, file_name=params.get("name", ""))
    jobs.progress(job, 40, _("正在写入，全部无误才会保存"))
    try:
        result = roster.roster_apply(actor=owner, preview=preview)
    except roster.RosterRejected as exc:
        errors = [str(error) for error in exc.errors]
        Job.objects.filter(pk=job.pk).update(
            result={"errors": errors[:MAX_ERRORS_SHOWN], "error_count": len(errors)}
        )
        raise ValidationError(
            _("名册有 %(n)d 处错误，没有导入任何数据") % {"n": len(errors)}
        ) from None
    except OutOfScope:
        raise ValidationError(_("您已没有名册导入权限")) from None
    jobs.finish(
        job,
        result=result.counts,
        message=_(
            "导入完成：新建组织 %(organizations)d 个，人员 %(people)d 人，职务 %(positions)d 条"
        )
        % result.counts,
    )


@shared_task(bind=True, max_retries=3, acks_late=True)
def import_roster(self, job_id: int) -> str:
    """A confirmed roster import; its kept bytes are removed once the job has an outcome
    (kept while a transient failure waits for its retry, the job queued again)."""
    try:
        return jobs.run(self, job_id, apply_roster)
    finally:
        job = Job.objects.filter(pk=job_id, status__in=["done", "failed"]).first()
        if job is not None and job.params.get("path"):
            _discard(job.params["path"])
