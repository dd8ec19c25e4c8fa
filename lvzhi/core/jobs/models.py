"""Job: one long operation run by a Celery task, its progress and its result file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.files import GeneratedName
from lvzhi.core.models import PathField
from lvzhi.core.scopes import RestrictedQuerySet


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class Job(models.Model):
    """Started by ``owner`` (none for the daily job) on the data of an organization
    (``org_path``; empty when the data is public, e.g. a published catalog). The task
    moves it queued → running → done or failed, with ``progress`` 0–100 and a message."""

    kind = models.CharField(_("任务类型"), max_length=40)
    status = models.CharField(
        _("状态"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    message = models.CharField(_("说明"), max_length=255, blank=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    file = models.FileField(_("结果文件"), upload_to=GeneratedName("jobs"), blank=True)
    filename = models.CharField(_("下载文件名"), max_length=255, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("发起人"),
    )
    org_path = PathField(_("组织路径"), max_length=255, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        app_label = "core"
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="core_job_owner_idx")]

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
