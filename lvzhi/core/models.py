"""Platform core: roles and their scopes, audit events, working-day overrides, and the
base classes every organization-owned model uses."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.scopes import RestrictedQuerySet


class PathField(models.CharField):
    """An organization path. PostgreSQL compares it with the "C" collation so that the
    subtree range ``path >= p AND path < p || '~'`` is a plain index range scan."""

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class OrgScopedModel(TimeStampedModel):
    """A row owned by an organization. ``org_path`` is copied from the organization by
    the service that writes it, so subtree reads are a range scan without a join."""

    org_path = PathField(_("组织路径"), max_length=255, db_index=True, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True


class Action(models.TextChoices):
    VIEW = "view", _("查看")
    CREATE = "create", _("新建")
    CHANGE = "change", _("修改")
    DELETE = "delete", _("删除")
    REVEAL_PII = "reveal_pii", _("查看敏感信息")
    IMPORT = "import", _("导入")
    APPROVE = "approve", _("审批")
    MANAGE_ROLES = "manage_roles", _("分配角色")
    MANAGE_ACCOUNTS = "manage_accounts", _("管理账号")
    MANAGE_SYSTEM = "manage_system", _("系统设置")
    VIEW_AUDIT = "view_audit", _("查阅审计日志")


class Role(models.Model):
    """A named set of actions. Default roles come from DESIGN.md and stay editable."""

    PLATFORM_ADMIN = "platform_admin"
    CADRE = "cadre"
    DEPARTMENT_STAFF = "department_staff"
    MEMBER = "member"
    PARTY_APPROVER = "party_approver"
    SYSTEM_ADMIN = "system_admin"
    SECURITY_ADMIN = "security_admin"
    AUDIT_ADMIN = "audit_admin"

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    actions = models.JSONField(_("可执行操作"), default=list)
    is_global = models.BooleanField(
        _("全平台范围"), default=False, help_text=_("平台管理员不受组织范围限制")
    )

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["id"]

    def __str__(self):
        return self.name

    def allows(self, action: str) -> bool:
        return self.is_global or action in self.actions


class RoleAssignment(TimeStampedModel):
    """A user holds a role at an organization, with or without its subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="role_assignments"
    )
    include_descendants = models.BooleanField(_("含下级组织"), default=True)
    department = models.ForeignKey(
        "orgs.Department",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("所在部门"),
    )

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization"], name="unique_role_assignment"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.role} · {self.organization}"


def organization_model():
    """The org tree's model, reached through the foreign key core already names by string
    ("orgs.Organization"): core sits below orgs and never imports it (DESIGN.md)."""
    return RoleAssignment._meta.get_field("organization").related_model


class AuditEvent(models.Model):
    """Who changed what, when, from what to what (PII masked), under which request.

    Events form a hash chain per day (China time): ``hash`` covers the event's content,
    its place (``chain_day``, ``seq``) and ``prev_hash``, so a row edited or deleted
    behind the services' back is found by ``lvzhi audit_verify`` (lvzhi.core.audit.chain).
    """

    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    org_path = PathField(max_length=255, blank=True, db_index=True)
    action = models.CharField(_("操作"), max_length=40)
    object_type = models.CharField(_("对象类型"), max_length=100)
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=255)
    changes = models.JSONField(_("变更"), default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    chain_day = models.DateField(_("链日期"), null=True, editable=False)
    seq = models.PositiveIntegerField(_("链序号"), null=True, editable=False)
    prev_hash = models.CharField(_("前一事件哈希"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("哈希"), max_length=64, blank=True, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(fields=["chain_day", "seq"], name="unique_audit_chain_place")
        ]

    def __str__(self):
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
        )


class AuditChainHead(models.Model):
    """The end of one day's audit chain: where the next event of the day links to. The
    first event of a day links to the previous day's last hash (``start_hash``), or to the
    day's anchor when no earlier day has events."""

    day = models.DateField(_("日期"), primary_key=True)
    start_hash = models.CharField(max_length=64)
    last_hash = models.CharField(max_length=64)
    last_seq = models.PositiveIntegerField(default=0)
    purged_at = models.DateTimeField(_("清理时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("审计链日终")
        verbose_name_plural = _("审计链日终")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day} #{self.last_seq} {self.last_hash[:12]}"


class WorkdayOverride(models.Model):
    """A local adjustment to China's calendar, checked before the statutory one."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'上班' if self.is_workday else '休息'}"


from lvzhi.core.accounts.models import AccountSecurity  # noqa: E402, F401  (its own area, same app)
from lvzhi.core.jobs.models import Job  # noqa: E402, F401  (its own area, same app)
from lvzhi.core.reminders.models import Reminder  # noqa: E402, F401  (its own area, same app)
from lvzhi.core.tokens.models import ApiToken  # noqa: E402, F401  (its own area, same app)
