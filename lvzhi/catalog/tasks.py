"""Background jobs of the catalog: a version's export (Excel, Word, PDF) built by a
Celery task into a file its owner downloads from her job list (/jobs/).

Who may start one is who may download the version now: anyone signed in for a published
version, else within her view scope (``views_exports.exportable_version``)."""

from celery import shared_task
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.jobs import services as jobs
from lvzhi.core.jobs.kinds import Field, JobKind, Prepared, whole_number

from . import exports
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
