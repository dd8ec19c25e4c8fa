"""Duty catalogs (职责目录): a catalog per organization, its versions (draft → published →
superseded), duties, duty items with their info-sheet fields, the import findings, and
the legal-basis index (documents and the items citing them)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import OrgScopedModel, TimeStampedModel
from lvzhi.core.pii import EncryptedTextField
from lvzhi.core.versioning import VersionedModel
from lvzhi.core.versioning import VersionStatus as VersionStatus  # the app's name for it

from .parsed import FIELD_LABELS

ITEM_FIELDS = tuple(FIELD_LABELS)


class Catalog(OrgScopedModel):
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        related_name="catalogs",
        verbose_name=_("组织"),
    )
    title = models.CharField(_("目录名称"), max_length=200)

    class Meta:
        verbose_name = _("职责目录")
        verbose_name_plural = _("职责目录")
        ordering = ["org_path", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="one_catalog_per_organization")
        ]

    def __str__(self):
        return self.title


class CatalogVersion(OrgScopedModel, VersionedModel):
    """One version of a series (lvzhi.core.versioning: number, status, publication)."""

    SERIES_FIELD = "catalog"

    catalog = models.ForeignKey(
        Catalog, on_delete=models.CASCADE, related_name="versions", verbose_name=_("职责目录")
    )
    layout = models.CharField(_("版式"), max_length=30, blank=True)
    source_filename = models.CharField(_("源文件"), max_length=255, blank=True)
    source_sha256 = models.CharField(_("源文件校验值"), max_length=64, blank=True)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("基于版本"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("创建人"),
    )

    class Meta:
        verbose_name = _("目录版本")
        verbose_name_plural = _("目录版本")
        ordering = ["catalog", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["catalog", "number"], name="unique_catalog_version"),
            models.UniqueConstraint(
                fields=["catalog"],
                condition=models.Q(status="published"),
                name="one_published_version_per_catalog",
            ),
        ]

    def __str__(self):
        return f"{self.catalog} 第{self.number}版（{self.get_status_display()}）"


class Duty(OrgScopedModel):
    version = models.ForeignKey(
        CatalogVersion, on_delete=models.CASCADE, related_name="duties", verbose_name=_("版本")
    )
    number = models.CharField(_("序号"), max_length=20)
    text = models.TextField(_("主要职责"))
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("主要职责")
        verbose_name_plural = _("主要职责")
        ordering = ["version", "order", "id"]

    def __str__(self):
        return f"{self.number}. {self.text[:40]}"


class DutyItem(OrgScopedModel):
    version = models.ForeignKey(
        CatalogVersion, on_delete=models.CASCADE, related_name="items", verbose_name=_("版本")
    )
    duty = models.ForeignKey(
        Duty, on_delete=models.CASCADE, related_name="items", verbose_name=_("主要职责")
    )
    number = models.CharField(_("序号"), max_length=20)
    name = models.CharField(_("名称"), max_length=300)
    sheet_title = models.CharField(_("信息表标题"), max_length=300, blank=True)
    # The name the info sheet itself gives (its 名称, else the name in its title), kept
    # beside the index name ``name`` when the two differ.
    sheet_name = models.CharField(_("信息表名称"), max_length=300, blank=True, default="")
    order = models.PositiveIntegerField(_("排序"), default=0)
    page = models.CharField(_("页码"), max_length=20, blank=True)
    line = models.PositiveIntegerField(_("源文件行号"), default=0)
    legal_basis = models.TextField(_("法定依据"), blank=True)
    implementing_body = models.TextField(_("实施机构"), blank=True)
    boundary = models.TextField(_("职责边界"), blank=True)
    workflow = models.TextField(_("运行流程"), blank=True)
    requirements = models.TextField(_("运行要件"), blank=True)
    responsibilities = models.TextField(_("责任事项"), blank=True)
    supervision = models.TextField(_("监督方式"), blank=True)
    department = models.ForeignKey(
        "orgs.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duty_items",
        verbose_name=_("实施部门"),
    )
    supervision_address = models.CharField(_("监督地址"), max_length=300, blank=True)
    supervision_phones = models.JSONField(_("监督电话"), default=list, blank=True)
    supervision_emails = models.JSONField(_("监督邮箱"), default=list, blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("职责事项")
        verbose_name_plural = _("职责事项")
        ordering = ["version", "order", "id"]
        indexes = [models.Index(fields=["version", "number"])]

    def __str__(self):
        return f"{self.number} {self.name}"

    def field_rows(self):
        """(key, label, text) of the seven info-sheet fields, in the official order."""
        return [(key, label, getattr(self, key)) for key, label in FIELD_LABELS.items()]


class Severity(models.TextChoices):
    ERROR = "error", _("错误")
    WARNING = "warning", _("问题")
    NOTE = "note", _("提示")


class Decision(models.TextChoices):
    PENDING = "pending", _("待处理")
    ACCEPTED = "accepted", _("已接受")
    REJECTED = "rejected", _("已拒绝")


class ImportFinding(OrgScopedModel):
    version = models.ForeignKey(
        CatalogVersion, on_delete=models.CASCADE, related_name="findings", verbose_name=_("版本")
    )
    code = models.CharField(_("类别"), max_length=40)
    message = models.TextField(_("说明"))
    item_number = models.CharField(_("事项序号"), max_length=20, blank=True)
    field = models.CharField(_("字段"), max_length=40, blank=True)
    line = models.PositiveIntegerField(_("行号"), default=0)
    severity = models.CharField(
        _("级别"), max_length=10, choices=Severity.choices, default=Severity.WARNING
    )
    repair = models.CharField(_("建议修复"), max_length=60, blank=True)
    repair_fields = models.JSONField(_("修复后字段"), default=dict, blank=True)
    before_fields = models.JSONField(_("修复前字段"), default=dict, blank=True, editable=False)
    decision = models.CharField(
        _("处理"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("导入问题")
        verbose_name_plural = _("导入问题")
        ordering = ["version", "order", "id"]

    def __str__(self):
        return f"{self.item_number or '—'} {self.message[:60]}"

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(
            self.field, {"title": "信息表标题", "name": "名称"}.get(self.field, self.field)
        )


class LegalDocument(TimeStampedModel):
    """A law, regulation or document cited in 法定依据; shared by all catalogs."""

    key = models.CharField(_("规范化键"), max_length=300, unique=True)
    title = models.CharField(_("名称"), max_length=500)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("法定依据文件")
        verbose_name_plural = _("法定依据文件")
        ordering = ["title", "id"]

    def __str__(self):
        return f"{self.title}（{self.doc_number}）" if self.doc_number else self.title


class LegalCitation(OrgScopedModel):
    item = models.ForeignKey(
        DutyItem, on_delete=models.CASCADE, related_name="citations", verbose_name=_("职责事项")
    )
    document = models.ForeignKey(
        LegalDocument,
        on_delete=models.PROTECT,
        related_name="citations",
        verbose_name=_("文件"),
    )
    articles = models.JSONField(_("条款"), default=list, blank=True)
    raw = models.TextField(_("原文"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("法定依据引用")
        verbose_name_plural = _("法定依据引用")
        ordering = ["item", "order", "id"]

    def __str__(self):
        return f"{self.item} → {self.document}"


# 监督留言 -------------------------------------------------------------------


class MessageStatus(models.TextChoices):
    NEW = "new", _("待答复")
    ANSWERED = "answered", _("已答复")


class SupervisionMessage(OrgScopedModel):
    """A supervision message (监督方式 in action) sent by anyone from a published item's
    public page, routed to the item's implementing department (or, without one, to the
    catalog organization's inbox). The sender reads the answer with a tracking code whose
    SHA-256 digest is stored; the code itself is shown once and never kept."""

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        related_name="supervision_messages",
        verbose_name=_("组织"),
    )
    item = models.ForeignKey(
        DutyItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervision_messages",
        verbose_name=_("职责事项"),
    )
    item_number = models.CharField(_("事项序号"), max_length=20, blank=True)
    item_name = models.CharField(_("事项名称"), max_length=300, blank=True)
    department = models.ForeignKey(
        "orgs.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervision_messages",
        verbose_name=_("承办部门"),
    )
    name = EncryptedTextField(_("留言人"), blank=True, default="")
    contact = EncryptedTextField(_("联系方式"), blank=True, default="")
    text = models.TextField(_("留言内容"))
    tracking_digest = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.NEW
    )
    received_on = models.DateField(_("收到日期"))
    reply_workdays = models.PositiveSmallIntegerField(_("答复期限（工作日）"))
    due_on = models.DateField(_("答复期限"))
    answer = models.TextField(_("答复内容"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("答复人"),
    )

    class Meta:
        verbose_name = _("监督留言")
        verbose_name_plural = _("监督留言")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["org_path", "status", "due_on"]),
            models.Index(fields=["department", "status", "due_on"]),
        ]

    def __str__(self):
        return f"监督留言 {self.pk}（{self.item_number} {self.item_name[:30]}）"
