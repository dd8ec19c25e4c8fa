"""Background jobs of the catalog.

* A version's export (Excel, Word, PDF) built by a Celery task into a file its owner
  downloads from her job list (/jobs/). Who may start one is who may download the version
  now: anyone signed in for a published version, else within her view scope
  (``views_exports.exportable_version``).
* An uploaded catalog file above ``settings.LVZHI_CATALOG_ASYNC_BYTES`` (issue 13 point 2):
  the upload page keeps the bytes for the job (``catalog-imports/jobs/<user>/…``), starts
  a ``catalog_import`` job with their path, SHA-256 and the organization signed for the
  user, and redirects to the job's page, which shows its progress. The worker reads the
  bytes back (unchanged, or the job fails) and imports them as the owner through
  ``services.catalog_import`` — one transaction, all or nothing, with the import right at
  the organization checked again when the work runs. A file that cannot be imported fails
  the job with the reason the page would have shown; the kept bytes are removed once the
  job has an outcome. A second delivery does nothing (the job is claimed once).
"""

import hashlib
import os
import uuid

from celery import shared_task
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.jobs import services as jobs
from lvzhi.core.jobs.kinds import Field, JobKind, Prepared, whole_number
from lvzhi.core.jobs.models import Job
from lvzhi.core.scopes import OutOfScope, ensure_scope
from lvzhi.orgs.models import Organization

from . import exports, services
from .models import CatalogVersion, VersionStatus
from .views_exports import exportable_version

JOB_FORMATS = ("xlsx", "docx", "pdf")


class CatalogExport(JobKind):
    name = "catalog_export"
    label = gettext_lazy("导出职责目录")
    fields = (
        Field("version", gettext_lazy("目录版本编号")),
        Field(
            "format", gettext_lazy("格式"), (("xlsx", "Excel"), ("docx", "Word"), ("pdf", "PDF"))
        ),
    )
    task = "lvzhi.catalog.tasks.export_version"

    def prepare(self, actor, data):
        pk = whole_number(data, "version", _("目录版本编号"))
        fmt = data.get("format")
        if fmt not in JOB_FORMATS:
            raise ValidationError({"format": _("格式应为 xlsx、docx 或 pdf")})
        if fmt == "pdf" and not exports.pdf_available():
            raise ValidationError({"format": str(exports.PDF_UNAVAILABLE)})
        version = exportable_version(actor, pk)  # 404 out of scope
        public = version.status == VersionStatus.PUBLISHED
        return Prepared(
            organization=None if public else version.catalog.organization,
            params={"version": version.pk, "format": fmt},
            title=_("导出 %(version)s（%(format)s）") % {"version": version, "format": fmt},
        )


@shared_task(bind=True, max_retries=3, acks_late=True)
def export_version(self, job_id: int) -> str:
    def work(job):
        version = CatalogVersion.objects.select_related("catalog__organization").get(
            pk=job.params["version"]
        )
        fmt = job.params["format"]
        jobs.progress(job, 10, _("正在汇总目录条目"))
        data = exports.export_data(version)
        jobs.progress(job, 50, _("正在生成文件"))
        content = exports.BUILDERS[fmt](version, data)
        jobs.progress(job, 90, _("正在保存文件"))
        jobs.finish(
            job,
            content=content,
            kind=fmt,
            filename=exports.export_filename(version, fmt),
            result={"duties": len(data["duties"]), "bytes": len(content)},
            message=_("已生成，可以下载"),
        )

    return jobs.run(self, job_id, work)


# 导入职责目录（大文件） --------------------------------------------------------------

IMPORT_SALT = "lvzhi.catalog.catalog_import"
IMPORT_SIGNATURE_MAX_AGE = 3600
IMPORT_DIR = "catalog-imports/jobs"


def import_dir(user) -> str:
    return f"{IMPORT_DIR}/{user.pk}/"


def start_import_job(actor, organization, content: bytes, filename: str) -> Job:
    """Keep an uploaded catalog's bytes for the worker and start its import job."""
    ensure_scope(actor, "import", organization)
    extension = os.path.splitext(filename or "")[1].lower()[:10]
    path = default_storage.save(
        f"{import_dir(actor)}{uuid.uuid4().hex}{extension}", ContentFile(content)
    )
    signed = signing.dumps(
        {
            "user": actor.pk,
            "organization": organization.pk,
            "path": path,
            "sha256": hashlib.sha256(content).hexdigest(),
            "name": (filename or "")[:255],
            "bytes": len(content),
        },
        salt=IMPORT_SALT,
    )
    try:
        return jobs.job_start(actor=actor, kind=CatalogImport.name, data={"signed": signed})
    except Exception:
        default_storage.delete(path)
        raise


class CatalogImport(JobKind):
    name = "catalog_import"
    label = gettext_lazy("导入职责目录")
    task = "lvzhi.catalog.tasks.import_catalog"
    startable = False

    def prepare(self, actor, data):
        refused = ValidationError({"signed": _("职责目录只能从上传页面导入")})
        try:
            payload = signing.loads(
                str(data.get("signed", "")), salt=IMPORT_SALT, max_age=IMPORT_SIGNATURE_MAX_AGE
            )
        except signing.BadSignature:
            raise refused from None
        if payload.get("user") != actor.pk or not str(payload.get("path", "")).startswith(
            import_dir(actor)
        ):
            raise refused
        organization = Organization.objects.filter(pk=payload.get("organization")).first()
        ensure_scope(actor, "import", organization)  # 404 out of scope
        params = {key: payload[key] for key in ("organization", "path", "sha256", "name", "bytes")}
        return Prepared(
            organization=organization,
            params=params,
            title=_("导入职责目录 %(name)s（%(size)s KB）")
            % {"name": payload["name"], "size": f"{payload['bytes'] / 1024:.0f}"},
        )


def apply_import(job) -> None:
    """The task's work: the kept bytes imported as the owner, all or nothing."""
    params = job.params
    owner = job.owner
    if owner is None or not owner.is_active:
        raise ValidationError(_("发起人的账号已停用"))
    organization = Organization.objects.filter(pk=params["organization"]).first()
    try:
        ensure_scope(owner, "import", organization)
    except OutOfScope:
        raise ValidationError(_("您已没有该组织的职责目录导入权限")) from None
    try:
        with default_storage.open(params["path"], "rb") as stored:
            content = stored.read()
    except OSError:
        raise ValidationError(_("职责目录文件已不存在，请重新上传")) from None
    if hashlib.sha256(content).hexdigest() != params["sha256"]:
        raise ValidationError(_("职责目录文件已改变，请重新上传"))
    jobs.progress(job, 20, _("正在解析并写入，全部无误才会保存"))
    version = services.catalog_import(
        actor=owner, organization=organization, data=content, filename=params.get("name", "")
    )
    jobs.finish(
        job,
        result={
            "version": version.pk,
            "items": version.items.count(),
            "url": reverse("catalog:version", args=[version.pk]),
        },
        message=_("已导入为草稿（第 %(number)s 版），请核对问题清单后发布")
        % {"number": version.number},
    )


@shared_task(bind=True, max_retries=3, acks_late=True)
def import_catalog(self, job_id: int) -> str:
    """An uploaded catalog imported in the background; its kept bytes are removed once the
    job has an outcome (kept while a transient failure waits for its retry)."""
    try:
        return jobs.run(self, job_id, apply_import)
    finally:
        job = Job.objects.filter(pk=job_id, status__in=["done", "failed"]).first()
        if (
            job is not None
            and job.params.get("path")
            and default_storage.exists(job.params["path"])
        ):
            default_storage.delete(job.params["path"])
